// No stack trace reaches the user from check or probe, whatever the argument
// vector (issue 20): random flags in random order, repeated or missing
// values, strings with control characters, line breaks and characters beyond
// Latin-1, against a 127.0.0.1 server (good answers, a redirect loop, no CORS
// headers, a body that never ends) and a closed port. Every run exits 0, 1, 2
// or 3 and prints no stack frame. The commands run in-process (main() with
// buffers): a throw that escapes main() is what the executable prints as a
// stack trace, and fails the property.
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { runInProcess } from './in-process';

jest.setTimeout(120_000);

const STACK_FRAME = /\n\s+at .+(:\d+:\d+\)?|\(native\))$/m;
// Made when the file loads: the generators below name these paths.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-argv-'));
const config = path.join(dir, 'cors.json');
fs.writeFileSync(config, '[{"AllowedMethods":["GET","PUT"],"AllowedOrigins":["https://app.example.com"],"AllowedHeaders":["*"]}]');
let server: http.Server;
let base: string;
let closed: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin ? { 'access-control-allow-origin': origin, 'access-control-allow-methods': 'GET, PUT', 'access-control-allow-headers': '*' } : {};
    if (req.url?.startsWith('/loop')) return void res.writeHead(302, { ...cors, location: `/loop${Math.random()}` }).end();
    if (req.url === '/nocors') return void res.writeHead(403).end('<Error><Code>AccessForbidden</Code></Error>');
    if (req.url === '/slow') {
      res.writeHead(200, cors);
      const t = setInterval(() => res.write('.'), 20);
      return void res.on('close', () => clearInterval(t));
    }
    res.writeHead(200, cors).end('ok');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: one that was just free.
  const probe = http.createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/x`;
  await new Promise(resolve => probe.close(resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Strings a careless or hostile user types: controls, CR/LF, NUL, beyond Latin-1, lone surrogates. */
const hostile = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('\r\n', 'a\r\nb', 'a\u0000b', 'x\u0007y', '\u0085', '\u001b[31m', 'caf\u00e9', '\u65e5\u672c', '\ud800', '\u200b', ' ', '', '-', '--', '*', 'null'),
);
/** Mostly what a user means, sometimes what an attacker types. */
const usually = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 8 }, { arbitrary: bad, weight: 1 });
const origin = usually(
  fc.constantFrom('https://app.example.com', 'https://admin.example.com', 'null'),
  fc.oneof(fc.constantFrom('https://app.example.com/', 'http://\u65e5.example', 'https://a.example:99999', 'https://a\u0000.example'), hostile),
);
const method = usually(fc.constantFrom('GET', 'get', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'), fc.oneof(fc.constantFrom('OPTIONS', 'TRACE', 'FOO', 'G T'), hostile));
// A good name with a hostile value is as likely as a good header: that value reaches the HTTP client.
const header = fc.oneof(
  { arbitrary: fc.constantFrom('x-amz-meta-owner', 'content-type: image/png', 'content-type: text/plain', 'authorization: x', 'range: bytes=0-1', 'origin: evil', 'accept: caf\u00e9'), weight: 4 },
  { arbitrary: fc.tuple(fc.constantFrom('x-a', 'content-type', 'accept'), hostile).map(([n, v]) => `${n}: v${v}v`), weight: 3 },
  { arbitrary: hostile, weight: 1 },
);
/** One argument: a flag with a value, a lone flag (its value missing or taken from the next), or a stray word. */
const argument = fc.oneof(
  { arbitrary: fc.tuple(fc.constant('--origin'), origin), weight: 4 },
  { arbitrary: fc.tuple(fc.constant('--method'), method), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('--header'), header), weight: 5 },
  { arbitrary: fc.tuple(fc.constantFrom('--timeout'), fc.oneof(fc.constantFrom('1', '200', '0', '-5', '1e3', '600001'), hostile)), weight: 1 },
  {
    arbitrary: fc.tuple(fc.constant('--config'), fc.oneof(fc.constantFrom(config, dir, '/dev/null'), hostile.map(x => path.join(dir, `missing-${x.length}`)))),
    weight: 1,
  },
  { arbitrary: fc.constantFrom(['--credentials'], ['--json'], ['--send-actual']), weight: 4 },
  { arbitrary: fc.constantFrom(['--help'], ['--bogus'], ['--origin'], ['--method'], ['-x']), weight: 1 },
  { arbitrary: hostile.map(x => [x]), weight: 1 },
).map(a => [...a]);

/** How many runs ended with each exit code: the property must reach every outcome, not stop at usage errors. */
let codes: Record<number, number> = {};

async function run(args: string[]): Promise<void> {
  const r = await runInProcess(args);
  codes[r.code] = (codes[r.code] ?? 0) + 1;
  const out = `${r.stdout}\n${r.stderr}`;
  expect([0, 1, 2, 3]).toContain(r.code);
  expect(out).not.toMatch(STACK_FRAME);
  // A raw JavaScript error as the message (our own messages may mention "fetch() throws a TypeError").
  if (process.env.ARGV_TALLY) process.stderr.write(`${r.code} ${JSON.stringify(args)}\n`);
  expect(out).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SyntaxError)( \[[A-Z_]+\])?: /);
}

/** Sometimes a few arguments of any kind on top: repeats, missing values, stray words, flags of the other command. */
const extra = fc.oneof(
  { arbitrary: fc.constant([] as string[]), weight: 4 },
  { arbitrary: fc.array(argument, { minLength: 1, maxLength: 3 }).map(l => l.flat()), weight: 1 },
);
const flags = (names: string[]) => fc.subarray(names).map(l => l.map(n => `--${n}`));
/** An argument vector built like a user's, in a random order. */
const vector = (parts: fc.Arbitrary<string[][]>) => parts
  .chain(p => fc.shuffledSubarray(p, { minLength: p.length, maxLength: p.length }))
  .map(p => p.flat());

test('check: exit 0, 1 or 2, never a stack trace, whatever the arguments', async () => {
  const file = usually(fc.constant(config), fc.oneof(fc.constantFrom(dir, '/dev/null', '-'), hostile.map(x => path.join(dir, `no-${x.length}.json`))));
  const args = vector(fc.tuple(
    fc.option(origin, { nil: undefined, freq: 6 }).map(o => (o === undefined ? [] : ['--origin', o])),
    fc.option(method, { nil: undefined, freq: 6 }).map(m => (m === undefined ? [] : ['--method', m])),
    fc.array(header, { maxLength: 2 }).map(hs => hs.flatMap(h => ['--header', h])),
    flags(['credentials', 'json']),
    extra,
  ));
  codes = {};
  await fc.assert(fc.asyncProperty(file, args, async (f, a) => {
    await run(['check', f, ...a]);
  }), { numRuns: 150, seed: 20 });
  expect(Object.keys(codes).sort()).toEqual(['0', '1', '2']);
  expect(codes[0] + codes[1]).toBeGreaterThan(40);
});

test('probe: exit 0, 1, 2 or 3, never a stack trace, whatever the arguments or the answer', async () => {
  // Only local URLs, or strings that cannot be http(s) URLs: nothing here resolves a name or leaves the machine.
  const url = usually(fc.constantFrom(`${base}/ok`, `${base}/loop`, `${base}/nocors`, `${base}/slow`, closed), hostile.map(x => `ftp${x}`));
  const args = vector(fc.tuple(
    fc.array(origin, { minLength: 1, maxLength: 3 }).map(list => list.flatMap(o => ['--origin', o])),
    fc.option(method, { nil: undefined, freq: 3 }).map(m => (m === undefined ? [] : ['--method', m])),
    fc.array(header, { maxLength: 2 }).map(hs => hs.flatMap(h => ['--header', h])),
    fc.option(usually(fc.constant(config), fc.constantFrom(dir, '/dev/null', path.join(dir, 'missing.json'))), { nil: undefined, freq: 3 }).map(c => (c === undefined ? [] : ['--config', c])),
    fc.constant(['--timeout', '500']),
    flags(['credentials', 'json', 'send-actual']),
    extra,
  ));
  codes = {};
  await fc.assert(fc.asyncProperty(url, args, async (u, a) => {
    await run(['probe', u, ...a]);
  }), { numRuns: 120, seed: 20 });
  expect(Object.keys(codes).sort()).toEqual(['0', '1', '2', '3']);
  expect(codes[0] + codes[1] + codes[3]).toBeGreaterThan(30);
});
