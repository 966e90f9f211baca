// What live answers mean (src/browser/diagnose.ts), on answers written
// here the way S3 and CloudFront send them (docs/s3-cors.md, docs/caching.md).
import { blockedFix, browserCacheHazard, cacheStatus, configDifferences, differences, followRedirect, isRedirect, LiveAnswer, liveVerdict, poisonedAnswer, whoAnswered } from '../../src/browser/diagnose';
import { browserRequest } from '../../src/browser/fetch';
import { CorsConfiguration } from '../../src/cors';

const APP = 'https://app.example.com';
const answer = (status: number, headers: Record<string, string> = {}, body = ''): LiveAnswer => ({ status, headers, body });
const s3Error = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

describe('who answered', () => {
  test.each<[string, LiveAnswer, string]>([
    ['', answer(403, {}, s3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.')), 'S3: the bucket has no CORS configuration'],
    ['', answer(403, {}, s3Error('AccessForbidden', 'CORSResponse: This CORS request is not allowed.')), 'S3 refused the preflight: no CORS rule matches this origin, method and headers'],
    ['', answer(404, {}, s3Error('NoSuchBucket', 'The specified bucket does not exist')), 'S3: the bucket does not exist (a wrong name, region or endpoint)'],
    ['', answer(404, {}, s3Error('NoSuchKey', 'The specified key does not exist.')), 'S3: there is no object at this key'],
    ['', answer(403, {}, s3Error('AccessDenied', 'Access Denied')), 'S3: access denied (the bucket policy or an origin access control, not CORS)'],
    ['', answer(400, {}, s3Error('BadRequest', 'Insufficient information.')), 'S3 error BadRequest'],
    ['', answer(403, { 'x-cache': 'Error from cloudfront' }, '403 ERROR: this distribution is not configured to allow the HTTP request method that was used for this request.'),
      'CloudFront refused the method: the cache behaviour does not allow it (AllowedMethods)'],
    ['', answer(502, { via: '1.1 abc.cloudfront.net (CloudFront)' }), 'CloudFront'],
    ['', answer(500, { server: 'nginx' }), 'the server (nginx)'],
    ['', answer(500), 'the server'],
  ])('answer %#', (_, a, who) => {
    expect(whoAnswered(a)).toBe(who);
  });
});

test('cache status reads x-cache, age and via; a positive age alone means a cached copy', () => {
  expect(cacheStatus(answer(200, { 'x-cache': 'Hit from cloudfront' }))).toBe('from the CDN\'s cache (x-cache: Hit from cloudfront)');
  expect(cacheStatus(answer(200, { 'x-cache': 'Miss from cloudfront', 'via': 'v' }))).toBe('not from a cache (x-cache: Miss from cloudfront, via: v)');
  expect(cacheStatus(answer(200, { age: '12' }))).toBe('from the CDN\'s cache (age: 12 s)');
  expect(cacheStatus(answer(200, { age: '0' }))).toBe('not from a cache (age: 0 s)');
  expect(cacheStatus(answer(200))).toBeUndefined();
});

describe('the browser\'s verdict on live answers (the Fetch rules of check)', () => {
  const put = browserRequest('PUT', [{ name: 'content-type', value: 'image/png' }]);
  const goodPreflight = answer(200, { 'access-control-allow-origin': APP, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'content-type' });
  test.each<[string, LiveAnswer | undefined, LiveAnswer | undefined, boolean, string]>([
    ['a good preflight and answer', goodPreflight, answer(200, { 'access-control-allow-origin': APP }), true, ''],
    ['a good preflight, the write not sent', goodPreflight, undefined, true, ''],
    ['a 204 preflight', { ...goodPreflight, status: 204 }, undefined, true, ''],
    ['a 300 preflight', { ...goodPreflight, status: 300 }, undefined, false, 'the preflight was answered 300 (the server); browsers need a 2xx answer'],
    ['a 199 preflight', { ...goodPreflight, status: 199 }, undefined, false, 'the preflight was answered 199'],
    ['a refused preflight', answer(403, {}, s3Error('AccessForbidden', 'x')), undefined, false, 'the preflight was answered 403 (S3 refused the preflight'],
    ['a 2xx preflight without the method', answer(200, { 'access-control-allow-origin': APP, 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'content-type' }), undefined, false,
      'the preflight\'s answer fails the browser\'s check: the preflight\'s Access-Control-Allow-Methods does not list PUT'],
    ['an answer without Allow-Origin', goodPreflight, answer(200), false, 'the PUT answer (200) fails the browser\'s CORS check: the answer has no Access-Control-Allow-Origin header'],
  ])('%s', (_, preflight, actual, allowed, reason) => {
    const v = liveVerdict(put, APP, false, preflight, actual);
    expect(v.allowed).toBe(allowed);
    expect(v.reason.startsWith(reason)).toBe(true);
    if (allowed) expect(v.reason).toBe('');
  });

  test('a star is refused with credentials', () => {
    const get = browserRequest('GET', []);
    expect(liveVerdict(get, APP, false, undefined, answer(200, { 'access-control-allow-origin': '*' })).allowed).toBe(true);
    expect(liveVerdict(get, APP, true, undefined, answer(200, { 'access-control-allow-origin': '*' })).allowed).toBe(false);
  });
});

describe('the browser-cache hazard', () => {
  const cors = answer(200, { 'access-control-allow-origin': APP, 'vary': 'Origin' });
  test('an answer without Origin that lacks Vary: Origin is a hazard when the CORS answer differs', () => {
    expect(browserCacheHazard(answer(200), cors)).toMatch(/^the answer without Origin has no "Vary: Origin" and no Access-Control-Allow-Origin/);
    expect(browserCacheHazard(answer(200, { vary: 'Accept-Encoding' }), cors)).toMatch(/Add Vary: Origin to every answer/);
    expect(browserCacheHazard(answer(200, { 'access-control-allow-origin': 'https://b.example.com' }), cors))
      .toMatch(/^the answer without Origin has no "Vary: Origin" and Access-Control-Allow-Origin: https:\/\/b\.example\.com,/);
  });
  test.each<[string, LiveAnswer, LiveAnswer]>([
    ['Vary: Origin on it', answer(200, { vary: 'Accept-Encoding, origin' }), cors],
    ['Vary star', answer(200, { vary: 'Accept-Encoding, *' }), cors],
    ['the same star both ways', answer(200, { 'access-control-allow-origin': '*' }), answer(200, { 'access-control-allow-origin': '*' })],
    ['no CORS answer to protect', answer(200), answer(200)],
    ['an error, which browsers do not reuse for this', answer(404), cors],
  ])('no hazard with %s', (_, plain, withOrigin) => {
    expect(browserCacheHazard(plain, withOrigin)).toBeUndefined();
  });
});

test('CloudFront is recognised by x-cache, server, via or its own page; only its 403 with that page is a refused method', () => {
  expect(whoAnswered(answer(403, { server: 'CloudFront' }))).toBe('CloudFront');
  expect(whoAnswered(answer(403, { via: '1.1 x.cloudfront.net (CloudFront)' }))).toBe('CloudFront');
  expect(whoAnswered(answer(403, {}, '<h1>403 ERROR</h1> Generated by cloudfront (CloudFront)'))).toBe('CloudFront');
  expect(whoAnswered(answer(405, { 'x-cache': 'Error from cloudfront' }, 'not configured to allow the HTTP request method'))).toBe('CloudFront');
});

describe('poisoned answers', () => {
  test('another origin\'s Allow-Origin is poisoning; its own or a star is not', () => {
    expect(poisonedAnswer('https://b.example.com', answer(200, { 'access-control-allow-origin': APP })))
      .toMatch(/^the answer for https:\/\/b\.example\.com carries "Access-Control-Allow-Origin: https:\/\/app\.example\.com", another origin's/);
    expect(poisonedAnswer('https://b.example.com', answer(200, { 'access-control-allow-origin': APP, 'x-cache': 'Hit from cloudfront' })))
      .toMatch(/served a copy made for https:\/\/app\.example\.com; from the CDN's cache \(x-cache: Hit from cloudfront\)\. Put Origin .* in the cache key/);
    expect(poisonedAnswer(APP, answer(200, { 'access-control-allow-origin': APP }))).toBeUndefined();
    expect(poisonedAnswer(APP, answer(200, { 'access-control-allow-origin': '*' }))).toBeUndefined();
  });
  test('a cached copy without CORS headers is poisoning only when it came from the cache', () => {
    expect(poisonedAnswer(APP, answer(200, { 'x-cache': 'Hit from cloudfront', 'age': '5' }))).toBe(
      `the answer for ${APP} came from the CDN's cache without CORS headers: most likely a copy made for a request without Origin (an <img>, a curl) `
      + 'or for an origin the rules refuse, served to every origin since the cache key lacks Origin (x-cache: Hit from cloudfront, age: 5 s). '
      + 'Put Origin (and Access-Control-Request-Method/-Headers) in the cache key, or answer CORS at the edge.');
    expect(poisonedAnswer(APP, answer(200, { 'x-cache': 'Miss from cloudfront' }))).toBeUndefined();
    expect(poisonedAnswer(APP, answer(200))).toBeUndefined();
  });
});

test('configDifferences compares each probed origin\'s preflight and answer with the configuration', () => {
  const config = CorsConfiguration.fromRules([{ allowedMethods: ['PUT' as any], allowedOrigins: [APP], allowedHeaders: ['content-type'] }]);
  const sent = { request: browserRequest('PUT', [{ name: 'content-type', value: 'image/png' }]), headers: [{ name: 'content-type', value: 'image/png' }], credentials: false };
  const preflight = config.evaluate({ method: 'OPTIONS', origin: APP, accessControlRequestMethod: 'PUT', accessControlRequestHeaders: 'content-type' });
  const actual = config.evaluate({ method: 'PUT', origin: APP });
  const live = { origin: APP, preflight: answer(200, preflight.headers), actual: answer(200, actual.headers) };
  expect(configDifferences(config, sent, [live, live])).toEqual([]);
  expect(configDifferences(config, sent, [{ origin: APP, preflight: answer(403), actual: answer(200) }])).toEqual(expect.arrayContaining([
    expect.stringMatching(/^OPTIONS from https:\/\/app\.example\.com: the configuration says S3 answers 200, the endpoint answered 403/),
    `PUT from ${APP}: access-control-allow-origin is missing live, "${APP}" by the configuration`,
  ]));
  // The same difference twice (the first origin probed again) is listed once.
  const twice = configDifferences(config, sent, [{ origin: APP, actual: answer(200) }, { origin: APP, actual: answer(200) }]);
  expect(twice.filter(d => d.includes('access-control-allow-origin'))).toHaveLength(1);
  // A page origin the rules refuse: no preflight is expected to pass, and a live 403 matches.
  expect(configDifferences(config, sent, [{ origin: 'https://b.example.com', preflight: answer(403) }]).filter(d => d.includes('says S3 answers'))).toEqual([]);
});

test('differences name the status and each CORS header that differs from the configuration', () => {
  const config = CorsConfiguration.fromRules([{ allowedMethods: ['GET' as any], allowedOrigins: [APP], maxAge: 3000 }]);
  const expected = config.evaluate({ method: 'OPTIONS', origin: APP, accessControlRequestMethod: 'GET' });
  const same = answer(200, { ...expected.headers, 'x-cache': 'Miss' });
  expect(differences('OPTIONS', expected, same)).toEqual([]);
  expect(differences('OPTIONS', expected, answer(403, {}, s3Error('AccessForbidden', 'x')))).toEqual([
    'OPTIONS: the configuration says S3 answers 200, the endpoint answered 403 (S3 refused the preflight: no CORS rule matches this origin, method and headers)',
    // What S3 sends to an allowed preflight (docs/s3-cors.md): the origin echoed, credentials, the rule's methods and max age.
    'OPTIONS: access-control-allow-credentials is missing live, "true" by the configuration',
    'OPTIONS: access-control-allow-methods is missing live, "GET" by the configuration',
    `OPTIONS: access-control-allow-origin is missing live, "${APP}" by the configuration`,
    'OPTIONS: access-control-max-age is missing live, "3000" by the configuration',
  ]);
  expect(differences('GET', config.evaluate({ method: 'GET', origin: APP }), answer(200, { 'access-control-allow-origin': '*' })))
    .toContain(`GET: access-control-allow-origin is "*" live, "${APP}" by the configuration`);
});

describe('the fix for a blocked origin', () => {
  const get = { request: browserRequest('GET', []), headers: [], credentials: false };
  const put = { request: browserRequest('PUT', [{ name: 'content-type', value: 'image/png' }]), headers: [{ name: 'content-type', value: 'image/png' }], credentials: false };
  const rules = CorsConfiguration.fromRules([{ allowedMethods: ['GET' as any], allowedOrigins: [APP] }]);
  test.each<[string, Parameters<typeof blockedFix>, RegExp]>([
    ['another origin\'s answer from the cache', [{ origin: 'https://b.example.com', actual: answer(200, { 'access-control-allow-origin': APP }) }, get], /^key the distribution's cache on Origin/],
    ['CloudFront refusing OPTIONS', [{ origin: APP, preflight: answer(403, { 'x-cache': 'Error from cloudfront' }, 'not configured to allow the HTTP request method') }, put], /^allow OPTIONS and PUT on the distribution's cache behaviour/],
    ['CloudFront refusing OPTIONS for a GET', [{ origin: APP, preflight: answer(403, { 'x-cache': 'Error from cloudfront' }, 'not configured to allow the HTTP request method') }, get],
      /^allow OPTIONS on the distribution's cache behaviour \(AllowedMethods\)/],
    ['CloudFront refusing OPTIONS for a HEAD', [{ origin: APP, preflight: answer(403, { 'x-cache': 'Error from cloudfront' }, 'not configured to allow the HTTP request method') },
      { ...get, request: browserRequest('HEAD', []) }], /^allow OPTIONS on the distribution's cache behaviour \(AllowedMethods\)/],
    ['a 300 answer without Allow-Origin', [{ origin: APP, actual: answer(300) }, get], /^run again with --config/],
    ['a bucket without CORS', [{ origin: APP, preflight: answer(403, {}, s3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.')) }, put], /^put a CORS configuration on the bucket that allows https:\/\/app\.example\.com/],
    ['a missing bucket', [{ origin: APP, actual: answer(404, {}, s3Error('NoSuchBucket', 'x')) }, get], /^check the bucket name, region and endpoint/],
    ['rules that refuse it too', [{ origin: 'https://b.example.com', actual: answer(200) }, get, rules], /^the configuration given with --config blocks it too: /],
    ['rules that allow it', [{ origin: APP, actual: answer(200) }, get, rules], /lets https:\/\/app\.example\.com through, but the endpoint does not/],
    ['no Allow-Origin and no rules given', [{ origin: APP, actual: answer(200) }, get], /^no Access-Control-Allow-Origin came back for https:\/\/app\.example\.com/],
    ['anything else', [{ origin: APP, actual: answer(200, { 'access-control-allow-origin': '*' }) }, { ...get, credentials: true }], /^run again with --config/],
  ])('%s', (_, args, fix) => {
    expect(blockedFix(...args)).toMatch(fix);
  });
});

describe('redirects, as the Fetch standard follows them for a CORS request (issue 20)', () => {
  const API = 'https://api.example.com';
  const step = (method = 'GET', origin = APP, url = `${API}/a`) => ({ url, method, origin });
  const redirect = (status: number, location: string, allow: string | null = APP) => answer(status, { location, ...(allow !== null ? { 'access-control-allow-origin': allow } : {}) });

  test('an answer that is not a redirect (or a 3xx without Location, or a 304) is the answer itself', () => {
    expect(followRedirect(step(), APP, answer(200), 0, false)).toBeUndefined();
    expect(followRedirect(step(), APP, answer(302), 0, false)).toBeUndefined();
    expect(followRedirect(step(), APP, answer(304, { location: '/b' }), 0, false)).toBeUndefined();
  });

  test('a redirect within the origin keeps method and Origin; a relative Location is resolved against the URL', () => {
    expect(followRedirect(step('PUT'), APP, redirect(307, '/b?x=1'), 0, false)).toEqual({ next: { url: `${API}/b?x=1`, method: 'PUT', origin: APP } });
    expect(followRedirect(step('PUT'), APP, redirect(308, 'b'), 19, false)).toEqual({ next: { url: `${API}/b`, method: 'PUT', origin: APP } });
  });

  test('303 turns anything but GET and HEAD into GET; 301 and 302 turn POST into GET and keep the rest', () => {
    const method = (s: number, m: string) => (followRedirect(step(m), APP, redirect(s, '/b'), 0, false) as { next: { method: string } }).next.method;
    expect([method(303, 'PUT'), method(303, 'HEAD'), method(303, 'GET'), method(301, 'POST'), method(302, 'POST'), method(302, 'PUT'), method(307, 'POST')])
      .toEqual(['GET', 'HEAD', 'GET', 'GET', 'GET', 'PUT', 'POST']);
  });

  test('a redirect from the cross-origin URL to yet another origin taints the Origin: "null" from then on', () => {
    expect(followRedirect(step(), APP, redirect(302, 'https://cdn.example.com/b'), 0, false)).toEqual({ next: { url: 'https://cdn.example.com/b', method: 'GET', origin: 'null' } });
    // Back to the page's own origin from a cross-origin URL: a different origin too.
    expect(followRedirect(step(), APP, redirect(302, `${APP}/b`), 0, false)).toMatchObject({ next: { origin: 'null' } });
    // Already tainted: the redirect must allow "null".
    expect(followRedirect(step('GET', 'null', 'https://cdn.example.com/b'), APP, redirect(302, '/c', 'null'), 1, false)).toMatchObject({ next: { origin: 'null' } });
    // A request to the page's own origin that leaves it is not tainted (the page's origin is the URL's).
    expect(followRedirect(step('GET', APP, `${APP}/a`), APP, redirect(302, `${API}/b`), 0, false)).toMatchObject({ next: { origin: APP } });
  });

  test.each<[string, LiveAnswer, number, boolean, RegExp]>([
    ['no CORS headers on the redirect', redirect(302, '/b', null), 0, false, /fails the browser's CORS check: the answer has no Access-Control-Allow-Origin header; a browser checks every redirect/],
    ['"*" on a redirect of a request with credentials', redirect(302, '/b', '*'), 0, true, /Access-Control-Allow-Origin: \*", which browsers refuse for a request with credentials/],
    ['the 21st redirect', redirect(302, '/b'), 20, false, /redirected 21 times .*browsers follow at most 20 redirects and then fail the request \(Chromium: net::ERR_TOO_MANY_REDIRECTS\)/],
    ['a Location that is not a URL', redirect(302, 'http://['), 0, false, /has a Location that is not a URL: "http:\/\/\["/],
    ['a Location that is not http(s)', redirect(302, 'data:text/plain,hi'), 0, false, /goes to a data: URL, which a browser does not fetch from a CORS request/],
    ['a Location with credentials', redirect(302, 'https://user:pw@cdn.example.com/b'), 0, false, /goes to a URL with a user name or password/],
  ])('the fetch fails on %s, with a fix', (_, a, count, credentials, failure) => {
    const outcome = followRedirect(step(), APP, a, count, credentials) as { failure: string; fix: string };
    expect(outcome.failure).toMatch(failure);
    expect(outcome.fix).not.toBe('');
  });

  test('the 20th redirect is still followed', () => {
    expect(followRedirect(step(), APP, redirect(302, '/b'), 19, false)).toHaveProperty('next');
  });

  test('a preflight answered with a redirect fails, whatever its CORS headers', () => {
    const verdict = liveVerdict(browserRequest('PUT', []), APP, false, redirect(307, '/b'));
    expect(verdict).toEqual({ allowed: false, reason: expect.stringMatching(/^the preflight was answered with a redirect \(307 to \/b\); browsers never follow a redirect on a preflight/) });
    expect(isRedirect(answer(200, { location: '/b' }))).toBe(false);
  });
});

describe('what the earlier cases left open', () => {
  test('a refused preflight answered 200 live: the configuration\'s status with S3\'s error code, and a header the configuration does not send', () => {
    const config = CorsConfiguration.fromRules([{ allowedMethods: ['GET' as any], allowedOrigins: [APP] }]);
    const expected = config.evaluate({ method: 'OPTIONS', origin: 'https://b.example.com', accessControlRequestMethod: 'GET' });
    expect(differences('OPTIONS', expected, answer(200, { 'access-control-allow-origin': '*' }))).toEqual([
      'OPTIONS: the configuration says S3 answers 403 AccessForbidden, the endpoint answered 200 (the server)',
      'OPTIONS: access-control-allow-origin is "*" live, absent by the configuration',
    ]);
  });

  test('a redirect to plain http:// is followed (the Fetch standard allows it; mixed content is the page\'s matter)', () => {
    const API = 'https://api.example.com';
    const outcome = followRedirect({ url: `${API}/a`, method: 'GET', origin: APP }, APP, answer(302, { 'location': 'http://cdn.example.com/b', 'access-control-allow-origin': APP }), 0, false);
    expect(outcome).toEqual({ next: { url: 'http://cdn.example.com/b', method: 'GET', origin: 'null' } });
  });

  test('a Location with a user name but no password is refused like one with both', () => {
    const outcome = followRedirect({ url: 'https://api.example.com/a', method: 'GET', origin: APP }, APP,
      answer(302, { 'location': 'https://user@cdn.example.com/b', 'access-control-allow-origin': APP }), 0, false) as { failure: string };
    expect(outcome.failure).toMatch(/goes to a URL with a user name or password/);
  });

  test('a Location with a password but no user name is refused like one with both', () => {
    const outcome = followRedirect({ url: 'https://api.example.com/a', method: 'GET', origin: APP }, APP,
      answer(302, { 'location': 'https://:pw@cdn.example.com/b', 'access-control-allow-origin': APP }), 0, false) as { failure: string };
    expect(outcome.failure).toMatch(/goes to a URL with a user name or password/);
  });

  test('an answer without Access-Control-Allow-Origin to the CORS request leaves nothing for a cached plain copy to differ from', () => {
    expect(browserCacheHazard(answer(200, { 'access-control-allow-origin': '*' }), answer(200))).toBeUndefined();
  });

  test('another origin\'s answer without cache headers says so without naming a cache status', () => {
    expect(poisonedAnswer('https://b.example.com', answer(200, { 'access-control-allow-origin': APP }))).toBe(
      `the answer for https://b.example.com carries "Access-Control-Allow-Origin: ${APP}", another origin's: the CDN keys its cache without Origin and served a copy made for ${APP}. `
      + 'Put Origin (and Access-Control-Request-Method/-Headers) in the cache key, or answer CORS at the edge.');
  });

  test('the fix follows the answer that refused, not an earlier one that passed', () => {
    const get = { request: browserRequest('GET', []), headers: [], credentials: false };
    expect(blockedFix({ origin: APP, preflight: answer(200), actual: answer(404, {}, s3Error('NoSuchBucket', 'x')) }, get)).toMatch(/^check the bucket name, region and endpoint/);
  });
});
