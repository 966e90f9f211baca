// What validate() says about the other fields of a rule (headers, methods,
// max age, ID, repeats, the rule count): the finding, its place and the words
// a user acts on. Limits and browser caps are from docs/s3-cors.md.
import { CorsRule } from 'aws-cdk-lib/aws-s3';
import { CorsConfiguration, CorsFinding, CorsFindingSeverity } from '../../src/cors';

const rule = (extra: Partial<Record<keyof CorsRule, unknown>>): CorsRule =>
  ({ allowedMethods: ['GET'], allowedOrigins: ['https://app.example.com'], ...extra }) as CorsRule;
const findings = (...rules: CorsRule[]): CorsFinding[] => CorsConfiguration.fromRules(rules).validate();
const brief = (fs: CorsFinding[]) => fs.map(f => [f.code, f.severity, f.field, f.valueIndex]);

describe('header names', () => {
  test.each([
    ['Content-Type: text/plain', ' Write the name only: "Content-Type".'],
    ['x-amz-meta-owner :', ' Write the name only: "x-amz-meta-owner".'],
    ['x amz  meta', ' Remove the spaces: "xamzmeta".'],
    ['x-"quoted"', ''],
  ])('%j in AllowedHeaders or ExposeHeaders is not a header name%s', (h, fix) => {
    for (const field of ['AllowedHeaders', 'ExposeHeaders'] as const) {
      const fs = findings(rule({ [field === 'AllowedHeaders' ? 'allowedHeaders' : 'exposedHeaders']: ['x-fine', h] }));
      expect(brief(fs)).toEqual([['header-invalid-name', CorsFindingSeverity.ERROR, field, 1]]);
      expect(fs[0]).toMatchObject({ ruleIndex: 0, s3Rejects: false });
      expect(fs[0].message).toBe(`rule 0 ${field}[1] ${JSON.stringify(h)} is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only: no spaces, colons or quotes), so it never matches.${fix}`);
    }
  });

  test('a prefix wildcard is a header pattern in AllowedHeaders; two are refused by S3', () => {
    expect(findings(rule({ allowedHeaders: ['x-amz-*', '*'] }))).toEqual([]);
    const fs = findings(rule({ allowedHeaders: ['x', 'x-*-*'] }));
    expect(brief(fs)).toEqual([['header-multiple-wildcards', CorsFindingSeverity.ERROR, 'AllowedHeaders', 1]]);
    expect(fs[0].message).toMatch(/^rule 0 AllowedHeaders\[1\] "x-\*-\*" has 2 "\*"; S3 allows at most one wildcard per header\./);
    expect(fs[0].s3Rejects).toBe(true);
  });

  test('a wildcard in ExposeHeaders is one finding (no wildcards there), not also a bad name', () => {
    const fs = findings(rule({ exposedHeaders: ['ETag', 'x-amz-*'] }));
    expect(brief(fs)).toEqual([['expose-header-wildcard', CorsFindingSeverity.ERROR, 'ExposeHeaders', 1]]);
    expect(fs[0].message).toMatch(/^rule 0 ExposeHeaders\[1\] "x-amz-\*" contains "\*"/);
  });

  test.each([['x-trace\u2028', 'x-trace\\u2028'], ['x\u2029id', 'x\\u2029id']])('%j (a JavaScript line terminator) is not a header name; the message shows it escaped', (h, shown) => {
    for (const field of ['AllowedHeaders', 'ExposeHeaders'] as const) {
      const fs = findings(rule({ [field === 'AllowedHeaders' ? 'allowedHeaders' : 'exposedHeaders']: [h] }));
      expect(brief(fs)).toEqual([['header-invalid-name', CorsFindingSeverity.ERROR, field, 0]]);
      expect(fs[0].message).toContain(`rule 0 ${field}[0] "${shown}" is not a header name`);
    }
  });

  test('an empty header name never matches', () => {
    expect(findings(rule({ allowedHeaders: [''] }))[0].message).toBe('rule 0 AllowedHeaders[0] "" is empty: no header has an empty name, so this never matches. Remove it.');
  });
});

describe('repeats: exact for origins and methods, ignoring case for header names', () => {
  test.each([
    ['allowedOrigins', 'AllowedOrigins', ['https://a.example.com', 'https://a.example.com'], 'rule 0 AllowedOrigins[1] "https://a.example.com" repeats AllowedOrigins[0]. Remove the duplicate.'],
    ['allowedMethods', 'AllowedMethods', ['GET', 'HEAD', 'GET'], 'rule 0 AllowedMethods[2] "GET" repeats AllowedMethods[0]. Remove the duplicate.'],
    ['allowedHeaders', 'AllowedHeaders', ['Content-Type', 'content-type'], 'rule 0 AllowedHeaders[1] "content-type" repeats AllowedHeaders[0] (header names ignore case). Remove the duplicate.'],
    ['exposedHeaders', 'ExposeHeaders', ['ETag', 'etag'], 'rule 0 ExposeHeaders[1] "etag" repeats ExposeHeaders[0] (header names ignore case). Remove the duplicate.'],
  ])('%s', (prop, field, values, message) => {
    const fs = findings(rule({ [prop]: values })).filter(f => f.code === 'duplicate-value');
    const place = { ruleIndex: 0, field, valueIndex: values.length - 1 };
    expect(fs).toEqual([expect.objectContaining({ severity: CorsFindingSeverity.WARNING, ...place, message })]);
  });

  test('origins and methods differing in case are not repeats (each has its own finding)', () => {
    const codes = findings(rule({ allowedOrigins: ['https://a.example.com', 'https://A.example.com'], allowedMethods: ['GET', 'get'] })).map(f => f.code);
    expect(codes).not.toContain('duplicate-value');
    expect(codes.sort()).toEqual(['origin-uppercase', 'unsupported-method']);
  });
});

