import { CorsRule, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { CorsConfiguration } from '../../src';

// Expected values below come from docs/s3-cors-semantics.md (recorded S3
// responses), not from the evaluator.
const NOT_ALLOWED = 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.';
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

function config(...rules: CorsRule[]) {
  return CorsConfiguration.fromRules(rules);
}

describe('entry conditions', () => {
  test('a preflight without Origin is 400 BadRequest, configured or not', () => {
    for (const c of [config(), config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['*'] })]) {
      const e = c.evaluate({ method: 'OPTIONS', accessControlRequestMethod: 'GET' });
      expect(e).toMatchObject({ allowed: false, preflight: true, statusCode: 400, errorCode: 'BadRequest', errorMessage: 'Insufficient information. Origin request header needed.', headers: {} });
    }
  });

  test('an actual request without Origin is not CORS: no headers, no status', () => {
    const e = config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['*'] }).evaluate({ method: 'GET' });
    expect(e.headers).toEqual({});
    expect(e.statusCode).toBeUndefined();
    expect(e.explanation).toMatch(/Origin/);
  });

  test('a bucket without CORS answers a preflight 403 "CORS is not enabled", even without Access-Control-Request-Method', () => {
    for (const req of [{ method: 'OPTIONS', origin: 'https://a.example', accessControlRequestMethod: 'GET' }, { method: 'OPTIONS', origin: 'https://a.example' }]) {
      expect(config().evaluate(req)).toMatchObject({ allowed: false, statusCode: 403, errorCode: 'AccessForbidden', errorMessage: 'CORSResponse: CORS is not enabled for this bucket.', headers: {} });
    }
  });

  test('a bucket without CORS serves an actual request with no CORS headers and no status', () => {
    const e = config().evaluate({ method: 'GET', origin: 'https://a.example' });
    expect(e).toMatchObject({ allowed: false, preflight: false, headers: {} });
    expect(e.statusCode).toBeUndefined();
    expect(e.errorCode).toBeUndefined();
  });
});

describe('origin matching', () => {
  const c = config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['http://www.example.com', 'http://*.origin.com', 'start*end'] });
  test.each([
    ['http://www.example.com', true],
    ['https://www.example.com', false], // scheme counts
    ['http://www.example.com:80', false], // no default-port normalisation
    ['http://www.example.com/', false], // trailing slash never matches
    ['http://test.origin.com', true],
    ['http://test.origin.com/', false], // anchored at both ends
    ['startend', true], // * matches the empty run
    ['start-middle-end', true],
    ['http://WWW.EXAMPLE.COM', false], // treated as case-sensitive
  ])('%s allowed: %s', (origin, allowed) => {
    expect(c.evaluate({ method: 'GET', origin }).allowed).toBe(allowed);
  });
});

describe('method matching', () => {
  const c = config({ allowedMethods: [HttpMethods.GET, HttpMethods.PUT], allowedOrigins: ['https://app.example'] });

  test('Access-Control-Request-Method overrides the method, even on an actual GET', () => {
    const c2 = config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://app.example'] });
    const e = c2.evaluate({ method: 'GET', origin: 'https://app.example', accessControlRequestMethod: 'PUT' });
    expect(e.allowed).toBe(false);
    expect(e.headers).toEqual({});
  });

  test('Allow-Methods lists every method of the matched rule in configured order', () => {
    const e = c.evaluate({ method: 'OPTIONS', origin: 'https://app.example', accessControlRequestMethod: 'GET' });
    expect(e.headers['access-control-allow-methods']).toBe('GET, PUT');
    const actual = c.evaluate({ method: 'GET', origin: 'https://app.example' });
    expect(actual.headers['access-control-allow-methods']).toBe('GET, PUT');
  });

  test('a method outside every rule is refused with S3\'s text and an explanation naming the fix', () => {
    const e = c.evaluate({ method: 'OPTIONS', origin: 'https://app.example', accessControlRequestMethod: 'DELETE' });
    expect(e).toMatchObject({ allowed: false, statusCode: 403, errorCode: 'AccessForbidden', errorMessage: NOT_ALLOWED, headers: {} });
    expect(e.explanation).toMatch(/rule 0 allows GET, PUT; DELETE is in no rule for this origin/);
  });
});

