// What the model's entry points say when handed the wrong thing, word for
// word (a message a user reads is behaviour), and which field a misspelt key
// is taken for.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { CorsConfiguration, CorsJsonFormat, CorsPreset } from '../../src/cors';

const js = (v: unknown) => v as any;
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('a misspelt key is taken for the field it most likely meant', () => {
  test.each([
    ['allowedheaders', 'AllowedHeaders'], ['AllowedHeader', 'AllowedHeaders'], ['allowHeaders', 'AllowedHeaders'],
    ['allowedMethod', 'AllowedMethods'], ['allowMethods', 'AllowedMethods'], ['ALLOWEDMETHODS', 'AllowedMethods'],
    ['allowedorigins', 'AllowedOrigins'], ['Allowed-Origin', 'AllowedOrigins'], ['allowOrigins', 'AllowedOrigins'],
    ['ExposeHeader', 'ExposeHeaders'], ['ExposedHeader', 'ExposeHeaders'], ['exposeheaders', 'ExposeHeaders'],
    ['maxageseconds', 'MaxAgeSeconds'], ['maxAgeSecond', 'MaxAgeSeconds'], ['Max_Age', 'MaxAgeSeconds'], ['id', 'ID'],
  ])('%s means %s', (key, field) => {
    const [f] = CorsConfiguration.fromJson(JSON.stringify([{ [key]: [], AllowedMethods: ['GET'], AllowedOrigins: ['*'] }])).validate()
      .filter(x => x.code === 'unknown-field');
    expect(f.message).toContain(`calls it "${field}". Rename it to "${field}".`);
  });

  test('a key that resembles no field lists the fields of the dialect', () => {
    const [f] = CorsConfiguration.fromJson('{"CorsRules": [{"Origins": [], "AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}').validate().filter(x => x.code === 'unknown-field');
    expect(f.message).toBe('rule 0: unknown field "Origins". A rule may have only AllowedHeaders, AllowedMethods, AllowedOrigins, ExposedHeaders, MaxAge, Id. Remove it or rename it.');
  });
});

describe('CorsPreset', () => {
  test.each([
    ['fromName(1)', () => CorsPreset.fromName(js(1)), 'CorsPreset.fromName(name): name must be a string such as "read-only", got the number 1.'],
    ['custom(1, props)', () => CorsPreset.custom(js(1), { allowedMethods: [] }), 'CorsPreset.custom(name, props): name must be a string such as "my-preset", got the number 1.'],
    ['custom(name, undefined)', () => CorsPreset.custom('x', js(undefined)), 'CorsPreset.custom(name, props): props must be an object such as { allowedMethods: [HttpMethods.GET] }, got undefined.'],
    ['custom with every field wrong', () => CorsPreset.custom('x', js({ allowedMethods: 'GET', allowedHeaders: 'a', exposedHeaders: 'b', maxAgeSeconds: '1', id: 2 })),
      'CorsPreset.custom(name, props): 5 problems:\n'
      + '  - props.allowedMethods must be a list of strings such as [HttpMethods.GET, HttpMethods.HEAD], got the string "GET". Write ["GET"].\n'
      + '  - props.allowedHeaders must be a list of strings such as ["Content-Type"], got the string "a". Write ["a"].\n'
      + '  - props.exposedHeaders must be a list of strings such as ["ETag"], got the string "b". Write ["b"].\n'
      + '  - props.maxAgeSeconds must be a number such as 3000, got the string "1". Write 1 without quotes.\n'
      + '  - props.id must be a string such as "my-rule", got the number 2.'],
    ['with(undefined)', () => CorsPreset.READ_ONLY.with(js(undefined)), 'CorsPreset read-only: with(changes): changes must be an object such as { maxAgeSeconds: 600 }, got undefined.'],
    ['with a string list of methods', () => CorsPreset.READ_ONLY.with(js({ allowedMethods: 'GET' })),
      'CorsPreset read-only: with(changes): changes.allowedMethods must be a list of strings such as [HttpMethods.GET], got the string "GET". Write ["GET"].'],
    ['with a number id', () => CorsPreset.READ_ONLY.with(js({ id: 1 })), 'CorsPreset read-only: with(changes): changes.id must be a string such as "my-rule", got the number 1.'],
    ['rule([1])', () => CorsPreset.READ_ONLY.rule(js([1])), 'CorsPreset read-only: rule(origins): origins[0] must be a string, got the number 1.'],
    ['rule("*")', () => CorsPreset.READ_ONLY.rule(js('*')), 'CorsPreset read-only: rule(origins): origins must be a list of strings such as ["https://app.example.com"], got the string "*". Write ["*"].'],
  ])('%s', (_what, fn, message) => {
    expect(thrown(fn)).toBe(message);
  });

  test('with() replaces what it is given and keeps the rest, id included', () => {
    const withId = CorsPreset.READ_ONLY.with({ id: 'assets' });
    expect(withId.with({ maxAgeSeconds: 60 }).props).toMatchObject({ id: 'assets', maxAgeSeconds: 60, allowedMethods: ['GET', 'HEAD'] });
    expect(withId.with({ id: 'other' }).props.id).toBe('other');
  });

  test('a rule has no maxAge or id key unless the preset has them', () => {
    const bare = CorsPreset.custom('bare', { allowedMethods: ['GET' as never] }).rule(['*']);
    expect(Object.keys(bare).sort()).toEqual(['allowedMethods', 'allowedOrigins']);
    expect(CorsPreset.READ_ONLY.with({ id: 'x' }).rule(['*'])).toMatchObject({ maxAge: 3000, id: 'x' });
  });
});

