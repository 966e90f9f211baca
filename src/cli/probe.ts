// cdk-s3-cors probe: ask a deployed bucket or distribution what browsers ask,
// and say what they will do. Sends the requests with Node's own HTTP client
// and prints; what the answers mean comes from the browser's room (src/browser/diagnose.ts).
import * as http from 'http';
import * as https from 'https';
import { readConfiguration, readHeaders, readMethod, readOrigins } from './args';
import { Command } from './command';
import { CliError, Io, onePositional, ParsedArgs } from './io';
import { headerLines, print, verdictWord } from './print';
import { blockedFix, browserCacheHazard, cacheStatus, configDifferences, followRedirect, isRedirect, LiveAnswer, LiveVerdict, liveVerdict, poisonedAnswer, ProbedOrigin, RedirectStep, whoAnswered } from '../browser/diagnose';
import { browserRequest, BrowserRequest, isForbiddenHeader, PageHeader } from '../browser/fetch';
import { quote } from '../common/quote';
import type { CorsConfiguration } from '../cors';
import { WRITE_METHODS } from '../cors/internal';

export const PROBE_USAGE = `Usage: cdk-s3-cors probe <url> --origin <origin> [--origin <another> ...] [options]

Asks a deployed bucket or CloudFront distribution what a browser on each
origin would ask, and says whether the browser lets the answer through, and
why. Needs no AWS credentials.

What it sends, in this order:
  1. for each --origin: the preflight (OPTIONS) when a browser would send
     one (the same rules as "check"), then the request itself;
  2. with two or more --origin, the first one again, to see whether a CDN
     serves one origin's answer to another;
  3. for GET and HEAD, the request without Origin (as an <img> sends it), to
     see whether that answer is safe in the browser's HTTP cache. Like any
     <img>, it may leave a copy in a CDN's cache that is keyed without Origin.
That is at most 1 + 2 x (origins + 1) requests, plus one (and a preflight,
where one is needed) for each redirect followed. Nothing is written unless
--method PUT, POST or DELETE is given with --send-actual; without it, only
the preflight of a write is sent.

Redirects are followed as a browser follows them (the Fetch standard): every
redirect answer must itself pass the CORS check; after 20 redirects the
request fails (Chromium: ERR_TOO_MANY_REDIRECTS); a redirect that leaves one
origin for another makes the browser send "Origin: null" from then on; a
preflighted request gets a new preflight at each new URL; and a redirect in
answer to a preflight is never followed: the request fails. Each hop is
listed. The verdict is taken on an answer's headers (the body is not
awaited); headers up to 256 KiB are accepted, as in Chromium. A kept-alive
connection the server has closed is retried once on a new one.

Exit status: 0 when a browser on every origin is let through, 1 when one is
blocked (a redirect loop included), 2 on bad usage (an unknown or repeated
option, a --header value with a line break, a control character or a
character beyond Latin-1, a --config that is not a regular file), 3 when the
endpoint cannot be reached or gives no usable answer (DNS, refused, TLS,
timeout, headers over 256 KiB, not HTTP).

Options:
  --origin <origin>   a page's origin, e.g. https://app.example.com (repeatable)
  --method <method>   the fetch() method (default GET)
  --header <h>        a header the page sets (repeatable): "name: value", or a name
  --credentials       the page sends cookies or auth (fetch credentials: "include")
  --send-actual       also send the write itself for PUT, POST or DELETE
  --config <file|->   the bucket's CORS configuration (a file, or - for the output
                      of "aws s3api get-bucket-cors"): say whether the live answers
                      match it exactly
  --timeout <ms>      how long to wait for each answer (default 10000)
  --json              print the result as JSON (errors too)
  -h, --help          this help`;

/** At most this much of an error body is read: enough for S3's and CloudFront's error pages. */
const MAX_BODY = 64 * 1024;
/** The most response header bytes accepted: what Chromium accepts (net::ERR_RESPONSE_HEADERS_TOO_BIG beyond). */
export const MAX_HEADER_BYTES = 256 * 1024;
/** The methods probe sends only with --send-actual: S3's writes, and PATCH (which S3 answers, always refusing). */
const WRITES = [...WRITE_METHODS, 'PATCH'];

