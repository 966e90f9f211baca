// Hostile and odd input to the model: every case here was handled badly
// before (issue 9) and is pinned by behaviour a user relies on.
import { CorsConfiguration, CorsFindingSeverity, CorsOrigin } from '../../src/cors';
import { broadOriginReason } from '../../src/cors/internal';

const findings = (rules: object[]) => CorsConfiguration.fromJson(JSON.stringify(rules)).validate();
const codes = (rules: object[]) => findings(rules).map(f => f.code);

describe('origin patterns as open as "*"', () => {
  test.each([
    ['*', 'it matches every origin'],
    ['https://*', 'matches every host after "https://", e.g. "https://attacker.example"'],
    ['https://example.*', 'matches every host after "https://example.", e.g. "https://example.attacker.example"'],
    ['https://*example.com', 'also matches "https://attackerexample.com", a domain anyone can register'],
    ['https://*.com', 'also matches "https://attacker.com"'],
    ['*example.com', 'also matches "attackerexample.com"'],
    ['h*', 'matches every host after "h", e.g. "https://attacker.example"'],
    ['https:*', 'matches every host after "https:", e.g. "https://attacker.example"'],
    ['http*.com', 'also matches "https://attacker.com"'],
    ['http:*', 'matches every host after "http:", e.g. "http://attacker.example"'],
    ['https://*example', 'also matches "https://attackerexample", a domain anyone can register'],
  ])('%s is open: %s', (pattern, reason) => {
    expect(broadOriginReason(pattern)).toContain(reason);
  });

  test.each(['https://*.example.com', 'https://app-*.example.com', 'https://*-app.example.com', 'https://example.com:*', 'http://localhost:*', 'https://app.example.com', '*://example.com'])(
    '%s pins a domain or port and is not', pattern => {
      expect(broadOriginReason(pattern)).toBeUndefined();
    });

  test('a read rule with "https://*" warns that it is more permissive than "*"; with a write it also warns like "*"', () => {
    const read = findings([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://*'] }]);
    expect(read.map(f => [f.code, f.severity])).toEqual([['origin-matches-any-site', CorsFindingSeverity.WARNING]]);
    expect(read[0].message).toMatch(/Access-Control-Allow-Credentials: true, so this is more permissive than "\*"/);
    expect(codes([{ AllowedMethods: ['PUT'], AllowedOrigins: ['https://*example.com'] }]).sort()).toEqual(['origin-matches-any-site', 'wildcard-origin-write']);
    expect(codes([{ AllowedMethods: ['PUT'], AllowedOrigins: ['https://*.example.com'] }])).toEqual([]);
  });
});

describe('input that used to crash or hang', () => {
  test('JSON nested 6,000 levels deep (12 KB) is refused with a position, not a stack overflow', () => {
    const text = `${'['.repeat(6000)}${']'.repeat(6000)}`;
    expect(() => CorsConfiguration.fromJson(text)).toThrow(/^Invalid CORS configuration JSON at line 1, column 65: nested more than 64 levels deep/);
    // Brackets inside strings do not count; 64 levels are fine.
    expect(() => CorsConfiguration.fromJson(`[{"ID": "${'['.repeat(100)}", "AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]`)).not.toThrow();
    expect(() => CorsConfiguration.fromJson(`${'['.repeat(64)}${']'.repeat(64)}`)).not.toThrow();
  });

  test('a rule without AllowedOrigins or AllowedMethods ([{}], camelCase keys) is a finding, and evaluate answers as S3 would', () => {
    for (const text of ['[{}]', '[{"allowedOrigins": ["*"], "allowedMethods": ["GET"]}]']) {
      const config = CorsConfiguration.fromJson(text);
      expect(config.validate().map(f => f.code)).toEqual(expect.arrayContaining(['missing-allowed-origins', 'missing-allowed-methods']));
      expect(config.evaluate({ method: 'OPTIONS', origin: 'https://a.example', accessControlRequestMethod: 'GET' })).toMatchObject({ allowed: false, statusCode: 403, errorCode: 'AccessForbidden' });
    }
  });

  test('beyond S3\'s limits (101 rules) the pairwise shadowing check is not run: S3 refuses the whole configuration, and says so', () => {
    const rule = { AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'] };
    const over = codes(Array(101).fill(rule));
    expect(over).toContain('too-many-rules');
    expect(over).not.toContain('rule-shadowed');
    expect(codes(Array(100).fill(rule)).filter(c => c === 'rule-shadowed')).toHaveLength(99);
  });
});

describe('text that is not JSON is named', () => {
  const reason = (text: string) => {
    try {
      CorsConfiguration.fromJson(text);
    } catch (e) {
      return (e as Error).message;
    }
    return 'parsed';
  };
  test.each([
    ['a UTF-8 byte order mark', '\ufeff[]', /line 1, column 1: the text starts with a byte order mark \(U\+FEFF\)/],
    ['S3\'s XML form', '<?xml version="1.0"?>\n<CORSConfiguration><CORSRule/></CORSConfiguration>', /this is S3's XML form \(<CORSConfiguration>\); this command takes JSON/],
    ['YAML', 'CORSRules:\n  - AllowedMethods: [GET]\n', /this looks like YAML, not JSON/],
    ['YAML, a list at the top', '- AllowedMethods:\n  - GET\n', /line 1, column 1: this looks like YAML, not JSON/],
    ['YAML with a document marker', '---\n[GET]\n', /line 1, column 1: this looks like YAML, not JSON/],
    ['YAML, indented, a key with a dash and a space before the colon', '  Allowed-Origins : ["*"]\n', /line 1, column 3: this looks like YAML, not JSON/],
    ['YAML, a key at the end of its line', 'x\nCORSRules:', /this looks like YAML, not JSON/],
    ['S3 XML form with a namespace', '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule/></CORSConfiguration>', /this is S3's XML form \(<CORSConfiguration>\)/],
    ['an HTML page', '\n  <!DOCTYPE html><html><body>Access Denied</body></html>', /line 2, column 3: this is XML or HTML, not JSON; a CORS configuration is a JSON array of rules/],
    ['a non-breaking space', '[{"AllowedMethods":\u00a0["GET"]}]', /column 20: a non-breaking space \(U\+00A0\)/],
  ])('%s', (_what, text, expected) => {
    expect(reason(text)).toMatch(expected);
  });

  test.each([
    ['an object whose keys lack quotes', '{\nCORSRules: []\n}', /line 2, column 1: unexpected "CORSRules"/],
    ['a URL', 'https://a.example', /column 1: unexpected "https"/],
    ['a word and a colon without a space', 'a:b', /column 1: unexpected "a"/],
    ['a word', 'hello', /column 1: unexpected "hello"/],
    ['a string first, though a later line looks like YAML', '"a: b"\nc: d', /line 2, column 1: unexpected "c"/],
  ])('%s is not taken for YAML', (_what, text, expected) => {
    expect(reason(text)).toMatch(expected);
    expect(reason(text)).not.toMatch(/YAML/);
  });

  test('CR-only line endings count as lines', () => {
    const f = findings([{}]).length; // sanity: the helper works
    expect(f).toBeGreaterThan(0);
    const config = CorsConfiguration.fromJson('[\r{"AllowedMethods": ["GET"],\r "AllowedOrigins": ["https://a.example/"]}]');
    expect(config.validate().find(x => x.code === 'origin-trailing-slash')).toMatchObject({ line: 3, column: 21 });
  });
});

describe('messages quote hostile values safely', () => {
  test('control characters in a value are escaped, so a finding stays one line and cannot colour a terminal', () => {
    const [f] = findings([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example/\u001b[31m\n'] }]).filter(x => x.field === 'AllowedOrigins');
    expect(f.message).toContain('\\u001b[31m\\n');
    expect(f.message).not.toMatch(/[\u0000-\u001f]/);
  });

  /** What no message may carry raw: C0, DEL, C1, the line separators, lone surrogates. */
  const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const thrown = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('did not throw');
  };

  test.each<[string, () => unknown]>([
    ['CorsOrigin.exact with U+2028', () => CorsOrigin.exact('https://a\u2028.example.com')],
    ['CorsOrigin.exact with a lone surrogate', () => CorsOrigin.exact('https://a\ud800.example.com')],
    ['CorsOrigin.https with U+2028', () => CorsOrigin.https('a\u2028.example.com')],
    ['CorsOrigin.subdomainsOf with U+2029', () => CorsOrigin.subdomainsOf('a\u2029.com')],
    ['CorsOrigin.localhost with ESC as host', () => CorsOrigin.localhost(3000, 'x\u001b[2J')],
  ])('%s: the error quotes the value escaped', (_name, f) => {
    expect(thrown(f)).not.toMatch(RAW);
  });

  test('a lone surrogate in a header is escaped in the finding', () => {
    const messages = findings([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'], AllowedHeaders: ['x\udc00'] }]).map(f => f.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).not.toMatch(RAW);
  });

  test('a huge value is quoted cut, saying how much was left out, not a million times over', () => {
    const origin = `https://${'*'.repeat(1_000_000)}.example.com`;
    const all = findings([{ AllowedMethods: ['GET'], AllowedOrigins: [origin] }]);
    for (const f of all) expect(f.message.length).toBeLessThan(2000);
    const about = all.filter(f => f.field === 'AllowedOrigins').map(f => f.message);
    expect(about.length).toBeGreaterThan(0);
    for (const m of about) expect(m).toContain('…(999820 more characters)');
    expect(thrown(() => CorsOrigin.exact(origin)).length).toBeLessThan(4000);
  });
});

describe('origins that can never match, and passed before', () => {
  const one = (origin: string) => findings([{ AllowedMethods: ['GET'], AllowedOrigins: [origin] }]).filter(f => f.field === 'AllowedOrigins');
  test.each([
    [' https://a.example', 'origin-whitespace', 'Use "https://a.example"'],
    ['https://a.example\t', 'origin-whitespace', 'Use "https://a.example"'],
    ['https://user@a.example', 'origin-userinfo', 'Use "https://a.example"'],
    ['https://user:pw@a.example:8443', 'origin-userinfo', 'Use "https://a.example:8443"'],
    ['https://a.example:0', 'origin-invalid-port', 'from 1 to 65535'],
    ['https://a.example:65536', 'origin-invalid-port', 'from 1 to 65535'],
    ['https://a.example:08443', 'origin-invalid-port', 'Use "https://a.example:8443"'],
    ['https://a.example:http', 'origin-invalid-port', 'from 1 to 65535'],
    ['https://', 'origin-empty-host', 'has no host name'],
    ['file:///Users/me/index.html', 'origin-file-scheme', 'send "Origin: null"'],
    ['https://bücher.example', 'origin-unicode-host', 'Use "https://xn--bcher-kva.example"'],
    ['NULL', 'origin-uppercase', 'Use "null"'],
  ])('%j: %s', (origin, code, fix) => {
    const f = one(origin);
    expect(f.map(x => x.code)).toEqual([code]);
    expect(f[0].message).toContain(fix);
    // The wrong advice of before: "has no scheme" for a leading space, "https://null" for NULL.
    expect(f[0].message).not.toMatch(/has no scheme|https:\/\/null/);
  });

  test('ports 1 and 65535, [::1] with a port, and "null" itself are fine', () => {
    for (const o of ['https://a.example:1', 'https://a.example:65535', 'http://[::1]:3000']) expect([o, one(o)]).toEqual([o, []]);
    expect(one('null').map(f => f.code)).toEqual(['null-origin']);
  });
});

describe('headers, max age and keys that passed or were misread before', () => {
  test.each([
    ['x-amz-meta-owner: alice', 'Write the name only: "x-amz-meta-owner"'],
    ['x amz', 'Remove the spaces: "xamz"'],
    ['', 'is empty'],
  ])('AllowedHeaders %j is not a header name', (header, fix) => {
    const f = findings([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'], AllowedHeaders: [header] }]).filter(x => x.code === 'header-invalid-name');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain(fix);
  });

  test('MaxAgeSeconds beyond 32 bits, written 3000.0, or 1e309 is refused with a usable fix', () => {
    const msg = (text: string) => CorsConfiguration.fromJson(text).validate().filter(f => f.field === 'MaxAgeSeconds').map(f => f.message).join(' ');
    expect(msg('[{"AllowedMethods":["GET"],"AllowedOrigins":["*"],"MaxAgeSeconds":2147483648}]')).toMatch(/beyond what S3 stores \(a 32-bit whole number, at most 2147483647/);
    expect(msg('[{"AllowedMethods":["GET"],"AllowedOrigins":["*"],"MaxAgeSeconds":2147483647}]')).not.toMatch(/32-bit/);
    expect(msg('[{"AllowedMethods":["GET"],"AllowedOrigins":["*"],"MaxAgeSeconds":3000.0}]')).toMatch(/got 3000\.0 \(the AWS CLI and S3 refuse a decimal point .*\)\. Write 3000\./);
    const huge = msg('[{"AllowedMethods":["GET"],"AllowedOrigins":["*"],"MaxAgeSeconds":1e309}]');
    expect(huge).toMatch(/1e309, which is not a number S3 can store/);
    expect(huge).not.toMatch(/Infinity/);
  });

  test('both CORSRules and CorsRules is an error, not a silently dropped list', () => {
    const f = CorsConfiguration.fromJson('{"CORSRules":[{"AllowedMethods":["GET"],"AllowedOrigins":["*"]}],"CorsRules":[{"AllowedMethods":["PUT"],"AllowedOrigins":["*"]}]}').validate();
    expect(f.find(x => x.message.includes('both "CORSRules" (s3api form) and "CorsRules" (CloudFormation form)'))).toMatchObject({ severity: CorsFindingSeverity.ERROR, line: 1 });
  });

  test('a "constructor" key is an unknown field, not a suggestion of Object\'s source code', () => {
    const [f] = findings([{ constructor: 1, AllowedMethods: ['GET'], AllowedOrigins: ['*'] }]).filter(x => x.code === 'unknown-field');
    expect(f.message).toBe('rule 0: unknown field "constructor". A rule may have only AllowedHeaders, AllowedMethods, AllowedOrigins, ExposeHeaders, MaxAgeSeconds, ID. Remove it or rename it.');
  });
});