describe('CorsConfiguration', () => {
  test.each([
    ['fromJson(5)', () => CorsConfiguration.fromJson(js(5)), 'CorsConfiguration.fromJson(text): text must be the JSON text as a string, got the number 5.'],
    ['fromJson(null)', () => CorsConfiguration.fromJson(js(null)), 'CorsConfiguration.fromJson(text): text must be the JSON text as a string, got null.'],
    ['fromRules("x")', () => CorsConfiguration.fromRules(js('x')),
      'CorsConfiguration.fromRules(rules): rules must be a list of s3.CorsRule objects, got the string "x". Write [{ allowedMethods: [HttpMethods.GET], allowedOrigins: [\'https://app.example.com\'] }].'],
    ['fromRules([1])', () => CorsConfiguration.fromRules(js([1])),
      'CorsConfiguration.fromRules(rules): rules[0] must be an object such as { allowedMethods: [HttpMethods.GET], allowedOrigins: [\'https://app.example.com\'] }, got the number 1.'],
    ['fromRules with every field wrong', () => CorsConfiguration.fromRules(js([{ allowedMethods: 'GET', allowedOrigins: ['*'], allowedHeaders: 'a', exposedHeaders: 'b', maxAge: '1', id: 2 }])),
      'CorsConfiguration.fromRules(rules): 5 problems:\n'
      + '  - rules[0].allowedMethods must be a list of strings such as [HttpMethods.GET], got the string "GET". Write ["GET"].\n'
      + '  - rules[0].allowedHeaders must be a list of strings such as ["*"], got the string "a". Write ["a"].\n'
      + '  - rules[0].exposedHeaders must be a list of strings such as ["ETag"], got the string "b". Write ["b"].\n'
      + '  - rules[0].maxAge must be a number such as 3000, got the string "1". Write 1 without quotes.\n'
      + '  - rules[0].id must be a string such as "my-rule", got the number 2.'],
    ['evaluate with every field wrong', () => CorsConfiguration.fromRules([]).evaluate(js({ method: 1, origin: 2, accessControlRequestMethod: 3, accessControlRequestHeaders: 4 })),
      'CorsConfiguration.evaluate(request): 4 problems:\n'
      + '  - request.method must be a string such as "GET", got the number 1.\n'
      + '  - request.origin must be a string such as "https://app.example.com", got the number 2.\n'
      + '  - request.accessControlRequestMethod must be a string such as "PUT", got the number 3.\n'
      + '  - request.accessControlRequestHeaders must be a string such as "content-type,x-amz-meta-owner", got the number 4.'],
    ['toJson("console")', () => CorsConfiguration.fromRules([]).toJson(js('console')),
      'CorsConfiguration.toJson(format): format must be a CorsJsonFormat (CorsJsonFormat.CONSOLE, CorsJsonFormat.S3API, CorsJsonFormat.CLOUDFORMATION), got the string "console". Write CorsJsonFormat.CONSOLE.'],
    ['toJson(5)', () => CorsConfiguration.fromRules([]).toJson(js(5)),
      'CorsConfiguration.toJson(format): format must be a CorsJsonFormat (CorsJsonFormat.CONSOLE, CorsJsonFormat.S3API, CorsJsonFormat.CLOUDFORMATION), got the number 5. Write CorsJsonFormat.CONSOLE.'],
    ['toJson("cloudformation")', () => CorsConfiguration.fromRules([]).toJson(js('cloudformation')), /Write CorsJsonFormat\.CLOUDFORMATION\.$/],
  ])('%s', (_what, fn, message) => {
    expect(thrown(fn)).toMatch(typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
  });

  test('the enum values themselves are accepted', () => {
    for (const f of Object.values(CorsJsonFormat)) expect(() => CorsConfiguration.fromRules([]).toJson(f)).not.toThrow();
  });

  test('rules are copied without keys set to undefined', () => {
    const rules = CorsConfiguration.fromRules([{ allowedMethods: ['GET' as never], allowedOrigins: ['*'], id: undefined, maxAge: undefined }]).rules;
    expect(Object.keys(rules[0]).sort()).toEqual(['allowedMethods', 'allowedOrigins']);
  });
});
