import { CorsEvaluation } from '../types';

/** A request header as a page sets it (lower-case name; value empty when unknown). */
export interface PageHeader {
  readonly name: string;
  readonly value: string;
}

/** CORS-safelisted request headers (Fetch standard), by name. */
const SAFELISTED = ['accept', 'accept-language', 'content-language', 'content-type'];
/** The only Content-Type values that keep a request simple. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Whether a browser sends a preflight before this request: any method but
 * GET, HEAD and POST, or any header that is not safelisted. Simplified: a
 * Content-Type is simple only with one of the three simple values (an
 * unknown value counts as not simple), and other safelisted values are not
 * checked.
 */
export function browserPreflights(method: string, headers: readonly PageHeader[]): boolean {
  const simple = (h: PageHeader) =>
    SAFELISTED.includes(h.name) && (h.name !== 'content-type' || SIMPLE_CONTENT_TYPES.includes(h.value.split(';')[0].trim()));
  return !['GET', 'HEAD', 'POST'].includes(method) || headers.some(h => !simple(h));
}

/** Whether a browser refuses this answer for a request with credentials: S3 answered "*". */
export function refusedWithCredentials(answer: CorsEvaluation): boolean {
  return answer.headers['access-control-allow-origin'] === '*';
}