const PROBE_OPTIONS = {
  'origin': { type: 'string', multiple: true },
  'method': { type: 'string', default: 'GET' },
  'header': { type: 'string', multiple: true },
  'credentials': { type: 'boolean', default: false },
  'send-actual': { type: 'boolean', default: false },
  'config': { type: 'string' },
  'timeout': { type: 'string', default: '10000' },
  'json': { type: 'boolean', default: false },
} as const;

/** One request sent and what came back. */
interface Exchange {
  readonly label: string;
  readonly url: string;
  readonly answer: LiveAnswer;
}

/** How one run of the page's request ended for the browser, redirects included. */
interface Run {
  readonly origin: string;
  readonly verdict: LiveVerdict;
  /** The fix when a redirect made it fail. */
  readonly redirectFix?: string;
}

/** cdk-s3-cors probe: what a deployed bucket or distribution answers browsers, and what they will do. */
export const PROBE: Command = {
  name: 'probe',
  summary: 'ask a deployed bucket or distribution, and say what browsers will do',
  usage: PROBE_USAGE,
  options: PROBE_OPTIONS,
  run: probe,
};

async function probe({ values, positionals }: ParsedArgs, io: Io): Promise<number> {
  const url = readUrl(onePositional(positionals, PROBE_USAGE));
  const origins = readOrigins(values, PROBE_USAGE);
  const method = readMethod(values.method as string);
  const headers = readHeaders(values);
  const credentials = values.credentials === true;
  const timeout = readTimeout(values.timeout as string);
  const config = values.config === undefined ? undefined : await readConfiguration(values.config as string, io);

  const request = browserRequest(method, headers);
  const reads = request.method === 'GET' || request.method === 'HEAD';
  const sendActual = reads || values['send-actual'] === true;
  if (!reads && !WRITES.includes(request.method.toUpperCase())) {
    throw new CliError(`--method ${method}: probe sends GET and HEAD, and PUT, POST, DELETE or PATCH with --send-actual; not ${method}.`, 2);
  }
  const client = new Client(timeout);
  try {
    const configName = values.config as string | undefined;
    return await probeWith(client, { url, origins, request, headers, credentials, sendActual, config, configName, json: values.json === true }, io);
  } finally {
    client.close();
  }
}

interface ProbeSettings {
  readonly url: URL;
  readonly origins: string[];
  readonly request: BrowserRequest;
  readonly headers: PageHeader[];
  readonly credentials: boolean;
  readonly sendActual: boolean;
  readonly config?: CorsConfiguration;
  readonly configName?: string;
  readonly json: boolean;
}

