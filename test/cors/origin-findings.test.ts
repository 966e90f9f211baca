// What validate() says about one AllowedOrigin at the edges of what browsers
// send (docs/s3-cors.md, "Origins"): which findings, and which origin the fix
// tells the user to write instead. The expected fixes are what a browser
// sends for the page the user most likely meant, worked out by hand.
import { CorsConfiguration, CorsFinding, CorsFindingSeverity } from '../../src/cors';

function originFindings(origin: string, methods = ['GET']): CorsFinding[] {
  return CorsConfiguration.fromRules([{ allowedMethods: methods as any, allowedOrigins: ['https://ok.example.com', origin] }]).validate();
}
const codes = (fs: CorsFinding[]) => fs.map(f => f.code).sort();
/** The origin each finding's message tells the user to write, or undefined. */
const fixes = (fs: CorsFinding[]) => fs.map(f => /Use "([^"]*)"/.exec(f.message)?.[1]);

describe('origins with findings: the codes and the origin to write instead', () => {
  test.each<[string, string[], Array<string | undefined>]>([
    // scheme-less: the scheme a browser would send for such a host, or no guess at all
    ['app.example.com/', ['origin-missing-scheme'], ['https://app.example.com']],
    ['localhost:3000', ['origin-missing-scheme'], ['http://localhost:3000']],
    ['localhost', ['origin-missing-scheme'], ['http://localhost']],
    ['127.0.0.1:8080', ['origin-missing-scheme'], ['http://127.0.0.1:8080']],
    ['localhost.example.com', ['origin-missing-scheme'], ['https://localhost.example.com']],
    ['my-localhost:3000', ['origin-missing-scheme'], ['https://my-localhost:3000']],
    ['app_example.com', ['origin-missing-scheme'], [undefined]],
    ['app.exa%mple.com', ['origin-missing-scheme'], [undefined]],
    ['x*.example.com', ['origin-missing-scheme'], [undefined]],
    ['x*.com', ['origin-missing-scheme'], [undefined]], // its "*" cannot stand for a scheme: no site matches it
    // a leading "*" stands for the scheme and the start of the host: what follows is the end of a host
    ['*.exa%mple.com', ['origin-invalid-host-character'], [undefined]],
    ['*.example.com', [], []],
    // IPv6 hosts keep their brackets; the port after them is checked like any other
    ['http://[::1]:99999', ['origin-invalid-port'], [undefined]],
    ['http://a[::1]', ['origin-invalid-port'], [undefined]],
    ['http://[::1]:3000', [], []],
    ['_app.example.com', ['origin-missing-scheme'], [undefined]],
    ['app.example.com/path', ['origin-missing-scheme'], [undefined]],
    // default ports: only the scheme's own default is left out by browsers
    ['https://app.example.com:443', ['origin-default-port'], ['https://app.example.com']],
    ['https://app.example.com:4430', [], []],
    ['https://app.example.com:80', [], []],
    ['http://app.example.com:80/', ['insecure-origin', 'origin-default-port', 'origin-trailing-slash'], ['https://app.example.com', 'http://app.example.com', 'http://app.example.com']],
    ['HTTPS://App.example.com:80', ['origin-uppercase'], ['https://app.example.com:80']],
    ['HTTP://App.example.com:443', ['insecure-origin', 'origin-uppercase'], ['https://app.example.com:443', 'http://app.example.com:443']],
    ['HTTP://App.example.com:80', ['insecure-origin', 'origin-default-port', 'origin-uppercase'], ['https://app.example.com', 'http://app.example.com', 'http://app.example.com']],
    // ports browsers can send, and ones they cannot
    ['https://app.example.com:*', [], []],
    ['http://[::1]', [], []],
    ['http://[::1]:3000', [], []],
    ['https://app.example.com:08080', ['origin-invalid-port'], ['https://app.example.com:8080']],
    ['https://app.example.com:01', ['origin-invalid-port'], ['https://app.example.com:1']],
    ['https://app.example.com:065535', ['origin-invalid-port'], ['https://app.example.com:65535']],
    ['https://app.example.com:065536', ['origin-invalid-port'], [undefined]],
    ['https://app.example.com:0', ['origin-invalid-port'], [undefined]],
    ['https://app.example.com:1e3', ['origin-invalid-port'], [undefined]],
    ['https://app.example.com:+1', ['origin-invalid-port'], [undefined]],
    ['https://app.example.com:0x10', ['origin-invalid-port'], [undefined]],
    // what no browser ever puts in Origin
    [' https://app.example.com', ['origin-whitespace'], ['https://app.example.com']],
    ['https://app .example.com', ['origin-whitespace'], [undefined]],
    ['NULL', ['origin-uppercase'], ['null']],
    ['https://user:secret@app.example.com', ['origin-userinfo'], ['https://app.example.com']],
    ['https://bücher.example', ['origin-unicode-host'], ['https://xn--bcher-kva.example']],
    ['https://bücher.example:8443', ['origin-unicode-host'], ['https://xn--bcher-kva.example:8443']],
    ['https://bü%cher.example', ['origin-unicode-host'], [undefined]],
    ['https://', ['origin-empty-host'], [undefined]],
    ['https://:8443', ['origin-empty-host'], [undefined]],
    ['file:///home/me/index.html', ['origin-file-scheme'], [undefined]],
    // line terminators JavaScript knows beyond CR and LF, refused like other invisible characters
    ['https://app.example.com\u2028', ['origin-whitespace'], ['https://app.example.com']],
    ['\u2029https://app.example.com', ['origin-whitespace'], ['https://app.example.com']],
    ['https://app\u2028.example.com', ['origin-whitespace'], [undefined]],
    // characters no URL host can contain; "*" stays S3's wildcard
    ['https://app\\example.com', ['origin-invalid-host-character'], [undefined]],
    ['https://app<b>.example.com', ['origin-invalid-host-character'], [undefined]],
    ['https://a|b.example.com', ['origin-invalid-host-character'], [undefined]],
    ['https://app.ex%61mple.com', ['origin-invalid-host-character'], [undefined]],
    ['https://app^.example.com:8443', ['origin-invalid-host-character'], [undefined]],
    ['https://*.ex%61mple.com', ['origin-invalid-host-character'], [undefined]],
    ['https://[app].example.com', ['origin-invalid-host-character'], [undefined]],
    // "*" without a scheme stands for the scheme and the start of the host: what follows is the end of a host
    ['*.example.com<script>', ['origin-invalid-host-character'], [undefined]],
    ['*.a.b|^\\', ['origin-invalid-host-character'], [undefined]],
    ['*.ex%61mple.com', ['origin-invalid-host-character'], [undefined]],
    ['*.example.com^', ['origin-invalid-host-character'], [undefined]],
    ['*.example.com', [], []],
    ['*://[::1]:3000', [], []],
  ])('%j', (origin, expectedCodes, expectedFixes) => {
    const fs = originFindings(origin).sort((a, b) => a.code.localeCompare(b.code));
    expect(codes(fs)).toEqual(expectedCodes);
    expect(fixes(fs)).toEqual(expectedFixes);
    for (const f of fs) expect(f).toMatchObject({ ruleIndex: 0, field: 'AllowedOrigins', valueIndex: 1 });
  });

  test('a scheme-less origin with no sure fix says to add a scheme', () => {
    const [f] = originFindings('app_example.com');
    expect(f.message).toBe('rule 0 AllowedOrigins[1] "app_example.com" has no scheme: browsers send the full origin such as "https://example.com", and S3 compares strings, so this never matches. Add "https://" or "http://".');
  });

  test('what no browser sends is an error S3 still accepts, and the message says it never matches', () => {
    for (const origin of [' https://app.example.com', 'NULL', 'https://user@app.example.com', 'https://bücher.example', 'https://']) {
      const [f] = originFindings(origin);
      expect(f).toMatchObject({ severity: CorsFindingSeverity.ERROR, s3Rejects: false });
      expect(f.message).toContain(' so it never matches.');
    }
    expect(originFindings('NULL')[0].message).toContain('they send "null" in lower case');
    expect(originFindings('https://user@app.example.com')[0].message).toContain('has user info');
    expect(originFindings('https://bücher.example')[0].message).toContain('has a host name in Unicode; browsers send its ASCII (punycode, "xn--") form');
    expect(originFindings('\thttps://app.example.com')[0].message).toContain('has spaces or control characters');
    expect(originFindings('null')[0].message).toContain('sandboxed iframes');
  });
});

