// The CloudFront Functions generated from the model (the edge CORS answer and
// the Vary fix): JavaScript text from rules. Not the construct that attaches it.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { copyList } from './copy';
import { MSG_NO_ORIGIN, MSG_NOT_ALLOWED, MSG_NOT_ENABLED, VARY } from './evaluate';
import { containsTokenText } from './tokens';
import { MAX_INT32 } from './validate';
import { NORMALISED_METHODS } from './vocabulary';

/**
 * Code for CloudFront Functions (runtime cloudfront-js-2.0), generated from
 * the model: pure, text in and out, and written in ECMAScript 5 syntax only
 * (the safe subset of what the runtime accepts). It will be read in the AWS
 * console, so it stays readable.
 */

/** CloudFront's limit on a function's code. */
export const FUNCTION_CODE_LIMIT_BYTES = 10 * 1024;

/** Adds header names to Vary unless they are there already (ignoring case), or Vary is "*". */
const ADD_VARY = `function addVary(headers, names) {
  var current = headers.vary ? headers.vary.value : '';
  if (current.trim() === '*') return;
  var have = current.toLowerCase().split(',').map(function (n) { return n.trim(); });
  var missing = names.split(', ').filter(function (n) { return have.indexOf(n.toLowerCase()) < 0; });
  if (missing.length === 0) return;
  headers.vary = { value: current.trim() === '' ? missing.join(', ') : current + ', ' + missing.join(', ') };
}`;

/**
 * A viewer-response function that adds `Vary: Origin` to every response it
 * sees (CloudFront runs it on responses below 400). S3 sends Vary only when a
 * CORS rule matched, so without it a browser may cache an asset loaded
 * without CORS (an `<img>`) and answer a later `fetch()` from that copy.
 */
export function varyFunctionCode(generator: string): string {
  checkGenerator(generator);
  return `// ${generator}: adds "Vary: Origin" to every response (S3 sends Vary only when a CORS rule
// matched), so a browser never answers fetch() or <img crossorigin> from a copy it cached for
// a plain <img>, <script> or <link>. Generated at synth: edits are overwritten.
${ADD_VARY}

function handler(event) {
  addVary(event.response.headers, 'Origin');
  return event.response;
}
`;
}

/**
 * The only way a value enters the generated code: an ECMAScript 5.1 string
 * literal in double quotes. Printable ASCII stays as it is, except `"` and
 * `\`, and `{` and `}`; every other UTF-16 unit (control characters,
 * U+2028/U+2029, anything beyond ASCII, lone surrogates) becomes `\uXXXX`.
 * So the literal is one line, ends at its closing quote, and reads the same
 * in every engine; and braces as `\u007b`/`\u007d` mean no value can form
 * `{{resolve:...}}`, a dynamic reference CloudFormation would substitute into
 * the code at deploy, after this escaping.
 */
export function jsStringLiteral(value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new Error(`${what} must be a string to be written into the CloudFront Function's code, got ${value === null ? 'null' : typeof value}.`);
  }
  // A CDK token (a marker, or a number token's text) would be resolved inside the source at synth, and
  // CloudFormation would splice the deployed value in: the code cannot be generated from it, whatever callers checked.
  if (containsTokenText(value)) {
    throw new Error(`${what} is a token (a value resolved only at synth or deploy, e.g. a CfnParameter, Fn.importValue or Token.asNumber written into a string): the CloudFront Function's code is generated at synth and cannot contain it. Use literal values.`);
  }
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f && c !== 0x7b && c !== 0x7d) out += value[i];
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/**
 * A copy of a list, made with an index loop: no method of the caller's array
 * (an own `map`, a changed `join`) is ever called, and every item is read
 * once. Its items are checked by jsStringArray (ruleData calls it on each
 * list before anything else reads them).
 */
function stringList(values: unknown, what: string): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw new Error(`${what} must be a list of strings, got ${values === null ? 'null' : typeof values}.`);
  return copyList(values as unknown[]) as string[];
}

/** Strings the generator owns as an array literal, each item through jsStringLiteral. */
function jsStringArray(values: readonly string[], what: string): string {
  let out = '';
  for (let k = 0; k < values.length; k++) out += (k > 0 ? ',' : '') + jsStringLiteral(values[k], `${what}[${k}]`);
  return `[${out}]`;
}

