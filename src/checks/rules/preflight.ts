// What in a bucket's CORS rules makes browsers send a preflight, and how sure
// that is (the Fetch standard: a method other than GET, HEAD and POST, or a
// request header beyond the CORS-safelisted ones, is always preflighted). Used
// by the distribution rules to tell a preflight that will come from one that
// only could: the boilerplate AllowedHeaders ["*"] on a GET rule allows
// preflighted requests, but a page that sends simple GETs never makes one.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { quote } from '../../common/quote';
import { HeaderSet } from '../facts';

/** Request headers a browser sends without a preflight (Content-Type only for form and text types, Range only for one range). */
const SAFELISTED = ['accept', 'accept-language', 'content-language', 'content-type', 'range'];

/** Why the rules let preflighted requests through: `certain` when a rule names what browsers always preflight. */
export interface PreflightTrigger {
  readonly certain: boolean;
  /** E.g. 'rule 0 allows PUT' or 'rule 0 allows any request header (AllowedHeaders ["*"])'. */
  readonly why: string;
}

/**
 * What in the rules lets a preflighted request through, the most certain first; undefined when nothing does.
 * `through`: the methods the distribution lets through (a PUT the bucket allows for uploads straight to S3,
 * behind a GET/HEAD behaviour, never comes through CloudFront, so it is no reason for a preflight there).
 */
export function preflightTrigger(rules: readonly CorsRule[], through?: readonly string[]): PreflightTrigger | undefined {
  for (const [i, r] of rules.entries()) {
    const methods = (r.allowedMethods ?? []).map(m => String(m).toUpperCase())
      .filter(m => !['GET', 'HEAD', 'POST'].includes(m) && (through === undefined || through.includes(m)));
    if (methods.length > 0) return { certain: true, why: `rule ${i} allows ${methods.join(', ')}, which browsers always preflight` };
    const headers = (r.allowedHeaders ?? []).filter(h => h !== '*' && !SAFELISTED.includes(h.toLowerCase()));
    if (headers.length > 0) return { certain: true, why: `rule ${i} allows the request header${headers.length === 1 ? '' : 's'} ${headers.map(h => quote(h)).join(', ')}, which browsers always preflight` };
  }
  for (const [i, r] of rules.entries()) {
    const elsewhere = (r.allowedMethods ?? []).map(m => String(m).toUpperCase()).filter(m => !['GET', 'HEAD', 'POST'].includes(m));
    if (through !== undefined && elsewhere.length > 0) {
      return { certain: false, why: `rule ${i} allows ${elsewhere.join(', ')}, which this behaviour does not let through (it allows ${through.join(', ')}): fine if the page sends those straight to S3 (a presigned URL), not if it sends them through CloudFront` };
    }
    const headers = r.allowedHeaders ?? [];
    if (headers.includes('*')) {
      return { certain: false, why: `rule ${i} allows any request header (AllowedHeaders ["*"]), and a browser preflights a request only when the page adds a header beyond the safelisted ones (Authorization, X-Amz-*, Content-Type: application/json)` };
    }
    if (headers.length > 0) {
      return { certain: false, why: `rule ${i} allows ${headers.map(h => quote(h)).join(', ')}, safelisted request headers that a browser preflights only with some values (Content-Type: application/json, a Range of several parts)` };
    }
    if ((r.allowedMethods ?? []).map(m => String(m).toUpperCase()).includes('POST') && (through === undefined || through.includes('POST'))) {
      return { certain: false, why: `rule ${i} allows POST, which a browser preflights only when the page sends a non-safelisted header or content type, or watches upload progress` };
    }
  }
  return undefined;
}

export const PREFLIGHT_HEADERS = ['access-control-request-method', 'access-control-request-headers'];

/** The exact names CloudFront forwards; near misses of them (one a user meant) mapped to what they were meant to be. */
const RESPONSE_COUNTERPARTS: Record<string, string> = {
  'access-control-allow-origin': 'origin',
  'access-control-allow-methods': 'access-control-request-method',
  'access-control-allow-headers': 'access-control-request-headers',
};

/**
 * For each header of `wanted` not in `set`, a listed name that was most likely
 * meant for it: a near spelling (one or two letters off) or the response header
 * that answers it. E.g. ' ("access-control-request-header" is forwarded instead: CloudFront compares exact names)'.
 */
export function nearMisses(set: HeaderSet | undefined, wanted: readonly string[]): string {
  if (set === undefined || set === 'all') return '';
  const out: string[] = [];
  for (const h of wanted) {
    if (set.has(h)) continue;
    for (const x of set) {
      if (RESPONSE_COUNTERPARTS[x] === h) {
        out.push(`${quote(x)} is listed, but it is a response header S3 sends; the request header that asks for it is "${HEADER_TITLE[h]}"`);
      } else if (x !== h && distance(x, h) <= 2) {
        out.push(`${quote(x)} is listed, not "${HEADER_TITLE[h]}": CloudFront forwards exactly the names listed`);
      }
    }
  }
  return out.length === 0 ? '' : ` (${out.join('; ')})`;
}

const HEADER_TITLE: Record<string, string> = {
  'origin': 'Origin',
  'access-control-request-method': 'Access-Control-Request-Method',
  'access-control-request-headers': 'Access-Control-Request-Headers',
};

/** Edit distance, cut off above 3 (header names are short). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 4;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
