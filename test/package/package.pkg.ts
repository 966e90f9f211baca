// The newcomer's path, from the packed tarball: install it into a fresh app
// beside an aws-cdk-lib of a chosen version (the floor by default; CI also
// runs the newest), then run the README's own blocks as they are written.
//
//   CDK_LIB_VERSION=2.258.0 npm run test:package    (default: the devDependency, i.e. the floor)
//   CDK_LIB_VERSION=latest  npm run test:package
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(600_000);

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const CDK_LIB = process.env.CDK_LIB_VERSION || pkg.devDependencies['aws-cdk-lib'];
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

let work: string;
let app: string;
let installed: string;

/** The first ```ts block after a heading of the README. */
function readmeBlock(heading: string): string {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README.md has no heading "${heading}"`);
  const m = /```ts\n([\s\S]*?)```/.exec(README.slice(at));
  if (!m) throw new Error(`README.md has no ts block after "${heading}"`);
  return m[1];
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  if (r.error) throw r.error;
  return r;
}

function must(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

function synth(appFile: string, extra: string[] = []) {
  return run(CDK, ['synth', '--app', `${TSX} ${appFile}`, '--output', 'cdk.out', '--no-notices', '--no-version-reporting', '--quiet', ...extra], app);
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-package-'));
  const packed = must(run('npm', ['pack', '--pack-destination', work, '--json'], ROOT), 'npm pack');
  const tarball = path.join(work, JSON.parse(packed.stdout)[0].filename);
  app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'newcomer-app', version: '1.0.0', private: true }));
  must(run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `aws-cdk-lib@${CDK_LIB}`, `constructs@${pkg.peerDependencies.constructs}`, `cdk-nag@${pkg.devDependencies['cdk-nag']}`], app), 'npm install');
  installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')).version;
  console.log(`package test: cdk-s3-cors tarball with aws-cdk-lib ${installed} (asked for ${CDK_LIB})`);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the tarball ships the compiled library, its sources for stack traces, the docs, and the bundled parser', () => {
  const root = path.join(app, 'node_modules', 'cdk-s3-cors');
  for (const f of ['lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', 'src/index.ts', 'docs/README.md', 'node_modules/jsonc-parser/package.json', '.jsii']) {
    expect([f, fs.existsSync(path.join(root, f))]).toEqual([f, true]);
  }
  for (const f of ['test', 'examples', 'bench', '.ci']) {
    expect([f, fs.existsSync(path.join(root, f))]).toEqual([f, false]);
  }
});

test('the README\'s quick start synthesizes with --strict (no warning) in both stages', () => {
  fs.writeFileSync(path.join(app, 'app.ts'), readmeBlock('## Quick start'));
  for (const stage of ['dev', 'prod']) {
    const r = synth('app.ts', ['--strict', '-c', `stage=${stage}`]);
    expect({ stage, status: r.status, warnings: `${r.stdout}${r.stderr}`.split('\n').filter(l => /warn/i.test(l)) }).toEqual({ stage, status: 0, warnings: [] });
    const template = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', `WebStorage-${stage}.template.json`), 'utf8'));
    const origins = Object.values(template.Resources as Record<string, any>)
      .filter(res => res.Type === 'AWS::S3::Bucket' && res.Properties.CorsConfiguration)
      .map(res => res.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins);
    expect(origins.some(o => o.includes('http://localhost:3000'))).toBe(stage === 'dev');
  }
});

test('cdk-nag registered the README\'s way, with its acknowledgement, reports only the sentinel plain bucket', () => {
  const quickStart = readmeBlock('## Quick start');
  const nag = readmeBlock('### cdk-nag (AwsSolutions)');
  // The README says: add the block before app.synth(). The sentinel is this test's own: a plain
  // bucket whose findings prove the plugin really ran.
  const sentinel = "new (require('aws-cdk-lib/aws-s3').Bucket)(stack, 'Sentinel');\n";
  const withNag = quickStart.replace('app.synth();', `${nag}\n${sentinel}app.synth();`);
  expect(withNag).not.toBe(quickStart);
  fs.writeFileSync(path.join(app, 'app-nag.ts'), withNag);
  fs.rmSync(path.join(app, 'cdk.out'), { recursive: true, force: true });
  const r = synth('app-nag.ts');
  const report = ['validation-report.json', 'policy-validation-report.json'].map(f => path.join(app, 'cdk.out', f)).find(f => fs.existsSync(f));
  expect({ report: report !== undefined, output: report ? '' : `${r.stdout}${r.stderr}` }).toEqual({ report: true, output: '' });
  const plugin = JSON.parse(fs.readFileSync(report!, 'utf8')).pluginReports.find((p: { pluginName: string }) => p.pluginName === 'AwsSolutions');
  const found: string[] = plugin.violations.flatMap((v: { ruleName: string; violatingConstructs: Array<{ constructPath: string }> }) =>
    v.violatingConstructs.map(c => `${v.ruleName} ${c.constructPath}`));
  expect(found.sort()).toEqual(['AwsSolutions-S1 WebStorage-dev/Sentinel/Resource', 'AwsSolutions-S10 WebStorage-dev/Sentinel/Resource']);
});

test('plain JavaScript gets an error that says how to write the origin, from the built package', () => {
  fs.writeFileSync(path.join(app, 'mistake.js'), [
    "const { App, Stack } = require('aws-cdk-lib');",
    "const { PublicAssetsBucket } = require('cdk-s3-cors');",
    "new PublicAssetsBucket(new Stack(new App(), 'S'), 'Assets', { allowedOrigins: ['https://www.example.com'] });",
  ].join('\n'));
  const r = run(process.execPath, ['mistake.js'], app);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('allowedOrigins[0] must be a CorsOrigin');
  expect(r.stderr).toContain('Write CorsOrigin.https("www.example.com").');
  expect(r.stderr).not.toContain('TypeError');
});

test('the README\'s CLI session, replayed against the installed executable, prints what the README shows', () => {
  const at = README.indexOf('\n## CLI\n');
  const json = /```json\n([\s\S]*?)```/.exec(README.slice(at))![1];
  const session = /```console\n([\s\S]*?)```/.exec(README.slice(at))![1];
  fs.writeFileSync(path.join(app, 'cors.json'), json);
  const bin = path.join(app, 'node_modules', '.bin');
  let replayed = 0;
  for (const step of session.split(/^(?=\$ )/m)) {
    const [command, ...expected] = step.trimEnd().split('\n');
    if (command === '$ # remove the comma, run again') {
      fs.writeFileSync(path.join(app, 'cors.json'), json.replace('3000,', '3000'));
      continue;
    }
    if (!command.startsWith('$ npx cdk-s3-cors ') || command.includes('>')) continue;
    const args = command.slice('$ npx cdk-s3-cors '.length).split(' ');
    const r = run(path.join(bin, 'cdk-s3-cors'), args, app);
    expect({ command, output: `${r.stdout}${r.stderr}`.trimEnd() }).toEqual({ command, output: expected.join('\n') });
    replayed++;
  }
  expect(replayed).toBe(3);
});

test('every `npx cdk-s3-cors` command line of the README runs, as written, from the installed package', () => {
  // The README's commands, run by a shell in a folder of the app (so `npx` finds the installed executable, as it
  // would for a user who installed the tarball), with the files they name: the CLI section's cors.json and the
  // template fixture. Each must parse its arguments and do its job: exit 0 (nothing wrong) or 1 (findings); the
  // probe has no endpoint to ask here, so it must say it cannot reach it (exit 3), not fail to start.
  const dir = fs.mkdtempSync(path.join(app, 'readme-cli-'));
  const at = README.indexOf('\n## CLI\n');
  fs.writeFileSync(path.join(dir, 'cors.json'), /```json\n([\s\S]*?)```/.exec(README.slice(at))![1]);
  fs.cpSync(path.join(ROOT, 'test', 'checks', 'fixtures'), path.join(dir, 'test', 'checks', 'fixtures'), { recursive: true });
  const lines = README.split('\n').filter(l => l.startsWith('$ npx cdk-s3-cors ') || l === '$ # remove the comma, run again').map(l => l.slice(2));
  expect(lines.filter(l => !l.startsWith('#')).length).toBeGreaterThanOrEqual(6);
  const results = [];
  for (const line of lines) {
    if (line.startsWith('#')) {
      // The session's own step between its commands: the user fixes the trailing comma it reported.
      fs.writeFileSync(path.join(dir, 'cors.json'), fs.readFileSync(path.join(dir, 'cors.json'), 'utf8').replace('3000,', '3000'));
      continue;
    }
    const r = run('sh', ['-c', line], dir, { npm_config_yes: 'false' });
    results.push({ line, status: r.status, output: `${r.stdout}${r.stderr}` });
  }
  for (const r of results) {
    const expected = r.line.includes(' probe ') ? [3] : [0, 1];
    expect({ line: r.line, status: expected.includes(r.status!) ? 'as expected' : r.status, output: r.output.slice(0, 300) })
      .toMatchObject({ line: r.line, status: 'as expected' });
    expect(r.output).not.toMatch(/command not found|not found: cdk-s3-cors|Usage: cdk-s3-cors/);
  }
  expect(results.find(r => r.line.includes(' probe '))!.output).toMatch(/cannot reach 127\.0\.0\.1:\d+/);
  // The generate line wrote cors.json: a configuration S3 accepts.
  expect(run(path.join(app, 'node_modules', '.bin', 'cdk-s3-cors'), ['lint', 'cors.json'], dir).status).toBe(0);
});

test('the installed executable runs: --version and lint', () => {
  const bin = path.join(app, 'node_modules', '.bin', 'cdk-s3-cors');
  expect(must(run(bin, ['--version'], app), 'cdk-s3-cors --version').stdout.trim()).toBe(pkg.version);
  fs.writeFileSync(path.join(app, 'cors.json'), '[{"AllowedMethods":["GET"],"AllowedOrigins":["https://www.example.com/"]}]');
  const lint = run(bin, ['lint', 'cors.json'], app);
  expect(lint.status).toBe(1);
  expect(lint.stdout).toContain('origin-trailing-slash');
});
