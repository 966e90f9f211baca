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

  test('a misspelling carries no reason; only another dialect\'s spelling or the XML element\'s name says why', () => {
    const [f] = CorsConfiguration.fromJson('[{"allowedheaders": [], "AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]').validate().filter(x => x.code === 'unknown-field');
    expect(f.message).toBe('rule 0: unknown field "allowedheaders"; the S3 console and s3api JSON calls it "AllowedHeaders". Rename it to "AllowedHeaders".');
  });

  test('at the top level, only a spelling of CORSRules is asked about', () => {
    const messages = (text: string) => CorsConfiguration.fromJson(text).validate().filter(x => x.code === 'unknown-field').map(x => x.message);
    expect(messages('{"corsrules": [], "CORSRules": []}')).toEqual(['configuration: unknown key "corsrules". Did you mean "CORSRules" (s3api) or "CorsRules" (CloudFormation)?']);
    expect(messages('{"cors_rules_v2": [], "CORSRules": []}')[0]).toMatch(/^configuration: unknown key "cors_rules_v2"\. The top level holds only/);
    expect(messages('{"my_cors_rules": [], "CORSRules": []}')[0]).toMatch(/^configuration: unknown key "my_cors_rules"\. The top level holds only/);
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
    ['with(undefined)', () => CorsPreset.READ_ONLY.withChanges(js(undefined)), 'CorsPreset read-only: withChanges(changes): changes must be an object such as { maxAgeSeconds: 600 }, got undefined.'],
    ['with a string list of methods', () => CorsPreset.READ_ONLY.withChanges(js({ allowedMethods: 'GET' })),
      'CorsPreset read-only: withChanges(changes): changes.allowedMethods must be a list of strings such as [HttpMethods.GET], got the string "GET". Write ["GET"].'],
    ['with a number id', () => CorsPreset.READ_ONLY.withChanges(js({ id: 1 })), 'CorsPreset read-only: withChanges(changes): changes.id must be a string such as "my-rule", got the number 1.'],
    ['rule([1])', () => CorsPreset.READ_ONLY.rule(js([1])), 'CorsPreset read-only: rule(origins): origins[0] must be a string, got the number 1.'],
    ['rule("*")', () => CorsPreset.READ_ONLY.rule(js('*')), 'CorsPreset read-only: rule(origins): origins must be a list of strings such as ["https://app.example.com"], got the string "*". Write ["*"].'],
  ])('%s', (_what, fn, message) => {
    expect(thrown(fn)).toBe(message);
  });

  test('with() replaces what it is given and keeps the rest, id included', () => {
    const withId = CorsPreset.READ_ONLY.withChanges({ id: 'assets' });
    expect(withId.withChanges({ maxAgeSeconds: 60 }).props).toMatchObject({ id: 'assets', maxAgeSeconds: 60, allowedMethods: ['GET', 'HEAD'] });
    expect(withId.withChanges({ id: 'other' }).props.id).toBe('other');
  });

  test('a rule has no maxAge or id key unless the preset has them', () => {
    const bare = CorsPreset.custom('bare', { allowedMethods: ['GET' as never] }).rule(['*']);
    expect(Object.keys(bare).sort()).toEqual(['allowedMethods', 'allowedOrigins']);
    expect(CorsPreset.READ_ONLY.withChanges({ id: 'x' }).rule(['*'])).toMatchObject({ maxAge: 3000, id: 'x' });
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

describe('JSON of the wrong shape: the finding, word for word, at its place', () => {
  const one = (text: string) => CorsConfiguration.fromJson(text).validate().filter(f => ['invalid-type', 'unknown-field', 'not-a-configuration', 'duplicate-field'].includes(f.code))
    .map(f => [f.code, f.message, f.line, f.column, f.ruleIndex, f.field, f.valueIndex]);
  test.each([
    ['"x"', [['not-a-configuration', 'configuration: expected an array of rules (S3 console form) or an object with "CORSRules", got the string "x".', 1, 1, undefined, undefined, undefined]]],
    ['3', [['not-a-configuration', 'configuration: expected an array of rules (S3 console form) or an object with "CORSRules", got the number 3.', 1, 1, undefined, undefined, undefined]]],
    ['true', [['not-a-configuration', 'configuration: expected an array of rules (S3 console form) or an object with "CORSRules", got true.', 1, 1, undefined, undefined, undefined]]],
    ['null', [['not-a-configuration', 'configuration: expected an array of rules (S3 console form) or an object with "CORSRules", got null.', 1, 1, undefined, undefined, undefined]]],
    ['{}', [['not-a-configuration', 'configuration: no rules found. Write an array of rules (S3 console form), {"CORSRules": [...]} (s3api form) or {"CorsRules": [...]} (CloudFormation form).', 1, 1, undefined, undefined, undefined]]],
    ['{"CORSRules": {}}', [['invalid-type', 'configuration: "CORSRules" must be an array of rules, got an object. Write "CORSRules": [ { ... } ].', 1, 15, undefined, undefined, undefined]]],
    ['{"CorsRules": "x"}', [['invalid-type', 'configuration: "CorsRules" must be an array of rules, got the string "x". Write "CorsRules": [ { ... } ].', 1, 15, undefined, undefined, undefined]]],
    ['{"cors_rules": [], "CORSRules": []}', [['unknown-field', 'configuration: unknown key "cors_rules". Did you mean "CORSRules" (s3api) or "CorsRules" (CloudFormation)?', 1, 2, undefined, undefined, undefined]]],
    ['{"Rules": [], "CORSRules": []}', [['unknown-field', 'configuration: unknown key "Rules". The top level holds only "CORSRules" (s3api form) or "CorsRules" (CloudFormation form); the S3 console form is a bare array of rules.', 1, 2, undefined, undefined, undefined]]],
    ['{"xcorsrules": [], "CORSRules": []}', [['unknown-field', expect.stringContaining('The top level holds only'), 1, 2, undefined, undefined, undefined]]],
    ['{"CORSRules": [], "CORSRules": []}', [['duplicate-field', 'configuration: "CORSRules" appears more than once; only the last one (line 1) counts and the one at line 1 is ignored. Keep one.', 1, 2, undefined, undefined, undefined]]],
    ['[1]', [['invalid-type', 'rule 0 must be an object such as {"AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"]}, got the number 1.', 1, 2, 0, undefined, undefined]]],
    ['[[]]', [['invalid-type', 'rule 0 must be an object such as {"AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"]}, got an array.', 1, 2, 0, undefined, undefined]]],
    ['[{"AllowedMethods": "GET", "AllowedOrigins": ["*"]}]', [['invalid-type', 'rule 0 AllowedMethods must be a list of strings, got the string "GET". Write "AllowedMethods": ["GET"].', 1, 21, 0, 'AllowedMethods', undefined]]],
    ['[{"AllowedMethods": 1, "AllowedOrigins": ["*"]}]', [['invalid-type', 'rule 0 AllowedMethods must be a list of strings, got the number 1. Write "AllowedMethods": ["..."].', 1, 21, 0, 'AllowedMethods', undefined]]],
    ['[{"AllowedMethods": ["GET", 2], "AllowedOrigins": ["*"]}]', [['invalid-type', 'rule 0 AllowedMethods[1] must be a string, got the number 2. Put it in double quotes.', 1, 29, 0, 'AllowedMethods', 1]]],
    ['[{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "MaxAgeSeconds": "3000"}]', [['invalid-type', 'rule 0 MaxAgeSeconds must be a whole number of seconds, got the string "3000". Write 3000 without quotes.', 1, 72, 0, 'MaxAgeSeconds', undefined]]],
    ['[{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "MaxAgeSeconds": "3000s"}]', [['invalid-type', 'rule 0 MaxAgeSeconds must be a whole number of seconds, got the string "3000s".', 1, 72, 0, 'MaxAgeSeconds', undefined]]],
    ['[{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "MaxAgeSeconds": 2.5}]', [['invalid-type', 'rule 0 MaxAgeSeconds must be written as a whole number of seconds, got 2.5. Write 3.', 1, 72, 0, 'MaxAgeSeconds', undefined]]],
    ['[{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "ID": 7}]', [['invalid-type', 'rule 0 ID must be a string, got the number 7. Write "ID": "7".', 1, 61, 0, 'ID', undefined]]],
    ['[{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "ID": null}]', [['invalid-type', 'rule 0 ID must be a string, got null. Write "ID": "my-rule".', 1, 61, 0, 'ID', undefined]]],
    ['[{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "MaxAge": 1}]', [['unknown-field', 'rule 0: unknown field "MaxAge" ("MaxAge" is CloudFormation\'s spelling); the S3 console and s3api JSON calls it "MaxAgeSeconds". Rename it to "MaxAgeSeconds".', 1, 55, 0, undefined, undefined]]],
    ['{"CorsRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "ID": "x"}]}', [['unknown-field', 'rule 0: unknown field "ID" ("ID" is the S3 API\'s spelling); the CloudFormation JSON calls it "Id". Rename it to "Id".', 1, 69, 0, undefined, undefined]]],
    ['[{"AllowedMethods": ["GET"], "AllowedOrigin": ["*"]}]', [['unknown-field', 'rule 0: unknown field "AllowedOrigin" ("AllowedOrigin" is the singular XML element name); the S3 console and s3api JSON calls it "AllowedOrigins". Rename it to "AllowedOrigins".', 1, 30, 0, undefined, undefined]]],
  ])('%s', (text, expected) => {
    expect(one(text)).toEqual(expected);
  });

  test('a list of the wrong type, or with no string in it, is reported once, not also as missing', () => {
    const codes = (text: string) => CorsConfiguration.fromJson(text).validate().map(f => f.code);
    expect(codes('[{"AllowedMethods": ["GET"], "AllowedOrigins": 5}]')).toEqual(['invalid-type']);
    expect(codes('[{"AllowedMethods": ["GET"], "AllowedOrigins": [5]}]')).toEqual(['invalid-type']);
    expect(codes('[{"AllowedMethods": [true], "AllowedOrigins": ["https://a.example"]}]')).toEqual(['invalid-type']);
    // Without the wrong-typed list, the rule lacks it: that is a finding of its own.
    expect(codes('[{"AllowedMethods": ["GET"]}]')).toEqual(['missing-allowed-origins']);
  });

  test('a rule that is not an object is kept as an empty rule, so the rules after it keep their numbers', () => {
    const config = CorsConfiguration.fromJson('[1, {"AllowedMethods": ["GET"], "AllowedOrigins": ["https://a.example"]}]');
    expect(config.rules).toEqual([{ allowedMethods: [], allowedOrigins: [] }, { allowedMethods: ['GET'], allowedOrigins: ['https://a.example'] }]);
    expect(config.evaluate({ method: 'GET', origin: 'https://a.example' }).matchedRuleIndex).toBe(1);
  });

  test.each([
    ['null', 'got null.'],
    ['"x3000"', 'got the string "x3000".'],
    ['"3000 "', 'got the string "3000 ".'],
  ])('MaxAgeSeconds %s: only a quoted whole number is told to drop its quotes', (value, end) => {
    const [f] = CorsConfiguration.fromJson(`[{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "MaxAgeSeconds": ${value}}]`).validate().filter(x => x.code === 'invalid-type');
    expect(f.message).toBe(`rule 0 MaxAgeSeconds must be a whole number of seconds, ${end}`);
  });

  test('a finding has no key for a place it does not have (JSON output and spreading stay clean)', () => {
    const [none] = CorsConfiguration.fromRules([]).validate();
    expect(['ruleIndex', 'field', 'valueIndex', 'line', 'column'].filter(k => k in none)).toEqual([]);
    const [rule] = CorsConfiguration.fromRules([{ allowedOrigins: ['*'] } as never]).validate();
    expect(['ruleIndex', 'field', 'valueIndex', 'line', 'column'].filter(k => k in rule)).toEqual(['ruleIndex', 'field']);
    expect(Object.values(rule)).not.toContain(undefined);
    // A wrong-typed list has no value index: the key is left out, not set to undefined.
    const [typed] = CorsConfiguration.fromJson('[{"AllowedMethods": "GET", "AllowedOrigins": ["*"]}]').validate();
    expect([typed.code, 'valueIndex' in typed]).toEqual(['invalid-type', false]);
  });

  test('a finding about the whole configuration points at where it starts', () => {
    const [f] = CorsConfiguration.fromJson('\n\n  []').validate();
    expect([f.code, f.line, f.column]).toEqual(['no-rules', 3, 3]);
  });

  test('both CORSRules and CorsRules: an unknown-field error S3 refuses', () => {
    const found = CorsConfiguration.fromJson('{"CORSRules": [], "CorsRules": []}').validate().filter(f => /both "CORSRules"/.test(f.message));
    expect(found.map(f => [f.code, f.s3Rejects, f.severity])).toEqual([['unknown-field', true, 'ERROR']]);
  });

  test('a malformed rule reports its wrong type once, not also as missing fields', () => {
    expect(CorsConfiguration.fromJson('[1]').validate().map(f => f.code)).toEqual(['invalid-type']);
    expect(CorsConfiguration.fromJson('[{"AllowedMethods": "GET", "AllowedOrigins": 1}]').validate().map(f => f.code)).toEqual(['invalid-type', 'invalid-type']);
    expect(CorsConfiguration.fromJson('{"CORSRules": {}}').validate().map(f => f.code)).toEqual(['invalid-type']);
  });

  test('the parse error is a CorsJsonSyntaxError with line, column and reason', () => {
    let error: any;
    try {
      CorsConfiguration.fromJson('[,]');
    } catch (e) {
      error = e;
    }
    expect([error.name, error.line, error.column, error.reason]).toEqual(['CorsJsonSyntaxError', 1, 2, 'expected a value (a string, number, array or object).']);
  });
});
