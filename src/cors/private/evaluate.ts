// What S3 answers a request (preflight or actual), first matching rule wins,
// with S3's wire texts verbatim. Not what a browser then does (src/browser).
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { CorsEvaluation, CorsRequest } from '../types';
import { wildcardMatch } from './match';
import { canonicalOrigin } from './validate';
import { NORMALISED_METHODS, S3_METHODS } from './vocabulary';

// S3's wire text, verbatim (docs/s3-cors-semantics.md §3), including "evalution".
export const MSG_NO_ORIGIN = 'Insufficient information. Origin request header needed.';
export const MSG_NOT_ENABLED = 'CORSResponse: CORS is not enabled for this bucket.';
export const MSG_NOT_ALLOWED = 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.';
export const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** Evaluates a request the way Amazon S3 does: the first matching rule wins. */
export function evaluateRules(rules: readonly CorsRule[], request: CorsRequest): CorsEvaluation {
  const method = NORMALISED_METHODS.includes(request.method.toUpperCase()) ? request.method.toUpperCase() : request.method;
  const preflight = method === 'OPTIONS';
  const origin = request.origin;

  if (origin === undefined) {
    if (preflight) {
      return {
        allowed: false,
        preflight,
        statusCode: 400,
        headers: {},
        errorCode: 'BadRequest',
        errorMessage: MSG_NO_ORIGIN,
        explanation: 'S3 answers 400 to an OPTIONS request without an Origin header; browsers always send one on a preflight, so this request did not come from a browser\'s CORS check.',
      };
    }
    return {
      allowed: false,
      preflight,
      headers: {},
      explanation: 'Not a CORS request: without an Origin header S3 serves it normally and adds no CORS headers (browsers send Origin on every cross-origin request).',
    };
  }
  if (rules.length === 0) {
    return refuse(preflight, MSG_NOT_ENABLED,
      'The bucket has no CORS configuration, so S3 sends no CORS headers and the browser blocks the response; add a CORS rule that allows this origin and method.');
  }

  const requestedMethod = request.accessControlRequestMethod ?? method;
  const requestedHeaders = splitHeaderList(request.accessControlRequestHeaders);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const matchedOrigin = originsOf(rule).find(o => wildcardMatch(o, origin));
    if (matchedOrigin === undefined) continue;
    if (!methodsOf(rule).includes(requestedMethod)) continue;
    if (!requestedHeaders.every(h => (rule.allowedHeaders ?? []).some(p => wildcardMatch(p, h, true)))) continue;
    return {
      allowed: true,
      preflight,
      matchedRuleIndex: i,
      ...(preflight ? { statusCode: 200 } : {}),
      headers: responseHeaders(rule, matchedOrigin, origin, requestedHeaders),
      explanation: `Rule ${i} allows ${requestedMethod} from ${origin}${requestedHeaders.length ? ` with headers ${requestedHeaders.join(', ')}` : ''}${matchedOrigin === '*' ? ' (through "*", so credentialed requests are still blocked by the browser)' : ''}.`,
    };
  }
  return refuse(preflight, MSG_NOT_ALLOWED, explainMiss(rules, origin, requestedMethod, requestedHeaders));
}

function refuse(preflight: boolean, message: string, explanation: string): CorsEvaluation {
  if (!preflight) return { allowed: false, preflight, headers: {}, explanation: `${explanation} (S3 still serves the actual request, without CORS headers.)` };
  return { allowed: false, preflight, statusCode: 403, headers: {}, errorCode: 'AccessForbidden', errorMessage: message, explanation };
}

