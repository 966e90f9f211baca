// What the checks read from a CloudFront Function's code: decided by the parsed
// program, never by words in comments or strings that are only read. Each
// expected answer is what the code does when CloudFront runs it.
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { ALLOW_ORIGIN_HEADER, BROKEN, CORS_HEADERS_LOOP, DYNAMIC_HEADERS, INDEX_REWRITE, PREFLIGHT_ANSWER, SECURITY_HEADERS, SECURITY_HEADERS_LOOP } from './user-functions';
import { templateFacts } from '../../src/checks/readers/cloudformation';
import { analyseFunctionCode, FunctionAnalysis, MAX_CODE_CHARS } from '../../src/checks/readers/cloudformation/functions';
import { CloudFormationTemplate } from '../../src/checks/readers/cloudformation/template';
import { checkFacts } from '../../src/checks/rules';
import { edgeCorsFunctionCode, varyFunctionCode } from '../../src/cors/internal';

/** [answers OPTIONS, sets Access-Control-Allow-Origin, sets Vary]. */
const answers = (a: FunctionAnalysis) => [a.answersOptions.answer, a.setsAllowOrigin.answer, a.setsVary.answer];
const of = (code: string) => answers(analyseFunctionCode(code));

test('the library\'s own edge function answers preflights and writes both headers, for any rules', () => {
  const rules: s3.CorsRule[][] = [
    [],
    [{ allowedOrigins: ['https://app.example.com'], allowedMethods: [s3.HttpMethods.GET] }],
    [{ allowedOrigins: ['*'], allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT], allowedHeaders: ['*'], exposedHeaders: ['ETag'], maxAge: 600 },
      { allowedOrigins: ['https://*.example.com'], allowedMethods: [s3.HttpMethods.POST] }],
  ];
  for (const r of rules) expect(of(edgeCorsFunctionCode(r, 'cdk-s3-cors'))).toEqual(['yes', 'yes', 'yes']);
});

test('the library\'s own Vary function writes Vary and nothing else', () => {
  expect(of(varyFunctionCode('cdk-s3-cors'))).toEqual(['no', 'no', 'yes']);
});

test('code with private class members is not understood, and never ends the run (issue 19 review: it threw)', () => {
  expect(of('class A { #x; f() { this.#x = 1; } }\nfunction handler(e) { return e.response; }')).toEqual(['no', 'no', 'no']);
});

test.each<[string, string, string[]]>([
  // Words in comments and strings that are only read count for nothing.
  ['an index rewrite with "OPTIONS" and "statusCode" in comments', INDEX_REWRITE, ['no', 'no', 'no']],
  ['security headers mentioning access-control-allow-origin in comments, a read and a log line', SECURITY_HEADERS, ['no', 'no', 'no']],
  ['security headers written in a loop over an object literal', SECURITY_HEADERS_LOOP, ['no', 'no', 'no']],
  ['a preflight answered with 204 and CORS headers', PREFLIGHT_ANSWER, ['yes', 'yes', 'yes']],
  ['headers[\'access-control-allow-origin\'] = ... and headers.vary = ...', ALLOW_ORIGIN_HEADER, ['no', 'yes', 'yes']],
  ['an object of CORS headers assigned in a loop', CORS_HEADERS_LOOP, ['no', 'yes', 'yes']],
  ['header names from the query string', DYNAMIC_HEADERS, ['no', 'unknown', 'unknown']],
  ['code that does not parse', BROKEN, ['unknown', 'unknown', 'unknown']],
])('%s', (_name, code, expected) => {
  expect(of(code)).toEqual(expected);
});

