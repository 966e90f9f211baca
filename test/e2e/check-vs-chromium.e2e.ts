// check against the oracle: seeded, generated (configuration, request) pairs,
// each run through `cdk-s3-cors check --json` and through a real Chromium
// fetch() from a page on origin A to an endpoint that answers CORS with the
// model (so any disagreement is check's browser side, the part it predicts).
// Allowed/blocked and whether a preflight was sent must agree in every case.
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { startPageServer, TestBrowser } from './harness/browser';
import { CorsConfiguration } from '../../src/cors';
import { runInProcess } from '../cli/in-process';

jest.setTimeout(300_000);

const PAIRS = 160;
const SEED = 20261127;

let page: Awaited<ReturnType<typeof startPageServer>>;
let A: string;
let endpoint: { url: string; close(): Promise<void> };
let browser: TestBrowser;
let dir: string;
const configs = new Map<string, CorsConfiguration>();
const preflights = new Set<string>();

beforeAll(async () => {
  page = await startPageServer();
  A = `http://127.0.0.1:${page.port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-check-'));
  // The endpoint: /<case>/object answers CORS exactly as the model says S3 does.
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://endpoint');
    const id = url.pathname.split('/')[1];
    const config = configs.get(id) ?? CorsConfiguration.fromRules([]);
    const header = (n: string) => req.headers[n] as string | undefined;
    const answer = config.evaluate({ method: req.method ?? 'GET', origin: header('origin'), accessControlRequestMethod: header('access-control-request-method'), accessControlRequestHeaders: header('access-control-request-headers') });
    if (req.method === 'OPTIONS') {
      preflights.add(id);
      res.writeHead(answer.statusCode ?? 200, answer.headers);
      res.end(answer.errorCode ? `<Error><Code>${answer.errorCode}</Code></Error>` : '');
      return;
    }
    req.resume();
    res.writeHead(200, { ...answer.headers, 'content-type': 'text/plain' });
    res.end(req.method === 'HEAD' ? undefined : 'object');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  endpoint = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
  browser = await TestBrowser.launch();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([endpoint?.close(), page?.close()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Pair {
  rules: CorsRule[];
  method: string;
  headers: Array<[string, string]>;
  credentials: boolean;
}

function pairs(origin: string): Pair[] {
  const rule: fc.Arbitrary<CorsRule> = fc.record({
    allowedOrigins: fc.uniqueArray(fc.constantFrom(origin, '*', 'http://127.0.0.1:1', 'http://127.0.0.1:*'), { minLength: 1, maxLength: 2 }),
    allowedMethods: fc.uniqueArray(fc.constantFrom('GET', 'PUT', 'HEAD', 'POST', 'DELETE'), { minLength: 1, maxLength: 4 }),
    allowedHeaders: fc.option(fc.uniqueArray(fc.constantFrom('*', 'content-type', 'x-amz-*', 'X-Custom', 'authorization', 'range', 'accept-language'), { maxLength: 3 }), { nil: undefined }),
    maxAge: fc.option(fc.constant(0), { nil: undefined }),
  }, { requiredKeys: ['allowedOrigins', 'allowedMethods'] }) as unknown as fc.Arbitrary<CorsRule>;
  const header = fc.constantFrom<[string, string]>(
    ['content-type', 'text/plain'], ['content-type', 'application/json'], ['content-type', 'multipart/form-data; boundary=x'],
    ['content-type', 'text/plain; a="b"'], ['Content-Type', 'application/x-www-form-urlencoded'],
    ['accept', 'text/html'], ['accept', 'text/(html)'], ['accept-language', 'en-US,en;q=0.9'], ['accept-language', 'en_US'],
    ['content-language', 'de'], ['range', 'bytes=0-1'], ['range', 'bytes=-1'],
    ['x-custom', '1'], ['x-amz-meta-owner', 'alice'], ['authorization', 'Bearer x'], ['dnt', '1'],
  );
  const pair: fc.Arbitrary<Pair> = fc.record({
    rules: fc.array(rule, { minLength: 1, maxLength: 3 }),
    method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'get', 'put', 'patch'),
    headers: fc.uniqueArray(header, { maxLength: 3, selector: ([n]) => n.toLowerCase() }),
    credentials: fc.boolean(),
  });
  return fc.sample(pair, { numRuns: PAIRS, seed: SEED });
}

async function viaCheck(id: string, p: Pair): Promise<{ allowed: boolean; preflight: boolean }> {
  const file = path.join(dir, `${id}.json`);
  fs.writeFileSync(file, CorsConfiguration.fromRules(p.rules).toJson());
  const headers = p.headers.flatMap(([n, v]) => ['--header', `${n}: ${v}`]);
  const args = ['check', file, '--origin', A, '--method', p.method, ...headers, ...(p.credentials ? ['--credentials'] : []), '--json'];
  const r = await runInProcess(args);
  if (r.code !== 0 && r.code !== 1) throw new Error(`check exited ${r.code}: ${r.stdout} ${r.stderr}`);
  const json = JSON.parse(r.stdout);
  return { allowed: json.allowed, preflight: json.request.preflightSent };
}

async function viaChromium(id: string, p: Pair): Promise<{ allowed: boolean; preflight: boolean }> {
  const tab = await browser.page(A);
  const ok = await tab.evaluate(async ({ url, method, headers, credentials }) => {
    try {
      await fetch(url, { method, headers, credentials: credentials ? 'include' : 'same-origin', mode: 'cors', cache: 'no-store' } as RequestInit);
      return true;
    } catch {
      return false;
    }
  }, { url: `${endpoint.url}/${id}/object`, method: p.method, headers: p.headers, credentials: p.credentials });
  return { allowed: ok, preflight: preflights.has(id) };
}

test(`check --json and Chromium agree on ${PAIRS} generated (configuration, request) pairs`, async () => {
  const disagreements: unknown[] = [];
  const tally = { allowed: 0, blocked: 0, preflighted: 0 };
  let n = 0;
  for (const p of pairs(A)) {
    const id = `case${++n}`;
    configs.set(id, CorsConfiguration.fromRules(p.rules));
    const predicted = await viaCheck(id, p);
    const seen = await viaChromium(id, p);
    if (predicted.allowed !== seen.allowed || predicted.preflight !== seen.preflight) {
      disagreements.push({ id, pair: p, check: predicted, chromium: seen });
    }
    tally[seen.allowed ? 'allowed' : 'blocked']++;
    if (seen.preflight) tally.preflighted++;
  }
  console.log(`check vs Chromium: ${n} pairs, Chromium let ${tally.allowed} through and blocked ${tally.blocked}; ${tally.preflighted} were preflighted; ${disagreements.length} disagreements`);
  expect(disagreements).toEqual([]);
  // The generator must exercise both outcomes and both paths, or agreement proves little.
  expect(Math.min(tally.allowed, tally.blocked, tally.preflighted, n - tally.preflighted)).toBeGreaterThan(15);
});
