import { execFileSync } from 'child_process';
import { HttpMethods } from 'aws-cdk-lib/aws-s3';
import { XMLParser } from 'fast-xml-parser';
import { CorsConfiguration, CorsFindingSeverity, CorsJsonFormat } from '../../src';
import { copyOfGenuine } from '../../src/cors/internal';

// The read-only example exactly as it is published (docs/design.md).
const PUBLISHED_READ_ONLY = '[{"AllowedHeaders":["*"],"AllowedMethods":["GET","HEAD"],"AllowedOrigins":["*"],"ExposeHeaders":[],"MaxAgeSeconds":3000}]';

describe('fromJson', () => {
  test('reads the console form', () => {
    expect(CorsConfiguration.fromJson(PUBLISHED_READ_ONLY).rules).toEqual([
      { allowedHeaders: ['*'], allowedMethods: ['GET', 'HEAD'], allowedOrigins: ['*'], exposedHeaders: [], maxAge: 3000 },
    ]);
  });

  test('reads the s3api form and the CloudFormation form', () => {
    const s3api = CorsConfiguration.fromJson('{"CORSRules":[{"ID":"r","AllowedMethods":["PUT"],"AllowedOrigins":["https://a.example"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":60}]}');
    const cfn = CorsConfiguration.fromJson('{"CorsRules":[{"Id":"r","AllowedMethods":["PUT"],"AllowedOrigins":["https://a.example"],"ExposedHeaders":["ETag"],"MaxAge":60}]}');
    const expected = [{ id: 'r', allowedMethods: ['PUT'], allowedOrigins: ['https://a.example'], exposedHeaders: ['ETag'], maxAge: 60 }];
    expect(s3api.rules).toEqual(expected);
    expect(s3api.sourceFormat).toBe(CorsJsonFormat.S3API);
    expect(cfn.rules).toEqual(expected);
    expect(cfn.sourceFormat).toBe(CorsJsonFormat.CLOUDFORMATION);
  });

  test('fails on a trailing comma, naming "trailing comma" and the line and column of the comma', () => {
    const text = '[\n  {\n    "AllowedMethods": ["GET"],\n    "AllowedOrigins": ["*"],\n  }\n]';
    expect(() => CorsConfiguration.fromJson(text)).toThrow('Invalid CORS configuration JSON at line 4, column 28: trailing comma');
    expect(() => CorsConfiguration.fromJson('["a",\n]')).toThrow(/line 1, column 5: trailing comma after the last element of an array/);
  });

  test.each([
    ['', /line 1, column 1: the text is empty/],
    ["[{'AllowedMethods': []}]", /double quotes/],
    ['[{"AllowedMethods" ["GET"]}]', /expected ":"/],
    ['[{"AllowedMethods": ["GET"] "AllowedOrigins": ["*"]}]', /line 1, column 29: expected ","/],
    ['[{"a": 1}', /expected "]"/],
    ['[] // comment', /comments are not allowed/],
    ['[]\n[]', /line 2, column 1: unexpected text after the end/],
  ])('fails on malformed JSON %j with line, column and cause', (text, message) => {
    expect(() => CorsConfiguration.fromJson(text)).toThrow(message);
  });

  test.each([
    ['ExposedHeaders', 'ExposeHeaders', /CloudFormation's spelling/],
    ['MaxAge', 'MaxAgeSeconds', /CloudFormation's spelling/],
    ['Id', 'ID', /CloudFormation's spelling/],
    ['AllowedOrigin', 'AllowedOrigins', /singular XML element name/],
    ['allowedMethods', 'AllowedMethods', /.*/],
  ])('reports the console key %s as unknown, suggesting %s', (key, right, why) => {
    const text = `[{"AllowedMethods":["GET"],"AllowedOrigins":["*"],\n"${key}": ${key === 'MaxAge' ? '5' : key === 'Id' ? '"x"' : '["x"]'}}]`;
    const f = CorsConfiguration.fromJson(text).validate().find(x => x.code === 'unknown-field');
    expect(f).toMatchObject({ severity: CorsFindingSeverity.ERROR, ruleIndex: 0, line: 2, column: 1, s3Rejects: true });
    expect(f!.message).toContain(`"${key}"`);
    expect(f!.message).toContain(`Rename it to "${right}"`);
    expect(f!.message).toMatch(why);
  });

  test('CloudFormation JSON with the console spelling suggests the CloudFormation name', () => {
    const f = CorsConfiguration.fromJson('{"CorsRules":[{"AllowedMethods":["GET"],"AllowedOrigins":["*"],"ExposeHeaders":["ETag"]}]}').validate();
    expect(f.map(x => x.message)).toEqual([expect.stringContaining('Rename it to "ExposedHeaders"')]);
  });

  test.each([
    ['"AllowedOrigins": "https://a.example"', 'AllowedOrigins', /Write "AllowedOrigins": \["https:\/\/a.example"\]/],
    ['"AllowedOrigins": ["https://a.example", 5]', 'AllowedOrigins', /Put it in double quotes/],
    ['"AllowedOrigins": ["*"], "MaxAgeSeconds": -1', 'MaxAgeSeconds', /negative/],
    ['"AllowedOrigins": ["*"], "MaxAgeSeconds": 2.5', 'MaxAgeSeconds', /whole number of seconds, got 2.5/],
    ['"AllowedOrigins": ["*"], "MaxAgeSeconds": "3000"', 'MaxAgeSeconds', /Write 3000 without quotes/],
  ])('wrong types are findings, not crashes: %s', (body, field, message) => {
    const fs = CorsConfiguration.fromJson(`[{"AllowedMethods": ["GET"], ${body}}]`).validate();
    const f = fs.find(x => x.field === field);
    expect(f).toBeDefined();
    expect(f!.severity).toBe(CorsFindingSeverity.ERROR);
    expect(f!.message).toMatch(message);
    // a list of the wrong type is not reported a second time as missing
    expect(fs.filter(x => x.code === 'missing-allowed-origins')).toEqual([]);
  });

  test('validation findings of parsed text point at the offending value', () => {
    const text = '[\n  {\n    "AllowedMethods": ["GET"],\n    "AllowedOrigins": ["https://ok.example", "https://example.com/"]\n  }\n]';
    const f = CorsConfiguration.fromJson(text).validate();
    expect(f).toEqual([expect.objectContaining({ code: 'origin-trailing-slash', line: 4, column: 46 })]);
  });

  test('a top level that is not a configuration is a finding', () => {
    expect(CorsConfiguration.fromJson('42').validate().map(f => f.code)).toEqual(['not-a-configuration']);
    expect(CorsConfiguration.fromJson('{"CorsRule": []}').validate().map(f => f.code)).toEqual(['unknown-field', 'not-a-configuration']);
  });

  test('an empty array models a bucket without CORS', () => {
    const c = CorsConfiguration.fromJson('[]');
    expect(c.validate().map(f => f.code)).toEqual(['no-rules']);
    expect(c.evaluate({ method: 'OPTIONS', origin: 'https://a', accessControlRequestMethod: 'GET' }).errorMessage).toBe('CORSResponse: CORS is not enabled for this bucket.');
  });
});

describe('rendering', () => {
  const formPost = CorsConfiguration.fromRules([{
    allowedHeaders: ['Content-Type'],
    allowedMethods: [HttpMethods.GET, HttpMethods.HEAD, HttpMethods.POST],
    allowedOrigins: ['https://example.com', 'https://staging.example.com'],
    exposedHeaders: ['x-amz-request-id'],
    maxAge: 3000,
    id: 'form-post',
  }]);

  test('console JSON is pretty and in the console\'s key order', () => {
    const text = formPost.toJson();
    expect(text).toContain('\n  {\n    "AllowedHeaders"');
    expect(Object.keys(JSON.parse(text)[0])).toEqual(['AllowedHeaders', 'AllowedMethods', 'AllowedOrigins', 'ExposeHeaders', 'MaxAgeSeconds', 'ID']);
  });

  test('the published read-only configuration renders exactly', () => {
    const c = CorsConfiguration.fromRules([{ allowedHeaders: ['*'], allowedMethods: [HttpMethods.GET, HttpMethods.HEAD], allowedOrigins: ['*'], exposedHeaders: [], maxAge: 3000 }]);
    expect(JSON.stringify(JSON.parse(c.toJson()))).toBe(PUBLISHED_READ_ONLY);
  });

  test('s3api and CloudFormation use their own names', () => {
    expect(JSON.parse(formPost.toJson(CorsJsonFormat.S3API))).toEqual({ CORSRules: [{ AllowedHeaders: ['Content-Type'], AllowedMethods: ['GET', 'HEAD', 'POST'], AllowedOrigins: ['https://example.com', 'https://staging.example.com'], ExposeHeaders: ['x-amz-request-id'], MaxAgeSeconds: 3000, ID: 'form-post' }] });
    expect(JSON.parse(formPost.toJson(CorsJsonFormat.CLOUDFORMATION))).toEqual({ CorsRules: [{ AllowedHeaders: ['Content-Type'], AllowedMethods: ['GET', 'HEAD', 'POST'], AllowedOrigins: ['https://example.com', 'https://staging.example.com'], ExposedHeaders: ['x-amz-request-id'], MaxAge: 3000, Id: 'form-post' }] });
  });

  test('XML has singular element names inside <CORSConfiguration> and escapes text', () => {
    const xml = CorsConfiguration.fromRules([{ allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://a.example'], id: 'a<b&c' }]).toXml();
    const doc = new XMLParser().parse(xml);
    expect(doc.CORSConfiguration.CORSRule).toEqual({ ID: 'a<b&c', AllowedOrigin: 'https://a.example', AllowedMethod: 'GET' });
    expect(xml).toContain('xmlns="http://s3.amazonaws.com/doc/2006-03-01/"');
  });

  test('rules is a copy', () => {
    const c = CorsConfiguration.fromJson(PUBLISHED_READ_ONLY);
    c.rules[0].allowedOrigins.push('https://x');
    expect(c.rules[0].allowedOrigins).toEqual(['*']);
  });
});

test('the model does not load aws-cdk-lib at run time (the CLI starts as fast as node)', () => {
  // Run in a child so jest's own module registry does not interfere.
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e',
    'require("./src/cors"); console.log(Object.keys(require.cache).some(k => k.includes("/aws-cdk-lib/")))'], { cwd: `${__dirname}/../..`, encoding: 'utf8' });
  expect(out.trim()).toBe('false');
});

test('validate() answers the same findings every time, and a caller changing one answer changes no later one', () => {
  // The rules are validated once and the result kept: what a caller does with its answer must not leak into the next.
  const config = CorsConfiguration.fromJson('[{"AllowedMethods":["GET","GET"],"AllowedOrigins":["https://*"],"MaxAgeSeconds":90000}]');
  const first = config.validate();
  expect(first.map(f => f.code)).toEqual(expect.arrayContaining(['max-age-above-firefox-cap']));
  const snapshot = JSON.parse(JSON.stringify(first));
  (first[0] as { message: string }).message = 'changed by the caller';
  first.pop();
  expect(config.validate()).toEqual(snapshot);
  // A configuration built from rules answers the same as one parsed from the same rules.
  const rules = CorsConfiguration.fromRules([{ allowedMethods: [HttpMethods.GET, HttpMethods.GET], allowedOrigins: ['https://*'], maxAge: 90000 }]);
  expect(rules.validate().map(f => [f.code, f.message])).toEqual(snapshot.map((f: { code: string; message: string }) => [f.code, f.message]));
  expect(rules.validate().map(f => [f.code, f.message])).toEqual(snapshot.map((f: { code: string; message: string }) => [f.code, f.message]));
});

describe('the copy a construct works on (copyOfGenuine)', () => {
  test('a configuration this library made is copied with its rules, format, findings and positions', () => {
    const text = '{"CORSRules": [\n  {"AllowedMethods": ["GET"], "AllowedOrigins": ["https://a.example/"], "Bogus": 1}\n]}';
    const original = CorsConfiguration.fromJson(text);
    const copy = copyOfGenuine(original)!;
    expect(copy).toBeInstanceOf(CorsConfiguration);
    expect(copy).not.toBe(original);
    expect(copy.sourceFormat).toBe(CorsJsonFormat.S3API);
    expect(copy.rules).toEqual(original.rules);
    expect(copy.validate()).toEqual(original.validate());
    expect(copy.validate().map(f => [f.code, f.line])).toEqual(expect.arrayContaining([['origin-trailing-slash', 2]]));
    expect(copy.toJson(CorsJsonFormat.S3API)).toBe(original.toJson(CorsJsonFormat.S3API));
  });

  test('what plain JavaScript does to the original afterwards (replaced methods, getters) does not reach the copy', () => {
    const original = CorsConfiguration.fromRules([{ allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://a.example'] }]);
    const copy = copyOfGenuine(original)!;
    Object.defineProperty(original, 'rules', { get: () => [{ allowedMethods: ['PUT'], allowedOrigins: ['*'] }] });
    (original as unknown as { validate: () => unknown[] }).validate = () => [];
    expect(copyOfGenuine(original)!.rules).toEqual([{ allowedMethods: ['GET'], allowedOrigins: ['https://a.example'] }]);
    expect(copy.rules).toEqual([{ allowedMethods: ['GET'], allowedOrigins: ['https://a.example'] }]);
  });

  test('a look-alike, a plain object, a string or null is not genuine', () => {
    const real = CorsConfiguration.fromRules([{ allowedMethods: [HttpMethods.GET], allowedOrigins: ['*'] }]);
    const lookAlike = Object.create(CorsConfiguration.prototype);
    expect(copyOfGenuine(lookAlike)).toBeUndefined();
    expect(copyOfGenuine({ rules: real.rules, validate: () => [] })).toBeUndefined();
    expect(copyOfGenuine('[]')).toBeUndefined();
    expect(copyOfGenuine(null)).toBeUndefined();
    expect(copyOfGenuine(undefined)).toBeUndefined();
  });
});

describe('fromRules: what is not a rule', () => {
  test.each([
    ['a string', 'GET', 'got the string "GET"'],
    ['null', null, 'got null'],
    ['a list', [['GET']], 'got an array of 1'],
  ])('%s in the list is named as rules[0], not read as a rule', (_what, rule, got) => {
    expect(() => CorsConfiguration.fromRules([rule as never])).toThrow(`CorsConfiguration.fromRules(rules): rules[0] must be an object such as { allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://app.example.com'] }, ${got}.`);
  });

  test('an array given as a rule is not copied field by field into an empty rule', () => {
    const listWithFields = Object.assign([], { allowedMethods: ['GET'], allowedOrigins: ['*'] });
    expect(() => CorsConfiguration.fromRules([listWithFields as never])).toThrow(/rules\[0\] must be an object .* got an array of 0/);
  });
});

describe('fromRules reads each rule once', () => {
  test('a rule whose getters answer differently on each read keeps what the first read gave, in rules, validate() and evaluate()', () => {
    let reads = 0;
    const rule = {
      get allowedOrigins() {
        reads++;
        return reads === 1 ? ['https://a.example'] : ['*'];
      },
      allowedMethods: [HttpMethods.GET],
    };
    const config = CorsConfiguration.fromRules([rule as never]);
    expect(config.rules).toEqual([{ allowedMethods: ['GET'], allowedOrigins: ['https://a.example'] }]);
    expect(config.validate()).toEqual([]);
    expect(config.evaluate({ method: 'GET', origin: 'https://b.example' }).allowed).toBe(false);
    expect(reads).toBe(1);
  });
});