describe('header matching', () => {
  const c = config(
    { allowedMethods: [HttpMethods.PUT], allowedOrigins: ['https://app.example'], allowedHeaders: ['x-AMZ-server-SIDE-encryption', 'content-type', 'x-amz-meta-*'] },
  );

  test('names are matched case-insensitively, echoed lower-cased in request order', () => {
    const e = c.evaluate({ method: 'OPTIONS', origin: 'https://app.example', accessControlRequestMethod: 'PUT', accessControlRequestHeaders: 'Content-Type, x-amz-server-side-encryption,X-Amz-Meta-Owner' });
    expect(e.allowed).toBe(true);
    expect(e.headers['access-control-allow-headers']).toBe('content-type, x-amz-server-side-encryption, x-amz-meta-owner');
  });

  test('empty list items are dropped', () => {
    const e = c.evaluate({ method: 'OPTIONS', origin: 'https://app.example', accessControlRequestMethod: 'PUT', accessControlRequestHeaders: 'content-type,,x-amz-meta-a' });
    expect(e.headers['access-control-allow-headers']).toBe('content-type, x-amz-meta-a');
  });

  test('one unlisted header refuses the preflight and the explanation names it', () => {
    const e = c.evaluate({ method: 'OPTIONS', origin: 'https://app.example', accessControlRequestMethod: 'PUT', accessControlRequestHeaders: 'content-type,x-custom' });
    expect(e.statusCode).toBe(403);
    expect(e.explanation).toMatch(/x-custom/);
    expect(e.explanation).toMatch(/AllowedHeaders/);
  });

  test('a rule without AllowedHeaders matches no request that carries Access-Control-Request-Headers', () => {
    const c2 = config({ allowedMethods: [HttpMethods.PUT], allowedOrigins: ['*'] });
    expect(c2.evaluate({ method: 'OPTIONS', origin: 'https://a', accessControlRequestMethod: 'PUT', accessControlRequestHeaders: 'content-type' }).allowed).toBe(false);
    expect(c2.evaluate({ method: 'OPTIONS', origin: 'https://a', accessControlRequestMethod: 'PUT' }).allowed).toBe(true);
  });

  test('Access-Control-Request-Headers is enforced on an actual GET too; headers really sent are not', () => {
    const c2 = config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['*'] });
    expect(c2.evaluate({ method: 'GET', origin: 'https://a', accessControlRequestHeaders: 'x-amz-request-payer' }).allowed).toBe(false);
    expect(c2.evaluate({ method: 'GET', origin: 'https://a' }).allowed).toBe(true);
  });
});

