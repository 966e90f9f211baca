// The browser side of check, case by case from the Fetch standard's CORS
// sections. Chromium itself judges the same rules in the browser suite
// (test/e2e/check-vs-chromium.e2e.ts), on generated requests.
import { browserRequest, corsCheckFailure, preflightCheckFailure, simulateFetch } from '../../src/browser/fetch';
import { CorsConfiguration } from '../../src/cors';

const h = (name: string, value: string) => ({ name, value });

describe('which requests are preflighted, and what Access-Control-Request-Headers says', () => {
  test.each([
    ['GET', [], false, undefined],
    ['get', [], false, undefined],
    ['HEAD', [], false, undefined],
    ['POST', [h('content-type', 'text/plain;charset=UTF-8')], false, undefined],
    ['POST', [h('Content-Type', 'multipart/form-data; boundary=x')], false, undefined],
    ['POST', [h('content-type', 'application/json')], true, 'content-type'],
    ['POST', [h('content-type', 'text/plain; x="a:b"')], true, 'content-type'], // ":" and '"' are unsafe bytes
    ['POST', [h('content-type', '')], true, 'content-type'],
    ['GET', [h('accept', 'text/html')], false, undefined],
    ['GET', [h('accept', 'text/html (x)')], true, 'accept'],
    ['GET', [h('accept-language', 'en-US,en;q=0.9')], false, undefined],
    ['GET', [h('accept-language', 'en_US')], true, 'accept-language'], // "_" is not allowed there
    ['GET', [h('range', 'bytes=0-99')], false, undefined],
    ['GET', [h('range', 'bytes=100-')], false, undefined],
    ['GET', [h('range', 'bytes=-100')], true, 'range'],
    ['GET', [h('range', 'bytes=9-1')], true, 'range'],
    ['GET', [h('accept', 'a'.repeat(129))], true, 'accept'],
    ['GET', [h('accept', 'text/html\u0001')], true, 'accept'], // a control character
    ['GET', [h('accept', 'text/html\u007f')], true, 'accept'], // DEL
    ['GET', [h('accept', 'text/html,\tapplication/json')], false, undefined], // a tab is allowed
    ['POST', [h('content-type', 'text/plain ; charset=utf-8')], false, undefined], // whitespace around the essence
    ['POST', [h('content-type', '\ttext/plain')], false, undefined],
    ['POST', [h('content-type', 'text/plainx')], true, 'content-type'],
    ['POST', [h('content-type', 'xtext/plain')], true, 'content-type'],
    ['GET', [h('range', 'bytes=5-5')], false, undefined], // a one-byte range
    ['GET', [h('range', 'xbytes=0-1')], true, 'range'],
    ['GET', [h('range', 'bytes=0-1,3-4')], true, 'range'], // one range only
    ['GET', [h('X-Trace', '1'), h('x-amz-meta-b', '2'), h('x-trace', '3')], true, 'x-amz-meta-b,x-trace'],
    ['PUT', [], true, undefined],
    ['patch', [], true, undefined],
  ])('%s with %j: preflight %s, requested headers %s', (method, headers, preflight, requested) => {
    const r = browserRequest(method, headers);
    expect([r.preflight, r.requestHeaders]).toEqual([preflight, requested]);
  });

  test('safelisted values at their 128-byte limit stay safe; a header set again past it does not', () => {
    const under = [h('accept', 'a'.repeat(128)), h('accept-language', 'b'.repeat(128)), h('content-language', 'c'.repeat(128))];
    expect(browserRequest('GET', under).preflight).toBe(false);
    const repeated = Array.from({ length: 9 }, (_, i) => h('accept-language', `${i}`.repeat(120)));
    expect(browserRequest('GET', repeated).requestHeaders).toBe('accept-language');
  });

  test('method names: the six standard ones are upper-cased, others go as written', () => {
    expect(browserRequest('delete', []).method).toBe('DELETE');
    expect(browserRequest('patch', []).method).toBe('patch');
  });

  test('forbidden headers are dropped, not requested', () => {
    const r = browserRequest('GET', [h('dnt', '1'), h('Sec-Fetch-Mode', 'x'), h('accept', 'text/html'), h('Proxy-Authorization', 'x')]);
    expect(r).toMatchObject({ preflight: false, requestHeaders: undefined, dropped: ['dnt', 'sec-fetch-mode', 'proxy-authorization'] });
  });
});

