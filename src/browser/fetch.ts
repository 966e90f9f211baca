// The browser's side of CORS: what Chromium and the Fetch standard do around a
// cross-origin fetch(). It is a client of the model (CorsConfiguration answers
// as S3 would); it is not S3's behaviour and not part of the model.
import type { CorsConfiguration, CorsEvaluation } from '../cors';
import { NORMALISED_METHODS } from '../cors/internal';

/**
 * What a browser does around a cross-origin fetch(), after the Fetch
 * standard's CORS sections (https://fetch.spec.whatwg.org/): which requests
 * go without a preflight, what the preflight asks for, and the CORS checks it
 * applies to the preflight's answer and to the actual response.
 *
 * Not modelled: the preflight cache, redirects, upload progress listeners
 * (which force a preflight), Private Network Access, and mode "no-cors".
 */

/** A request header as a page sets it. */
export interface PageHeader {
  readonly name: string;
  readonly value: string;
}

/** What the browser sends for a page's fetch(), before any answer. */
export interface BrowserRequest {
  /** The method as sent: DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased; others go as written. */
  readonly method: string;
  /** Whether a preflight (OPTIONS) goes first. */
  readonly preflight: boolean;
  /** The value of Access-Control-Request-Headers: sorted, lower-case, unique names joined by ","; undefined when none. */
  readonly requestHeaders?: string;
  /** Header names the page set that browsers drop silently (forbidden request headers). */
  readonly dropped: string[];
}

const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];
/** Methods fetch() refuses to send at all (it throws a TypeError). */
export const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
const FORBIDDEN_HEADERS = [
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method', 'connection', 'content-length',
  'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin', 'referer', 'set-cookie', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'via',
];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** RFC 9110 token characters: what a method or a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether a method or header name is an HTTP token. */
export function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/** The method as a browser sends it. */
export function normaliseMethod(method: string): string {
  return NORMALISED_METHODS.includes(method.toUpperCase()) ? method.toUpperCase() : method;
}

/** Whether browsers drop this header when page code sets it. */
export function isForbiddenHeader(name: string): boolean {
  const n = name.toLowerCase();
  return FORBIDDEN_HEADERS.includes(n) || n.startsWith('proxy-') || n.startsWith('sec-');
}

/** A byte that keeps a header value from being CORS-safelisted. */
function hasUnsafeByte(value: string): boolean {
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || '"():<>?@[\\]{}'.includes(value[k])) return true;
  }
  return false;
}

