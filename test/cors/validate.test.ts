import { CorsRule, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { CorsConfiguration, CorsFinding, CorsFindingSeverity } from '../../src';

function findings(...rules: CorsRule[]): CorsFinding[] {
  return CorsConfiguration.fromRules(rules).validate();
}
function one(code: string, fs: CorsFinding[]): CorsFinding {
  const matching = fs.filter(f => f.code === code);
  expect(matching).toHaveLength(1);
  return matching[0];
}
const GOOD: CorsRule = { allowedMethods: [HttpMethods.GET, HttpMethods.HEAD], allowedOrigins: ['https://app.example.com'], allowedHeaders: ['*'], maxAge: 3000 };

test('a sound rule has no findings', () => {
  expect(findings(GOOD)).toEqual([]);
});

describe('what PutBucketCors refuses', () => {
  test('fails when there are no rules (MalformedXML)', () => {
    expect(one('no-rules', findings())).toMatchObject({ severity: CorsFindingSeverity.ERROR, s3Rejects: true, s3ErrorCode: 'MalformedXML' });
  });

  test('fails when a rule has no origins or no methods', () => {
    const fs = findings({ allowedMethods: [], allowedOrigins: [] });
    expect(one('missing-allowed-origins', fs)).toMatchObject({ ruleIndex: 0, field: 'AllowedOrigins', s3Rejects: true, s3ErrorCode: 'MalformedXML' });
    expect(one('missing-allowed-methods', fs)).toMatchObject({ ruleIndex: 0, field: 'AllowedMethods', s3Rejects: true });
  });

  test.each([
    ['OPTIONS', /preflight/],
    ['*', /no method wildcard/],
    ['get', /case-sensitive: write "GET"/],
    ['PATCH', /Remove it/],
  ])('fails when a method is %s, with S3\'s own text and the fix', (method, fix) => {
    const f = one('unsupported-method', findings({ ...GOOD, allowedMethods: [HttpMethods.GET, method as HttpMethods] }));
    expect(f).toMatchObject({ ruleIndex: 0, field: 'AllowedMethods', valueIndex: 1, s3Rejects: true, s3ErrorCode: 'InvalidRequest' });
    expect(f.message).toContain(`Unsupported method is ${method}`);
    expect(f.message).toContain(`"${method}"`);
    expect(f.message).toMatch(fix);
  });

  test('fails when an origin has two wildcards, quoting S3', () => {
    const f = one('origin-multiple-wildcards', findings({ ...GOOD, allowedOrigins: ['*example*.com'] }));
    expect(f).toMatchObject({ s3Rejects: true, s3ErrorCode: 'InvalidRequest' });
    expect(f.message).toContain('AllowedOrigin "*example*.com" can not have more than one wildcard.');
  });

  test('fails when an allowed header has two wildcards (error code not recorded)', () => {
    const f = one('header-multiple-wildcards', findings({ ...GOOD, allowedHeaders: ['x-*-*'] }));
    expect(f.s3Rejects).toBe(true);
    expect(f.s3ErrorCode).toBeUndefined();
  });

  test('fails with more than 100 rules; 100 is fine', () => {
    const rule = (n: number): CorsRule => ({ allowedMethods: [HttpMethods.GET], allowedOrigins: [`https://site${n}.example.com`] });
    expect(findings(...Array.from({ length: 100 }, (_, n) => rule(n))).filter(f => f.code === 'too-many-rules')).toEqual([]);
    expect(one('too-many-rules', findings(...Array.from({ length: 101 }, (_, n) => rule(n)))).s3Rejects).toBe(true);
  });

  test('fails when an ID is longer than 255 characters; 255 is fine', () => {
    expect(findings({ ...GOOD, id: 'x'.repeat(255) })).toEqual([]);
    expect(one('id-too-long', findings({ ...GOOD, id: 'x'.repeat(256) }))).toMatchObject({ field: 'ID', s3Rejects: true });
  });

  test('fails when the compact XML body S3 receives exceeds 64 KB; exactly 65536 bytes is fine', () => {
    // The body the SDKs and the AWS CLI send, written out here by hand: no indentation, no line breaks.
    const body = (origins: string[]) => '<?xml version="1.0" encoding="UTF-8"?><CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule>'
      + origins.map(o => `<AllowedOrigin>${o}</AllowedOrigin>`).join('') + '<AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>';
    const origins = Array.from({ length: 650 }, (_, n) => `https://tenant-${String(n).padStart(3, '0')}.customer-domain.example.com`);
    const pad = 65536 - body(origins).length;
    expect(pad).toBeGreaterThan(0);
    origins[0] = `https://${'a'.repeat(pad)}${origins[0].slice('https://'.length)}`;
    expect(body(origins).length).toBe(65536);
    const at = (list: string[]) => findings({ allowedMethods: [HttpMethods.GET], allowedOrigins: list }).filter(f => f.code === 'document-too-large');
    expect(at(origins)).toEqual([]);
    const over = at([`https://a${origins[0].slice('https://'.length)}`, ...origins.slice(1)]);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ s3Rejects: true });
    expect(over[0].message).toMatch(/^configuration is 65537 bytes as the XML body PutBucketCors receives \(compact/);
  });

  test('fails when MaxAgeSeconds is not a whole number', () => {
    const f = one('invalid-max-age', findings({ ...GOOD, maxAge: 2.5 }));
    expect(f).toMatchObject({ field: 'MaxAgeSeconds', s3Rejects: true });
    expect(f.message).toContain('MaxAgeSeconds is 2.5; S3 takes a whole number of seconds. Use 3.');
  });

  test('fails when ExposeHeaders has a wildcard', () => {
    const f = one('expose-header-wildcard', findings({ ...GOOD, exposedHeaders: ['*'] }));
    expect(f).toMatchObject({ severity: CorsFindingSeverity.ERROR, field: 'ExposeHeaders', valueIndex: 0 });
    expect(f.message).toMatch(/ETag/);
  });
});