test.each<[string, string, string]>([
  ['an early return unless OPTIONS', 'function handler(e) { var r = e.request; if (r.method !== "OPTIONS") return r; return { statusCode: 204, headers: { "access-control-allow-origin": { value: "*" } } }; }', 'yes'],
  ['the else branch of a test for not OPTIONS', 'function handler(e) { if (e.request.method != "OPTIONS") { return e.request; } else { return { statusCode: 204, headers: { "access-control-allow-origin": { value: "*" } } }; } }', 'yes'],
  ['a switch case that falls through from HEAD', 'const PRE = "OPTIONS"; function handler(e) { switch (e.request.method) { case "HEAD": case PRE: return reply(); default: return e.request; } }\nfunction reply() { var r = {}; r.statusCode = 204; return r; }', 'yes'],
  ['?: on the method', 'function handler(e) { return e.request.method === "OPTIONS" ? { statusCode: 204 } : e.request; }', 'yes'],
  ['a helper arrow function that builds the response', 'const preflight = () => ({ statusCode: 204, headers: {} });\nasync function handler(e) { if (e.request.method.toUpperCase() === "OPTIONS") return preflight(); return e.request; }', 'yes'],
  // Found by attacking the analysis (issue 19 review): each of these was taken for an answer to every preflight.
  ['a test for "options" in lower case, which a browser\'s method never equals', 'function handler(e) { if (e.request.method === "options") return { statusCode: 204, headers: { "access-control-allow-origin": { value: "*" } } }; return e.request; }', 'unknown'],
  ['a switch whose OPTIONS case passes the request on, with a redirect in a later case', 'function handler(e) { var r = e.request; switch (r.method) { case "OPTIONS": return r; default: if (r.uri === "/old") return { statusCode: 301, headers: { location: { value: "/new" } } }; } return r; }', 'unknown'],
  ['an early return for methods other than GET, HEAD and OPTIONS, then a redirect', 'function handler(e) { var r = e.request; if (r.method !== "GET" && r.method !== "HEAD" && r.method !== "OPTIONS") return { statusCode: 405 }; if (r.uri === "/old") return { statusCode: 301, headers: { location: { value: "/new" } } }; return r; }', 'unknown'],
  ['a preflight answered 204 without Access-Control-Allow-Origin', 'function handler(e) { if (e.request.method === "OPTIONS") return { statusCode: 204, statusDescription: "No Content" }; return e.request; }', 'unknown'],
  ['a preflight answered 405', 'function handler(e) { if (e.request.method === "OPTIONS") return { statusCode: 405, headers: { "access-control-allow-origin": { value: "*" } } }; return e.request; }', 'unknown'],
  ['preflights answered for /api/ only', 'function handler(e) { var r = e.request; if (r.method === "OPTIONS" && r.uri.startsWith("/api/")) return { statusCode: 204, headers: { "access-control-allow-origin": { value: "*" } } }; return r; }', 'unknown'],
  ['preflights answered inside a test of the path', 'function handler(e) { var r = e.request; if (r.uri.startsWith("/api/")) { if (r.method === "OPTIONS") return { statusCode: 204, headers: { "access-control-allow-origin": { value: "*" } } }; } return r; }', 'unknown'],
  ['an allow-list inside the OPTIONS branch: allowed origins get 204, the others 403', 'function handler(e) { var r = e.request; if (r.method !== "OPTIONS") return r; var o = r.headers.origin; if (o && o.value === "https://app.example.com") return { statusCode: 204, headers: { "access-control-allow-origin": { value: o.value } } }; return { statusCode: 403 }; }', 'yes'],
  ['a redirect for every method', 'function handler(e) { if (e.request.headers.host.value !== "www.example.com") return { statusCode: 301, headers: { location: { value: "https://www.example.com" } } }; return e.request; }', 'no'],
  ['a test for OPTIONS that passes the request on, and a redirect', 'function handler(e) { if (e.request.method === "OPTIONS") return e.request; return { statusCode: 302 }; }', 'unknown'],
  ['OPTIONS found in a list, not compared', 'function handler(e) { if (["OPTIONS"].indexOf(e.request.method) >= 0) return { statusCode: 204 }; return e.request; }', 'unknown'],
  ['a 405 for methods other than GET', 'function handler(e) { if (e.request.method !== "GET") return { statusCode: 405 }; return e.request; }', 'unknown'],
  ['eval', 'function handler(e) { return eval(e.request.querystring.c.value); }', 'unknown'],
  ['eval called indirectly', 'var run = (0, eval); function handler(e) { return run(e.request.querystring.c.value); }', 'unknown'],
  ['a property named eval is no eval', 'var o = { eval: 1 }; function handler(e) { o.eval = 2; return e.request; }', 'no'],
  ['a response parsed from text', 'function handler(e) { if (e.request.method === "OPTIONS") return JSON.parse(\'{"statusCode":204}\'); return e.request; }', 'unknown'],
])('answers OPTIONS: %s', (_name, code, expected) => {
  expect(analyseFunctionCode(code).answersOptions.answer).toBe(expected);
});