async function probeWith(client: Client, settings: ProbeSettings, io: Io): Promise<number> {
  const { url, origins, request, headers, credentials, sendActual, config } = settings;
  const reads = request.method === 'GET' || request.method === 'HEAD';
  // What the browser sends of the page's headers: not the ones it forbids page code to set (Host, Content-Length, ...).
  const pageHeaders = (h: readonly PageHeader[]) => Object.fromEntries(h.filter(p => !isForbiddenHeader(p.name)).map(p => [p.name, p.value === '\u0000' ? '' : p.value]));

  const exchanges: Exchange[] = [];
  const send = async (at: URL, m: string, h: Record<string, string>, label: string) => {
    const answer = await client.send(at, m, h);
    exchanges.push({ label, url: at.href, answer });
    return answer;
  };
  const preflightOf = (at: URL, r: BrowserRequest, origin: string, label: string) => {
    const asked: Record<string, string> = { 'origin': origin, 'access-control-request-method': r.method };
    if (r.requestHeaders) asked['access-control-request-headers'] = r.requestHeaders;
    return send(at, 'OPTIONS', asked, `OPTIONS from ${origin}${label} (Access-Control-Request-Method: ${r.method}${r.requestHeaders ? `, -Headers: ${r.requestHeaders}` : ''})`);
  };

  const sequence = origins.length > 1 ? [...origins, origins[0]] : origins;
  const results: ProbedOrigin[] = [];
  const runs: Run[] = [];
  for (const origin of sequence) {
    const preflight = request.preflight ? await preflightOf(url, request, origin, '') : undefined;
    let actual: LiveAnswer | undefined;
    let run: Run = { origin, verdict: liveVerdict(request, origin, credentials, preflight) };
    // A browser sends the request itself only after a preflight it accepts.
    if (sendActual && run.verdict.allowed) {
      // The request, then each redirect as the browser follows it: a new preflight where one is needed, at most 20 hops.
      let step: RedirectStep = { url: url.href, method: request.method, origin };
      let current = request;
      let sentHeaders = headers;
      for (let count = 0; ; count++) {
        const at = new URL(step.url);
        const hop = count === 0 ? '' : ` (redirect ${count}: ${at.href})`;
        if (count > 0 && current.preflight) {
          const again = await preflightOf(at, current, step.origin, hop);
          const verdict = liveVerdict(current, step.origin, credentials, again);
          if (!verdict.allowed) {
            run = { origin, verdict: { allowed: false, reason: `after redirect ${count} to ${at.href}: ${verdict.reason}` } };
            break;
          }
        }
        const answer = await send(at, step.method, { ...pageHeaders(sentHeaders), origin: step.origin }, `${step.method} from ${step.origin}${hop}`);
        if (count === 0) actual = answer;
        const outcome = followRedirect(step, origin, answer, count, credentials);
        if (outcome === undefined) {
          run = { origin, verdict: liveVerdict(current, step.origin, credentials, undefined, answer) };
          if (count > 0 && !run.verdict.allowed) run = { origin, verdict: { allowed: false, reason: `after ${count} redirect(s), at ${at.href}: ${run.verdict.reason}` } };
          break;
        }
        if ('failure' in outcome) {
          run = { origin, verdict: { allowed: false, reason: outcome.failure }, redirectFix: outcome.fix };
          break;
        }
        if (outcome.next.method !== step.method) {
          // A redirect that turns the request into a GET drops its body and the headers that describe one.
          sentHeaders = sentHeaders.filter(h => !['content-encoding', 'content-language', 'content-location', 'content-type'].includes(h.name.toLowerCase()));
          current = browserRequest(outcome.next.method, sentHeaders);
        }
        step = outcome.next;
      }
    }
    results.push({ origin, preflight, actual });
    runs.push(run);
  }
  // Last, so that it cannot be what a CDN then serves to the origins above.
  const withoutOrigin = reads ? await send(url, request.method, {}, `${request.method} without Origin`) : undefined;

  // Verdicts: an origin is let through only if every probe of it was.
  const verdicts = origins.map(origin => {
    const blocked = runs.find(r => r.origin === origin && !r.verdict.allowed);
    return { origin, allowed: !blocked, reason: blocked?.verdict.reason ?? '' };
  });
  const problems: string[] = [];
  for (const r of results) {
    for (const a of [r.preflight, r.actual]) {
      const poisoned = a && poisonedAnswer(r.origin, a);
      if (poisoned && !problems.includes(`cache poisoning: ${poisoned}`)) problems.push(`cache poisoning: ${poisoned}`);
    }
  }
  const firstActual = results.find(r => r.actual)?.actual;
  const reused = withoutOrigin && firstActual ? poisonedAnswer('a request without Origin', withoutOrigin) : undefined;
  if (reused && !problems.some(p => p.startsWith('cache poisoning:'))) problems.push(`cache poisoning: ${reused}`);
  const hazard = withoutOrigin && firstActual ? browserCacheHazard(withoutOrigin, firstActual) : undefined;
  if (hazard) problems.push(`browser-cache hazard: ${hazard}`);
  const sent = { request, headers, credentials };
  const fixes = verdicts.filter(v => !v.allowed).map(v => {
    const run = runs.find(r => r.origin === v.origin && !r.verdict.allowed);
    return run?.redirectFix ?? blockedFix(results.find(r => r.origin === v.origin)!, sent, config);
  });
  const comparison = config ? configDifferences(config, sent, results) : undefined;

  const allowed = verdicts.every(v => v.allowed);
  const uniqueFixes = [...new Set(fixes.filter(Boolean))];
  print(io, settings.json ? 'json' : 'text', {
    json: () => ({
      url: url.href,
      method: request.method,
      droppedHeaders: request.dropped,
      allowed,
      verdicts,
      requestsSent: exchanges.length,
      exchanges: exchanges.map(e => ({
        request: e.label,
        url: e.url,
        status: e.answer.status,
        answeredBy: whoAnswered(e.answer),
        cache: cacheStatus(e.answer),
        headers: e.answer.headers,
      })),
      problems,
      fixes: uniqueFixes,
      ...(comparison ? { configuration: { matches: comparison.length === 0, differences: comparison } } : {}),
    }),
    lines: () => {
      const lines: string[] = [];
      for (const v of verdicts) {
        lines.push(`a browser on ${v.origin} will be ${verdictWord(v.allowed)} (${request.method} ${url.href})${v.allowed ? '' : `: ${v.reason}`}`);
      }
      if (request.dropped.length > 0) lines.push(`note: browsers do not let page code set ${request.dropped.join(', ')}; they were not sent`);
      if (!sendActual) lines.push(`note: only the preflight of ${request.method} was sent; add --send-actual to send the write itself`);
      lines.push('', `requests (${exchanges.length} sent):`);
      for (const e of exchanges) {
        const shown = Object.fromEntries(Object.entries(e.answer.headers).filter(([k]) => k.startsWith('access-control-') || k === 'vary'));
        const redirect = isRedirect(e.answer) ? ` (redirect to ${e.answer.headers.location})` : '';
        lines.push(`  ${e.label} -> ${e.answer.status}${redirect}${e.answer.status >= 400 ? ` (${whoAnswered(e.answer)})` : ''}`);
        lines.push(...headerLines(shown, '      '));
        if (Object.keys(shown).length === 0) lines.push('      (no CORS headers, no Vary)');
        const cache = cacheStatus(e.answer);
        if (cache) lines.push(`      ${cache}`);
      }
      if (problems.length > 0) lines.push('', 'problems:', ...problems.map(p => `  ${p}`));
      if (comparison) {
        lines.push('', comparison.length === 0 ? `configuration (${settings.configName}): the live answers match it exactly` : `configuration (${settings.configName}): the live answers DO NOT MATCH it:`);
        lines.push(...comparison.map(d => `  ${d}`));
      }
      if (uniqueFixes.length > 0) lines.push('', ...uniqueFixes.map(f => `fix: ${f}`));
      return lines;
    },
  });
  return allowed ? 0 : 1;
}

function readUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`${quote(text)} is not a URL; give the object's full URL, e.g. https://d111111abcdef8.cloudfront.net/logo.png.`, 2, PROBE_USAGE);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`${quote(text)} is a ${url.protocol} URL; probe takes http:// or https://, e.g. https://my-bucket.s3.eu-west-1.amazonaws.com/logo.png.`, 2);
  }
  return url;
}

function readTimeout(text: string): number {
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 1 || ms > 600000) {
    throw new CliError(`--timeout ${quote(text)}: give whole milliseconds from 1 to 600000, e.g. --timeout 5000.`, 2);
  }
  return ms;
}

/** A failed attempt that a browser retries once on a fresh connection: a kept-alive connection the server had closed. */
class StaleConnection extends Error {}

/**
 * Node's HTTP client as probe uses it: connections kept alive between the
 * requests (as a browser keeps them), one retry on a fresh connection when a
 * reused one turns out closed by the server, headers up to 256 KiB, and an
 * answer taken as soon as its headers are complete (the browser decides on
 * them); an error page's body is read for a moment longer, to tell who answered.
 */
class Client {
  private readonly agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

  constructor(private readonly timeout: number) {}

  async send(url: URL, method: string, headers: Record<string, string>): Promise<LiveAnswer> {
    try {
      return await this.attempt(url, method, headers, true);
    } catch (e) {
      if (!(e instanceof StaleConnection)) throw e;
      return this.attempt(url, method, headers, false);
    }
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  private attempt(url: URL, method: string, headers: Record<string, string>, pooled: boolean): Promise<LiveAnswer> {
    const client = url.protocol === 'https:' ? https : http;
    const agent = pooled ? this.agents[url.protocol as 'http:' | 'https:'] : false;
    return new Promise((resolve, reject) => {
      let req: http.ClientRequest;
      let response: http.IncomingMessage | undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = () => {
        if (settled || !response) return;
        settled = true;
        clearTimeout(timer);
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: response.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
        // The browser has decided: a finished answer leaves its connection for the next request; the rest of a body is not needed.
        if (response.complete) response.resume();
        else response.destroy();
      };
      const timer = setTimeout(() => {
        // Headers complete, body still coming: the answer is what arrived.
        if (response) finish();
        else req.destroy(Object.assign(new Error('timeout'), { code: 'PROBE_TIMEOUT' }));
      }, this.timeout);
      try {
        req = client.request(url, { method, agent, maxHeaderSize: MAX_HEADER_BYTES, headers: { 'user-agent': 'cdk-s3-cors-probe', ...headers } }, res => {
          response = res;
          // Only an error page's body says who answered (S3's XML codes, CloudFront's page); any other answer is decided.
          // (One turn of the event loop first, so that an empty body already received counts as complete.)
          if (res.statusCode === undefined || res.statusCode < 400 || method === 'HEAD') return void setImmediate(finish);
          res.on('data', (c: Buffer) => {
            if (size < MAX_BODY) chunks.push(c.subarray(0, MAX_BODY - size));
            size += c.length;
            if (size >= MAX_BODY) finish();
          });
          // 'close' comes after the end, an abort or an error alike: what arrived is the answer.
          res.on('close', finish);
          res.on('error', () => undefined);
        });
      } catch (e) {
        clearTimeout(timer);
        // A header value Node refuses to send (the arguments are checked before; this is the second line).
        reject(new CliError(`cannot send this request: ${(e as Error).message}`, 2));
        return;
      }
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (settled) return;
        clearTimeout(timer);
        if (response) return finish();
        if (pooled && req.reusedSocket && ['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(e.code ?? '')) {
          reject(new StaleConnection(e.message));
          return;
        }
        reject(new CliError(`cannot reach ${url.host}: ${networkError(e, url, this.timeout)}`, 3));
      });
      req.end();
    });
  }
}

function networkError(e: NodeJS.ErrnoException, url: URL, timeout: number): string {
  const code = e.code ?? '';
  if (code === 'PROBE_TIMEOUT') return `no answer within ${timeout} ms (timeout; raise it with --timeout)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS: the name ${url.hostname} does not resolve (${code})`;
  if (code === 'ECONNREFUSED') return `connection refused: nothing listens on ${url.hostname} port ${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (code === 'ECONNRESET') return 'the connection was reset before an answer came';
  if (code === 'HPE_HEADER_OVERFLOW') {
    return `the answer's headers are larger than ${MAX_HEADER_BYTES / 1024} KiB; browsers refuse such an answer too (Chromium: net::ERR_RESPONSE_HEADERS_TOO_BIG), so the request fails in the browser`;
  }
  if (code.startsWith('HPE_')) return `the answer is not valid HTTP (${e.message}, ${code}); browsers fail the request too`;
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|EPROTO)/.test(code)) return `TLS: ${e.message} (${code})`;
  return `${e.message}${code ? ` (${code})` : ''}`;
}