describe('what S3 accepts but can never work', () => {
  test.each([
    ['https://example.com/', 'origin-trailing-slash', 'https://example.com'],
    ['https://example.com/assets', 'origin-has-path', 'https://example.com'],
    ['example.com', 'origin-missing-scheme', 'https://example.com'],
    ['localhost:3000', 'origin-missing-scheme', 'http://localhost:3000'],
    ['https://example.com:443', 'origin-default-port', 'https://example.com'],
    ['http://localhost:80', 'origin-default-port', 'http://localhost'],
    ['HTTPS://Example.com', 'origin-uppercase', 'https://example.com'],
  ])('fails when an origin is %s (%s), suggesting %s', (origin, code, fix) => {
    const f = one(code, findings({ ...GOOD, allowedOrigins: ['https://ok.example.com', origin] }));
    expect(f).toMatchObject({ severity: CorsFindingSeverity.ERROR, s3Rejects: false, ruleIndex: 0, field: 'AllowedOrigins', valueIndex: 1 });
    expect(f.message).toContain(`AllowedOrigins[1] "${origin}"`);
    expect(f.message).toContain(`Use "${fix}"`);
  });

  test('fails when an origin is empty', () => {
    expect(one('origin-empty', findings({ ...GOOD, allowedOrigins: [''] }))).toMatchObject({ s3Rejects: false, severity: CorsFindingSeverity.ERROR });
  });

  test('a leading-wildcard origin without scheme is not "missing a scheme": * covers it', () => {
    expect(findings({ ...GOOD, allowedOrigins: ['*.example.com'] })).toEqual([]);
  });

  test('fails when a rule is shadowed by an earlier, wider rule', () => {
    const f = one('rule-shadowed', findings(
      { allowedMethods: [HttpMethods.GET, HttpMethods.HEAD], allowedOrigins: ['https://*.example.com'], allowedHeaders: ['*'] },
      { allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://app.example.com'], allowedHeaders: ['Content-Type'], maxAge: 600 },
    ));
    expect(f).toMatchObject({ ruleIndex: 1, severity: CorsFindingSeverity.ERROR, s3Rejects: false });
    expect(f.message).toMatch(/rule 0 comes first/);
  });

  test('a later rule that adds a method is not shadowed', () => {
    expect(findings(
      { allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://app.example.com'] },
      { allowedMethods: [HttpMethods.GET, HttpMethods.PUT], allowedOrigins: ['https://app.example.com'] },
    ).filter(f => f.code === 'rule-shadowed')).toEqual([]);
  });
});

describe('what is risky', () => {
  test('warns on "*" with a write method', () => {
    const f = one('wildcard-origin-write', findings({ allowedMethods: [HttpMethods.PUT], allowedOrigins: ['*'] }));
    expect(f).toMatchObject({ severity: CorsFindingSeverity.WARNING, s3Rejects: false, valueIndex: 0 });
  });

  test('warns on http:// origins other than localhost', () => {
    expect(one('insecure-origin', findings({ ...GOOD, allowedOrigins: ['http://example.com'] })).message).toContain('Use "https://example.com"');
    expect(findings({ ...GOOD, allowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:8080'] })).toEqual([]);
  });

  test('warns on a null origin', () => {
    expect(one('null-origin', findings({ ...GOOD, allowedOrigins: ['null'] })).severity).toBe(CorsFindingSeverity.WARNING);
  });

  test.each([
    [7200, undefined],
    [7201, 'max-age-above-chromium-cap'],
    [86400, 'max-age-above-chromium-cap'],
    [86401, 'max-age-above-firefox-cap'],
  ])('MaxAgeSeconds %d gives %s', (maxAge, code) => {
    const codes = findings({ ...GOOD, maxAge }).map(f => f.code);
    expect(codes).toEqual(code ? [code] : []);
  });

  test('warns on duplicate entries, header names ignoring case', () => {
    const fs = findings({ ...GOOD, allowedOrigins: ['https://a.example.com', 'https://a.example.com'], allowedHeaders: ['ETag', 'etag'] });
    expect(fs.filter(f => f.code === 'duplicate-value').map(f => [f.field, f.valueIndex])).toEqual([['AllowedOrigins', 1], ['AllowedHeaders', 1]]);
  });
});

test('every finding is reported at once, each naming rule and field', () => {
  const fs = findings(
    { allowedMethods: ['OPTIONS' as HttpMethods], allowedOrigins: ['https://example.com/'] },
    { allowedMethods: [HttpMethods.PUT], allowedOrigins: ['*'], maxAge: 100000 },
  );
  expect(fs.map(f => f.code).sort()).toEqual(['max-age-above-firefox-cap', 'origin-trailing-slash', 'unsupported-method', 'wildcard-origin-write']);
  for (const f of fs) expect(f.message).toMatch(/^rule \d/);
});

describe('an ID that no XML document can carry', () => {
  const idFindings = (id: string) => CorsConfiguration.fromRules([{ id, allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://a.example'] }]).validate()
    .filter(f => f.code === 'id-invalid-character');

  test('is an error S3 answers MalformedXML to, naming the character and the ID without it', () => {
    const [f] = idFindings('assets\u0001v2');
    expect([f.severity, f.s3Rejects, f.field, f.ruleIndex]).toEqual([CorsFindingSeverity.ERROR, true, 'ID', 0]);
    expect(f.message).toBe('rule 0 ID "assets\\u0001v2" contains U+0001, a character no XML document can carry, so the CORS configuration cannot be sent to S3 '
      + '(PutBucketCors answers MalformedXML). Remove it; an ID is a label, e.g. "assetsv2".');
  });

  test('an ID of nothing else suggests a label of its own; a plain ID is no finding', () => {
    expect(idFindings('\u0000\uffff')[0].message).toMatch(/Remove it; an ID is a label, e\.g\. "assets"\.$/);
    expect(idFindings('assets-v2 ü')).toEqual([]);
  });
});
