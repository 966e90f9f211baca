// The CLI against hostile and odd input (issue 9), run as a user runs it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'lib', 'cli', 'main.js');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-hostile-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], stdin?: string | Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input: stdin, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

test('lint /dev/zero (a device, not a file) is refused at once with exit 2, instead of growing without end', () => {
  const r = run(['lint', '/dev/zero']);
  expect(r).toMatchObject({ code: 2, stdout: '' });
  expect(r.stderr).toMatch(/\/dev\/zero is not a regular file or a folder \(a FIFO, socket or device\)/);
});

test('check on a FIFO is refused with exit 2 instead of waiting forever for a writer', () => {
  const fifo = path.join(dir, 'cors-pipe.json');
  if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo is needed for this test');
  const r = run(['check', fifo, '--origin', 'https://a.example.com', '--method', 'GET']);
  expect(r).toMatchObject({ code: 2, stdout: '' });
  expect(r.stderr).toMatch(/cors-pipe\.json is not a regular file \(a FIFO, socket or device\); name a file, or "-" to read standard input\./);
});

test('standard input beyond the bound is refused the same way', () => {
  const r = run(['lint', '-'], Buffer.alloc(16 * 1024 * 1024 + 10, 0x20));
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/standard input is larger than 16 MiB/);
});

test('UTF-16 text is named, not misread', () => {
  const r = run(['lint', file('u16.json', Buffer.from('\ufeff[]', 'utf16le'))]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/is UTF-16 text; the S3 console and the AWS CLI take UTF-8/);
});

test('deeply nested JSON gives a finding, not a stack trace', () => {
  const r = run(['lint', file('deep.json', `${'['.repeat(6000)}${']'.repeat(6000)}`)]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/deep\.json:1:65 error cdk-s3-cors:invalid-json nested more than 64 levels deep/);
  expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
});

test('check on a rule without AllowedOrigins answers instead of throwing', () => {
  const r = run(['check', file('empty-rule.json', '[{}]'), '--origin', 'https://a.example', '--method', 'GET']);
  expect(r.code).toBe(1);
  expect(r.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
});

test('help lint shows lint\'s usage', () => {
  expect(run(['help', 'lint']).stdout).toMatch(/^Usage: cdk-s3-cors lint/);
});

test('--json prints JSON on stdout for errors too', () => {
  const r = run(['lint', path.join(dir, 'missing.json'), '--json']);
  expect(r.code).toBe(2);
  expect(JSON.parse(r.stdout)).toEqual({ error: `cannot read ${path.join(dir, 'missing.json')}: no such file`, exitCode: 2 });
});

test('control characters in a value do not reach the terminal raw', () => {
  const r = run(['lint', file('ctl.json', JSON.stringify([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example/\u001b[31m\n'] }]))]);
  expect(r.stdout).not.toContain('\u001b');
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stdout).toContain('\\u001b[31m\\u000a');
});

test('generate --max-age beyond 32 bits is refused, not printed as 1e+23', () => {
  const r = run(['generate', '--preset', 'read-only', '--origin', 'https://a.example', '--max-age', '99999999999999999999999']);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/beyond what S3 stores \(a 32-bit whole number, at most 2147483647\)/);
});

test('lint - on a terminal says that it reads standard input, instead of waiting silently', async () => {
  const err: string[] = [];
  const code = await main(['lint', '-'], { stdinIsTerminal: true, stdout: () => {}, stderr: t => err.push(t), readStdin: async () => Buffer.from('[]') });
  expect(code).toBe(1);
  expect(err[0]).toMatch(/^reading a CORS configuration from standard input \(paste it, then press Ctrl-D; Ctrl-C to stop\)/);
});
