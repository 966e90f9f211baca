// The library in every jsii language a CDK user writes, used the way they use it:
// the Python wheel, the Maven artifact and the Go module that jsii-pacmak built
// into dist/ (the `test:languages` task builds them once, before this file runs),
// each installed beside the real aws-cdk-lib of that language from its registry,
// in a CDK app synthesized by the real CDK CLI. Each app defines the same
// constructs as test/languages/typescript/app.ts; the templates must equal the
// TypeScript app's resource by resource, and S3CorsChecks must report the same
// findings. A binding that drops a prop, renames a member or loses a plugin
// callback shows up here as a difference.
//
//   npm run test:languages                          (aws-cdk-lib: the JavaScript side's, i.e. the floor)
//   CDK_LIB_VERSION=2.276.0 npm run test:languages  (.ci/run's second pass, after installing that aws-cdk-lib)
//
// Every app is run by `cdk synth --app <command>`, as a user runs it: the CLI
// hands the app its output directory and context, and reports validation.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(1_200_000);

const ROOT = path.join(__dirname, '..', '..');
const HERE = __dirname;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const jsVersion = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version as string;
// The aws-cdk-lib every language uses: the one the JavaScript side runs on.
const CDK_LIB = process.env.CDK_LIB_VERSION || jsVersion('aws-cdk-lib');
const CONSTRUCTS = jsVersion('constructs');
const VERSION: string = pkg.version;
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
// Reused between runs on one machine (a fresh clone in CI starts without it).
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'cdk-s3-cors-languages');

let work: string;
const timings: string[] = [];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return r;
}

function must(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r;
}