describe('response headers on a match', () => {
  test('the AWS user-guide sample: six headers', () => {
    const c = config({ allowedHeaders: ['Authorization'], allowedMethods: [HttpMethods.GET, HttpMethods.PUT, HttpMethods.POST, HttpMethods.DELETE], allowedOrigins: ['http://www.example1.com'], exposedHeaders: ['x-amz-meta-custom-header'] });
    const e = c.evaluate({ method: 'OPTIONS', origin: 'http://www.example1.com', accessControlRequestMethod: 'PUT', accessControlRequestHeaders: 'Authorization' });
    expect(e.statusCode).toBe(200);
    expect(e.matchedRuleIndex).toBe(0);
    expect(e.headers).toEqual({
      'access-control-allow-origin': 'http://www.example1.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, PUT, POST, DELETE',
      'access-control-allow-headers': 'authorization',
      'access-control-expose-headers': 'x-amz-meta-custom-header',
      'vary': VARY,
    });
  });

  test('a "*" rule answers a literal "*" and no Allow-Credentials; Max-Age is the rule\'s as a string', () => {
    const c = config({ allowedMethods: [HttpMethods.GET, HttpMethods.HEAD], allowedOrigins: ['*'], allowedHeaders: ['*'], exposedHeaders: [], maxAge: 3000 });
    const e = c.evaluate({ method: 'GET', origin: 'http://localhost:3000' });
    expect(e.headers).toEqual({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD', 'access-control-max-age': '3000', 'vary': VARY });
  });

  test('a pattern match echoes the request origin', () => {
    const c = config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://*.example.com'] });
    expect(c.evaluate({ method: 'GET', origin: 'https://cdn.example.com' }).headers['access-control-allow-origin']).toBe('https://cdn.example.com');
  });

  test('the first matching rule wins and rules are never merged', () => {
    const c = config(
      { allowedMethods: [HttpMethods.GET], allowedOrigins: ['*'], maxAge: 10 },
      { allowedMethods: [HttpMethods.GET, HttpMethods.PUT], allowedOrigins: ['https://app.example'], maxAge: 600, exposedHeaders: ['ETag'] },
    );
    const get = c.evaluate({ method: 'GET', origin: 'https://app.example' });
    expect(get.matchedRuleIndex).toBe(0);
    expect(get.headers['access-control-allow-origin']).toBe('*');
    expect(get.headers['access-control-expose-headers']).toBeUndefined();
    const put = c.evaluate({ method: 'OPTIONS', origin: 'https://app.example', accessControlRequestMethod: 'PUT' });
    expect(put.matchedRuleIndex).toBe(1);
    expect(put.headers['access-control-max-age']).toBe('600');
  });
});

describe('no match', () => {
  const c = config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://example.com/'] });

  test('an actual request is served without CORS headers and without a status', () => {
    const e = c.evaluate({ method: 'GET', origin: 'https://example.com' });
    expect(e).toMatchObject({ allowed: false, preflight: false, headers: {} });
    expect(e.statusCode).toBeUndefined();
  });

  test('the explanation points at the trailing slash and the fix', () => {
    const e = c.evaluate({ method: 'GET', origin: 'https://example.com' });
    expect(e.explanation).toContain('"https://example.com/"');
    expect(e.explanation).toContain('write "https://example.com"');
  });

  test('the explanation points at http vs https', () => {
    const e = config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['http://example.com'] }).evaluate({ method: 'GET', origin: 'https://example.com' });
    expect(e.explanation).toMatch(/scheme is part of the origin/);
  });

  test('lower-case method names from fetch are normalised like the browser does', () => {
    const e = config({ allowedMethods: [HttpMethods.GET], allowedOrigins: ['*'] }).evaluate({ method: 'options', origin: 'https://a', accessControlRequestMethod: 'GET' });
    expect(e).toMatchObject({ allowed: true, preflight: true, statusCode: 200 });
  });
});

describe('the explanation of a miss names the nearest rule and the fix', () => {
  type Request = { method: string; origin?: string; accessControlRequestMethod?: string };
  const explain = (rules: CorsRule[], request: Request) => config(...rules).evaluate(request).explanation;
  const get = (origin: string) => ({ method: 'GET', origin });

  test('an allowed request says which rule, for what; headers only when asked for', () => {
    const rule = { allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://a.example'], allowedHeaders: ['*'] };
    expect(explain([rule], get('https://a.example'))).toBe('Rule 0 allows GET from https://a.example.');
    expect(config(rule).evaluate({ method: 'OPTIONS', origin: 'https://a.example', accessControlRequestMethod: 'GET', accessControlRequestHeaders: 'x-a, x-b' }).explanation)
      .toBe('Rule 0 allows GET from https://a.example with headers x-a, x-b.');
  });

  test('an empty Origin is named as what no browser sends', () => {
    expect(explain([{ allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://a.example'] }], get(''))).toMatch(/^The Origin header is empty: that is not a CORS request/);
  });

  test('a method the origin\'s rules lack: every such rule with its methods, and where to add it', () => {
    const rules = [
      { allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://a.example'] },
      { allowedMethods: [HttpMethods.HEAD], allowedOrigins: ['https://*.example'] },
    ];
    expect(explain(rules, { method: 'OPTIONS', origin: 'https://a.example', accessControlRequestMethod: 'PUT' }))
      .toBe('rule 0 allows GET; rule 1 allows HEAD; PUT is in no rule for this origin: add "PUT" to AllowedMethods of rule 0.');
  });

  test.each([
    ['https://a.example', 'http://a.example', 'the scheme is part of the origin'],
    ['http://a.example', 'https://a.example', 'the scheme is part of the origin'],
    ['https://www.a.example', 'https://a.example', 'a different origin (www. and the port count)'],
    ['http://www.a.example', 'http://a.example', 'a different origin (www. and the port count)'],
    ['https://a.example:8443', 'https://a.example', 'a different origin (www. and the port count)'],
  ])('rule origin %s, page %s: %s', (listed, page, why) => {
    const text = explain([{ allowedMethods: [HttpMethods.GET], allowedOrigins: [listed] }], get(page));
    expect(text).toContain(`rule 0 lists "${listed}"`);
    expect(text).toContain(why);
    expect(text).toContain(`add "${page}"`);
  });
});