describe('the CORS checks on answers', () => {
  const O = 'https://app.example';
  test('Access-Control-Allow-Origin must be the origin, or "*" without credentials', () => {
    expect(corsCheckFailure({}, O, false)).toMatch(/no Access-Control-Allow-Origin/);
    expect(corsCheckFailure({ 'access-control-allow-origin': '*' }, O, false)).toBeUndefined();
    expect(corsCheckFailure({ 'access-control-allow-origin': '*' }, O, true)).toMatch(/refuse for a request with credentials/);
    expect(corsCheckFailure({ 'access-control-allow-origin': 'https://other.example' }, O, false)).toMatch(/allows origin "https:\/\/other.example"/);
    expect(corsCheckFailure({ 'access-control-allow-origin': O }, O, true)).toMatch(/lacks Access-Control-Allow-Credentials: true/);
    expect(corsCheckFailure({ 'access-control-allow-origin': O, 'access-control-allow-credentials': 'true' }, O, true)).toBeUndefined();
  });

  test('a preflight must list the method and every requested header', () => {
    const req = browserRequest('PUT', [h('x-a', '1'), h('authorization', 'x')]);
    expect(preflightCheckFailure({ 'access-control-allow-methods': 'GET, PUT', 'access-control-allow-headers': 'x-a, authorization' }, req, false)).toBeUndefined();
    expect(preflightCheckFailure({ 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'x-a, authorization' }, req, false)).toMatch(/does not list PUT/);
    expect(preflightCheckFailure({ 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-a' }, req, false)).toMatch(/does not list authorization/);
    // "*" covers any header but Authorization, and nothing with credentials.
    expect(preflightCheckFailure({ 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' }, browserRequest('PUT', [h('x-a', '1')]), false)).toBeUndefined();
    expect(preflightCheckFailure({ 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' }, req, false)).toMatch(/authorization/);
    expect(preflightCheckFailure({ 'access-control-allow-methods': '*' }, browserRequest('PUT', []), true)).toMatch(/does not list PUT/);
  });
});

describe('simulateFetch: the browser and S3 together', () => {
  const config = CorsConfiguration.fromJson(JSON.stringify([
    { AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['https://app.example'], AllowedHeaders: ['content-type'] },
    { AllowedMethods: ['GET'], AllowedOrigins: ['*'] },
  ]));
  const O = 'https://app.example';

  test('a simple GET: no preflight, S3 echoes the origin, let through', () => {
    const r = simulateFetch(config, O, 'GET', [], false);
    expect(r).toMatchObject({ allowed: true, preflight: undefined, actual: { matchedRuleIndex: 0 }, request: { preflight: false } });
    expect(r.explanation).toBe('Rule 0 allows GET from https://app.example.');
  });

  test('a PUT with a JSON body: preflighted with content-type, allowed, then the actual PUT', () => {
    const r = simulateFetch(config, O, 'PUT', [h('content-type', 'application/json')], true);
    expect(r).toMatchObject({ allowed: true, request: { preflight: true, requestHeaders: 'content-type' }, preflight: { statusCode: 200 }, actual: { allowed: true } });
  });

  test('a refused preflight: S3\'s status and code, and no actual request', () => {
    const r = simulateFetch(config, 'https://other.example', 'PUT', [], false);
    expect(r.allowed).toBe(false);
    expect(r.actual).toBeUndefined();
    expect(r.explanation).toMatch(/^The preflight is refused \(S3 answers 403 AccessForbidden\)\. /);
  });

  test('credentials through "*": the preflight is answered but the browser refuses "*", and says how to fix it', () => {
    const r = simulateFetch(config, 'https://other.example', 'GET', [h('x-trace', '1')], true);
    expect(r.allowed).toBe(false);
    expect(r.explanation).toMatch(/^The preflight is refused/); // rule 1 has no AllowedHeaders
    const simple = simulateFetch(config, 'https://other.example', 'GET', [], true);
    expect(simple).toMatchObject({ allowed: false, actual: { allowed: true } });
    expect(simple.explanation).toBe('The browser rejects the response: the answer is "Access-Control-Allow-Origin: *", which browsers refuse for a request with credentials. Rule 1 matched through "*": list "https://other.example" in AllowedOrigins of a rule before it (S3 then echoes the origin and allows credentials).');
  });

  test('a preflight whose answer the browser rejects: credentials and "*"', () => {
    const star = CorsConfiguration.fromJson('[{"AllowedMethods": ["PUT"], "AllowedOrigins": ["*"]}]');
    const r = simulateFetch(star, O, 'PUT', [], true);
    expect(r).toMatchObject({ allowed: false, preflight: { statusCode: 200 } });
    expect(r.actual).toBeUndefined();
    expect(r.explanation).toMatch(/^The browser rejects the preflight's answer: the answer is "Access-Control-Allow-Origin: \*", which browsers refuse for a request with credentials\. Rule 0 matched through "\*"/);
    expect(simulateFetch(star, O, 'PUT', [], false).allowed).toBe(true);
  });

  test('no rule for the actual request: blocked with S3\'s explanation', () => {
    const r = simulateFetch(config, 'https://other.example', 'POST', [], false);
    expect(r).toMatchObject({ allowed: false, actual: { allowed: false } });
    expect(r.explanation).toMatch(/POST is in no rule for this origin/);
  });
});