/** One rule as the function's data, with what it sends precomputed: literals only, built by jsStringLiteral. */
function ruleData(rule: CorsRule, i: number): string {
  const what = (field: string) => `rule ${i} ${field}`;
  if (typeof rule !== 'object' || rule === null) throw new Error(`rule ${i} must be an object, got ${rule === null ? 'null' : typeof rule}.`);
  // Each field read once, copied before anything looks at it.
  const origins = stringList(rule.allowedOrigins, what('AllowedOrigins'));
  const methods = stringList(rule.allowedMethods, what('AllowedMethods'));
  const headers = stringList(rule.allowedHeaders, what('AllowedHeaders'));
  const exposed = stringList(rule.exposedHeaders, what('ExposeHeaders'));
  const maxAge: unknown = rule.maxAge;
  // Every value is checked (tokens refused, naming its place) before any is transformed.
  jsStringArray(origins, what('AllowedOrigins'));
  jsStringArray(methods, what('AllowedMethods'));
  jsStringArray(headers, what('AllowedHeaders'));
  jsStringArray(exposed, what('ExposeHeaders'));
  const lower: string[] = [];
  for (const h of headers) lower.push(h.toLowerCase()); // matched without regard to case: lower-cased once here
  const fields = [
    `"origins":${jsStringArray(origins, what('AllowedOrigins'))}`,
    `"methods":${jsStringArray(methods, what('AllowedMethods'))}`,
    `"headers":${jsStringArray(lower, what('AllowedHeaders'))}`,
    `"allowMethods":${jsStringLiteral(methods.join(', '), what('AllowedMethods'))}`,
  ];
  if (exposed.length > 0) fields.push(`"expose":${jsStringLiteral(exposed.join(', '), what('ExposeHeaders'))}`);
  if (maxAge !== undefined) {
    // A whole number within 32 bits, as S3 stores it; a CDK number token (a huge negative double) is not.
    if (typeof maxAge !== 'number' || !Number.isInteger(maxAge) || Math.abs(maxAge) > MAX_INT32) {
      throw new Error(`${what('MaxAgeSeconds')} must be a whole number of seconds (32-bit) to be written into the CloudFront Function's code, got ${typeof maxAge === 'number' ? String(maxAge) : typeof maxAge}; a token (a value resolved only at synth or deploy) cannot be.`);
    }
    // Sent as the header's text, as S3 sends it.
    fields.push(`"maxAge":${jsStringLiteral(String(maxAge), what('MaxAgeSeconds'))}`);
  }
  return `{${fields.join(',')}}`;
}

/** What names the generator in the code's first comment: a plain name, so it cannot end the comment. */
function checkGenerator(generator: string): void {
  if (!/^[A-Za-z0-9 ._-]{1,64}$/.test(generator)) throw new Error(`generator name ${JSON.stringify(generator)} must be letters, digits, spaces, ".", "_" or "-".`);
}

/**
 * A function for both viewer events that answers CORS at the edge exactly as
 * S3 would under these rules: a preflight (OPTIONS) is answered at viewer
 * request with S3's status, headers, error code and text; every other
 * response gets S3's CORS headers at viewer response, and `Vary: Origin` even
 * when no rule matched.
 */
