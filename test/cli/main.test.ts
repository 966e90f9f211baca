// The CLI's front door and the argument readers check and probe share, run
// in process (test/cli/in-process.ts) so that mutation testing reaches them;
// cli.test.ts runs the same paths through the built executable.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runInProcess } from './in-process';
import { COMMANDS } from '../../src/cli/commands';

const FORM_POST = path.join(__dirname, 'fixtures', 'form-post.json');
const APP = 'https://app.example.com';
const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version as string;

describe('the front door: help, version and unknown commands', () => {
  test('no command: the usage on stderr, exit 2', async () => {
    const r = await runInProcess([]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^Usage: cdk-s3-cors <command>/);
  });

  test.each([['--help'], ['-h'], ['help']])('%s: the usage on stdout, every command of the table in it, exit 0', async flag => {
    const r = await runInProcess([flag]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^Usage: cdk-s3-cors <command>/);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name}`);
  });

  test.each([['--version'], ['-v']])('%s: the package version alone on stdout', async flag => {
    expect(await runInProcess([flag])).toEqual({ code: 0, stdout: version, stderr: '' });
  });

  test('help <command> is <command> --help', async () => {
    for (const c of COMMANDS) {
      const r = await runInProcess(['help', c.name]);
      expect([c.name, r.code, r.stdout]).toEqual([c.name, 0, c.usage]);
    }
  });

  test('an unknown command: named, quoted and escaped, then the usage, exit 2', async () => {
    const r = await runInProcess(['frob\u001b[31m']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^cdk-s3-cors: unknown command "frob\\u001b\[31m"\.\n\nUsage: cdk-s3-cors <command>/);
  });

  test('a usage error: "cdk-s3-cors <command>: message" and the command\'s usage on stderr; with --json the error document on stdout', async () => {
    const text = await runInProcess(['check', FORM_POST, '--method', 'GET']);
    const check = COMMANDS.find(c => c.name === 'check')!;
    expect([text.code, text.stdout]).toEqual([2, '']);
    expect(text.stderr).toBe(`cdk-s3-cors check: --origin is required, e.g. --origin https://app.example.com.\n\n${check.usage}`);
    const json = await runInProcess(['check', FORM_POST, '--method', 'GET', '--json']);
    expect([json.code, JSON.parse(json.stdout), json.stderr]).toEqual([2, { error: '--origin is required, e.g. --origin https://app.example.com.', exitCode: 2 }, '']);
  });
});

describe('what check and probe refuse to send, as usage errors (exit 2)', () => {
  const check = (...args: string[]) => runInProcess(['check', FORM_POST, ...args]);
  const refusal = async (args: string[]) => {
    const r = await check(...args);
    expect(r.code).toBe(2);
    return r.stderr.split('\n')[0];
  };

  test.each([
    ['a pattern', '*', 'cdk-s3-cors check: --origin: a browser never sends this origin: "*" has "*": an Origin header is one origin, never a pattern.'],
    ['a wildcard host', 'https://*.example.com', 'cdk-s3-cors check: --origin: a browser never sends this origin: "https://*.example.com" has "*": an Origin header is one origin, never a pattern.'],
    ['a trailing slash', `${APP}/`, 'cdk-s3-cors check: --origin: a browser never sends this origin: "https://app.example.com/" ends with "/"'],
  ])('an origin with %s', async (_what, origin, first) => {
    expect(await refusal(['--origin', origin, '--method', 'GET'])).toMatch(new RegExp(`^${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('an origin S3 would only warn about (plain http) is one a browser sends: taken', async () => {
    const r = await check('--origin', 'http://intranet.example.com', '--method', 'GET');
    expect([r.code === 2, r.stderr]).toEqual([false, '']);
  });

  test('a file that cannot be read is said as such, not as a syntax error', async () => {
    const missing = path.join(os.tmpdir(), 'cdk-s3-cors-no-such-file.json');
    const r = await runInProcess(['check', missing, '--origin', APP, '--method', 'GET']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/undefined|trailing comma|\(run "cdk-s3-cors lint/);
    expect(r.stderr.split('\n')[0]).toBe(`cdk-s3-cors check: cannot read ${missing}: no such file`);
  });

  test('"null", the opaque origin, is one a browser sends: taken', async () => {
    const r = await check('--origin', 'null', '--method', 'GET');
    expect([r.code === 2, r.stderr]).toEqual([false, '']);
  });

  test.each([
    ['GE T', 'cdk-s3-cors check: --method "GE T" is not an HTTP method name (letters, digits and !#$%&\'*+-.^_`|~ only), e.g. GET or PUT.'],
    ['trace', 'cdk-s3-cors check: --method trace: browsers refuse to send TRACE (fetch() throws a TypeError).'],
    ['CONNECT', 'cdk-s3-cors check: --method CONNECT: browsers refuse to send CONNECT (fetch() throws a TypeError).'],
  ])('the method %j', async (method, message) => {
    expect(await refusal(['--origin', APP, '--method', method])).toBe(message);
  });

  const FIX = 'Write --header x-amz-meta-owner or --header "content-type: image/png".';
  const VALUE_FIX = 'Give a value of printable characters, e.g. --header "content-type: image/png".';
  test.each([
    [': x', `cdk-s3-cors check: --header ": x": the header name is empty. ${FIX}`],
    ['  ', `cdk-s3-cors check: --header "  ": the header name is empty. ${FIX}`],
    ['x a: 1', `cdk-s3-cors check: --header "x a: 1": "x a" is not a header name (no spaces, colons or quotes). ${FIX}`],
    ['x-a: 1\u0001', `cdk-s3-cors check: --header "x-a: 1\\u0001": the value has a control character (U+0001), which no HTTP client sends in a header. ${VALUE_FIX}`],
    ['x-a: 1\u007f', `cdk-s3-cors check: --header "x-a: 1\\u007f": the value has a control character (U+007F), which no HTTP client sends in a header. ${VALUE_FIX}`],
    ['x-a: \u0100', `cdk-s3-cors check: --header "x-a: \u0100": the value has "\u0100" (U+0100), outside Latin-1: a header value is bytes, and fetch() throws a TypeError for it; percent-encode it. ${VALUE_FIX}`],
  ])('the header %j', async (header, message) => {
    expect(await refusal(['--origin', APP, '--method', 'PUT', '--header', header])).toBe(message);
  });

  test('a tab, a space around the colon and Latin-1 letters are taken; a header without a value counts as not safelisted', async () => {
    for (const header of ['x-a:\t1', 'x-a: a\tb c', ' content-language : caf\u00ff ', 'content-language']) {
      const r = await check('--origin', APP, '--method', 'GET', '--header', header, '--json');
      expect([header, r.code === 2]).toEqual([header, false]);
    }
    // "content-language" alone has no value a browser could send safelisted: it is preflighted, and named.
    const bare = JSON.parse((await check('--origin', APP, '--method', 'GET', '--header', 'content-language', '--json')).stdout);
    expect(JSON.stringify(bare)).toContain('content-language');
  });

  test('a configuration that is not JSON: the file, line, column and reason, and the lint command that says more', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-main-'));
    const file = path.join(dir, 'cors.json');
    fs.writeFileSync(file, '[\n  {"AllowedMethods": ["GET"],}\n]');
    try {
      const r = await runInProcess(['check', file, '--origin', APP, '--method', 'GET']);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`cdk-s3-cors check: ${file}:2:29: trailing comma after the last property of an object. JSON does not allow it (the S3 console refuses it too): remove this comma. (run "cdk-s3-cors lint ${file}" for details)`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
