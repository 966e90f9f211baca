// What live HTTP answers mean for a browser, for `cdk-s3-cors probe`: the
// browser's verdict on a real preflight and response (the same Fetch rules as
// simulateFetch), who refused a request (S3, CloudFront, or nobody: a missing
// bucket), whether an answer is safe in the browser's HTTP cache, whether a
// CDN served one origin's answer to another, and how a live answer differs
// from what a configuration says. Pure: the CLI does the requests.
import { BrowserRequest, corsCheckFailure, PageHeader, preflightCheckFailure, simulateFetch } from './fetch';
import { quote } from '../common/quote';
import type { CorsConfiguration, CorsEvaluation } from '../cors';
import { MSG_NOT_ENABLED } from '../cors/internal';

/** A live HTTP answer: status, headers keyed by lower-case name, and the start of the body. */
export interface LiveAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the browser does with the live answers to one page request. */
export interface LiveVerdict {
  readonly allowed: boolean;
  /** Why it is blocked, or "" when it is let through. */
  readonly reason: string;
}

const ok = (status: number) => status >= 200 && status < 300;

/**
 * The browser's verdict from live answers: the preflight (when one was sent)
 * must be 2xx and pass the CORS and preflight checks; then the actual answer
 * (when sent) must pass the CORS check.
 */
export function liveVerdict(request: BrowserRequest, origin: string, credentials: boolean, preflight?: LiveAnswer, actual?: LiveAnswer): LiveVerdict {
  if (preflight) {
    if (isRedirect(preflight)) {
      return {
        allowed: false,
        reason: `the preflight was answered with a redirect (${preflight.status} to ${preflight.headers.location}); browsers never follow a redirect on a preflight and fail the request ("Redirect is not allowed for a preflight request")`,
      };
    }
    if (!ok(preflight.status)) return { allowed: false, reason: `the preflight was answered ${preflight.status} (${whoAnswered(preflight)}); browsers need a 2xx answer to a preflight` };
    const failure = corsCheckFailure(preflight.headers, origin, credentials) ?? preflightCheckFailure(preflight.headers, request, credentials);
    if (failure) return { allowed: false, reason: `the preflight's answer fails the browser's check: ${failure}` };
  }
  if (actual) {
    const failure = corsCheckFailure(actual.headers, origin, credentials);
    if (failure) return { allowed: false, reason: `the ${request.method} answer (${actual.status}) fails the browser's CORS check: ${failure}` };
  }
  return { allowed: true, reason: '' };
}

/**
 * How many redirects a browser follows: the Fetch standard returns a network
 * error when the redirect count is already 20 (Chromium: ERR_TOO_MANY_REDIRECTS).
 */
export const MAX_REDIRECTS = 20;

/** Whether an answer is a redirect a browser follows: 301, 302, 303, 307 or 308 with a Location header. */
export function isRedirect(a: LiveAnswer): boolean {
  return [301, 302, 303, 307, 308].includes(a.status) && a.headers.location !== undefined;
}

/** One request of a CORS fetch as the browser sends it: where, which method, which Origin. */
export interface RedirectStep {
  readonly url: string;
  readonly method: string;
  /** The Origin header sent: the page's origin, or "null" once a redirect has crossed origins twice (Fetch's tainted origin). */
  readonly origin: string;
}

/** What the browser does with a redirect answer: the next request, or why the fetch fails (with the fix). */
export type RedirectOutcome = { readonly next: RedirectStep } | { readonly failure: string; readonly fix: string };

/**
 * What a browser does with a redirect answer to a CORS request (Fetch,
 * "HTTP-redirect fetch", in mode "cors", redirect "follow"): the redirect
 * answer must itself pass the CORS check, the Location must be an http(s)
 * URL without credentials, at most 20 redirects are followed, a 303 (and a
 * 301 or 302 to a POST) turns the request into a GET, and once a redirect
 * goes from one origin to another while the request is already cross-origin,
 * the Origin sent becomes "null". `count` is the number of redirects followed
 * before this one. Undefined when the answer is not a redirect.
 */