describe('wildcards that let in sites anyone can register', () => {
  test.each([
    ['https://*', 'it matches every host after "https://", e.g. "https://attacker.example"'],
    ['https://*:8443', 'it matches every host after "https://", e.g. "https://attacker.example:8443"'],
    ['https://*example.com', 'it also matches "https://attackerexample.com", a domain anyone can register'],
    ['https://*.com', 'it also matches "https://attacker.com", a domain anyone can register'],
    ['https://*..com', 'it also matches "https://attacker..com", a domain anyone can register'],
    ['https://app.*', 'it matches every host after "https://app.", e.g. "https://app.attacker.example"'],
    // The "*" stands for "://" too: every http and https site, not an origin without a scheme.
    ['http*', 'it matches every host after "http", e.g. "https://attacker.example"'],
    ['https:*', 'it matches every host after "https:", e.g. "https://attacker.example"'],
    ['h*.com', 'it also matches "https://attacker.com", a domain anyone can register'],
  ])('%j', (origin, reason) => {
    const fs = originFindings(origin);
    expect(codes(fs)).toEqual(['origin-matches-any-site']);
    expect(fs[0].message).toContain(`lets in sites you do not control: ${reason}.`);
  });

  test.each(['https://*.example.com', 'https://*.app.example.com:8443', 'https://app.example.com:*', 'http*://app.example.com'])('%j pins a domain', origin => {
    expect(codes(originFindings(origin))).not.toContain('origin-matches-any-site');
  });

  test('a write method with such an origin warns, naming the origin, why it is broad and the methods', () => {
    const [f] = originFindings('https://*', ['GET', 'PUT', 'DELETE']).filter(x => x.code === 'wildcard-origin-write');
    expect(f).toMatchObject({ severity: CorsFindingSeverity.WARNING, ruleIndex: 0, field: 'AllowedOrigins', valueIndex: 1 });
    expect(f.message).toContain('rule 0 AllowedOrigins[1] is "https://*" (it matches every host after "https://", e.g. "https://attacker.example") while the rule allows PUT, DELETE:');
    const [any] = originFindings('*', ['POST']).filter(x => x.code === 'wildcard-origin-write');
    expect(any.message).toContain('rule 0 AllowedOrigins[1] is "*" while the rule allows POST:');
  });
});

describe('a character no URL host can hold: the message says what the browser does with it', () => {
  test.each([
    ['https://a\\b.example', 'has "\\" in its host name, which no URL host can contain (browsers read "\\" there as "/"), so it never matches.'],
    ['https://a^b.example', 'has "^" in its host name, which no URL host can contain (browsers refuse such a URL), so it never matches.'],
  ])('%s', (origin, why) => {
    const found = originFindings(origin).filter(f => f.code === 'origin-invalid-host-character');
    expect(found.map(f => f.message)).toEqual([`rule 0 AllowedOrigins[1] ${JSON.stringify(origin)} ${why}`]);
  });

  test('a malformed origin without a fix ends its message there (no "Use")', () => {
    expect(originFindings('https://').map(f => f.message)).toEqual(['rule 0 AllowedOrigins[1] "https://" has no host name; so it never matches.']);
  });
});