/** The essence (type/subtype, lower-case) of a MIME type, or undefined when it does not parse. */
function mimeEssence(value: string): string | undefined {
  const m = /^[\t\n\r ]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\/([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[\t\n\r ]*(;.*)?$/s.exec(value);
  return m ? `${m[1]}/${m[2]}`.toLowerCase() : undefined;
}

/** Whether one header, on its own, is CORS-safelisted (Fetch: "CORS-safelisted request-header"). */
function safelisted(h: PageHeader): boolean {
  if (h.value.length > 128) return false;
  switch (h.name.toLowerCase()) {
    case 'accept': return !hasUnsafeByte(h.value);
    case 'accept-language':
    case 'content-language': return /^[0-9A-Za-z *,\-.;=]*$/.test(h.value);
    case 'content-type': return !hasUnsafeByte(h.value) && SIMPLE_CONTENT_TYPES.includes(mimeEssence(h.value) ?? '');
    case 'range': {
      const r = /^bytes=(\d+)-(\d*)$/.exec(h.value);
      return r !== null && (r[2] === '' || Number(r[1]) <= Number(r[2]));
    }
    default: return false;
  }
}

/**
 * What the browser sends for fetch(url, { method, headers }) from another
 * origin: whether it preflights, and what Access-Control-Request-Headers says.
 */
export function browserRequest(method: string, headers: readonly PageHeader[]): BrowserRequest {
  const sent = normaliseMethod(method);
  const kept = headers.filter(h => !isForbiddenHeader(h.name));
  const dropped = headers.filter(h => isForbiddenHeader(h.name)).map(h => h.name.toLowerCase());
  // The last value of a repeated name is the one set (fetch's Headers combine them with ", ").
  const combined = new Map<string, string>();
  for (const h of kept) {
    const n = h.name.toLowerCase();
    combined.set(n, combined.has(n) ? `${combined.get(n)}, ${h.value}` : h.value);
  }
  const list = [...combined].map(([name, value]) => ({ name, value }));
  // Safelisted headers whose values add up to more than 1024 bytes are all unsafe.
  const safe = list.filter(safelisted);
  const safeBytes = safe.reduce((n, h) => n + h.value.length, 0);
  const unsafe = [...new Set(list.filter(h => !safelisted(h) || safeBytes > 1024).map(h => h.name))].sort();
  return {
    method: sent,
    preflight: !SAFELISTED_METHODS.includes(sent) || unsafe.length > 0,
    requestHeaders: unsafe.length > 0 ? unsafe.join(',') : undefined,
    dropped: [...new Set(dropped)],
  };
}

/**
 * The browser's CORS check of an answer (preflight or actual): the reason it
 * fails, or undefined when it passes.
 */
export function corsCheckFailure(headers: Record<string, string>, origin: string, credentials: boolean): string | undefined {
  const allowOrigin = headers['access-control-allow-origin'];
  if (allowOrigin === undefined) return 'the answer has no Access-Control-Allow-Origin header';
  if (allowOrigin === '*') {
    return credentials ? 'the answer is "Access-Control-Allow-Origin: *", which browsers refuse for a request with credentials' : undefined;
  }
  if (allowOrigin !== origin) return `the answer allows origin "${allowOrigin}", not "${origin}"`;
  if (credentials && headers['access-control-allow-credentials'] !== 'true') return 'the request has credentials and the answer lacks Access-Control-Allow-Credentials: true';
  return undefined;
}

/**
 * The checks a browser applies to a successful preflight beyond the CORS
 * check: the method and every requested header must be allowed. The reason
 * it fails, or undefined.
 */
export function preflightCheckFailure(headers: Record<string, string>, request: BrowserRequest, credentials: boolean): string | undefined {
  const list = (name: string) => (headers[name] ?? '').split(',').map(s => s.trim()).filter(s => s !== '');
  const methods = list('access-control-allow-methods');
  const wildcard = (l: string[]) => !credentials && l.includes('*');
  if (!SAFELISTED_METHODS.includes(request.method) && !methods.includes(request.method) && !wildcard(methods)) {
    return `the preflight's Access-Control-Allow-Methods does not list ${request.method}`;
  }
  const allowed = list('access-control-allow-headers').map(h => h.toLowerCase());
  for (const name of (request.requestHeaders ?? '').split(',').filter(n => n !== '')) {
    // "*" never covers Authorization.
    if (!allowed.includes(name) && !(wildcard(allowed) && name !== 'authorization')) {
      return `the preflight's Access-Control-Allow-Headers does not list ${name}`;
    }
  }
  return undefined;
}

/** The outcome of a page's fetch() against a bucket, as the browser and S3 play it out. */
export interface SimulatedFetch {
  /** What the browser sends. */
  readonly request: BrowserRequest;
  /** S3's answer to the preflight, when one is sent. */
  readonly preflight?: CorsEvaluation;
  /** S3's answer to the actual request, when the browser sends it. */
  readonly actual?: CorsEvaluation;
  /** Whether page code gets the response. */
  readonly allowed: boolean;
  /** Why it is blocked, or why it is let through. */
  readonly explanation: string;
}

/**
 * A page on `origin` calls fetch(url, { method, headers, credentials }) on a
 * bucket with this configuration: the preflight if the browser sends one,
 * S3's answer to it, the browser's checks, then the actual request and the
 * CORS check of its answer.
 */
export function simulateFetch(
  config: CorsConfiguration, origin: string, method: string, headers: readonly PageHeader[], credentials: boolean,
): SimulatedFetch {
  const request = browserRequest(method, headers);
  let preflight: CorsEvaluation | undefined;
  if (request.preflight) {
    preflight = config.evaluate({ method: 'OPTIONS', origin, accessControlRequestMethod: request.method, accessControlRequestHeaders: request.requestHeaders });
    if (!preflight.allowed) {
      return { request, preflight, allowed: false, explanation: `The preflight is refused (S3 answers ${preflight.statusCode} ${preflight.errorCode}). ${preflight.explanation}` };
    }
    const failure = corsCheckFailure(preflight.headers, origin, credentials) ?? preflightCheckFailure(preflight.headers, request, credentials);
    if (failure) return { request, preflight, allowed: false, explanation: `The browser rejects the preflight's answer: ${failure}.${credentialsFix(preflight, origin)}` };
  }
  const actual = config.evaluate({ method: request.method, origin });
  const failure = corsCheckFailure(actual.headers, origin, credentials);
  if (failure) {
    const explanation = actual.allowed ? `The browser rejects the response: ${failure}.${credentialsFix(actual, origin)}` : actual.explanation;
    return { request, preflight, actual, allowed: false, explanation };
  }
  return { request, preflight, actual, allowed: true, explanation: actual.explanation };
}

/** The fix when S3 answered "*" to a request with credentials. */
function credentialsFix(answer: CorsEvaluation, origin: string): string {
  if (answer.headers['access-control-allow-origin'] !== '*') return '';
  return ` Rule ${answer.matchedRuleIndex} matched through "*": list "${origin}" in AllowedOrigins of a rule before it (S3 then echoes the origin and allows credentials).`;
}