describe('methods, max age, ID and the rule count', () => {
  test('an unsupported method lists the five S3 allows', () => {
    const [f] = findings(rule({ allowedMethods: ['GET', 'PATCH'] }));
    expect(f).toMatchObject({ code: 'unsupported-method', field: 'AllowedMethods', valueIndex: 1, s3ErrorCode: 'InvalidRequest' });
    expect(f.message).toContain('rule 0 AllowedMethods[1] "PATCH" is not a method S3 accepts (allowed: GET, PUT, HEAD, POST, DELETE)');
  });

  test.each([
    [Number.POSITIVE_INFINITY, 'invalid-max-age', 'MaxAgeSeconds is Infinity, beyond what S3 stores (a 32-bit whole number, at most 2147483647'],
    [2147483648, 'invalid-max-age', 'MaxAgeSeconds is 2147483648, beyond what S3 stores'],
    [-2147483649, 'invalid-max-age', 'MaxAgeSeconds is -2147483649, beyond what S3 stores'],
    [2147483647, 'max-age-above-firefox-cap', 'MaxAgeSeconds is 2147483647: Firefox caps preflight caching at 86400 s and Chromium at 7200 s'],
    [86401, 'max-age-above-firefox-cap', 'MaxAgeSeconds is 86401: Firefox caps preflight caching at 86400 s'],
    [86400, 'max-age-above-chromium-cap', 'MaxAgeSeconds is 86400: Chromium caps preflight caching at 7200 s, so Chrome and Edge users preflight every 2 hours anyway'],
    [7201, 'max-age-above-chromium-cap', 'MaxAgeSeconds is 7201: Chromium caps preflight caching at 7200 s'],
    [-1, 'negative-max-age', 'MaxAgeSeconds is -1; browsers ignore a negative Access-Control-Max-Age'],
    [2.5, 'invalid-max-age', 'MaxAgeSeconds is 2.5; S3 takes a whole number of seconds. Use 3.'],
  ])('MaxAgeSeconds %d: %s', (maxAge, code, words) => {
    const fs = findings(rule({ maxAge }));
    expect(fs.map(f => f.code)).toEqual([code]);
    expect(fs[0]).toMatchObject({ ruleIndex: 0, field: 'MaxAgeSeconds' });
    expect(fs[0].message).toContain(`rule 0 ${words}`);
  });

  test('an ID over 255 characters names its length and the limit', () => {
    const [f] = findings(rule({ id: 'x'.repeat(300) }));
    expect(f).toMatchObject({ code: 'id-too-long', field: 'ID', s3Rejects: true });
    expect(f.message).toBe('rule 0 ID is 300 characters long; S3 allows at most 255. Shorten it.');
  });

  test.each([
    ['a\u0000b', 'U+0000', 'ab'],
    ['\u0001', 'U+0001', 'assets'],
    ['rule\u000b1', 'U+000B', 'rule1'],
    ['x\ud800', 'U+D800', 'x'],
    ['\udc00x', 'U+DC00', 'x'],
    ['x\uffff', 'U+FFFF', 'x'],
  ])('an ID with %j, which XML cannot carry, is refused as MalformedXML', (id, unit, fixed) => {
    const fs = findings(rule({ id }));
    expect(fs.map(f => f.code)).toEqual(['id-invalid-character']);
    expect(fs[0]).toMatchObject({ severity: CorsFindingSeverity.ERROR, ruleIndex: 0, field: 'ID', s3Rejects: true, s3ErrorCode: 'MalformedXML' });
    expect(fs[0].message).toContain(`contains ${unit}, a character no XML document can carry`);
    expect(fs[0].message).toContain(`e.g. "${fixed}"`);
    // The message itself stays one line of printable text.
    expect(fs[0].message).not.toMatch(/[\u0000-\u001f\u2028\u2029]/);
  });

  test.each(['tab\there', 'line\nfeed', 'cr\rhere', 'emoji \u{1f600}', 'é'])('an ID with %j (XML can carry it) raises nothing', id => {
    expect(findings(rule({ id }))).toEqual([]);
  });

  test('more than 100 rules names the count and the limit', () => {
    const rules = Array.from({ length: 101 }, (_, i) => rule({ allowedOrigins: [`https://app${i}.example.com`] }));
    const f = findings(...rules).find(x => x.code === 'too-many-rules')!;
    expect(f.message).toMatch(/^configuration has 101 rules; S3 allows at most 100\. Merge rules/);
    expect(f.ruleIndex).toBeUndefined();
  });
});
