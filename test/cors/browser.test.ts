// The browser side of check, case by case from the Fetch standard's CORS
// sections. Chromium itself judges the same rules in the browser suite
// (test/e2e/check-vs-chromium.e2e.ts), on generated requests.
import { browserRequest, corsCheckFailure, preflightCheckFailure } from '../../src/cors/private/browser';

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
    const r = browserRequest('GET', [h('dnt', '1'), h('Sec-Fetch-Mode', 'x'), h('Proxy-Authorization', 'x')]);
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