test.each<[string, string, string]>([
  ['Object.assign with an object literal', 'function handler(e) { Object.assign(e.response.headers, { "access-control-allow-origin": { value: "*" } }); return e.response; }', 'yes'],
  ['for-of over Object.entries of a constant', 'const H = { "access-control-allow-origin": "*" };\nfunction handler(e) { for (const [k, v] of Object.entries(H)) e.response.headers[k] = { value: v }; return e.response; }', 'yes'],
  ['a spread copy of the headers, plus a literal header', 'function handler(e) { e.response.headers = { ...e.response.headers, "x-frame-options": { value: "DENY" } }; return e.response; }', 'no'],
  ['deleting it', 'function handler(e) { delete e.response.headers["access-control-allow-origin"]; return e.response; }', 'no'],
  ['a capitalised name', 'function handler(e) { e.response.headers["Access-Control-Allow-Origin"] = { value: "*" }; return e.response; }', 'unknown'],
  ['changing the value only where the origin sent one', 'function handler(e) { var h = e.response.headers; if (h["access-control-allow-origin"]) h["access-control-allow-origin"].value = "*"; return e.response; }', 'unknown'],
  ['a key computed from pieces', 'function handler(e) { e.response.headers["access-control-" + "allow-origin"] = { value: "*" }; return e.response; }', 'unknown'],
  ['a spread of another object', 'function handler(e) { var x = e.request.querystring; e.response.headers = { ...x }; return e.response; }', 'unknown'],
  ['with', 'function handler(e) { with (e.response) { headers.x = 1; } return e.response; }', 'unknown'],
])('sets Access-Control-Allow-Origin: %s', (_name, code, expected) => {
  expect(analyseFunctionCode(code).setsAllowOrigin.answer).toBe(expected);
});

test('cloudfront-js-2.0 code that imports the cloudfront module (key value stores) is read as a module', () => {
  const code = 'import cf from "cloudfront";\nconst kvs = cf.kvs();\nasync function handler(e) { const o = await kvs.get("origin"); e.response.headers["access-control-allow-origin"] = { value: o }; return e.response; }';
  expect(of(code)).toEqual(['no', 'yes', 'no']);
});

test('what cannot be read says why, escaping what it quotes', () => {
  const broken = analyseFunctionCode(BROKEN).answersOptions;
  expect(broken.why).toMatch(/^it does not parse as JavaScript: "Unexpected token \(\d+:\d+\)"$/);
  const long = `// ${'x'.repeat(MAX_CODE_CHARS)}\nfunction handler(e) { return e.request; }`;
  expect(analyseFunctionCode(long).setsVary).toEqual({ answer: 'unknown', why: `its code is ${long.length} characters long, more than this check reads (${MAX_CODE_CHARS})` });
  const control = analyseFunctionCode('var \u0007 = 1;').setsAllowOrigin;
  expect(control.answer).toBe('unknown');
  expect(control.why).not.toMatch(/[\u0000-\u001f]/);
  expect(analyseFunctionCode(DYNAMIC_HEADERS).setsAllowOrigin.why).toBe('it writes a key it computes at run time (line 4 of its code)');
});

