// Every flag of every command, each with a test of what it changes: the same
// command is run with and without the flag and the difference a user relies on
// is asserted. The list below is held against the command table
// (src/cli/commands.ts), so a new flag without a test of its effect fails here.
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { runInProcess } from './in-process';
import { COMMANDS } from '../../src/cli/commands';

const APP = 'https://app.example.com';
const OTHER = 'https://other.example.com';

let dir: string;
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

/** What the local endpoint received, in order. */
let received: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }> = [];
let server: http.Server;
const sockets = new Set<import('net').Socket>();
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-flags-'));
  // An S3-like endpoint on 127.0.0.1: it lets APP read and write with x-amz-meta-owner, never with credentials; /slow never answers.
  server = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (req.url === '/slow') return;
    const headers: Record<string, string> = { vary: 'Origin' };
    if (req.headers.origin === APP) {
      headers['access-control-allow-origin'] = APP;
      if (req.method === 'OPTIONS') {
        headers['access-control-allow-methods'] = 'GET, PUT';
        headers['access-control-allow-headers'] = 'x-amz-meta-owner';
      }
    }
    res.writeHead(200, headers);
    res.end('ok');
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  sockets.forEach(s => s.destroy());
  await new Promise<void>(resolve => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
});

const run = runInProcess;
/** A configuration that lets APP GET and PUT without extra headers. */
const appConfig = () => file('app.json', [{ AllowedMethods: ['GET', 'PUT'], AllowedOrigins: [APP] }]);
/** A configuration that lets any origin GET. */
const anyConfig = () => file('any.json', [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }]);

