// cdk-s3-cors probe: ask a deployed bucket or distribution what browsers ask,
// and say what they will do. Sends the requests with Node's own HTTP client
// and prints; what the answers mean comes from the model (private/diagnose).
import * as http from 'http';
import * as https from 'https';
import { readConfiguration, readHeaders, readMethod, readOrigins } from './check';
import { CliError, Io, onePositional, parse } from './io';
import { browserRequest, PageHeader } from '../cors/private/browser';
import { blockedFix, browserCacheHazard, cacheStatus, configDifferences, LiveAnswer, liveVerdict, poisonedAnswer, ProbedOrigin, whoAnswered } from '../cors/private/diagnose';

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
That is at most 1 + 2 x (origins + 1) requests. Nothing is written unless
--method PUT, POST or DELETE is given with --send-actual; without it, only
the preflight of a write is sent.

Exit status: 0 when a browser on every origin is let through, 1 when one is
blocked, 2 on bad usage, 3 when the endpoint cannot be reached (DNS,
refused, TLS, timeout).

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

/** At most this much of a body is read: enough for S3's and CloudFront's error pages. */
const MAX_BODY = 64 * 1024;
const WRITES = ['PUT', 'POST', 'DELETE', 'PATCH'];

/** One request sent and what came back. */
interface Exchange {
  readonly label: string;
  readonly answer: LiveAnswer;
}

export async function probe(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    'origin': { type: 'string', multiple: true },
    'method': { type: 'string', default: 'GET' },
    'header': { type: 'string', multiple: true },
    'credentials': { type: 'boolean', default: false },
    'send-actual': { type: 'boolean', default: false },
    'config': { type: 'string' },
    'timeout': { type: 'string', default: '10000' },
    'json': { type: 'boolean', default: false },
  }, PROBE_USAGE);
  if (values.help) {
    io.stdout(PROBE_USAGE);
    return 0;
  }
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
  const send = (m: string, h: Record<string, string>) => sendRequest(url, m, h, timeout);
  const pageHeaders = Object.fromEntries(headers.map((h: PageHeader) => [h.name, h.value === '\u0000' ? '' : h.value]));

  const exchanges: Exchange[] = [];
  const sequence = origins.length > 1 ? [...origins, origins[0]] : origins;
  const results: ProbedOrigin[] = [];
  for (const origin of sequence) {
    let preflight: LiveAnswer | undefined;
    if (request.preflight) {
      const asked: Record<string, string> = { 'origin': origin, 'access-control-request-method': request.method };
      if (request.requestHeaders) asked['access-control-request-headers'] = request.requestHeaders;
      preflight = await send('OPTIONS', asked);
      exchanges.push({ label: `OPTIONS from ${origin} (Access-Control-Request-Method: ${request.method}${request.requestHeaders ? `, -Headers: ${request.requestHeaders}` : ''})`, answer: preflight });
    }
    let actual: LiveAnswer | undefined;
    // A browser sends the request itself only after a preflight it accepts.
    if (sendActual && (!preflight || liveVerdict(request, origin, credentials, preflight).allowed)) {
      actual = await send(request.method, { ...pageHeaders, origin });
      exchanges.push({ label: `${request.method} from ${origin}`, answer: actual });
    }
    results.push({ origin, preflight, actual });
  }
  // Last, so that it cannot be what a CDN then serves to the origins above.
  const withoutOrigin = reads ? await send(request.method, {}) : undefined;
  if (withoutOrigin) exchanges.push({ label: `${request.method} without Origin`, answer: withoutOrigin });

  // Verdicts: an origin is let through only if every probe of it was.
  const verdicts = origins.map(origin => {
    const runs = results.filter(r => r.origin === origin).map(r => liveVerdict(request, origin, credentials, r.preflight, r.actual));
    const blocked = runs.find(v => !v.allowed);
    return { origin, allowed: !blocked, reason: blocked?.reason ?? '' };
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
  const fixes = verdicts.filter(v => !v.allowed).map(v => blockedFix(results.find(r => r.origin === v.origin)!, sent, config));
  const comparison = config ? configDifferences(config, sent, results) : undefined;

  const allowed = verdicts.every(v => v.allowed);
  if (values.json) {
    io.stdout(JSON.stringify({
      url: url.href,
      method: request.method,
      allowed,
      verdicts,
      requestsSent: exchanges.length,
      exchanges: exchanges.map(e => ({
        request: e.label, status: e.answer.status, answeredBy: whoAnswered(e.answer), cache: cacheStatus(e.answer), headers: e.answer.headers,
      })),
      problems,
      fixes: [...new Set(fixes.filter(Boolean))],
      ...(comparison ? { configuration: { matches: comparison.length === 0, differences: comparison } } : {}),
    }, undefined, 2));
    return allowed ? 0 : 1;
  }
  const lines: string[] = [];
  for (const v of verdicts) {
    lines.push(`a browser on ${v.origin} will be ${v.allowed ? 'ALLOWED' : 'BLOCKED'} (${request.method} ${url.href})${v.allowed ? '' : `: ${v.reason}`}`);
  }
  if (!sendActual) lines.push(`note: only the preflight of ${request.method} was sent; add --send-actual to send the write itself`);
  lines.push('', `requests (${exchanges.length} sent):`);
  for (const e of exchanges) {
    const shown = Object.entries(e.answer.headers).filter(([k]) => k.startsWith('access-control-') || k === 'vary');
    lines.push(`  ${e.label} -> ${e.answer.status}${e.answer.status >= 400 ? ` (${whoAnswered(e.answer)})` : ''}`);
    for (const [k, v] of shown) lines.push(`      ${k}: ${v}`);
    if (shown.length === 0) lines.push('      (no CORS headers, no Vary)');
    const cache = cacheStatus(e.answer);
    if (cache) lines.push(`      ${cache}`);
  }
  if (problems.length > 0) lines.push('', 'problems:', ...problems.map(p => `  ${p}`));
  if (comparison) {
    lines.push('', comparison.length === 0 ? `configuration (${values.config}): the live answers match it exactly` : `configuration (${values.config}): the live answers DO NOT MATCH it:`);
    lines.push(...comparison.map(d => `  ${d}`));
  }
  const uniqueFixes = [...new Set(fixes.filter(Boolean))];
  if (uniqueFixes.length > 0) lines.push('', ...uniqueFixes.map(f => `fix: ${f}`));
  io.stdout(lines.join('\n'));
  return allowed ? 0 : 1;
}

function readUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`${JSON.stringify(text)} is not a URL; give the object's full URL, e.g. https://d111111abcdef8.cloudfront.net/logo.png.`, 2, PROBE_USAGE);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`${JSON.stringify(text)} is a ${url.protocol} URL; probe takes http:// or https://, e.g. https://my-bucket.s3.eu-west-1.amazonaws.com/logo.png.`, 2);
  }
  return url;
}