test('hostile code: deep nesting, many nodes and long chains give unknown or an answer, fast, never a throw', () => {
  const hostile = [
    `x = ${'('.repeat(30000)}1${')'.repeat(30000)}`,
    `${'{'.repeat(20000)}${'}'.repeat(20000)}`,
    `x = ${'['.repeat(20000)}${']'.repeat(20000)}`,
    `x = ${'a.'.repeat(15000)}b;`,
    `x = ${'!'.repeat(30000)}y;`,
    `if (a) ${'if (a) '.repeat(5000)}return { statusCode: 1 };`,
    `x = 1${' + 1'.repeat(16000)};`,
    'a;'.repeat(30000),
    'if (x) return 1; return { statusCode: 1 };'.repeat(1400),
  ];
  for (const code of hostile) {
    const start = Date.now();
    const a = analyseFunctionCode(code);
    expect(Date.now() - start).toBeLessThan(5000);
    for (const x of [a.answersOptions, a.setsAllowOrigin, a.setsVary]) expect(['yes', 'no', 'unknown']).toContain(x.answer);
  }
  expect(analyseFunctionCode(`x = ${'('.repeat(30000)}1${')'.repeat(30000)}`).answersOptions).toEqual({ answer: 'unknown', why: expect.stringMatching(/stack|nests/) });
  expect(analyseFunctionCode('a;'.repeat(30000)).setsVary.why).toBe('it has more than 40000 syntax nodes, more than this check reads');
});

test('random text and random token soup: an answer for each question, never a throw', () => {
  const token = fc.constantFrom('function', 'handler', '(', ')', '{', '}', '[', ']', 'return', 'if', 'else', 'switch', 'case', ':', ';', ',', '.',
    '=', '===', '!==', '!', '&&', '||', '?', 'var', 'const', 'for', 'in', 'of', 'delete', 'eval', 'with', 'Object', 'keys', 'assign', 'forEach',
    '"OPTIONS"', '"access-control-allow-origin"', '"vary"', 'statusCode', 'headers', 'e', 'k', '...', '=>', '`', '${', '/x/', '0', '1');
  const soup = fc.array(token, { maxLength: 80 }).map(ts => ts.join(' '));
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), soup), code => {
    const a = analyseFunctionCode(code);
    for (const x of [a.answersOptions, a.setsAllowOrigin, a.setsVary]) {
      expect(['yes', 'no', 'unknown']).toContain(x.answer);
      expect(x.why.length).toBeGreaterThan(0);
    }
  }), { numRuns: 400, seed: 19 });
});

test('any function association in a template: read and checked without a throw, and a function never yields an error by itself', () => {
  const event = fc.constantFrom('viewer-request', 'viewer-response', 'origin-request', 'origin-response', 'other', 7, null);
  const arn = fc.oneof(fc.constant({ 'Fn::GetAtt': ['Fn', 'FunctionARN'] }), fc.constant({ Ref: 'Fn' }), fc.string({ maxLength: 20 }),
    fc.constant({ Ref: 'Missing' }), fc.constant({ 'Fn::If': ['IsProd', { 'Fn::GetAtt': ['Fn', 'FunctionARN'] }, 'x'] }));
  const association = fc.oneof(fc.record({ EventType: event, FunctionARN: arn }), fc.record({ EventType: event, LambdaFunctionARN: arn }),
    fc.string(), fc.constant(null));
  const list = fc.oneof(fc.array(association, { maxLength: 3 }), association, fc.constant(undefined));
  const code = fc.oneof(fc.constantFrom(INDEX_REWRITE, SECURITY_HEADERS, PREFLIGHT_ANSWER, ALLOW_ORIGIN_HEADER, BROKEN, DYNAMIC_HEADERS),
    fc.string({ maxLength: 60 }), fc.constant({ 'Fn::Sub': 'function handler(e) { return e.request; } // ${AWS::Region}' }), fc.constant({ Ref: 'Code' }));
  const reached = new Set<string>();
  fc.assert(fc.property(list, list, code, (functions, lambdas, fnCode) => {
    const template = cleanBehaviour({
      Fn: { Type: 'AWS::CloudFront::Function', Properties: { Name: 'f', FunctionCode: fnCode, FunctionConfig: { Comment: 'f', Runtime: 'cloudfront-js-2.0' } } },
    }, { FunctionAssociations: functions, LambdaFunctionAssociations: lambdas });
    for (const f of checkFacts(templateFacts(CloudFormationTemplate.parse(JSON.stringify(template))))) {
      reached.add(f.ruleId);
      expect(f.severity).not.toBe('error');
    }
  }), { numRuns: 300, seed: 19 });
  expect(reached).toContain('cdk-s3-cors:distribution-function-not-understood');
}, 60_000);