export function followRedirect(
  step: RedirectStep, pageOrigin: string, answer: LiveAnswer, count: number, credentials: boolean,
): RedirectOutcome | undefined {
  if (!isRedirect(answer)) return undefined;
  const location = answer.headers.location;
  const cors = corsCheckFailure(answer.headers, step.origin, credentials);
  if (cors) {
    return {
      failure: `the redirect (${answer.status} from ${step.url} to ${location}) fails the browser's CORS check: ${cors}; a browser checks every redirect of a CORS request, not only the last answer`,
      fix: `give the redirect answer the same CORS headers as the final one, or have the page fetch the final URL (${location}) directly.`,
    };
  }
  let next: URL;
  try {
    next = new URL(location, step.url);
  } catch {
    return { failure: `the redirect (${answer.status} from ${step.url}) has a Location that is not a URL: ${quote(location)}`, fix: 'send a Location with a full http:// or https:// URL.' };
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return { failure: `the redirect (${answer.status} from ${step.url}) goes to a ${next.protocol} URL, which a browser does not fetch from a CORS request`, fix: 'redirect to an http:// or https:// URL.' };
  }
  if (count >= MAX_REDIRECTS) {
    return {
      failure: `the URL redirected ${count + 1} times (last: ${answer.status} from ${step.url} to ${next.href}); browsers follow at most ${MAX_REDIRECTS} redirects and then fail the request (Chromium: net::ERR_TOO_MANY_REDIRECTS)`,
      fix: 'the redirects go round in a loop or are too many: fix the redirect rules (a website redirect rule, a CloudFront function, the server) so that the URL answers within a few hops.',
    };
  }
  if (next.username !== '' || next.password !== '') {
    return { failure: `the redirect (${answer.status} from ${step.url}) goes to a URL with a user name or password, which browsers refuse for a CORS request`, fix: 'redirect to a URL without credentials in it.' };
  }
  const from = new URL(step.url);
  const tainted = next.origin !== from.origin && pageOrigin !== from.origin;
  const post = step.method === 'POST' && (answer.status === 301 || answer.status === 302);
  const toGet = post || (answer.status === 303 && step.method !== 'GET' && step.method !== 'HEAD');
  return { next: { url: next.href, method: toGet ? 'GET' : step.method, origin: tainted ? 'null' : step.origin } };
}

/** Who produced an answer. */
export type Answerer = 's3-no-cors' | 's3-no-rule' | 's3-no-bucket' | 's3-no-key' | 's3-access-denied' | 's3-error' | 'cloudfront-method' | 'cloudfront' | 'server';

/** Who produced an answer, as far as its body and headers tell (S3's XML error codes, CloudFront's own pages), and in words. */
export function answeredBy(a: LiveAnswer): { readonly by: Answerer; readonly words: string } {
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(a.body)?.[1];
  const message = /<Message>([^<]{0,300})<\/Message>/.exec(a.body)?.[1];
  if (code === 'AccessForbidden' && message === MSG_NOT_ENABLED) return { by: 's3-no-cors', words: 'S3: the bucket has no CORS configuration' };
  if (code === 'AccessForbidden') return { by: 's3-no-rule', words: 'S3 refused the preflight: no CORS rule matches this origin, method and headers' };
  if (code === 'NoSuchBucket') return { by: 's3-no-bucket', words: 'S3: the bucket does not exist (a wrong name, region or endpoint)' };
  if (code === 'NoSuchKey') return { by: 's3-no-key', words: 'S3: there is no object at this key' };
  if (code === 'AccessDenied') return { by: 's3-access-denied', words: 'S3: access denied (the bucket policy or an origin access control, not CORS)' };
  if (code) return { by: 's3-error', words: `S3 error ${code}` };
  if (/cloudfront/i.test(`${a.headers['x-cache'] ?? ''} ${a.headers.server ?? ''} ${a.headers.via ?? ''}`) || /cloudfront/i.test(a.body)) {
    return a.status === 403 && /not configured to allow the HTTP request method/i.test(a.body)
      ? { by: 'cloudfront-method', words: 'CloudFront refused the method: the cache behaviour does not allow it (AllowedMethods)' }
      : { by: 'cloudfront', words: 'CloudFront' };
  }
  return { by: 'server', words: a.headers.server ? `the server (${a.headers.server})` : 'the server' };
}