function readTimeout(text: string): number {
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 1 || ms > 600000) {
    throw new CliError(`--timeout ${JSON.stringify(text)}: give whole milliseconds from 1 to 600000, e.g. --timeout 5000.`, 2);
  }
  return ms;
}

/** Sends one request and reads its answer; a network failure is exit 3, named. */
function sendRequest(url: URL, method: string, headers: Record<string, string>, timeout: number): Promise<LiveAnswer> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method, headers: { 'user-agent': 'cdk-s3-cors-probe', ...headers } }, res => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        clearTimeout(timer);
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c.subarray(0, MAX_BODY - size));
        size += c.length;
        // The rest of a large object is not needed: stop reading it.
        if (size >= MAX_BODY) {
          res.destroy();
          done();
        }
      });
      // 'close' comes after the end, an abort or an error alike: what arrived is the answer.
      res.on('close', done);
      res.on('error', () => undefined);
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'PROBE_TIMEOUT' })), timeout);
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new CliError(`cannot reach ${url.host}: ${networkError(e, url, timeout)}`, 3));
    });
    req.end();
  });
}

function networkError(e: NodeJS.ErrnoException, url: URL, timeout: number): string {
  const code = e.code ?? '';
  if (code === 'PROBE_TIMEOUT') return `no answer within ${timeout} ms (timeout; raise it with --timeout)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS: the name ${url.hostname} does not resolve (${code})`;
  if (code === 'ECONNREFUSED') return `connection refused: nothing listens on ${url.hostname} port ${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (code === 'ECONNRESET') return 'the connection was reset before an answer came';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|EPROTO)/.test(code)) return `TLS: ${e.message} (${code})`;
  return `${e.message}${code ? ` (${code})` : ''}`;
}