/**
 * A CORS bucket behind one behaviour with Origin and Access-Control-Request-* forwarded and keyed, OPTIONS cached and
 * refused preflights not cached: nothing for the other rules to find, so what is found comes from `extra`.
 */
function cleanBehaviour(resources: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } },
    Resources: {
      ...resources,
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }] } } },
      Cdn: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Origins: [{ Id: 'o', DomainName: { 'Fn::GetAtt': ['Bucket', 'RegionalDomainName'] }, S3OriginConfig: {} }],
            DefaultCacheBehavior: {
              TargetOriginId: 'o',
              AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
              CachedMethods: ['GET', 'HEAD', 'OPTIONS'],
              ForwardedValues: { QueryString: false, Headers: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'] },
              ...extra,
            },
            CustomErrorResponses: [{ ErrorCode: 403, ErrorCachingMinTTL: 0 }],
          },
        },
      },
    },
  };
}

/** The findings of one behaviour in front of a CORS bucket (Origin forwarded and keyed, OPTIONS cached) with these functions. */
function findingsWith(request: string | undefined, response: string | undefined): string[] {
  const fns: Record<string, unknown> = {};
  const associations: unknown[] = [];
  for (const [id, code, event] of [['Request', request, 'viewer-request'], ['Response', response, 'viewer-response']] as const) {
    if (code === undefined) continue;
    fns[id] = { Type: 'AWS::CloudFront::Function', Properties: { Name: id, FunctionCode: code, FunctionConfig: { Comment: id, Runtime: 'cloudfront-js-2.0' } } };
    associations.push({ EventType: event, FunctionARN: { 'Fn::GetAtt': [id, 'FunctionARN'] } });
  }
  const template = cleanBehaviour(fns, { FunctionAssociations: associations });
  return checkFacts(templateFacts(CloudFormationTemplate.parse(JSON.stringify(template)))).map(f => `${f.severity} ${f.ruleId}: ${f.message}`);
}

test.each<[string, string | undefined, string | undefined, RegExp[]]>([
  // No function: S3 answers, and nothing adds Vary to answers without Origin.
  ['no function', undefined, undefined, [/^warning cdk-s3-cors:distribution-browser-cache-hazard: /]],
  ['a function that writes vary', undefined, 'function handler(e) { e.response.headers.vary = { value: "Origin" }; return e.response; }', []],
  ['a function that writes Vary with a capital', undefined, 'function handler(e) { e.response.headers["Vary"] = { value: "Origin" }; return e.response; }',
    [/^info cdk-s3-cors:distribution-function-not-understood: Cdn the default behaviour \(origin: bucket Bucket\): cannot tell whether the functions at the edge add Vary: the CloudFront Function Response \(viewer-response\): it writes the header as "Vary".*The browser-cache check \(distribution-browser-cache-hazard\) was not run for this behaviour/]],
  ['a function that only talks about Vary', undefined, SECURITY_HEADERS, [/^warning cdk-s3-cors:distribution-browser-cache-hazard: /]],
  ['preflights answered, Access-Control-Allow-Origin left to S3', PREFLIGHT_ANSWER, undefined,
    [/^info cdk-s3-cors:distribution-function-not-understood: .*the CloudFront Function Request \(viewer-request\): it returns a response for requests whose method is OPTIONS, but nothing at viewer or origin response writes Access-Control-Allow-Origin, so S3 answers the other requests; this check does not judge such a split\. The forwarding, cache-key and OPTIONS checks/]],
  ['Access-Control-Allow-Origin written, preflights left to S3', INDEX_REWRITE, ALLOW_ORIGIN_HEADER,
    [/^info cdk-s3-cors:distribution-function-not-understood: .*the CloudFront Function Response \(viewer-response\): it writes Access-Control-Allow-Origin, but nothing at viewer or origin request answers preflights \(the CloudFront Function Request \(viewer-request\): it never builds a response/]],
  ['both answered', PREFLIGHT_ANSWER, ALLOW_ORIGIN_HEADER, []],
])('one behaviour, %s', (_name, request, response, expected) => {
  const found = findingsWith(request, response);
  expect(found).toHaveLength(expected.length);
  expected.forEach((re, i) => expect(found[i]).toMatch(re));
});
