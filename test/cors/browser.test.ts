import { browserPreflights, refusedWithCredentials } from '../../src/cors/private/browser';

// Fetch standard: only GET/HEAD/POST with safelisted headers (and a simple
// Content-Type) go without a preflight.
test.each([
  ['GET', [], false],
  ['HEAD', [], false],
  ['POST', [{ name: 'content-type', value: 'text/plain;charset=UTF-8' }], false],
  ['POST', [{ name: 'content-type', value: 'multipart/form-data; boundary=x' }], false],
  ['POST', [{ name: 'content-type', value: 'application/json' }], true],
  ['POST', [{ name: 'content-type', value: '' }], true],
  ['GET', [{ name: 'accept', value: 'text/html' }], false],
  ['GET', [{ name: 'x-amz-meta-owner', value: 'a' }], true],
  ['PUT', [], true],
  ['DELETE', [], true],
])('%s with %j preflights: %s', (method, headers, expected) => {
  expect(browserPreflights(method, headers)).toBe(expected);
});

test('a "*" answer is refused for a credentialed request; an echoed origin is not', () => {
  expect(refusedWithCredentials({ allowed: true, preflight: false, headers: { 'access-control-allow-origin': '*' }, explanation: '' })).toBe(true);
  expect(refusedWithCredentials({ allowed: true, preflight: false, headers: { 'access-control-allow-origin': 'https://a.example', 'access-control-allow-credentials': 'true' }, explanation: '' })).toBe(false);
});