function responseHeaders(rule: CorsRule, matchedOrigin: string, origin: string, requestedHeaders: readonly string[]): Record<string, string> {
  const h: Record<string, string> = {};
  if (matchedOrigin === '*') {
    h['access-control-allow-origin'] = '*';
  } else {
    h['access-control-allow-origin'] = origin;
    h['access-control-allow-credentials'] = 'true';
  }
  h['access-control-allow-methods'] = methodsOf(rule).join(', ');
  if (requestedHeaders.length > 0) {
    h['access-control-allow-headers'] = requestedHeaders.map(x => x.toLowerCase()).join(', ');
  }
  if (rule.exposedHeaders && rule.exposedHeaders.length > 0) {
    h['access-control-expose-headers'] = rule.exposedHeaders.join(', ');
  }
  if (rule.maxAge !== undefined) h['access-control-max-age'] = String(rule.maxAge);
  h.vary = VARY;
  return h;
}

/** A rule's lists, empty where a malformed rule lacks them (S3 would refuse such a rule; it matches nothing). */
const originsOf = (r: CorsRule): string[] => r.allowedOrigins ?? [];
const methodsOf = (r: CorsRule): string[] => (r.allowedMethods ?? []) as string[];

/** The header names of an Access-Control-Request-Headers value: split on commas, trimmed, empty items dropped. */
function splitHeaderList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map(s => s.trim()).filter(s => s.length > 0);
}

/** Why nothing matched, from the nearest miss, with the fix. */
function explainMiss(rules: readonly CorsRule[], origin: string, method: string, headers: string[]): string {
  const forOrigin = rules.map((r, i) => ({ r, i })).filter(({ r }) => originsOf(r).some(o => wildcardMatch(o, origin)));
  if (forOrigin.length === 0) {
    if (origin === '') {
      return 'The Origin header is empty: that is not a CORS request, since no browser sends an empty Origin (a page sends its origin, or "null" from a sandbox or a file). No rule should list an empty origin; ask with the page\'s origin, e.g. https://app.example.com.';
    }
    const near = nearOrigin(rules, origin);
    return `No rule allows origin ${origin}${near}.`;
  }
  const withMethod = forOrigin.filter(({ r }) => methodsOf(r).includes(method));
  if (withMethod.length === 0 && !S3_METHODS.includes(method)) {
    return `S3 CORS rules can allow only GET, PUT, HEAD, POST and DELETE, so a ${method} request from ${origin} is never let through; use one of those methods.`;
  }
  if (withMethod.length === 0) {
    const list = forOrigin.map(({ r, i }) => `rule ${i} allows ${methodsOf(r).join(', ')}`).join('; ');
    return `${list}; ${method} is in no rule for this origin: add "${method}" to AllowedMethods of rule ${forOrigin[0].i}.`;
  }
  const { r, i } = withMethod[0];
  const missing = headers.filter(h => !(r.allowedHeaders ?? []).some(p => wildcardMatch(p, h, true)));
  const has = (r.allowedHeaders ?? []).length ? `AllowedHeaders ${JSON.stringify(r.allowedHeaders)}` : 'no AllowedHeaders';
  return `Rule ${i} allows ${method} from this origin but has ${has}, and the browser asks to send ${missing.join(', ')}: add ${missing.map(m => `"${m}"`).join(', ')} to AllowedHeaders of rule ${i}.`;
}

function nearOrigin(rules: readonly CorsRule[], origin: string): string {
  for (let i = 0; i < rules.length; i++) {
    for (const o of originsOf(rules[i])) {
      if (o.includes('*')) continue;
      if (canonicalOrigin(o) === origin) {
        return `: rule ${i} lists "${o}", which a browser never sends; write "${origin}"`;
      }
      const swapped = origin.startsWith('https://') ? origin.replace('https://', 'http://') : origin.replace('http://', 'https://');
      if (o === swapped) {
        return `: rule ${i} lists "${o}", but the page is served from ${origin} (the scheme is part of the origin); add "${origin}"`;
      }
      const bare = (s: string) => s.replace(/^https?:\/\/(www\.)?/, '').replace(/:\d+$/, '');
      if (bare(o) === bare(origin)) {
        return `: rule ${i} lists "${o}", a different origin (www. and the port count); add "${origin}"`;
      }
    }
  }
  return `; add "${origin}" to AllowedOrigins of the rule that should apply`;
}
