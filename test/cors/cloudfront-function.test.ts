// The CloudFront Function code generated from the model, tested three ways:
// it parses as ECMAScript 5 (the safe subset of cloudfront-js-2.0), it fits
// CloudFront's 10 KB with room to spare, and, run in Node on events of the
// documented shape, it answers every generated request exactly as
// CorsConfiguration.evaluate() says S3 does.
import { parse } from 'acorn';
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { runs, SCALE } from './runs';
import { CorsConfiguration, CorsPreset } from '../../src/cors';
import { edgeCorsFunctionCode, FUNCTION_CODE_LIMIT_BYTES, varyFunctionCode } from '../../src/cors/private/cloudfront-function';
import { eventHeaders, FunctionRuntime, plainHeaders } from '../cloudfront/function-runtime';

const GEN = 'cdk-s3-cors test';
const PRESETS = CorsPreset.all().flatMap(p => [p.configuration(['https://www.example.com', 'https://app.example.com']), ...(p.name === 'read-only' ? [p.configuration(['*'])] : [])]);
const bytes = (code: string) => Buffer.byteLength(code, 'utf8');

describe('the generated code', () => {
  test.each([...PRESETS.map((c, i) => [`preset ${i}`, c.rules] as const), ['no rules', []] as const])('parses as ECMAScript 5 (%s)', (_name, rules) => {
    expect(() => parse(edgeCorsFunctionCode(rules as CorsRule[], GEN), { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
  });

  test('the Vary function parses as ECMAScript 5', () => {
    expect(() => parse(varyFunctionCode(GEN), { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
  });

  test('an ES2015 construct would be caught by the same check (the check can fail)', () => {
    expect(() => parse(`${varyFunctionCode(GEN)}\nconst x = () => 1;`, { ecmaVersion: 5, sourceType: 'script' })).toThrow();
  });

  test('every preset fits 10 KB with room to spare, and about 150 typical origins fit', () => {
    for (const c of PRESETS) expect(bytes(edgeCorsFunctionCode(c.rules, GEN))).toBeLessThan(FUNCTION_CODE_LIMIT_BYTES * 0.6);
    const fits = (n: number) => bytes(edgeCorsFunctionCode(CorsPreset.READ_ONLY.configuration(
      Array.from({ length: n }, (_, i) => `https://app-${String(i).padStart(3, '0')}.example.com`)).rules, GEN)) <= FUNCTION_CODE_LIMIT_BYTES;
    let n = 1;
    while (fits(n + 1)) n++;
    // README and docs state this figure; keep them true if the code grows.
    expect(n).toBeGreaterThanOrEqual(140);
    expect(n).toBeLessThan(200);
  });
});

test('a rule without origins or methods (S3 would refuse it) matches nothing at the edge, as in the model', () => {
  const config = CorsConfiguration.fromJson('[{}, {"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]');
  const fn = new FunctionRuntime(edgeCorsFunctionCode(config.rules, GEN));
  const out = fn.viewerRequest({ method: 'OPTIONS', uri: '/x', headers: eventHeaders({ 'origin': 'https://a.example', 'access-control-request-method': 'GET' }) }).response!;
  expect([out.statusCode, plainHeaders(out.headers)['access-control-allow-origin']]).toEqual([200, '*']);
});

describe('the Vary function (S3 mode)', () => {
  const fn = new FunctionRuntime(varyFunctionCode(GEN));
  const request = { method: 'GET', uri: '/a.png', headers: {} };

  test('adds Vary: Origin to a response that has none (S3 answering a request without Origin)', () => {
    const out = fn.viewerResponse(request, { statusCode: 200, headers: eventHeaders({ 'content-type': 'image/png' }) });
    expect(plainHeaders(out.headers)).toEqual({ 'content-type': 'image/png', 'vary': 'Origin' });
  });

  test('keeps what is there: S3\'s own Vary on a CORS match, another Vary, or "*"', () => {
    const vary = (v: string) => plainHeaders(fn.viewerResponse(request, { statusCode: 200, headers: eventHeaders({ vary: v }) }).headers).vary;
    expect(vary('Origin, Access-Control-Request-Headers, Access-Control-Request-Method')).toBe('Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
    expect(vary('Accept-Encoding')).toBe('Accept-Encoding, Origin');
    expect(vary('accept-encoding,origin')).toBe('accept-encoding,origin');
    expect(vary('*')).toBe('*');
  });
});

// ---------------------------------------------------------------------------
// The differential test: edge function vs. the model, on generated inputs.

const RULE_ORIGINS = ['https://a.example', 'https://*.example.com', '*', 'http://localhost:3000', 'https://app.b.example', 'https://*.b.example', 'null'];
const REQUEST_ORIGINS = ['https://a.example', 'https://x.example.com', 'https://deep.x.example.com', 'https://example.com', 'http://localhost:3000',
  'http://localhost:3001', 'https://app.b.example', 'https://b.example', 'null', 'https://A.example', 'http://a.example', ''];
const S3_METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];
const HEADER_PATTERNS = ['*', 'Content-Type', 'x-amz-*', 'Authorization', 'X-Custom', 'x-amz-meta-owner'];
const REQUEST_HEADERS = ['content-type', 'x-amz-meta-owner', 'x-amz-date', 'authorization', 'x-custom', 'X-AMZ-DATE', 'x-other', ''];

const ruleArb: fc.Arbitrary<CorsRule> = fc.record({
  allowedOrigins: fc.uniqueArray(fc.constantFrom(...RULE_ORIGINS), { minLength: 1, maxLength: 3 }),
  allowedMethods: fc.uniqueArray(fc.constantFrom(...S3_METHODS), { minLength: 1, maxLength: 5 }),
  allowedHeaders: fc.option(fc.uniqueArray(fc.constantFrom(...HEADER_PATTERNS), { maxLength: 3 }), { nil: undefined }),
  exposedHeaders: fc.option(fc.uniqueArray(fc.constantFrom('ETag', 'x-amz-request-id', 'x-amz-version-id'), { maxLength: 2 }), { nil: undefined }),
  maxAge: fc.option(fc.constantFrom(0, 600, 3000, 7200), { nil: undefined }),
}, { requiredKeys: ['allowedOrigins', 'allowedMethods'] }) as unknown as fc.Arbitrary<CorsRule>;

interface GeneratedRequest {
  method: string;
  origin?: string;
  acrm?: string;
  acrh?: string;
  vary?: string;
}

const requestArb: fc.Arbitrary<GeneratedRequest> = fc.record({
  method: fc.constantFrom('GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'OPTIONS', 'OPTIONS', 'options', 'get', 'PATCH'),
  origin: fc.option(fc.constantFrom(...REQUEST_ORIGINS), { nil: undefined, freq: 6 }),
  acrm: fc.option(fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'put', 'PATCH'), { nil: undefined, freq: 2 }),
  acrh: fc.option(fc.array(fc.constantFrom(...REQUEST_HEADERS), { minLength: 1, maxLength: 3 }).chain(names => fc.constantFrom(',', ', ').map(sep => names.join(sep))), { nil: undefined, freq: 2 }),
  vary: fc.option(fc.constantFrom('Accept-Encoding'), { nil: undefined, freq: 4 }),
}, { requiredKeys: ['method'] });

/** What the viewer gets from the edge for one request, in the same terms as the model's answer. */
function edgeAnswer(fn: FunctionRuntime, r: GeneratedRequest) {
  const request = { method: r.method, uri: '/object.txt', headers: eventHeaders({ 'origin': r.origin, 'access-control-request-method': r.acrm, 'access-control-request-headers': r.acrh }) };
  const first = fn.viewerRequest(request);
  if (first.response) {
    const body = typeof first.response.body === 'string' ? first.response.body : first.response.body?.data ?? '';
    const headers = plainHeaders(first.response.headers);
    delete headers['content-type'];
    return {
      where: 'viewer-request',
      statusCode: first.response.statusCode,
      headers,
      errorCode: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
      errorMessage: /<Message>([^<]*)<\/Message>/.exec(body)?.[1]?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
    };
  }
  // Passed on unchanged; S3 (reached without Origin in edge mode) answers 200 with no CORS headers.
  expect(first.request).toEqual(request);
  const originResponse = { statusCode: 200, headers: eventHeaders({ 'content-type': 'text/plain', 'vary': r.vary }) };
  const out = fn.viewerResponse(request, originResponse);
  const headers = plainHeaders(out.headers);
  delete headers['content-type'];
  return { where: 'viewer-response', statusCode: undefined, headers, errorCode: undefined, errorMessage: undefined };
}

/** What the model says S3 answers, with the one documented addition: Vary: Origin on every actual response. */
function modelAnswer(config: CorsConfiguration, r: GeneratedRequest) {
  const e = config.evaluate({ method: r.method, origin: r.origin, accessControlRequestMethod: r.acrm, accessControlRequestHeaders: r.acrh });
  if (e.preflight) {
    return { where: 'viewer-request', statusCode: e.statusCode, headers: e.headers, errorCode: e.errorCode, errorMessage: e.errorMessage };
  }
  const added = e.headers.vary ?? 'Origin';
  const headers = { ...e.headers, vary: r.vary ? `${r.vary}, ${added}` : added };
  return { where: 'viewer-response', statusCode: undefined, headers, errorCode: undefined, errorMessage: undefined };
}

describe('the edge function answers exactly like the model (differential)', () => {
  let compared = 0;
  afterAll(() => {
    // The bar: at least 10,000 generated requests (fewer only under test:mutation's FC_SCALE).
    expect(compared).toBeGreaterThanOrEqual(10_000 * Math.min(1, SCALE));
  });

  function compare(config: CorsConfiguration, requests: GeneratedRequest[]) {
    const fn = new FunctionRuntime(edgeCorsFunctionCode(config.rules, GEN));
    for (const r of requests) {
      expect({ r, answer: edgeAnswer(fn, r) }).toEqual({ r, answer: modelAnswer(config, r) });
      compared++;
    }
  }

  test('on the presets', () => {
    fc.assert(fc.property(fc.array(requestArb, { minLength: 50, maxLength: 50 }), requests => {
      for (const config of PRESETS) compare(config, requests);
    }), runs(40, 8));
  });

  test('on generated multi-rule configurations', () => {
    const rules = fc.array(ruleArb, { minLength: 1, maxLength: 5 });
    fc.assert(fc.property(rules, fc.array(requestArb, { minLength: 25, maxLength: 25 }), (generated, requests) => {
      compare(CorsConfiguration.fromRules(generated), requests);
    }), runs(400, 8));
  });

  test('on a bucket with no CORS rules (S3 answers "CORS is not enabled")', () => {
    fc.assert(fc.property(fc.array(requestArb, { minLength: 20, maxLength: 20 }), requests => {
      compare(CorsConfiguration.fromRules([]), requests);
    }), runs(20, 8));
  });
});
