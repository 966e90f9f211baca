// `cdk-s3-cors probe` against hostile and odd servers (issue 20): redirect
// loops and redirects, a server that closes kept-alive connections, huge
// headers, a body that never ends; and hostile --header values. Each server
// is a plain Node HTTP server on 127.0.0.1, stopped when the file ends; the
// command runs in-process (main() with buffers), as the executable does.
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { runInProcess } from './in-process';

jest.setTimeout(30_000);

const APP = 'https://app.example.com';
const servers: http.Server[] = [];
/** Everything the servers were asked: method, path and Origin. */
let asked: Array<{ port: number; method: string; path: string; origin?: string }> = [];

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, port: number) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    const port = (server.address() as AddressInfo).port;
    asked.push({ port, method: req.method!, path: req.url!, origin: req.headers.origin });
    handler(req, res, port);
  });
  servers.push(server);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The CORS headers of an answer that lets the request's origin through. */
function cors(req: http.IncomingMessage): Record<string, string> {
  return req.headers.origin ? { 'access-control-allow-origin': req.headers.origin, 'vary': 'Origin' } : { vary: 'Origin' };
}

beforeEach(() => {
  asked = [];
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise(resolve => s.close(resolve));
  }
});

describe('redirects, as a browser follows them', () => {
  test('a redirect loop with CORS headers on every hop is BLOCKED after 20 redirects, as browsers fail it', async () => {
    const base = await serve((req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n') ?? 0);
      res.writeHead(302, { ...cors(req), location: `/loop?n=${n + 1}` }).end();
    });
    const r = await runInProcess(['probe', `${base}/loop`, '--origin', APP]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^a browser on https:\/\/app\.example\.com will be BLOCKED .*the URL redirected 21 times .*browsers follow at most 20 redirects and then fail the request \(Chromium: net::ERR_TOO_MANY_REDIRECTS\)/);
    expect(r.stdout).toMatch(/fix: the redirects go round in a loop/);
    // The request and 20 redirects followed, then the request without Origin.
    expect(asked.filter(a => a.origin === APP)).toHaveLength(21);
    expect(r.stdout).toMatch(/GET from https:\/\/app\.example\.com \(redirect 20: .*\/loop\?n=20\) -> 302/);
  });

  test('one redirect to a good answer is followed and ALLOWED, each hop shown', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { ...cors(req), location: '/new' }).end();
      else res.writeHead(200, { ...cors(req), 'content-type': 'text/plain' }).end('hello');
    });
    const r = await runInProcess(['probe', `${base}/old`, '--origin', APP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/will be ALLOWED/);
    expect(r.stdout).toContain('GET from https://app.example.com -> 301 (redirect to /new)');
    expect(r.stdout).toContain(`GET from https://app.example.com (redirect 1: ${base}/new) -> 200`);
    expect(asked.map(a => a.path)).toEqual(['/old', '/new', '/old']);
  });

  test('a redirect with CORS headers to an answer without them is BLOCKED (the last answer decides too)', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(302, { ...cors(req), location: '/new' }).end();
      else res.writeHead(200).end('no cors here');
    });
    const r = await runInProcess(['probe', `${base}/old`, '--origin', APP]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BLOCKED .*after 1 redirect\(s\), at .*\/new: the GET answer \(200\) fails the browser's CORS check: the answer has no Access-Control-Allow-Origin header/);
  });

  test('a redirect without CORS headers fails the CORS check of that hop, with the fix', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(307, { location: '/new' }).end();
      else res.writeHead(200, cors(req)).end();
    });
    const r = await runInProcess(['probe', `${base}/old`, '--origin', APP]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the redirect \(307 from .*\/old to \/new\) fails the browser's CORS check: the answer has no Access-Control-Allow-Origin header; a browser checks every redirect/);
    expect(r.stdout).toMatch(/fix: give the redirect answer the same CORS headers as the final one/);
    expect(asked.filter(a => a.origin === APP).map(a => a.path)).toEqual(['/old']);
  });

  test('after a redirect to another origin the browser sends Origin: null, and an answer for the page origin is BLOCKED', async () => {
    const other = await serve((_req, res) => res.writeHead(200, { 'access-control-allow-origin': APP }).end());
    const base = await serve((req, res) => res.writeHead(302, { ...cors(req), location: `${other}/there` }).end());
    const r = await runInProcess(['probe', `${base}/here`, '--origin', APP]);
    expect(r.code).toBe(1);
    expect(asked.find(a => a.path === '/there')?.origin).toBe('null');
    expect(r.stdout).toMatch(/the answer allows origin "https:\/\/app\.example\.com", not "null"/);
  });

  test('a preflight answered with a redirect is BLOCKED: browsers never follow it', async () => {
    const base = await serve((req, res) => {
      if (req.method === 'OPTIONS') res.writeHead(307, { ...cors(req), location: '/elsewhere' }).end();
      else res.writeHead(200, cors(req)).end();
    });
    const r = await runInProcess(['probe', `${base}/upload`, '--origin', APP, '--method', 'PUT']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the preflight was answered with a redirect \(307 to \/elsewhere\); browsers never follow a redirect on a preflight/);
    expect(asked.map(a => `${a.method} ${a.path}`)).toEqual(['OPTIONS /upload']);
  });

  test('a preflighted request that is redirected gets a new preflight at the new URL', async () => {
    const base = await serve((req, res) => {
      const preflightOk = { ...cors(req), 'access-control-allow-methods': 'PUT' };
      if (req.method === 'OPTIONS') res.writeHead(200, preflightOk).end();
      else if (req.url === '/old') res.writeHead(307, { ...cors(req), location: '/new' }).end();
      else res.writeHead(200, cors(req)).end();
    });
    const r = await runInProcess(['probe', `${base}/old`, '--origin', APP, '--method', 'PUT', '--send-actual']);
    expect(r.code).toBe(0);
    expect(asked.map(a => `${a.method} ${a.path}`)).toEqual(['OPTIONS /old', 'PUT /old', 'OPTIONS /new', 'PUT /new']);
  });
});

