// The CloudFront Function code generated from the model, tested three ways:
// it parses as ECMAScript 5 (the safe subset of cloudfront-js-2.0), it fits
// CloudFront's 10 KB with room to spare, and, run on events of the documented
// shape in Node and in Duktape (an independent, strictly ES5.1 engine), it
// answers every generated request exactly as CorsConfiguration.evaluate()
// says S3 does. Hostile strings and CDK tokens in every value that reaches
// the code: data only, or refused.
import { parse } from 'acorn';
import { CfnParameter, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { runs, SCALE } from './runs';
import { CorsConfiguration, CorsPreset } from '../../src/cors';
import { edgeCorsFunctionCode, FUNCTION_CODE_LIMIT_BYTES, varyFunctionCode } from '../../src/cors/internal';
import { eventHeaders, FunctionRequest, FunctionResponse, FunctionRuntime, plainHeaders } from '../../standins/function-runtime';
import { DuktapeResult, dukCommand, runInDuktape } from '../cloudfront/duktape';

const GEN = 'cdk-s3-cors test';

test('Duktape is installed: the differential test runs under it too, and fails rather than skips without it', () => {
  expect(dukCommand()).toBe('duk');
  // It is a different engine from Node's, and strictly ES5.1: an arrow function is a SyntaxError there.
  expect(() => runInDuktape('function handler(e) { return (() => e)(); }', [{}])).toThrow(/duk failed on the generated code.*SyntaxError/s);
});
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

const VIEWER = { ip: '198.51.100.1' };

function requestOf(r: GeneratedRequest): FunctionRequest {
  return { method: r.method, uri: '/object.txt', headers: eventHeaders({ 'origin': r.origin, 'access-control-request-method': r.acrm, 'access-control-request-headers': r.acrh }) };
}

/** What S3 answers in edge mode, where Origin never reaches it: 200, no CORS headers. */
function originResponseOf(r: GeneratedRequest): FunctionResponse {
  return { statusCode: 200, headers: eventHeaders({ 'content-type': 'text/plain', 'vary': r.vary }) };
}

/**
 * What the viewer gets, in the model's terms, from what the function returned
 * at viewer request and, when it passed the request on, at viewer response.
 */
function answerOf(r: GeneratedRequest, first: Record<string, unknown>, last: () => FunctionResponse) {
  if ('statusCode' in first) {
    const response = first as unknown as FunctionResponse;
    const body = typeof response.body === 'string' ? response.body : response.body?.data ?? '';
    const headers = plainHeaders(response.headers);
    delete headers['content-type'];
    return {
      where: 'viewer-request',
      statusCode: response.statusCode,
      headers,
      errorCode: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
      errorMessage: /<Message>([^<]*)<\/Message>/.exec(body)?.[1]?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
    };
  }
  // Passed on unchanged; S3 (reached without Origin in edge mode) answers 200 with no CORS headers.
  expect(first).toEqual(requestOf(r));
  const headers = plainHeaders(last().headers);
  delete headers['content-type'];
  return { where: 'viewer-response', statusCode: undefined, headers, errorCode: undefined, errorMessage: undefined };
}

/** What the viewer gets from the edge for one request, the function run in Node's vm. */
function edgeAnswer(fn: FunctionRuntime, r: GeneratedRequest) {
  const first = fn.viewerRequest(requestOf(r));
  const returned = (first.response ?? first.request) as unknown as Record<string, unknown>;
  return answerOf(r, returned, () => fn.viewerResponse(requestOf(r), originResponseOf(r)));
}

/** The same for many requests, the function run by Duktape: one `duk` process for them all. */
function duktapeAnswers(code: string, requests: GeneratedRequest[]) {
  const event = (eventType: string, r: GeneratedRequest, response?: FunctionResponse) => ({ version: '1.0', context: { eventType }, viewer: VIEWER, request: requestOf(r), ...(response ? { response } : {}) });
  const results = runInDuktape(code, requests.flatMap(r => [event('viewer-request', r), event('viewer-response', r, originResponseOf(r))]));
  const ok = (result: DuktapeResult) => {
    if ('error' in result) throw new Error(`the function threw under Duktape: ${result.error}`);
    return result.ok as Record<string, unknown>;
  };
  return requests.map((r, i) => answerOf(r, ok(results[2 * i]), () => ok(results[2 * i + 1]) as unknown as FunctionResponse));
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

/** Each request answered by the function under Node's vm and under Duktape, both equal to the model's answer. */
function compareBoth(rules: readonly CorsRule[], requests: GeneratedRequest[]) {
  const code = edgeCorsFunctionCode(rules, GEN);
  const config = CorsConfiguration.fromRules(rules as CorsRule[]);
  const fn = new FunctionRuntime(code);
  const underDuktape = duktapeAnswers(code, requests);
  requests.forEach((r, i) => {
    const model = modelAnswer(config, r);
    expect({ r, node: edgeAnswer(fn, r) }).toEqual({ r, node: model });
    expect({ r, duktape: underDuktape[i] }).toEqual({ r, duktape: model });
  });
}

describe('the edge function answers exactly like the model (differential, under Node and Duktape)', () => {
  let compared = 0;
  afterAll(() => {
    // The bar: at least 10,000 generated requests (fewer only under test:mutation's FC_SCALE).
    expect(compared).toBeGreaterThanOrEqual(10_000 * Math.min(1, SCALE));
  });

  function compare(config: CorsConfiguration, requests: GeneratedRequest[]) {
    compareBoth(config.rules, requests);
    compared += requests.length;
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

// ---------------------------------------------------------------------------
// Hostile values: whatever reaches the generator, the code stays code we wrote
// plus data. Strings with quotes, backslashes, line terminators (U+2028 and
// U+2029 included), comment ends, lone surrogates; and CDK tokens, which
// CloudFormation would resolve inside the source at deploy.

/**
 * How CDK marks a token in a string (`${Token[...]}`) or a list (`#{Token[...]}`), and the text of a number
 * token written into a string (aws-cdk-lib's STRINGIFIED_NUMBER_PATTERN), which its resolver replaces too.
 */
const CDK_TOKEN_MARKER = /[$#]\{token\[|-1\.\d{10,16}e\+289/i;
const SPECIALS = ['"', '\'', '\\', '\\"', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '*/', '/*', '//', '-->', '<!--', '</script>',
  '${', '`', '\ufeff', '\u200b', '\ud800', '\udfff', 'é', '\u{1d4b3}', '*', ',', ' ', ', ', '$', '{', '[', 'Token', '#{', ']}', '"+alert(1)+"', '\'];x=1;//', '{{resolve:ssm:x}}', '{{', '}}'];
const hostile = fc.string({
  unit: fc.oneof(fc.constantFrom(...SPECIALS), fc.constantFrom('a', 'B', '.', '-', ':', '/', 'x', 'https://'), fc.integer({ min: 0, max: 0xffff }).map(c => String.fromCharCode(c))),
  maxLength: 8,
});
const hostileRule: fc.Arbitrary<CorsRule> = fc.record({
  allowedOrigins: fc.array(fc.oneof(hostile, fc.constantFrom('*', 'https://a.example', 'https://*.example')), { minLength: 1, maxLength: 3 }),
  allowedMethods: fc.array(fc.oneof(fc.constantFrom(...S3_METHODS), hostile), { minLength: 1, maxLength: 3 }),
  allowedHeaders: fc.option(fc.array(fc.oneof(hostile, fc.constantFrom('*', 'x-*')), { maxLength: 3 }), { nil: undefined }),
  exposedHeaders: fc.option(fc.array(hostile, { maxLength: 2 }), { nil: undefined }),
  maxAge: fc.option(fc.integer({ min: -2147483647, max: 2147483647 }), { nil: undefined }),
  id: fc.option(hostile, { nil: undefined }),
}, { requiredKeys: ['allowedOrigins', 'allowedMethods'] }) as unknown as fc.Arbitrary<CorsRule>;

/** Rules, and requests that use their own values (so rules match) as often as hostile ones. */
const hostileCase = fc.array(hostileRule, { minLength: 1, maxLength: 3 }).chain(rules => {
  const pick = (values: string[]) => (values.length === 0 ? hostile : fc.oneof(fc.constantFrom(...values), hostile));
  const origins = rules.flatMap(r => r.allowedOrigins);
  const methods = rules.flatMap(r => r.allowedMethods as string[]);
  const headers = rules.flatMap(r => r.allowedHeaders ?? []).map(h => h.replace(/\*/g, 'z'));
  const request: fc.Arbitrary<GeneratedRequest> = fc.record({
    method: fc.oneof(fc.constantFrom('OPTIONS', 'OPTIONS', 'GET'), pick(methods)),
    origin: fc.option(pick(origins), { nil: undefined, freq: 6 }),
    acrm: fc.option(pick(methods), { nil: undefined, freq: 2 }),
    acrh: fc.option(fc.array(pick(headers), { minLength: 1, maxLength: 3 }).map(names => names.join(', ')), { nil: undefined, freq: 2 }),
    vary: fc.option(fc.constantFrom('Accept-Encoding'), { nil: undefined, freq: 4 }),
  }, { requiredKeys: ['method'] });
  return fc.tuple(fc.constant(rules), fc.array(request, { minLength: 15, maxLength: 15 }));
});

type Node = { type: string; [k: string]: any };

/** The initializer of `var RULES = ...`, and the whole program, as acorn parses them under ECMAScript 5. */
function rulesInitializer(code: string): Node {
  const program = parse(code, { ecmaVersion: 5, sourceType: 'script' }) as unknown as Node;
  const declarations = program.body.filter((n: Node) => n.type === 'VariableDeclaration' && n.declarations[0].id.name === 'RULES');
  expect(declarations).toHaveLength(1);
  return declarations[0].declarations[0].init;
}

/** The value of a data-only expression; throws on anything else (a call, an identifier, an operator, a function). */
function dataValue(node: Node): unknown {
  switch (node.type) {
    case 'ArrayExpression':
      return node.elements.map((e: Node | null) => {
        if (e === null) throw new Error('a hole in an array');
        return dataValue(e);
      });
    case 'ObjectExpression':
      return Object.fromEntries(node.properties.map((p: Node) => {
        if (p.kind !== 'init' || p.computed || p.method || !['Identifier', 'Literal'].includes(p.key.type)) throw new Error(`not a data property: ${p.type}`);
        return [p.key.type === 'Identifier' ? p.key.name : String(p.key.value), dataValue(p.value)];
      }));
    case 'Literal':
      if (typeof node.value !== 'string' && typeof node.value !== 'number') throw new Error(`a ${typeof node.value} literal`);
      return node.value;
    case 'UnaryExpression':
      if (node.operator !== '-' || node.argument.type !== 'Literal' || typeof node.argument.value !== 'number') throw new Error(`the operator ${node.operator}`);
      return -node.argument.value;
    default:
      throw new Error(`not data: ${node.type}`);
  }
}

describe('hostile values reach the generated code as data only', () => {
  const emptyCode = edgeCorsFunctionCode([], GEN);

  test('generated: random strings in every field parse as ES5.1, RULES is pure data holding exactly the values, the rest of the code is unchanged, and Node and Duktape answer like evaluate()', () => {
    let generated = 0;
    fc.assert(fc.property(hostileCase, ([rules, requests]) => {
      const values = rules.flatMap(r => [...r.allowedOrigins, ...(r.allowedMethods as string[]),
        ...(r.allowedHeaders ?? []), ...(r.exposedHeaders ?? [])]);
      if (values.some(v => CDK_TOKEN_MARKER.test(v))) {
        expect(() => edgeCorsFunctionCode(rules, GEN)).toThrow(/is a token \(a value resolved only at synth or deploy/);
        return;
      }
      const code = edgeCorsFunctionCode(rules, GEN);
      // ASCII only: nothing an engine or an editor could read as a line break or another encoding.
      expect(code).toMatch(/^[\n\x20-\x7e]*$/);
      const init = rulesInitializer(code);
      const data = dataValue(init) as Array<Record<string, unknown>>;
      expect(data).toEqual(rules.map(r => ({
        origins: r.allowedOrigins,
        methods: r.allowedMethods,
        headers: (r.allowedHeaders ?? []).map(h => h.toLowerCase()),
        allowMethods: (r.allowedMethods as string[]).join(', '),
        ...((r.exposedHeaders ?? []).length > 0 ? { expose: r.exposedHeaders!.join(', ') } : {}),
        ...(r.maxAge !== undefined ? { maxAge: String(r.maxAge) } : {}),
      })));
      // No value writes a brace (they are \u007b/\u007d), so none can form a dynamic reference ({{resolve:...}})
      // that CloudFormation would substitute at deploy: the only braces are the rule objects' own.
      expect(code.slice(init.start, init.end).match(/[{}]/g)).toHaveLength(2 * rules.length);
      expect(code).not.toContain('{{');
      // Take the data out and what is left is, byte for byte, the code for no rules.
      expect(`${code.slice(0, init.start)}[]${code.slice(init.end)}`).toBe(emptyCode);
      compareBoth(rules, requests);
      generated++;
    }), runs(150, 2028));
    expect(generated).toBeGreaterThan(100 * Math.min(1, SCALE));
  });

  test.each<[string, unknown, RegExp]>([
    ['a number among the origins', { allowedOrigins: ['https://a.example', 42], allowedMethods: ['GET'] }, /^rule 0 AllowedOrigins\[1\] must be a string .* got number/],
    ['null as a header', { allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [null] }, /^rule 0 AllowedHeaders\[0\] must be a string .* got null/],
    ['an object that resolves (IResolvable) as a method', { allowedOrigins: ['*'], allowedMethods: [{ resolve: () => 'GET' }] }, /^rule 0 AllowedMethods\[0\] must be a string .* got object/],
    ['a string for a list', { allowedOrigins: 'https://a.example', allowedMethods: ['GET'] }, /^rule 0 AllowedOrigins must be a list of strings, got string/],
    ['a fractional max age', { allowedOrigins: ['*'], allowedMethods: ['GET'], maxAge: 1.5 }, /^rule 0 MaxAgeSeconds must be a whole number of seconds/],
    ['a max age as text', { allowedOrigins: ['*'], allowedMethods: ['GET'], maxAge: '600' }, /^rule 0 MaxAgeSeconds must be a whole number of seconds .* got string;/],
    ['a max age beyond 32 bits', { allowedOrigins: ['*'], allowedMethods: ['GET'], maxAge: 2147483648 }, /^rule 0 MaxAgeSeconds must be a whole number of seconds \(32-bit\) .* got 2147483648;/],
    ['null for a list', { allowedOrigins: ['*'], allowedMethods: null }, /^rule 0 AllowedMethods must be a list of strings, got null\.$/],
    ['a number among the exposed headers', { allowedOrigins: ['*'], allowedMethods: ['GET'], exposedHeaders: ['ETag', 7] }, /^rule 0 ExposeHeaders\[1\] must be a string .* got number/],
  ])('refuses %s (plain JavaScript), naming the place', (_name, rule, expected) => {
    expect(() => edgeCorsFunctionCode([rule as CorsRule], GEN)).toThrow(expected);
  });

  test('refuses what is not a rule or not a list of rules, naming which', () => {
    const good = { allowedOrigins: ['*'], allowedMethods: ['GET'] };
    expect(() => edgeCorsFunctionCode([good, null] as unknown as CorsRule[], GEN)).toThrow(/^rule 1 must be an object, got null\.$/);
    expect(() => edgeCorsFunctionCode([good, 'GET'] as unknown as CorsRule[], GEN)).toThrow(/^rule 1 must be an object, got string\.$/);
    expect(() => edgeCorsFunctionCode('[]' as unknown as CorsRule[], GEN)).toThrow(/^the CORS rules must be a list, got string\.$/);
  });

  test('a max age at the 32-bit limit, either sign, is written as S3 sends it', () => {
    for (const maxAge of [2147483647, -2147483647]) {
      const code = edgeCorsFunctionCode([{ allowedOrigins: ['*'], allowedMethods: ['GET'], maxAge } as CorsRule], GEN);
      expect(code).toContain(`"maxAge":"${maxAge}"`);
    }
  });

  test('calls no method of the caller\'s arrays (an own map, join or constructor): the code is the same as for plain arrays', () => {
    const plain: CorsRule[] = [{ allowedOrigins: ['https://a.example'], allowedMethods: ['GET', 'PUT'] as CorsRule['allowedMethods'], allowedHeaders: ['X-A'], exposedHeaders: ['ETag'] }];
    const inject = { map: () => ['"];x();//'], join: () => '"];x();//', slice: () => ['"];x();//'], constructor: { [Symbol.species]: Array } };
    const withMethods = {
      allowedOrigins: Object.assign(['https://a.example'], inject),
      allowedMethods: Object.assign(['GET', 'PUT'], inject),
      allowedHeaders: Object.assign(['X-A'], inject),
      exposedHeaders: Object.assign(['ETag'], inject),
    };
    expect(edgeCorsFunctionCode(Object.assign([withMethods], inject) as unknown as CorsRule[], GEN)).toBe(edgeCorsFunctionCode(plain, GEN));
  });

  test('refuses a generator name that could end the comment it is written in', () => {
    expect(() => edgeCorsFunctionCode([], 'x\nalert(1)')).toThrow(/generator name/);
    expect(() => varyFunctionCode('*/ alert(1) /*')).toThrow(/generator name/);
    expect(() => varyFunctionCode('*/ alert(1); x')).toThrow(/generator name/);
    expect(() => varyFunctionCode('x'.repeat(65))).toThrow(/generator name/);
    expect(varyFunctionCode('cdk-s3-cors 1.2.3_x')).toMatch(/^\/\/ cdk-s3-cors 1\.2\.3_x: /);
  });

  type TokenKind = 'parameter' | 'importValue' | 'inside' | 'lazy' | 'listItem' | 'lowerCase' | 'numberInString';
  function token(stack: Stack, kind: TokenKind, n: number): string {
    switch (kind) {
      case 'parameter': return new CfnParameter(stack, `P${n}`).valueAsString;
      case 'importValue': return Fn.importValue(`E${n}`);
      case 'inside': return `https://${new CfnParameter(stack, `P${n}`).valueAsString}.example.com`;
      case 'lazy': return Lazy.string({ produce: () => '";x();"' });
      case 'listItem': return new CfnParameter(stack, `P${n}`, { type: 'CommaDelimitedList' }).valueAsList[0];
      case 'lowerCase': return new CfnParameter(stack, `P${n}`).valueAsString.toLowerCase();
      // No marker: the number token's text (-1.88...e+289), which the resolver replaces in a string all the same.
      case 'numberInString': return `x-build-${Token.asNumber(new CfnParameter(stack, `P${n}`).valueAsString)}`;
    }
  }
  const FIELDS = [['allowedOrigins', 'AllowedOrigins'], ['allowedMethods', 'AllowedMethods'], ['allowedHeaders', 'AllowedHeaders'], ['exposedHeaders', 'ExposeHeaders']] as const;

  test('generated: a token in any field of any rule, or a number token as max age, is refused by the generator itself, naming the place', () => {
    fc.assert(fc.property(
      fc.array(hostileRule, { minLength: 1, maxLength: 3 }), fc.nat(), fc.constantFrom(...FIELDS, ['maxAge', 'MaxAgeSeconds'] as const),
      fc.constantFrom<TokenKind>('parameter', 'importValue', 'inside', 'lazy', 'listItem', 'lowerCase', 'numberInString'), fc.nat(),
      (generated, ruleSeed, [prop, field], kind, itemSeed) => {
        const stack = new Stack();
        // No marker but the token's: the generator must name the token's own place.
        const clean = (v: string) => {
          while (CDK_TOKEN_MARKER.test(v)) v = v.replace(CDK_TOKEN_MARKER, '');
          return v;
        };
        const rules = generated.map(r => Object.fromEntries(Object.entries(r)
          .map(([key, v]) => [key, Array.isArray(v) ? v.map(clean) : v]))) as Array<Record<string, unknown>>;
        const i = ruleSeed % rules.length;
        let place = `rule ${i} ${field}`;
        if (prop === 'maxAge') {
          rules[i].maxAge = Token.asNumber(new CfnParameter(stack, 'Age', { type: 'Number' }));
        } else {
          const list = [...((rules[i][prop] as string[] | undefined) ?? [])];
          const k = itemSeed % (list.length + 1);
          list.splice(k, 0, token(stack, kind, 0));
          rules[i][prop] = list;
          place += `[${k}]`;
        }
        let message = '';
        try {
          edgeCorsFunctionCode(rules as unknown as CorsRule[], GEN);
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message.startsWith(`${place} `)).toBe(true);
        expect(message).toMatch(/is a token \(a value resolved only at synth or deploy|a token \(a value resolved only at synth or deploy\) cannot be/);
      }), runs(200, 2029));
  });
});
