// The release a maintainer runs (`npx projen release`: bump, build, unbump),
// tried on a clone of this repository: the version follows the conventional
// commits since the last tag and the changelog names them. Then the packages
// of every language in dist/ (built by the `test:languages` task before this
// file runs) hold what a user needs and nothing of this repository's working
// state: the licence and README, no cdk.out, no source map that points at a
// source the package does not ship.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const PROJEN = path.join(ROOT, 'node_modules', '.bin', 'projen');
let work: string;

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r;
}

const git = (cwd: string, ...args: string[]) => run('git', ['-c', 'user.name=Release Test', '-c', 'user.email=release-test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], cwd);

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-release-'));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npx projen bump on a clone', () => {
  let clone: string;

  beforeAll(() => {
    clone = path.join(work, 'clone');
    run('git', ['clone', '--quiet', '--no-local', ROOT, clone], work);
    // The clone's own dependencies are this checkout's: the bump runs the same projen and commit-and-tag-version.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  });

  // From 1.0 on: before 1.0, commit-and-tag-version makes a feature a patch release.
  test.each([
    ['fix', 'a CORS rule that never matched is reported', '1.2.1', 'Bug Fixes'],
    ['feat', 'a preset for signed cookies', '1.3.0', 'Features'],
  ])('after release v1.2.0, a "%s: %s" commit makes version %s, changelog section "%s"', (type, subject, version, section) => {
    git(clone, 'tag', '--force', 'v1.2.0');
    git(clone, 'commit', '--quiet', '--allow-empty', '-m', `${type}: ${subject}`);
    run(PROJEN, ['bump'], clone);
    const dist = path.join(clone, 'dist');
    expect(fs.readFileSync(path.join(dist, 'version.txt'), 'utf8').trim()).toBe(version);
    expect(fs.readFileSync(path.join(dist, 'releasetag.txt'), 'utf8').trim()).toBe(`v${version}`);
    expect(JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')).version).toBe(version);
    const changelog = fs.readFileSync(path.join(dist, 'changelog.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm'));
    expect(changelog).toContain(`### ${section}`);
    expect(changelog).toContain(subject);
    // The release task unbumps after building: the repository goes back to 0.0.0.
    run(PROJEN, ['unbump'], clone);
    expect(JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')).version).toBe('0.0.0');
    // The next case starts from the same tag.
    git(clone, 'reset', '--quiet', '--hard', 'HEAD~1');
    fs.rmSync(dist, { recursive: true, force: true });
  });
});

/** The files of a .tgz, .whl or .jar as path -> content, extracted with the system's tools into a fresh folder. */
function unpack(archive: string): Map<string, Buffer> {
  const into = fs.mkdtempSync(path.join(work, 'unpack-'));
  if (archive.endsWith('.tgz') || archive.endsWith('.tar.gz')) {
    run('tar', ['-xzf', archive, '-C', into], work);
  } else {
    run('python3', ['-m', 'zipfile', '-e', archive, into], work);
  }
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(into, p).split(path.sep).join('/'), fs.readFileSync(p));
    }
  };
  walk(into);
  return files;
}

function built(...parts: string[]): string {
  const p = path.join(ROOT, 'dist', ...parts);
  if (!fs.existsSync(p)) throw new Error(`${path.relative(ROOT, p)} is missing: run "npm run test:languages" (it builds dist/) first.`);
  return p;
}

/** Every source a JavaScript file's inline or external source map names must be in the package. */
function unshippedSources(files: Map<string, Buffer>, prefix: string): string[] {
  const missing: string[] = [];
  for (const [name, content] of files) {
    if (!name.startsWith(prefix) || !name.endsWith('.js')) continue;
    const m = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(content.toString('utf8'));
    if (!m) continue;
    let map: { sources: string[]; sourceRoot?: string };
    if (m[1].startsWith('data:')) {
      map = JSON.parse(Buffer.from(m[1].slice(m[1].indexOf(',') + 1), 'base64').toString('utf8'));
    } else {
      const mapFile = path.posix.join(path.posix.dirname(name), m[1]);
      if (!files.has(mapFile)) {
        missing.push(`${name} -> ${mapFile}`);
        continue;
      }
      map = JSON.parse(files.get(mapFile)!.toString('utf8'));
    }
    for (const source of map.sources) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(name), map.sourceRoot ?? '', source));
      if (!files.has(resolved)) missing.push(`${name} -> ${resolved}`);
    }
  }
  return missing;
}