function timed<T>(what: string, f: () => T): T {
  const start = Date.now();
  try {
    return f();
  } finally {
    timings.push(`${what}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
}

/** The single file of that extension in dist/<dir>, or a clear error saying how to build it. */
function built(dir: string, file: string): string {
  const p = path.join(ROOT, 'dist', dir, file);
  if (!fs.existsSync(p)) throw new Error(`${path.relative(ROOT, p)} is missing: run "npx projen package-all" (or "npm run test:languages", which builds it) first.`);
  return p;
}

interface Synth {
  readonly status: number | null;
  readonly output: string;
  readonly outdir: string;
}

function synth(name: string, app: string, cwd: string): Synth {
  const outdir = path.join(work, `${name}.out`);
  const r = timed(`${name}: cdk synth`, () => run(CDK, ['synth', '--app', app, '--output', outdir, '--no-notices', '--no-version-reporting', '--quiet'], cwd));
  return { status: r.status, output: `${r.stdout}${r.stderr}`, outdir };
}

/** Stack name -> template, for every CloudFormation stack of the cloud assembly. */
function templates(outdir: string): Record<string, any> {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const out: Record<string, any> = {};
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    out[id] = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8'));
  }
  return out;
}

/**
 * S3CorsChecks' findings in validation-report.json, without two fields that
 * differ for a reason that is not the library's: `templatePath` is the absolute
 * path of each app's own output directory, and `stackTraces` are the frames of
 * the caller's runtime (tsx's for TypeScript; the jsii kernel's for the others).
 */
function findings(outdir: string): unknown[] {
  const report = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(report)) return [];
  const plugin = JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports.find((p: any) => p.pluginName === 'S3CorsChecks');
  return (plugin?.violations ?? []).map((v: any) => ({
    ruleName: v.ruleName,
    severity: v.severity,
    description: v.description,
    constructs: v.violatingConstructs.map((c: any) => ({
      constructPath: c.constructPath,
      constructFqn: c.constructFqn,
      libraryVersion: c.libraryVersion,
      template: path.basename(c.cloudFormationResource.templatePath),
      logicalId: c.cloudFormationResource.logicalId,
      propertyPaths: c.cloudFormationResource.propertyPaths,
    })),
  }));
}

let ts: Synth;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-languages-'));
  expect({ 'aws-cdk-lib (JavaScript side)': jsVersion('aws-cdk-lib') }).toEqual({ 'aws-cdk-lib (JavaScript side)': CDK_LIB });
  console.log(`language test: cdk-s3-cors ${VERSION} with aws-cdk-lib ${CDK_LIB}, constructs ${CONSTRUCTS} in every language`);
  ts = synth('typescript', `${TSX} ${path.join(HERE, 'typescript', 'app.ts')}`, ROOT);
});

afterAll(() => {
  if (timings.length > 0) console.log(`language test timings (aws-cdk-lib ${CDK_LIB}):\n  ${timings.join('\n  ')}`);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the TypeScript reference app synthesizes its stacks and S3CorsChecks fails it on the plain stack only', () => {
  // The plain stack's errors fail validation, so the synth exits non-zero after writing every template and the report.
  expect(ts.status).not.toBe(0);
  expect(ts.output).toMatch(/Synthesis finished with errors/);
  expect(Object.keys(templates(ts.outdir)).sort()).toEqual(['Plain', 'WebStorage-dev', 'WebStorage-prod']);
  const found = findings(ts.outdir) as Array<{ ruleName: string; constructs: Array<{ constructPath: string }> }>;
  expect(found.flatMap(f => f.constructs.map(c => `${f.ruleName} ${c.constructPath}`)).sort()).toEqual([
    'cdk-s3-cors:distribution-browser-cache-hazard Plain/SiteCdn/Resource',
    'cdk-s3-cors:distribution-origin-not-in-cache-key Plain/SiteCdn/Resource',
    'cdk-s3-cors:origin-trailing-slash Plain/SiteBucket/Resource',
  ]);
});

/** How each language installs the freshly built package beside its aws-cdk-lib, builds the app, and the command that runs it. */
const LANGUAGES: Record<string, () => { app: string; cwd: string }> = {
  python: () => {
    // A virtual environment per aws-cdk-lib version; the wheel is reinstalled every run.
    const venv = path.join(CACHE, `python-aws-cdk-lib-${CDK_LIB}`);
    const python = path.join(venv, 'bin', 'python');
    timed('python: venv and pip install', () => {
      if (!fs.existsSync(python)) must(run('python3', ['-m', 'venv', venv], ROOT), 'python3 -m venv');
      const pip = [python, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet'];
      must(run(pip[0], [...pip.slice(1), `aws-cdk-lib==${CDK_LIB}`, `constructs==${CONSTRUCTS}`], ROOT), 'pip install aws-cdk-lib');
      must(run(pip[0], [...pip.slice(1), '--force-reinstall', '--no-deps', built('python', `cdk_s3_cors-${VERSION}-py3-none-any.whl`)], ROOT), 'pip install the cdk-s3-cors wheel');
    });
    const shown = must(run(python, ['-m', 'pip', 'show', 'aws-cdk-lib', 'cdk-s3-cors'], ROOT), 'pip show').stdout;
    expect(shown).toContain(`Version: ${CDK_LIB}`);
    expect(shown).toContain(`Version: ${VERSION}`);
    return { app: `${python} ${path.join(HERE, 'python', 'app.py')}`, cwd: ROOT };
  },

  java: () => {
    // The artifact from dist/java goes into the local repository (replacing any
    // earlier build of this version); aws-cdk-lib comes from Maven Central.
    const artifact = path.join(ROOT, 'dist', 'java', 'io', 'github', 'cdk-s3-cors', 'cdk-s3-cors', VERSION);
    const dir = path.join(work, 'java');
    fs.cpSync(path.join(HERE, 'java'), dir, { recursive: true, filter: src => !src.includes(`${path.sep}target`) });
    const mvn = ['-B', '-q', '--no-transfer-progress'];
    timed('java: mvn install-file, compile, resolve', () => {
      must(run('mvn', [...mvn, 'org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file',
        `-Dfile=${built(path.relative(path.join(ROOT, 'dist'), artifact), `cdk-s3-cors-${VERSION}.jar`)}`,
        `-DpomFile=${built(path.relative(path.join(ROOT, 'dist'), artifact), `cdk-s3-cors-${VERSION}.pom`)}`], dir), 'mvn install:install-file');
      must(run('mvn', [...mvn, `-Dcdk.version=${CDK_LIB}`, `-Dconstructs.version=${CONSTRUCTS}`, `-Dcdks3cors.version=${VERSION}`,
        'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${path.join(dir, 'classpath.txt')}`], dir), 'mvn compile');
    });
    const classpath = fs.readFileSync(path.join(dir, 'classpath.txt'), 'utf8').trim();
    expect(classpath).toContain(`aws-cdk-lib-${CDK_LIB}.jar`);
    expect(classpath).toContain(`cdk-s3-cors-${VERSION}.jar`);
    return { app: `java -cp ${path.join(dir, 'target', 'classes')}:${classpath} com.example.WebStorageApp`, cwd: dir };
  },

  go: () => {
    // The module from dist/go through a replace directive; aws-cdk-go from the Go proxy.
    const dir = path.join(work, 'go');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(HERE, 'go', 'main.go'), path.join(dir, 'main.go'));
    const module = path.dirname(built('go', path.join('cdks3cors', 'go.mod')));
    fs.writeFileSync(path.join(dir, 'go.mod'), [
      'module example.com/cdk-s3-cors-go-app',
      '',
      'go 1.25',
      '',
      `require github.com/aws/aws-cdk-go/awscdk/v2 v${CDK_LIB}`,
      `require github.com/aws/constructs-go/constructs/v10 v${CONSTRUCTS}`,
      'require github.com/cdk-s3-cors/cdk-s3-cors-go/cdks3cors v0.0.0',
      '',
      `replace github.com/cdk-s3-cors/cdk-s3-cors-go/cdks3cors => ${module}`,
      '',
    ].join('\n'));
    timed('go: go mod tidy, go build', () => {
      must(run('go', ['mod', 'tidy'], dir), 'go mod tidy');
      must(run('go', ['build', '-o', 'app', '.'], dir), 'go build');
    });
    const mods = must(run('go', ['list', '-m', 'all'], dir), 'go list -m all').stdout;
    expect(mods).toContain(`github.com/aws/aws-cdk-go/awscdk/v2 v${CDK_LIB}`);
    expect(mods).toContain(`github.com/cdk-s3-cors/cdk-s3-cors-go/cdks3cors v0.0.0 => ${module}`);
    return { app: path.join(dir, 'app'), cwd: dir };
  },
};