/** Who produced an answer, in words. */
export function whoAnswered(a: LiveAnswer): string {
  return answeredBy(a).words;
}

/** Whether the answer came from a CDN's cache, in words, from x-cache, age and via; undefined when nothing says. */
export function cacheStatus(a: LiveAnswer): string | undefined {
  const parts: string[] = [];
  if (a.headers['x-cache']) parts.push(`x-cache: ${a.headers['x-cache']}`);
  if (a.headers.age) parts.push(`age: ${a.headers.age} s`);
  if (a.headers.via) parts.push(`via: ${a.headers.via}`);
  if (parts.length === 0) return undefined;
  const hit = /\bhit\b/i.test(a.headers['x-cache'] ?? '') || Number(a.headers.age) > 0;
  return `${hit ? 'from the CDN\'s cache' : 'not from a cache'} (${parts.join(', ')})`;
}

/** Whether the header holds a name, in a comma-separated list, ignoring case. */
function lists(value: string | undefined, name: string): boolean {
  return (value ?? '').split(',').some(v => v.trim().toLowerCase() === name || v.trim() === '*');
}

/**
 * The browser-cache hazard: an answer to a request without Origin that a
 * browser may reuse for a CORS request, although the CORS answer differs.
 * Safe when the answer without Origin says `Vary: Origin`, or carries the same
 * `Access-Control-Allow-Origin` the CORS answer does (only "*" can).
 */
export function browserCacheHazard(withoutOrigin: LiveAnswer, withOrigin: LiveAnswer): string | undefined {
  if (!ok(withoutOrigin.status) || lists(withoutOrigin.headers.vary, 'origin')) return undefined;
  const plain = withoutOrigin.headers['access-control-allow-origin'];
  const cors = withOrigin.headers['access-control-allow-origin'];
  if (cors === undefined || plain === cors) return undefined;
  return `the answer without Origin has no "Vary: Origin" and ${plain === undefined ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin: ${plain}`}, so a browser that first loads this URL without CORS (<img>, <script>, <link> without crossorigin) caches that copy and later answers fetch() from it, blocked. `
    + 'Add Vary: Origin to every answer (CloudFrontCorsDistribution does, with a CloudFront Function), or load the URL with crossorigin everywhere.';
}

/**
 * An answer a CDN made for someone else: it carries another origin's
 * Access-Control-Allow-Origin, or it came from the CDN's cache without any
 * (a copy made for a request without Origin, as an <img> sends). Either way
 * the CDN keys its cache without Origin.
 */
export function poisonedAnswer(origin: string, a: LiveAnswer): string | undefined {
  const fix = 'Put Origin (and Access-Control-Request-Method/-Headers) in the cache key, or answer CORS at the edge.';
  const allowed = a.headers['access-control-allow-origin'];
  const cache = cacheStatus(a);
  if (allowed === undefined) {
    if (!cache?.startsWith('from the CDN\'s cache') || origin.includes(' ')) return undefined;
    return `the answer for ${origin} came from the CDN's cache without CORS headers: most likely a copy made for a request without Origin (an <img>, a curl) or for an origin the rules refuse, served to every origin since the cache key lacks Origin (${cache.slice(cache.indexOf('(') + 1, -1)}). ${fix}`;
  }
  if (allowed === '*' || allowed === origin) return undefined;
  return `the answer for ${origin} carries "Access-Control-Allow-Origin: ${allowed}", another origin's: the CDN keys its cache without Origin and served a copy made for ${allowed}${cache ? `; ${cache}` : ''}. ${fix}`;
}

/** The CORS headers of an answer (access-control-*), for comparison. */
function corsHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('access-control-')));
}