export function edgeCorsFunctionCode(rules: readonly CorsRule[], generator: string): string {
  checkGenerator(generator);
  if (!Array.isArray(rules)) throw new Error(`the CORS rules must be a list, got ${typeof rules}.`);
  // An index loop over a copy: no method of the caller's array is called, and each rule is read once.
  const copy = copyList(rules as unknown[]);
  const items: string[] = [];
  for (let i = 0; i < copy.length; i++) items.push(ruleData(copy[i] as CorsRule, i));
  const data = items.length === 0 ? '[]' : `[\n  ${items.join(',\n  ')}\n]`;
  return `// ${generator}: CORS at the edge, as Amazon S3 answers it under the rules below (first match
// wins): preflights answered at viewer request; S3's CORS headers plus "Vary: Origin" added at
// viewer response (not run on responses >= 400). Generated at synth: edits are overwritten.
var RULES = ${data};
var S3_VARY = ${jsStringLiteral(VARY, 'Vary')};
var NORMALISED_METHODS = ${jsStringArray(NORMALISED_METHODS, 'methods')};
var NO_ORIGIN = ${jsStringLiteral(MSG_NO_ORIGIN, 'message')};
var NOT_ENABLED = ${jsStringLiteral(MSG_NOT_ENABLED, 'message')};
var NOT_ALLOWED = ${jsStringLiteral(MSG_NOT_ALLOWED, 'message')};

// One "*" or more, anchored at both ends; "*" may match nothing.
function wildcard(pattern, text) {
  var parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  var first = parts[0];
  var last = parts[parts.length - 1];
  if (text.length < first.length + last.length) return false;
  if (text.slice(0, first.length) !== first || text.slice(text.length - last.length) !== last) return false;
  var pos = first.length;
  var end = text.length - last.length;
  for (var i = 1; i < parts.length - 1; i++) {
    var found = text.indexOf(parts[i], pos);
    if (found < 0 || found + parts[i].length > end) return false;
    pos = found + parts[i].length;
  }
  return true;
}

function normalise(method) {
  var upper = method.toUpperCase();
  return NORMALISED_METHODS.indexOf(upper) >= 0 ? upper : method;
}

// S3's answer: { status, code, message } for a preflight, { headers } when a rule matched.
function evaluate(method, origin, requestMethod, requestHeaders) {
  var preflight = method === 'OPTIONS';
  if (origin === undefined) return preflight ? { status: 400, code: 'BadRequest', message: NO_ORIGIN } : {};
  if (RULES.length === 0) return preflight ? { status: 403, code: 'AccessForbidden', message: NOT_ENABLED } : {};
  var wanted = requestMethod !== undefined ? requestMethod : method;
  var names = [];
  if (requestHeaders !== undefined) {
    requestHeaders.split(',').forEach(function (n) {
      if (n.trim() !== '') names.push(n.trim().toLowerCase());
    });
  }
  for (var r = 0; r < RULES.length; r++) {
    var rule = RULES[r];
    var matched = undefined; // var is function-scoped: reset it for every rule
    for (var o = 0; o < rule.origins.length && matched === undefined; o++) {
      if (wildcard(rule.origins[o], origin)) matched = rule.origins[o];
    }
    if (matched === undefined || rule.methods.indexOf(wanted) < 0) continue;
    var allowed = names.every(function (n) {
      return rule.headers.some(function (p) { return wildcard(p, n); });
    });
    if (!allowed) continue;
    var headers = {};
    headers['access-control-allow-origin'] = matched === '*' ? '*' : origin;
    if (matched !== '*') headers['access-control-allow-credentials'] = 'true';
    headers['access-control-allow-methods'] = rule.allowMethods;
    if (names.length > 0) headers['access-control-allow-headers'] = names.join(', ');
    if (rule.expose !== undefined) headers['access-control-expose-headers'] = rule.expose;
    if (rule.maxAge !== undefined) headers['access-control-max-age'] = rule.maxAge;
    headers.vary = S3_VARY;
    return preflight ? { status: 200, headers: headers } : { headers: headers };
  }
  return preflight ? { status: 403, code: 'AccessForbidden', message: NOT_ALLOWED } : {};
}

function value(headers, name) {
  return headers[name] === undefined ? undefined : headers[name].value;
}

function xml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

${ADD_VARY}

function handler(event) {
  var request = event.request;
  var method = normalise(request.method);
  var answer = evaluate(method, value(request.headers, 'origin'),
    value(request.headers, 'access-control-request-method'), value(request.headers, 'access-control-request-headers'));
  var name;
  if (event.context.eventType === 'viewer-request') {
    if (method !== 'OPTIONS') return request;
    var out = {};
    for (name in answer.headers) out[name] = { value: answer.headers[name] };
    if (answer.code === undefined) return { statusCode: 200, statusDescription: 'OK', headers: out };
    out['content-type'] = { value: 'application/xml' };
    return {
      statusCode: answer.status,
      statusDescription: answer.status === 400 ? 'Bad Request' : 'Forbidden',
      headers: out,
      body: { encoding: 'text', data: '<?xml version="1.0" encoding="UTF-8"?>\\n<Error><Code>' + answer.code
        + '</Code><Message>' + xml(answer.message) + '</Message></Error>' },
    };
  }
  var response = event.response;
  if (method === 'OPTIONS') return response;
  for (name in response.headers) {
    if (name.indexOf('access-control-') === 0) delete response.headers[name];
  }
  for (name in answer.headers) {
    if (name !== 'vary') response.headers[name] = { value: answer.headers[name] };
  }
  addVary(response.headers, answer.headers ? S3_VARY : 'Origin');
  return response;
}
`;
}
