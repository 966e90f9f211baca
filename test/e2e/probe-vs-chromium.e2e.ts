// probe against the oracle on hostile servers (issue 20): each case is a
// server on 127.0.0.1 that redirects (in a loop, within the bound, without
// CORS headers, to another origin, on a preflight) or sends huge headers; a
// real Chromium fetch() from a page on another origin and `cdk-s3-cors probe`
// ask the same URL, and probe's verdict must be the browser's: allowed when
// fetch() resolves, blocked (exit 1) or unreachable (exit 3) when it rejects.
// Cold cache on purpose (a fresh context, fetch with cache: 'no-store'): the test compares the exact requests
// each sends, which a cached preflight would hide; the browser's cache with CORS is proven in caching.e2e.ts.
import * as http from 'http';
import { AddressInfo } from 'net';
import { startPageServer, TestBrowser } from './harness/browser';
import { runInProcess } from '../cli/in-process';

jest.setTimeout(120_000);

let page: Awaited<ReturnType<typeof startPageServer>>;
let A: string;
let browser: TestBrowser;
let endpoint: string;
let other: string;
let endpointPort = 0;
const servers: http.Server[] = [];
/** Every request the servers got with an Origin header: method, server, path and Origin. */
let seen: string[] = [];

/** The CORS headers that let the request's Origin through, preflight included. */
function allow(req: http.IncomingMessage, origin = req.headers.origin): Record<string, string> {
  return origin ? { 'access-control-allow-origin': origin, 'access-control-allow-methods': 'PUT, GET', 'access-control-allow-headers': '*' } : {};
}

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer((req, res) => {
    if (req.headers.origin !== undefined) seen.push(`${req.method} ${(server.address() as AddressInfo).port === endpointPort ? 'endpoint' : 'other'}${req.url} Origin: ${req.headers.origin}`);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  page = await startPageServer();
  A = `http://127.0.0.1:${page.port}`;
  // Another origin (another port): what a cross-origin redirect reaches. Its answer's Allow-Origin is in the path.
  other = await listen((req, res) => {
    const allowed = decodeURIComponent(req.url!.split('/')[2] ?? '');
    res.writeHead(200, allowed ? { 'access-control-allow-origin': allowed } : {}).end('there');
  });
  endpoint = await listen((req, res) => {
    const [, kind, arg] = req.url!.split('/');
    const n = Number(arg ?? 0);
    const preflight = req.method === 'OPTIONS';
    switch (kind) {
      case 'loop': // redirects n times with CORS headers, then answers (n = 999: for ever)
        if (n > 0 && !preflight) return void res.writeHead(302, { ...allow(req), location: `/loop/${n === 999 ? 999 : n - 1}` }).end();
        return void res.writeHead(200, allow(req)).end('done');
      case 'bare-redirect': // a redirect without CORS headers to a good answer
        if (!preflight && n === 0) return void res.writeHead(302, { location: '/bare-redirect/1' }).end();
        return void res.writeHead(200, allow(req)).end('done');
      case 'to-bare': // a redirect with CORS headers to an answer without them
        if (n === 0) return void res.writeHead(302, { ...allow(req), location: '/to-bare/1' }).end();
        return void res.writeHead(200).end('no cors');
      case 'cross': // a redirect to another origin, whose answer allows the origin in the URL
        return void res.writeHead(302, { ...allow(req), location: `${other}/there/${arg ?? ''}` }).end();
      case 'preflight-redirect':
        if (preflight) return void res.writeHead(307, { ...allow(req), location: '/loop/0' }).end();
        return void res.writeHead(200, allow(req)).end();
      case 'put-redirect': // the preflight passes; the PUT is redirected once
        if (preflight) return void res.writeHead(200, allow(req)).end();
        req.resume();
        if (n === 0) return void res.writeHead(307, { ...allow(req), location: '/put-redirect/1' }).end();
        return void res.writeHead(200, allow(req)).end('stored');
      case 'big-headers':
        return void res.writeHead(200, { ...allow(req), 'x-big': 'a'.repeat(n * 1024) }).end('big');
      default:
        return void res.writeHead(404).end();
    }
  });
  endpointPort = Number(new URL(endpoint).port);
  browser = await TestBrowser.launch();
});

afterAll(async () => {
  await browser?.close();
  await page?.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise(resolve => s.close(resolve));
  }
});

// The third column is what Chromium does, written down so that a case that stops exercising its point shows.
test.each<[string, string, boolean, string?]>([
  ['a redirect loop with CORS headers on every hop', '/loop/999', false],
  ['exactly 20 redirects, then a good answer', '/loop/20', true],
  ['21 redirects, then a good answer', '/loop/21', false],
  ['one redirect to a good answer', '/loop/1', true],
  ['a redirect without CORS headers to a good answer', '/bare-redirect/0', false],
  ['a redirect with CORS headers to an answer without them', '/to-bare/0', false],
  ['a cross-origin redirect to an answer that allows the page origin (Origin is "null" by then)', '/cross/PAGE', false],
  ['a cross-origin redirect to an answer that allows "null"', '/cross/null', true],
  ['a cross-origin redirect to an answer that allows "*"', '/cross/*', true],
  ['a preflight answered with a redirect', '/preflight-redirect/0', false, 'PUT'],
  ['a PUT redirected once after its preflight passed', '/put-redirect/0', true, 'PUT'],
  ['24 KB of headers', '/big-headers/24', true],
  ['300 KB of headers', '/big-headers/300', false],
])('%s: probe says what Chromium does', async (_name, pathname, browserAllows, method = 'GET') => {
  const url = `${endpoint}${pathname.replace('PAGE', encodeURIComponent(A))}`;
  seen = [];
  const chromium = await browser.fetch(A, url, method === 'GET' ? {} : { method, body: 'x' });
  expect(chromium.ok).toBe(browserAllows);
  const browserSent = seen;
  expect(browserSent.length).toBeGreaterThan(0);
  if (process.env.SHOW_SENT) process.stderr.write(`${pathname}\n  ${browserSent.join('\n  ')}\n`);
  seen = [];
  const probe = await runInProcess(['probe', url, '--origin', A, '--method', method, '--send-actual', '--timeout', '5000']);
  // The same requests, in the same order, with the same Origin (preflights and redirects included).
  expect(seen).toEqual(browserSent);
  expect({ pathname, allowed: probe.code === 0 }).toEqual({ pathname, allowed: chromium.ok });
  expect(chromium.ok ? [0] : [1, 3]).toContain(probe.code);
});