/** Where a live answer differs from what a configuration says S3 answers; [] when it matches. */
export function differences(what: string, expected: CorsEvaluation, live: LiveAnswer): string[] {
  const out: string[] = [];
  if (expected.statusCode !== undefined && expected.statusCode !== live.status) {
    out.push(`${what}: the configuration says S3 answers ${expected.statusCode}${expected.errorCode ? ` ${expected.errorCode}` : ''}, the endpoint answered ${live.status} (${whoAnswered(live)})`);
  }
  const want = corsHeaders(expected.headers);
  const got = corsHeaders(live.headers);
  for (const name of [...new Set([...Object.keys(want), ...Object.keys(got)])].sort()) {
    if (want[name] !== got[name]) {
      out.push(`${what}: ${name} is ${got[name] === undefined ? 'missing' : quote(got[name])} live, ${want[name] === undefined ? 'absent' : quote(want[name])} by the configuration`);
    }
  }
  return out;
}

/** What probe got back for one origin: the preflight's answer and the request's, when sent. */
export interface ProbedOrigin {
  readonly origin: string;
  readonly preflight?: LiveAnswer;
  readonly actual?: LiveAnswer;
}

/** The page's request as probe sent it. */
export interface ProbedRequest {
  readonly request: BrowserRequest;
  readonly headers: readonly PageHeader[];
  readonly credentials: boolean;
}

/** The fix for an origin a browser will block, from who refused and, given the configuration, from the model's explanation. */
export function blockedFix(p: ProbedOrigin, sent: ProbedRequest, config?: CorsConfiguration): string {
  if ([p.preflight, p.actual].some(a => a && poisonedAnswer(p.origin, a))) {
    return 'key the distribution\'s cache on Origin, Access-Control-Request-Method and Access-Control-Request-Headers (a cache policy with those headers; CloudFrontCorsDistribution does this), or answer CORS at the edge (corsMode EDGE).';
  }
  const refused = [p.preflight, p.actual].find(a => a && a.status >= 300);
  const by = refused ? answeredBy(refused).by : undefined;
  const method = sent.request.method;
  if (by === 'cloudfront-method') {
    return `allow OPTIONS${method === 'GET' || method === 'HEAD' ? '' : ` and ${method}`} on the distribution's cache behaviour (AllowedMethods), and cache OPTIONS with Origin and Access-Control-Request-* in the cache key.`;
  }
  if (by === 's3-no-cors') return `put a CORS configuration on the bucket that allows ${p.origin} (cdk-s3-cors generate prints one).`;
  if (by === 's3-no-bucket') return 'check the bucket name, region and endpoint in the URL.';
  if (config) {
    const expected = simulateFetch(config, p.origin, method, sent.headers, sent.credentials);
    if (!expected.allowed) return `the configuration given with --config blocks it too: ${expected.explanation}`;
    return `the configuration given with --config lets ${p.origin} through, but the endpoint does not: it does not show that configuration yet (a change minutes ago?), or a distribution in front does not forward Origin and Access-Control-Request-* to S3 (attach the origin request policy CORS-S3Origin).`;
  }
  const answer = p.actual ?? p.preflight;
  if (answer && answer.headers['access-control-allow-origin'] === undefined && answer.status < 300) {
    return `no Access-Control-Allow-Origin came back for ${p.origin}: either no CORS rule of the bucket allows it (check with "aws s3api get-bucket-cors" and "cdk-s3-cors check"), or a distribution in front does not forward Origin to S3. Run again with --config to tell which.`;
  }
  return `run again with --config and the bucket's configuration ("aws s3api get-bucket-cors") to see which rule should let ${p.origin} through.`;
}

/** Every difference between the live answers and what the configuration says S3 answers. */
export function configDifferences(config: CorsConfiguration, sent: ProbedRequest, probed: readonly ProbedOrigin[]): string[] {
  const out: string[] = [];
  for (const p of probed) {
    const expected = simulateFetch(config, p.origin, sent.request.method, sent.headers, sent.credentials);
    if (p.preflight && expected.preflight) out.push(...differences(`OPTIONS from ${p.origin}`, expected.preflight, p.preflight));
    if (p.actual) out.push(...differences(`${sent.request.method} from ${p.origin}`, config.evaluate({ method: sent.request.method, origin: p.origin }), p.actual));
  }
  return [...new Set(out)];
}