/** What the npm package (on its own, and as the jsii bundle inside the other languages' packages) must hold. */
function expectNpmPackage(files: Map<string, Buffer>, where: string) {
  const names = [...files.keys()];
  expect([where, ['package/LICENSE', 'package/README.md', 'package/lib/index.js', 'package/.jsii'].filter(f => !files.has(f))]).toEqual([where, []]);
  expect([where, names.filter(n => /(^|\/)cdk\.out(\/|$)/.test(n))]).toEqual([where, []]);
  // rosetta/ is shipped on purpose: the fixture lets tools that translate the examples again (Construct Hub) compile them.
  expect([where, names.filter(n => /^package\/(test|examples|bench|\.ci|\.github|dist|build-tools)\//.test(n))]).toEqual([where, []]);
  expect([where, files.has('package/rosetta/default.ts-fixture')]).toEqual([where, true]);
  expect([where, unshippedSources(files, 'package/lib/')]).toEqual([where, []]);
  // The source maps name the shipped sources: prove the check is not vacuous.
  expect(names.filter(n => n.startsWith('package/src/') && n.endsWith('.ts')).length).toBeGreaterThan(5);
  expect([...files.values()].some(c => c.toString('utf8').includes('//# sourceMappingURL='))).toBe(true);
}

describe('the packages in dist/', () => {
  const bundle = `cdk-s3-cors@${VERSION}.jsii.tgz`;

  test('npm: the tarball', () => {
    expectNpmPackage(unpack(built('js', bundle)), 'dist/js');
  });

  test('Python: the wheel holds the module, the licence, the README and the npm package as its jsii bundle', () => {
    const files = unpack(built('python', `cdk_s3_cors-${VERSION}-py3-none-any.whl`));
    const info = `cdk_s3_cors-${VERSION}.dist-info`;
    const licence = [...files.keys()].filter(n => n.startsWith(`${info}/`) && /LICEN[SC]E/i.test(n));
    expect(licence.length).toBeGreaterThan(0);
    expect(files.get(licence[0])!.toString('utf8')).toBe(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
    // The README is the package's long description on the index, translated by rosetta.
    const metadata = files.get(`${info}/METADATA`)!.toString('utf8');
    expect(metadata).toContain('# cdk-s3-cors');
    expect(metadata).toContain('from cdk_s3_cors import');
    expect(files.has('cdk_s3_cors/__init__.py')).toBe(true);
    expect([...files.keys()].filter(n => /(^|\/)cdk\.out(\/|$)/.test(n))).toEqual([]);
    fs.writeFileSync(path.join(work, 'py-bundle.tgz'), files.get(`cdk_s3_cors/_jsii/${bundle}`)!);
    expectNpmPackage(unpack(path.join(work, 'py-bundle.tgz')), 'the wheel\'s jsii bundle');
  });

  test('Java: the jar, its sources and javadoc, the pom with licence and the npm package as its jsii bundle', () => {
    const dir = ['java', 'io', 'github', 'cdk-s3-cors', 'cdk-s3-cors', VERSION];
    for (const f of [`cdk-s3-cors-${VERSION}-sources.jar`, `cdk-s3-cors-${VERSION}-javadoc.jar`]) built(...dir, f);
    const pom = fs.readFileSync(built(...dir, `cdk-s3-cors-${VERSION}.pom`), 'utf8');
    expect(pom).toMatch(/<licenses>[\s\S]*Apache License 2\.0[\s\S]*<\/licenses>/);
    const files = unpack(built(...dir, `cdk-s3-cors-${VERSION}.jar`));
    const inJar = [...files.keys()].find(n => n.endsWith(`/${bundle}`));
    expect(inJar).toBeDefined();
    expect([...files.keys()].filter(n => /(^|\/)cdk\.out(\/|$)/.test(n))).toEqual([]);
    fs.writeFileSync(path.join(work, 'java-bundle.tgz'), files.get(inJar!)!);
    expectNpmPackage(unpack(path.join(work, 'java-bundle.tgz')), 'the jar\'s jsii bundle');
  });

  test('Go: the module holds the licence, the README translated to Go, go.mod and the npm package as its jsii bundle', () => {
    const dir = built('go', 'cdks3cors');
    expect(fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('# cdk-s3-cors');
    expect(readme).toContain('import "github.com/cdk-s3-cors/cdk-s3-cors-go/cdks3cors"');
    expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toMatch(/^module github\.com\/cdk-s3-cors\/cdk-s3-cors-go\/cdks3cors$/m);
    const found: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true })
      .forEach(e => e.isDirectory() ? walk(path.join(d, e.name)) : found.push(path.relative(dir, path.join(d, e.name))));
    walk(dir);
    expect(found.filter(n => /(^|\/)cdk\.out(\/|$)/.test(n))).toEqual([]);
    const inModule = found.find(n => n === path.join('jsii', `cdk-s3-cors-${VERSION}.tgz`));
    expect(inModule).toBeDefined();
    expectNpmPackage(unpack(path.join(dir, inModule!)), 'the Go module\'s jsii bundle');
  });
});