test('a server that closes kept-alive connections: the request is retried once on a fresh connection, as browsers do', async () => {
  const served = new WeakMap<Socket, number>();
  const base = await serve((req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    // The connection was kept alive, but the server has closed it by the time the next request comes.
    if (n > 1) return void req.socket.destroy();
    res.writeHead(200, { ...cors(req), 'connection': 'keep-alive', 'content-length': '0' }).end();
  });
  const r = await runInProcess(['probe', `${base}/logo.png`, '--origin', APP, '--origin', 'https://admin.example.com']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/app\.example\.com will be ALLOWED[^]*admin\.example\.com will be ALLOWED/);
  expect(r.stdout).toMatch(/requests \(4 sent\)/);
});

describe('large and slow answers', () => {
  test('24 KB of headers is an answer (browsers take up to 256 KB): ALLOWED or BLOCKED as its CORS headers say', async () => {
    const base = await serve((req, res) => {
      const big = { 'x-big': 'a'.repeat(24 * 1024) };
      res.writeHead(200, req.url === '/with-cors' ? { ...big, ...cors(req) } : big).end();
    });
    const allowed = await runInProcess(['probe', `${base}/with-cors`, '--origin', APP]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/will be ALLOWED/);
    const blocked = await runInProcess(['probe', `${base}/without`, '--origin', APP]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/will be BLOCKED .*no Access-Control-Allow-Origin/);
  });

  test('headers over 256 KB: exit 3, saying browsers refuse them too', async () => {
    const base = await serve((req, res) => {
      res.writeHead(200, { ...cors(req), 'x-huge': 'a'.repeat(260 * 1024) }).end();
    });
    const r = await runInProcess(['probe', `${base}/x`, '--origin', APP]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach 127\.0\.0\.1:\d+: the answer's headers are larger than 256 KiB; browsers refuse such an answer too \(Chromium: net::ERR_RESPONSE_HEADERS_TOO_BIG\)/);
  });

  test('a body that trickles forever after complete headers: decided on the headers, not a timeout', async () => {
    const timers: NodeJS.Timeout[] = [];
    const base = await serve((req, res) => {
      res.writeHead(req.url === '/error' ? 403 : 200, { ...cors(req), 'content-type': 'text/plain' });
      res.write('start ');
      const t = setInterval(() => res.write('.'), 50);
      timers.push(t);
      res.on('close', () => clearInterval(t));
    });
    const started = Date.now();
    const r = await runInProcess(['probe', `${base}/slow`, '--origin', APP, '--timeout', '3000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/will be ALLOWED/);
    // Three requests, none waiting for the body.
    expect(Date.now() - started).toBeLessThan(2500);
    // An error page's body is read for who answered, up to the timeout, then judged on what arrived.
    const e = await runInProcess(['probe', `${base}/error`, '--origin', APP, '--timeout', '500']);
    expect(e.code).toBe(0);
    expect(e.stderr).not.toMatch(/no answer within/);
    timers.forEach(clearInterval);
  });
});

describe('--header values no browser can send', () => {
  const cases: Array<[string, RegExp]> = [
    ['x-a: one\r\ntwo', /a line break \(CR or LF\)/],
    ['x-a: one\ntwo', /a line break \(CR or LF\)/],
    ['x-a: bell\u0007', /a control character \(U\+0007\)/],
    ['x-a: \u65e5\u672c', /"\u65e5" \(U\+65E5\), outside Latin-1/],
    ['x-a: nul\u0000', /a NUL character/],
  ];
  test.each(cases)('probe --header %j is a usage error naming --header, never a TypeError', async (header, why) => {
    const r = await runInProcess(['probe', 'http://127.0.0.1:9/x', '--origin', APP, '--header', header]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cdk-s3-cors probe: --header "x-a: /);
    expect(r.stderr).toMatch(why);
    // Control characters are escaped in the message.
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  test('check refuses them the same way; a Latin-1 value is fine', async () => {
    const file = `${__dirname}/fixtures/form-post.json`;
    expect((await runInProcess(['check', file, '--origin', APP, '--method', 'GET', '--header', 'x-a: one\rtwo'])).code).toBe(2);
    expect((await runInProcess(['check', file, '--origin', APP, '--method', 'GET', '--header', 'content-language: caf\u00e9'])).code).not.toBe(2);
  });
});

test('headers a page cannot set (Host, Content-Length, Transfer-Encoding) are not sent, as browsers drop them', async () => {
  const got: http.IncomingHttpHeaders[] = [];
  const base = await serve((req, res) => {
    got.push(req.headers);
    res.writeHead(200, cors(req)).end();
  });
  const r = await runInProcess(['probe', `${base}/x`, '--origin', APP, '--timeout', '2000',
    '--header', 'host: evil.example', '--header', 'content-length: 5', '--header', 'transfer-encoding: chunked', '--header', 'accept: text/plain']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('note: browsers do not let page code set host, content-length, transfer-encoding; they were not sent');
  const withOrigin = got.filter(h => h.origin === APP);
  expect(withOrigin.length).toBeGreaterThan(0);
  for (const h of withOrigin) {
    expect(h.host).toBe(new URL(base).host);
    expect(h['content-length']).toBeUndefined();
    expect(h['transfer-encoding']).toBeUndefined();
    expect(h.accept).toBe('text/plain');
  }
});
