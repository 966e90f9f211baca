// Runs the built executable (lib/cli/main.js, compiled by the test task before
// jest) as a child process, the way a user runs `cdk-s3-cors`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'lib', 'cli', 'main.js');
const FIXTURES = path.join('test', 'cli', 'fixtures');
const fixture = (name: string) => path.join(FIXTURES, name);

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run "npx projen compile" (the test task does) before these tests.`);
});

function run(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input: stdin, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('package.json names the built file as the cdk-s3-cors executable, with a shebang', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.bin).toEqual({ 'cdk-s3-cors': 'lib/cli/main.js' });
  expect(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

describe('generate', () => {
  test('--preset read-only --origin "*" prints exactly the published read-only configuration', () => {
    const r = run(['generate', '--preset', 'read-only', '--origin', '*']);
    expect(r.code).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toBe('[{"AllowedHeaders":["*"],"AllowedMethods":["GET","HEAD"],"AllowedOrigins":["*"],"ExposeHeaders":[],"MaxAgeSeconds":3000}]');
    expect(r.stderr).toBe('');
  });

  test('the form-post preset in s3api format equals the published example file', () => {
    const r = run(['generate', '--preset', 'form-post', '--origin', 'https://example.com', '--origin', 'https://staging.example.com', '--format', 's3api']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, fixture('form-post.json')), 'utf8')));
  });

  test('--max-age, --expose-header and --format cloudformation', () => {
    const r = run(['generate', '--preset', 'upload', '--origin', 'https://app.example.com', '--max-age', '600', '--expose-header', 'ETag', '--format', 'cloudformation']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).CorsRules[0]).toMatchObject({ AllowedMethods: ['PUT', 'POST'], ExposedHeaders: ['ETag'], MaxAge: 600 });
  });

  test('--format xml prints a CORSConfiguration document', () => {
    const r = run(['generate', '--preset', 'read-only', '--origin', 'https://www.example.com', '--format', 'xml']);
    expect(r.stdout).toContain('<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    expect(r.stdout).toContain('<AllowedOrigin>https://www.example.com</AllowedOrigin>');
  });

  test('fails on an origin that never matches, naming it and the fix, and prints no configuration', () => {
    const r = run(['generate', '--preset', 'read-only', '--origin', 'https://www.example.com/']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error origin-trailing-slash: rule 0 --origin #1 "https://www.example.com/" ends with "/"');
    expect(r.stderr).toContain('Use "https://www.example.com"');
  });

  test('refuses "*" for uploads unless asked by name; then warns', () => {
    const refused = run(['generate', '--preset', 'upload', '--origin', '*']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--allow-any-origin-for-writes/);
    const accepted = run(['generate', '--preset', 'upload', '--origin', '*', '--allow-any-origin-for-writes']);
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toMatch(/^warning wildcard-origin-write:/);
  });

  test('without --preset: names the flag, lists every preset with its methods, and gives a command that works', () => {
    const r = run(['generate', '--origin', 'https://app.example.com']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const message = r.stderr.split('\n')[0];
    expect(message).toBe('cdk-s3-cors generate: --preset is required: it names the kind of access browsers get, one of '
      + 'read-only (GET, HEAD), upload (PUT, POST), upload-with-read (GET, HEAD, PUT, POST), form-post (GET, HEAD, POST). '
      + 'Add it, e.g. cdk-s3-cors generate --preset read-only --origin https://app.example.com.');
    // The usage follows, as for any usage error.
    expect(r.stderr).toContain('Usage: cdk-s3-cors generate --preset <name>');
    // The example is a command that runs.
    const example = message.slice(message.indexOf('cdk-s3-cors generate --preset')).replace(/\.$/, '').split(' ').slice(1);
    expect(run(example).code).toBe(0);
  });

  test.each([
    [['generate', '--origin', '*'], /--preset is required/],
    [['generate', '--preset', 'read-only'], /at least one --origin is required/],
    [['generate', '--preset', 'readonly', '--origin', '*'], /Unknown CORS preset "readonly". Choose one of: read-only, upload/],
    [['generate', '--preset', 'read-only', '--origin', '*', '--max-age', '1h'], /--max-age "1h" is not a whole number of seconds/],
    [['generate', '--preset', 'read-only', '--origin', '*', '--format', 'yaml'], /--format "yaml" is not one of/],
    [['generate', '--preset', 'read-only', '--origin', '*', '--colour'], /Unknown option '--colour'/],
  ])('exits 2 with usage on bad arguments: %j', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('lint', () => {
  test('reports the trailing comma of the published example on its line, with the words "trailing comma"', () => {
    const r = run(['lint', fixture('published-trailing-comma.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toBe(`${fixture('published-trailing-comma.json')}:9:21 error cdk-s3-cors:invalid-json trailing comma after the last element of an array. JSON does not allow it (the S3 console refuses it too): remove this comma.`);
  });

  test('reports every finding as file:line:column severity code message, pointing at the value', () => {
    const r = run(['lint', fixture('mistakes.json')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    const file = fixture('mistakes.json');
    expect(lines.map(l => l.split(' ').slice(0, 3).join(' '))).toEqual([
      `${file}:4:31 error cdk-s3-cors:unsupported-method`,
      `${file}:6:7 error cdk-s3-cors:origin-trailing-slash`,
      `${file}:9:5 error cdk-s3-cors:unknown-field`,
      `${file}:10:22 warning cdk-s3-cors:max-age-above-firefox-cap`,
    ]);
    expect(lines[2]).toContain('Rename it to "ExposeHeaders"');
    expect(r.stderr).toContain('3 error(s), 1 warning(s)');
  });

  test('exits 0 when only warnings remain', () => {
    const r = run(['lint', fixture('warnings-only.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/:4:24 warning cdk-s3-cors:wildcard-origin-write /);
  });

  test('exits 0 and says so for a clean file, read from standard input', () => {
    const r = run(['lint', '-'], fs.readFileSync(path.join(ROOT, fixture('form-post.json')), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('<stdin>: no problems found');
  });

  test('--json prints the one report schema of docs/lint-output.md, for a CORS file too', () => {
    const r = run(['lint', fixture('mistakes.json'), '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(out.summary).toEqual({ files: 1, errors: 3, warnings: 1, infos: 0, suppressed: 0 });
    expect(out.files[0]).toMatchObject({ file: fixture('mistakes.json'), kind: 'cors', suppressed: 0 });
    expect(out.files[0].findings[0]).toEqual({
      ruleId: 'cdk-s3-cors:unsupported-method',
      severity: 'error',
      resource: null,
      path: null,
      line: 4,
      column: 31,
      message: expect.stringContaining('rule 0 AllowedMethods[1]'),
      fix: null,
    });
  });

  test.each([
    [['lint'], /name a file/],
    [['lint', 'a.json', 'b.json'], /cannot read a.json: no such file/],
    [['lint', fixture('mistakes.json'), '--format', 'xml'], /--format is "xml"; it takes text, json or sarif/],
    [['lint', 'no-such-file.json'], /cannot read no-such-file.json: no such file/],
  ])('exits 2 on bad usage: %j', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('check', () => {
  const formPost = fixture('form-post.json');

  test('an allowed request: exit 0, the headers S3 sends and the matching rule', () => {
    const r = run(['check', formPost, '--origin', 'https://staging.example.com', '--method', 'POST', '--header', 'content-type: application/json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ALLOWED: POST from https://staging.example.com with content-type');
    expect(r.stdout).toContain('preflight: OPTIONS (Access-Control-Request-Method: POST, Access-Control-Request-Headers: content-type) -> 200');
    expect(r.stdout).toContain('matched: rule 0');
    expect(r.stdout).toContain('  access-control-allow-origin: https://staging.example.com');
    expect(r.stdout).toContain('  access-control-expose-headers: x-amz-request-id');
  });

  test('a simple GET sends no preflight', () => {
    const r = run(['check', formPost, '--origin', 'https://example.com', '--method', 'GET']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('preflight: none');
  });

  test.each([
    ['http vs https', ['--origin', 'http://example.com', '--method', 'GET'], /No rule allows origin http:\/\/example.com/],
    ['a missing method', ['--origin', 'https://example.com', '--method', 'DELETE'], /rule 0 allows GET, HEAD, POST; DELETE is in no rule for this origin: add "DELETE" to AllowedMethods of rule 0/],
    ['a missing header', ['--origin', 'https://example.com', '--method', 'POST', '--header', 'x-amz-meta-owner'], /add "x-amz-meta-owner" to AllowedHeaders of rule 0/],
  ])('a blocked request (%s): exit 1, S3\'s answer and the fix', (_what, args, fix) => {
    const r = run(['check', formPost, ...args]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BLOCKED: /);
    expect(r.stdout).toMatch(fix);
  });

  test('a configuration S3 refuses is named first; the near miss below it still has its fix', () => {
    const r = run(['check', fixture('mistakes.json'), '--origin', 'https://example.com', '--method', 'GET', '--credentials']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^S3 WOULD REFUSE THIS CONFIGURATION \(PutBucketCors fails, so the bucket keeps what it had\): rule 0: unknown field "ExposedHeaders".*"OPTIONS" is not a method S3 accepts/);
    // "*" would let the GET through, but not with credentials
    expect(r.stdout).toContain('the answer is "Access-Control-Allow-Origin: *", which browsers refuse for a request with credentials');
    expect(r.stdout).toContain('list "https://example.com" in AllowedOrigins of a rule before it');
  });

  test('an origin no browser sends is a usage error with the fix, not advice to list it (issue 9)', () => {
    for (const [origin, fix] of [
      ['https://example.com/', /ends with "\/"/], ['HTTPS://Example.com', /upper-case/], ['https://example.com:443', /default port/],
      ['example.com', /has no scheme/], ['https://*.example.com', /never a pattern/],
    ] as const) {
      const r = run(['check', formPost, '--origin', origin, '--method', 'GET']);
      expect([origin, r.code, r.stdout]).toEqual([origin, 2, '']);
      expect(r.stderr).toMatch(/a browser never sends this origin/);
      expect(r.stderr).toMatch(fix);
      expect(r.stderr).not.toMatch(/add .* to AllowedOrigins/);
    }
  });

  test('methods and headers no browser sends are usage errors; a method S3 cannot allow is explained, not advised', () => {
    expect(run(['check', formPost, '--origin', 'https://example.com', '--method', 'TRACE']).stderr).toMatch(/browsers refuse to send TRACE/);
    expect(run(['check', formPost, '--origin', 'https://example.com', '--method', 'GE T']).code).toBe(2);
    for (const header of ['', 'x bad', ': value']) {
      const r = run(['check', formPost, '--origin', 'https://example.com', '--method', 'GET', '--header', header]);
      expect([header, r.code]).toEqual([header, 2]);
    }
    const patch = run(['check', formPost, '--origin', 'https://example.com', '--method', 'PATCH']);
    expect(patch.code).toBe(1);
    expect(patch.stdout).toMatch(/S3 CORS rules can allow only GET, PUT, HEAD, POST and DELETE/);
    expect(patch.stdout).not.toMatch(/add "PATCH"/);
  });

  test('a repeated --origin is refused, not silently the last', () => {
    const r = run(['check', formPost, '--origin', 'https://example.com', '--origin', 'https://staging.example.com', '--method', 'GET']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--origin was given 2 times; check takes one/);
  });

  test('--json prints the preflight and actual evaluations', () => {
    const r = run(['check', formPost, '--origin', 'https://example.com', '--method', 'PUT', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.allowed).toBe(false);
    expect(out.preflight).toMatchObject({ statusCode: 403, errorCode: 'AccessForbidden' });
  });

  test.each([
    [['check', formPost, '--method', 'GET'], /--origin is required/],
    [['check', formPost, '--origin', 'https://example.com'], /--method is required/],
    [['check', fixture('published-trailing-comma.json'), '--origin', 'https://example.com', '--method', 'GET'], /published-trailing-comma.json:9:21: trailing comma/],
  ])('exits 2 on bad usage or a file that is not JSON: %j', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('generate refuses origins as open as "*" for writes (issue 9)', () => {
  test.each(['https://*', 'https://*example.com', 'https://*.com'])('--origin %s with the upload preset exits 1 with the reason', origin => {
    const r = run(['generate', '--preset', 'upload', '--origin', origin]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/as open as "\*": .*--allow-any-origin-for-writes/);
  });
});

describe('help and unknown commands', () => {
  test.each(['generate', 'lint', 'check'])('%s --help prints its usage to stdout and exits 0', command => {
    const r = run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: cdk-s3-cors ${command}`);
  });

  test('generate --help pairs put-bucket-cors with --format s3api, whose output is what s3api takes', () => {
    // s3api refuses the console's bare array: --cors-configuration needs {"CORSRules": [...]}.
    const help = run(['generate', '--help']).stdout;
    const lines = help.split('\n');
    const s3api = lines.findIndex(l => l.includes('put-bucket-cors'));
    expect(s3api).toBeGreaterThan(0);
    expect(lines.slice(s3api - 2, s3api + 1).join('\n')).toContain('--format s3api');
    const out = JSON.parse(run(['generate', '--preset', 'read-only', '--origin', '*', '--format', 's3api']).stdout);
    expect(Object.keys(out)).toEqual(['CORSRules']);
  });

  test('--version prints the installed package\'s version', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    for (const flag of ['--version', '-v']) {
      expect(run([flag])).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' });
    }
  });

  test('--help lists the commands', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/generate[\s\S]*lint[\s\S]*check/);
  });

  test('an unknown command exits 2 with usage on stderr', () => {
    const r = run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('Usage: cdk-s3-cors <command>');
  });

  test('no command exits 2 with usage', () => {
    expect(run([]).code).toBe(2);
  });
});
