// The CLI against hostile and odd input (issue 9), run as a user runs it.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { CorsConfiguration } from '../../src/cors';

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

test('lint /dev/zero is refused as a device, instead of growing without end', () => {
  const r = run(['lint', '/dev/zero']);
  expect(r).toMatchObject({ code: 2, stdout: '' });
  expect(r.stderr).toMatch(/cannot read \/dev\/zero: it is a character device, not a regular file/);
});

describe('a path that is not a regular file is refused, never read (issue 20)', () => {
  let fifo: string;
  beforeAll(() => {
    fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
  });

  // Nobody ever writes to the FIFO: a command that opens it for reading blocks until the timeout kills it.
  test.each([
    ['lint', (f: string) => ['lint', f]],
    ['check', (f: string) => ['check', f, '--origin', 'https://a.example', '--method', 'GET']],
    ['probe --config', (f: string) => ['probe', 'http://127.0.0.1:9/x', '--origin', 'https://a.example', '--config', f]],
  ])('%s on a FIFO: exit 2 naming the path and what it is, at once', (_name, args) => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [BIN, ...args(fifo)], { cwd: ROOT, encoding: 'utf8', timeout: 10_000, killSignal: 'SIGKILL' });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot read ${fifo}: it is a FIFO (named pipe), not a regular file: name a file, or give "-" and pipe the input in`);
    expect(r.stderr).toMatch(/reading a FIFO waits until something writes to it, so it is not opened\.$/m);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  test.each([
    ['a directory', () => dir, /it is a directory, not a regular file/],
    ['a character device', () => '/dev/null', /it is a character device, not a regular file/],
  ])('check and probe --config on %s: exit 2 naming it', (_name, where, why) => {
    expect(run(['check', where(), '--origin', 'https://a.example', '--method', 'GET'])).toMatchObject({ code: 2, stderr: expect.stringMatching(why) });
    expect(run(['probe', 'http://127.0.0.1:9/x', '--origin', 'https://a.example', '--config', where()])).toMatchObject({ code: 2, stderr: expect.stringMatching(why) });
  });

  test('a symbolic link to a regular file is read as the file', () => {
    const target = file('target.json', '[{"AllowedMethods":["GET"],"AllowedOrigins":["https://a.example"]}]');
    const link = path.join(dir, 'link.json');
    fs.symlinkSync(target, link);
    expect(run(['check', link, '--origin', 'https://a.example', '--method', 'GET']).code).toBe(0);
  });
});

describe('still open from the last hostile-input round (issue 20)', () => {
  let config: string;
  beforeAll(() => {
    config = file('one-rule.json', '[{"AllowedMethods":["GET","PUT"],"AllowedOrigins":["https://a.example"]}]');
  });

  test('check --method FOO (a method S3 does not know) is exit 2 naming --method and the allowed ones', () => {
    const r = run(['check', config, '--origin', 'https://a.example', '--method', 'FOO']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cdk-s3-cors check: --method "FOO" is not a method S3 knows: S3 CORS rules allow GET, PUT, HEAD, POST, DELETE/);
    // Its neighbours: a method S3 allows (any case, as fetch() normalises it), and one it knows but never allows.
    expect(run(['check', config, '--origin', 'https://a.example', '--method', 'put']).code).toBe(0);
    expect(run(['check', config, '--origin', 'https://a.example', '--method', 'PATCH']).code).toBe(1);
  });

  test.each([
    [['--method', 'GET', '--method', 'PUT'], /--method was given 2 times \("GET", "PUT"\); it takes one value/],
    [['--method=GET', '--method', 'GET'], /--method was given 2 times/],
  ])('check with a single-valued option twice is exit 2, not silently the last: %j', (twice, message) => {
    const r = run(['check', config, '--origin', 'https://a.example', ...twice]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('generate with --preset or --format twice is exit 2 too: every command parses options the same way', () => {
    for (const twice of [['--preset', 'read-only', '--preset', 'upload'], ['--preset', 'read-only', '--format', 'xml', '--format', 's3api']]) {
      const r = run(['generate', '--origin', 'https://a.example', ...twice]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/--(preset|format) was given 2 times/);
    }
    // Its neighbour: a repeatable option given twice is two values.
    expect(run(['generate', '--preset', 'read-only', '--origin', 'https://a.example', '--origin', 'https://b.example']).code).toBe(0);
  });

  test('probe with --timeout twice is exit 2 too', () => {
    const r = run(['probe', 'http://127.0.0.1:9/x', '--origin', 'https://a.example', '--timeout', '5', '--timeout', '6']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout was given 2 times/);
  });

  test('evaluate with an empty Origin says it is not a CORS request, and never advises adding "" to AllowedOrigins', () => {
    const rules = CorsConfiguration.fromJson('[{"AllowedMethods":["GET"],"AllowedOrigins":["https://a.example"]}]');
    for (const request of [{ method: 'GET', origin: '' }, { method: 'OPTIONS', origin: '', accessControlRequestMethod: 'GET' }]) {
      const answer = rules.evaluate(request);
      expect(answer.allowed).toBe(false);
      expect(answer.explanation).toMatch(/^The Origin header is empty: that is not a CORS request, since no browser sends an empty Origin/);
      expect(answer.explanation).not.toMatch(/add "" to AllowedOrigins/);
    }
    // The neighbour: a real origin that no rule lists still gets the advice.
    expect(rules.evaluate({ method: 'GET', origin: 'https://b.example' }).explanation).toMatch(/add "https:\/\/b\.example" to AllowedOrigins/);
  });

  test('a zero-width space between JSON tokens is named, at its line and column', () => {
    const f = file('zwsp.json', '[{"AllowedMethods": ["GET"],\n  \u200b"AllowedOrigins": ["*"]}]');
    const r = run(['lint', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${f}:2:3 error cdk-s3-cors:invalid-json U+200B ZERO WIDTH SPACE, invisible`);
    const c = run(['check', f, '--origin', 'https://a.example', '--method', 'GET']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`${f}:2:3: U+200B ZERO WIDTH SPACE, invisible`);
  });

  test.each([['\u2060', 'U+2060 WORD JOINER'], ['\u202e', 'U+202E RIGHT-TO-LEFT OVERRIDE'], ['\ufeff', 'U+FEFF ZERO WIDTH NO-BREAK SPACE']])(
    'other invisible characters are named too: %j', (ch, name) => {
      const r = run(['lint', file('invisible.json', `[${ch}]`)]);
      expect(r.stdout).toMatch(new RegExp(`:1:2 error cdk-s3-cors:invalid-json ${name.replace(/[+()]/g, '\\$&')}`));
    });

  test('check-outputs on a missing outputs file: a message and exit 2, no stack trace', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const missing = path.join(dir, 'no-outputs.json');
    const r = spawnSync(tsx, [path.join(ROOT, 'test', 'integ', 'check-outputs.ts'), missing], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`check-outputs: cannot read ${missing}: no such file. Run "cdk deploy --outputs-file <file>" first`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const notJson = spawnSync(tsx, [path.join(ROOT, 'test', 'integ', 'check-outputs.ts'), file('outputs.json', '{"Stack": ')], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toMatch(/outputs\.json is not JSON/);
  });
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
  expect(r.stdout).toContain('\\u001b[31m\\n');
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

describe('one printer: what came from the input is escaped the same way in every command', () => {
  const config = () => file('plain.json', JSON.stringify([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'] }]));

  test('a right-to-left override in a usage error is printed as \\u202e, as lint prints it, never raw', () => {
    // Before the one printer, lint escaped invisible characters and check printed them raw (it escaped only controls).
    const r = run(['check', config(), '--origin', 'https://a.example', '--method', 'GE\u202eT']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cdk-s3-cors check: --method "GE\\u202eT" is not an HTTP method name');
    expect(r.stderr).not.toContain('\u202e');
    // JSON output is data: the value is there as it was given.
    const json = run(['check', config(), '--origin', 'https://a.example', '--method', 'GE\u202eT', '--json']);
    expect(JSON.parse(json.stdout).error).toContain('--method "GE\u202eT"');
  });

  test('generate prints its findings through the same escaping: a zero-width space in a header is shown as \\u200b', () => {
    const r = run(['generate', '--preset', 'read-only', '--origin', 'https://a.example', '--allowed-header', 'x-\u200bowner']);
    expect(r.stderr).not.toContain('\u200b');
    expect(r.stderr).toMatch(/^error header-invalid-name: .*"x-\\u200bowner"/m);
    expect(r.code).toBe(1);
  });
});

describe('a long value is quoted cut, saying how much more there was (quote())', () => {
  test('check --method of 501 characters: the message quotes the first 200', () => {
    const r = run(['check', file('plain2.json', '[{"AllowedMethods":["GET"],"AllowedOrigins":["*"]}]'), '--origin', 'https://a.example', '--method', `${'x'.repeat(500)} `]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--method "${'x'.repeat(200)}"…(301 more characters) is not an HTTP method name`);
  });

  test('lint of a template: a MaxAge of 1000 characters is quoted cut in the finding', () => {
    const template = { Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'], MaxAge: 'y'.repeat(1000) }] } } } } };
    const r = run(['lint', file('long-max-age.json', JSON.stringify(template))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`rule 0 MaxAge is "${'y'.repeat(200)}"…(800 more characters): CloudFormation accepts a whole number of seconds`);
  });
});