describe.each(Object.keys(LANGUAGES))('%s', (language) => {
  let lang: Synth;

  beforeAll(() => {
    if (!ts) throw new Error('the TypeScript reference app did not synthesize: nothing to compare with');
    const { app, cwd } = LANGUAGES[language]();
    lang = synth(language, app, cwd);
  });

  test('the app synthesizes the same stacks as TypeScript\'s, and fails validation as it does', () => {
    expect({ status: lang.status, finished: /Synthesis finished with errors/.test(lang.output) }).toEqual({ status: ts.status, finished: true });
    expect(Object.keys(templates(lang.outdir)).sort()).toEqual(Object.keys(templates(ts.outdir)).sort());
  });

  test('every template equals TypeScript\'s, resource by resource', () => {
    // Nothing is removed: version reporting is off (its CDKMetadata resource
    // names the language runtime), and the stacks have no file asset (the
    // CloudFront Function's code is inline), so there is no asset hash to differ.
    const want = templates(ts.outdir);
    const got = templates(lang.outdir);
    for (const [stack, template] of Object.entries(want)) {
      const { Resources: wantResources, ...wantRest } = template;
      const { Resources: gotResources, ...gotRest } = got[stack];
      expect([stack, Object.keys(gotResources).sort()]).toEqual([stack, Object.keys(wantResources).sort()]);
      for (const id of Object.keys(wantResources)) {
        expect([stack, id, gotResources[id]]).toEqual([stack, id, wantResources[id]]);
      }
      expect([stack, gotRest]).toEqual([stack, wantRest]);
    }
  });

  test('S3CorsChecks reports the same findings on the same resources', () => {
    expect(findings(lang.outdir)).toEqual(findings(ts.outdir));
  });
});