const EFFECTS: Record<string, Record<string, () => Promise<void>>> = {
  generate: {
    'preset': async () => {
      const methods = async (preset: string) => JSON.parse((await run(['generate', '--preset', preset, '--origin', APP])).stdout)[0].AllowedMethods;
      expect(await methods('read-only')).toEqual(['GET', 'HEAD']);
      expect(await methods('upload')).toEqual(['PUT', 'POST']);
    },
    'origin': async () => {
      const r = await run(['generate', '--preset', 'read-only', '--origin', APP, '--origin', OTHER]);
      expect(JSON.parse(r.stdout)[0].AllowedOrigins).toEqual([APP, OTHER]);
    },
    'max-age': async () => {
      const maxAge = async (...more: string[]) => JSON.parse((await run(['generate', '--preset', 'read-only', '--origin', APP, ...more])).stdout)[0].MaxAgeSeconds;
      expect(await maxAge()).toBe(3000);
      expect(await maxAge('--max-age', '600')).toBe(600);
    },
    'expose-header': async () => {
      const r = await run(['generate', '--preset', 'upload', '--origin', APP, '--expose-header', 'ETag', '--expose-header', 'x-amz-version-id']);
      expect(JSON.parse(r.stdout)[0].ExposeHeaders).toEqual(['ETag', 'x-amz-version-id']);
    },
    'allowed-header': async () => {
      const headers = async (...more: string[]) => JSON.parse((await run(['generate', '--preset', 'read-only', '--origin', APP, ...more])).stdout)[0].AllowedHeaders;
      expect(await headers()).toEqual(['*']);
      expect(await headers('--allowed-header', 'content-type')).toEqual(['content-type']);
    },
    'format': async () => {
      const out = async (...more: string[]) => (await run(['generate', '--preset', 'read-only', '--origin', APP, ...more])).stdout;
      expect(Array.isArray(JSON.parse(await out()))).toBe(true);
      expect(Object.keys(JSON.parse(await out('--format', 's3api')))).toEqual(['CORSRules']);
      expect(Object.keys(JSON.parse(await out('--format', 'cloudformation')))).toEqual(['CorsRules']);
      expect(await out('--format', 'xml')).toMatch(/^<\?xml[^>]*>\s*<CORSConfiguration/);
    },
    'allow-any-origin-for-writes': async () => {
      expect((await run(['generate', '--preset', 'upload', '--origin', '*'])).code).toBe(1);
      const r = await run(['generate', '--preset', 'upload', '--origin', '*', '--allow-any-origin-for-writes']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)[0].AllowedOrigins).toEqual(['*']);
    },
  },
  lint: {
    json: async () => {
      const f = file('slash.json', [{ AllowedMethods: ['GET'], AllowedOrigins: [`${APP}/`] }]);
      expect((await run(['lint', f])).stdout).toMatch(/^.*slash\.json:\d+:\d+ error cdk-s3-cors:origin-trailing-slash /);
      const r = JSON.parse((await run(['lint', f, '--json'])).stdout);
      expect(r.version).toBe(1);
      expect(r.files[0].findings.map((x: { ruleId: string }) => x.ruleId)).toEqual(['cdk-s3-cors:origin-trailing-slash']);
    },
    format: async () => {
      const f = file('slash2.json', [{ AllowedMethods: ['GET'], AllowedOrigins: [`${APP}/`] }]);
      const sarif = JSON.parse((await run(['lint', f, '--format', 'sarif'])).stdout);
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['cdk-s3-cors:origin-trailing-slash']);
      expect(JSON.parse((await run(['lint', f, '--format', 'json'])).stdout).version).toBe(1);
      expect((await run(['lint', f, '--format', 'text'])).stdout).toBe((await run(['lint', f])).stdout);
    },
  },
  check: {
    origin: async () => {
      expect((await run(['check', appConfig(), '--origin', APP, '--method', 'GET'])).code).toBe(0);
      const r = await run(['check', appConfig(), '--origin', OTHER, '--method', 'GET']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`BLOCKED: GET from ${OTHER}`);
    },
    method: async () => {
      expect((await run(['check', appConfig(), '--origin', APP, '--method', 'PUT'])).stdout).toMatch(/^ALLOWED: PUT from/);
      const r = await run(['check', appConfig(), '--origin', APP, '--method', 'DELETE']);
      expect([r.code, r.stdout.split('\n')[0]]).toEqual([1, `BLOCKED: DELETE from ${APP}`]);
    },
    header: async () => {
      expect((await run(['check', appConfig(), '--origin', APP, '--method', 'GET'])).stdout).toContain('preflight: none');
      const r = await run(['check', appConfig(), '--origin', APP, '--method', 'GET', '--header', 'x-amz-meta-owner']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('preflight: OPTIONS (Access-Control-Request-Method: GET, Access-Control-Request-Headers: x-amz-meta-owner)');
    },
    credentials: async () => {
      expect((await run(['check', anyConfig(), '--origin', APP, '--method', 'GET'])).code).toBe(0);
      const r = await run(['check', anyConfig(), '--origin', APP, '--method', 'GET', '--credentials']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`BLOCKED: GET from ${APP}, with credentials`);
    },
    json: async () => {
      const r = await run(['check', appConfig(), '--origin', OTHER, '--method', 'GET', '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ allowed: false, request: { method: 'GET', preflightSent: false } });
    },
  },
  probe: {
    'origin': async () => {
      expect((await run(['probe', `${base}/logo.txt`, '--origin', APP])).code).toBe(0);
      const r = await run(['probe', `${base}/logo.txt`, '--origin', OTHER]);
      expect(r.code).toBe(1);
      expect(received.filter(x => x.method === 'GET').map(x => x.headers.origin)).toContain(OTHER);
    },
    'method': async () => {
      await run(['probe', `${base}/logo.txt`, '--origin', APP]);
      expect(received.map(x => x.method)).not.toContain('OPTIONS');
      received = [];
      await run(['probe', `${base}/logo.txt`, '--origin', APP, '--method', 'PUT']);
      expect(received.map(x => [x.method, x.headers['access-control-request-method']])).toEqual([['OPTIONS', 'PUT']]);
    },
    'header': async () => {
      const r = await run(['probe', `${base}/logo.txt`, '--origin', APP, '--header', 'x-amz-meta-owner: me']);
      expect(r.code).toBe(0);
      expect(received[0]).toMatchObject({ method: 'OPTIONS', headers: { 'access-control-request-headers': 'x-amz-meta-owner' } });
      expect(received.find(x => x.method === 'GET' && x.headers.origin === APP)?.headers['x-amz-meta-owner']).toBe('me');
    },
    'credentials': async () => {
      expect((await run(['probe', `${base}/logo.txt`, '--origin', APP])).code).toBe(0);
      const r = await run(['probe', `${base}/logo.txt`, '--origin', APP, '--credentials']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Access-Control-Allow-Credentials/i);
    },
    'send-actual': async () => {
      await run(['probe', `${base}/upload.txt`, '--origin', APP, '--method', 'PUT']);
      expect(received.map(x => x.method)).toEqual(['OPTIONS']);
      received = [];
      const r = await run(['probe', `${base}/upload.txt`, '--origin', APP, '--method', 'PUT', '--send-actual']);
      expect(r.code).toBe(0);
      expect(received.map(x => x.method)).toEqual(['OPTIONS', 'PUT']);
    },
    'config': async () => {
      expect((await run(['probe', `${base}/logo.txt`, '--origin', APP])).stdout).not.toContain('configuration (');
      const config = appConfig();
      const r = await run(['probe', `${base}/logo.txt`, '--origin', APP, '--config', config]);
      expect(r.stdout).toContain(`configuration (${config}): the live answers`);
    },
    'timeout': async () => {
      const r = await run(['probe', `${base}/slow`, '--origin', APP, '--timeout', '200']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('no answer within 200 ms (timeout; raise it with --timeout)');
    },
    'json': async () => {
      const text = await run(['probe', `${base}/logo.txt`, '--origin', OTHER]);
      expect(text.stdout).toMatch(/^a browser on https:\/\/other\.example\.com will be BLOCKED/);
      expect(() => JSON.parse(text.stdout)).toThrow();
      const r = await run(['probe', `${base}/logo.txt`, '--origin', OTHER, '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ allowed: false, verdicts: [{ origin: OTHER, allowed: false }] });
    },
  },
};

test('the list below names every option of every command in the table, and nothing else', () => {
  const table = Object.fromEntries(COMMANDS.map(c => [c.name, Object.keys(c.options).sort()]));
  const tested = Object.fromEntries(Object.entries(EFFECTS).map(([name, flags]) => [name, Object.keys(flags).sort()]));
  expect(tested).toEqual(table);
});

describe.each(Object.entries(EFFECTS))('%s', (command, flags) => {
  test.each(Object.keys(flags))('--%s has its effect', async flag => {
    await flags[flag]();
  });

  test('-h and --help print the command\'s usage on stdout, exit 0', async () => {
    for (const help of ['-h', '--help']) {
      const r = await run([command, help]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: cdk-s3-cors ${command} `));
    }
  });
});
