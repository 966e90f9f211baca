import { awscdk, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-s3-cors',
  packageName: 'cdk-s3-cors',
  description: 'S3 and CloudFront CORS that is correct by construction: typed presets, an exact model of how S3 evaluates CORS, and a CLI.',
  keywords: ['cdk', 'aws-cdk', 'awscdk', 's3', 'cors', 'cloudfront', 'presigned-url'],
  author: 'cdk-s3-cors maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-1336c3f6.example',
  repositoryUrl: 'https://github.com/cdk-s3-cors/cdk-s3-cors.git',
  homepage: 'https://github.com/cdk-s3-cors/cdk-s3-cors#readme',
  bugsUrl: 'https://github.com/cdk-s3-cors/cdk-s3-cors/issues',
  defaultReleaseBranch: 'main',
  // The release a maintainer can run: `npx projen release` bumps the version
  // from the conventional commits since the last tag, writes the changelog
  // (dist/changelog.md, the GitHub release's notes) and builds dist/ for every
  // language. The GitHub workflows projen generates (build, release, upgrade)
  // run the same tasks; test/release runs the bump on a clone.
  github: true,
  release: true,
  releaseToNpm: true,
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  // The floor is chosen on purpose: 2.258.0 is the first aws-cdk-lib on which
  // cdk-nag 3's documented registration (Validations.of(app).addPlugins(...))
  // runs at all; on 2.257.0 the plugin fails inside ("NagPack requires a
  // construct tree on the validation context") while `cdk synth` exits 0, so a
  // user on the old floor would believe they were checked. test/package/
  // proves the documented path on this floor and, in CI, on the newest.
  cdkVersion: '2.258.0',
  constructsVersion: '10.5.1',
  // Node.js 20 is past its end of life; .ci/run runs the suite on this floor
  // and the unit tests on the newest LTS (README, Install).
  minNodeVersion: '22.0.0',
  // The generated GitHub workflows run on the newest Node.js 22 (the floor's line), not 22.0.0 itself.
  workflowNodeVersion: '22.x',

  // The model parses JSON with positions (for line:column findings); a jsii
  // library must bundle its runtime dependencies.
  // yaml reads CloudFormation templates with their short-form tags and positions (LineCounter), for lint on templates.
  // acorn parses users' CloudFront Function code, so the checks judge what it does rather than its words (it has no
  // dependencies of its own); tests also use it to prove generated code is ECMAScript 5.
  bundledDeps: ['jsonc-parser@^3.3.1', 'yaml@^2.9.1', 'acorn@^8.19.0'],
  devDeps: [
    'cdk-nag@^3.0.2',
    'aws-cdk@^2.1148.1',
    'tsx@^4.23.0',
    'fast-check@^4.10.0',
    'fast-xml-parser@^5.12.0',
    // SARIF's published JSON schema (sarif-2.1.0-rtm.5.json) and a matcher that validates against it: lint --format sarif.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    // Mutation testing of the model (npm run test:mutation); 10.x needs Node 22.
    '@stryker-mutator/core@9.6.1',
    '@stryker-mutator/jest-runner@9.6.1',
    // The integration test against a real account (test/integ).
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    'playwright-core@^1.65.0',
    's3rver@^3.7.1',
    '@aws-sdk/client-s3@^3.1164.0',
    '@aws-sdk/s3-request-presigner@^3.1164.0',
    '@aws-sdk/s3-presigned-post@^3.1164.0',
  ],
  bin: { 'cdk-s3-cors': 'lib/cli/main.js' },

  jestOptions: {
    // A snapshot must never be rewritten by the ordinary test command;
    // `npm run test:update` rewrites them on purpose.
    updateSnapshot: UpdateSnapshot.NEVER,
    // A run that finds no tests is a broken run, not a green one.
    passWithNoTests: false,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/', '/standins/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'build-tools', 'projenrc', 'examples', 'bench', 'corpus', 'standins'],
    // Tests and CI only check; `npm run eslint:fix` rewrites sources on purpose.
    commandOptions: { fix: false },
  },
  gitignore: ['cdk.out', '/examples/cdk.out', '/.bench-out', '/test/languages/java/target/', '__pycache__/'],
  npmignoreEnabled: true,

  // Every jsii language on this machine's registries (issue 22). .NET is left
  // out: there is no .NET SDK here to build or test it with (README, Install).
  // Python: `pip install cdk-s3-cors`, `import cdk_s3_cors` (PEP 8 module name).
  publishToPypi: { distName: 'cdk-s3-cors', module: 'cdk_s3_cors' },
  // Java: Maven Central namespaces must be proven; `io.github.<org>` is the
  // one Central grants to a GitHub organisation without a domain. The groupId
  // may contain '-', a Java package may not: the package drops them.
  publishToMaven: {
    mavenGroupId: 'io.github.cdk-s3-cors',
    mavenArtifactId: 'cdk-s3-cors',
    javaPackage: 'io.github.cdks3cors',
  },
  // Go: jsii-pacmak writes the module into a separate repository (the Go
  // toolchain resolves modules by repository path), the package in its
  // `cdks3cors` directory: import "github.com/cdk-s3-cors/cdk-s3-cors-go/cdks3cors".
  publishToGo: { moduleName: 'github.com/cdk-s3-cors/cdk-s3-cors-go', packageName: 'cdks3cors' },
});

// examples/, bench/, corpus/, build-tools/ and standins/ (the local S3 and CloudFront
// stand-ins that tests and the benchmark share) are type-checked and linted like the tests.
for (const dir of ['examples', 'bench', 'corpus', 'build-tools', 'standins']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  });
}

// A folder where the example app was synthesized (or the bench ran) must not ship its cdk.out.
project.npmignore?.exclude('/examples/', '/bench/', '/corpus/', '/.ci/', '/build-tools/', '/standins/', 'cdk.out', '/.bench-out/');
// The compiled JavaScript carries inline source maps that name src/*.ts:
// ship the sources so stack traces (tsx, --enable-source-maps) point at files
// the user has, and the docs the README links to.
project.npmignore?.include('/src/', '/docs/');

project.addTask('eslint:fix', {
  description: 'Runs eslint with --fix: rewrites sources, so never part of test or CI',
  exec: 'eslint --ext .ts --fix --no-error-on-unmatched-pattern src test build-tools projenrc examples bench corpus standins .projenrc.ts',
  env: { ESLINT_USE_FLAT_CONFIG: 'false' },
});

// src/cors/private is the model's own: the rest of the house (constructs,
// checks, browser, CLI, tests, bench) goes through src/cors/index.ts (public)
// or src/cors/internal.ts (issue 21).
const PRIVATE_MODEL = {
  patterns: [{
    group: ['**/cors/private', '**/cors/private/**'],
    message: 'src/cors/private is the model\'s own: import from src/cors/internal (or the public src/cors/index) instead.',
  }],
};
project.eslint?.addRules({ 'no-restricted-imports': ['error', PRIVATE_MODEL] });
project.eslint?.addOverride({ files: ['src/cors/**/*.ts'], rules: { 'no-restricted-imports': 'off' } });

// jsii looks up a GitHub host on every compile and prints a node 20 banner;
// neither is reachable or useful here.
project.tasks.addEnvironment('JSII_SILENCE_SUPPORT_WARNING', '1');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// A jsii warning is a failure: a reserved word in one language (Python's
// `with`, Java's `default`, ...) becomes an awkward renamed member there.
project.compileTask.reset('jsii --fail-on-warnings');

// Go: generate the code only (pacmak's own check build resolves the indirect
// requirements it writes, which the Go proxy may not carry), keep only direct
// requirements in go.mod (build-tools/go-mod-direct.ts says why); the language
// test (test/languages) builds and runs it in a real Go CDK app.
project.tasks.tryFind('package:go')!.reset('jsii-pacmak -v --target go --code-only');
project.tasks.tryFind('package:go')!.exec('tsx build-tools/go-mod-direct.ts');

// README and API doc examples: jsii-rosetta compiles every TypeScript example
// in strict mode (one that does not compile fails the build; names the
// examples use come from rosetta/default.ts-fixture) and translates them for
// the Python, Java and Go packages. cdk-nag is the README's only import from
// outside the library's dependencies.
project.package.addField('jsiiRosetta', { exampleDependencies: { 'cdk-nag': '^3.0.2' } });
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every TypeScript example of the README and the API docs with jsii-rosetta (strict), translations into .jsii.tabl.json',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);
project.gitignore.exclude('.jsii.tabl.json');

// unrs-resolver 1.13 lists platform packages the registry lacks, which makes
// `npm ci` fail on a fresh clone.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// The test task type-checks the tests, examples and benchmark (ts-jest and
// tsx only transpile), and compiles first: the CLI tests run the built executable.
project.testTask.prependExec('tsc -p test/tsconfig.json && tsc -p examples/tsconfig.json && tsc -p bench/tsconfig.json && tsc -p corpus/tsconfig.json');
project.testTask.prependSpawn(project.compileTask);

// The browser suite: Chromium against a local S3 endpoint (test/e2e).
const e2e = project.addTask('test:e2e', {
  description: 'Real-browser CORS suite: headless Chromium, a local S3 endpoint, and a CloudFront stand-in',
  steps: [
    { exec: 'node test/e2e/find-chromium.js --install' },
    { exec: 'jest --ci --coverage=false --runInBand --testPathIgnorePatterns /node_modules/ --testMatch "<rootDir>/test/e2e/**/*.e2e.ts"' },
  ],
});
project.testTask.spawn(e2e);

// The newcomer's path: the packed tarball in a fresh app, the README's blocks
// run as written. CDK_LIB_VERSION picks the aws-cdk-lib (default: the floor);
// .ci/run runs it again with the newest.
const packageTest = project.addTask('test:package', {
  description: 'Pack the library, install it into a fresh app beside aws-cdk-lib $CDK_LIB_VERSION (default: the floor), run the README quick start with --strict and cdk-nag',
  exec: 'jest --ci --coverage=false --runInBand --testPathIgnorePatterns /node_modules/ --testMatch "<rootDir>/test/package/**/*.pkg.ts"',
});
project.testTask.spawn(packageTest);

// Python, Java and Go users: jsii-pacmak builds the packages once, then
// a CDK app in each language installs its package beside that language's
// aws-cdk-lib $CDK_LIB_VERSION (default: the JavaScript side's) and must
// synthesize the TypeScript reference app's templates and findings
// (test/languages/languages.lang.ts). The release bump on a clone and the
// contents of every dist/ package are checked there too (release.lang.ts).
const languagesTest = project.addTask('test:languages', {
  description: 'Build the Python, Java and Go packages, synthesize the same CDK app in each with aws-cdk-lib $CDK_LIB_VERSION, compare with TypeScript',
});
// Strict rosetta first: the README's examples must compile, and jsii-pacmak
// then translates them from the tablet instead of compiling them again per language.
languagesTest.spawn(rosetta);
for (const language of ['js', 'python', 'java', 'go']) {
  languagesTest.spawn(project.tasks.tryFind(`package:${language}`)!);
}
languagesTest.exec('jest --ci --coverage=false --runInBand --testPathIgnorePatterns /node_modules/ --testMatch "<rootDir>/test/languages/**/*.lang.ts"');
project.testTask.spawn(languagesTest);

// Mutation testing of the model: does a change to src/cors make a unit test fail?
// Not part of npm test or CI (about 10 minutes on 2 cores); see README, Development.
const strykerModel = {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'test/mutation/jest.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  // The model, the plumbing it stands on (src/common) and the browser beside it; not the re-export files.
  mutate: ['src/cors/**/*.ts', 'src/common/**/*.ts', 'src/browser/**/*.ts', '!src/cors/index.ts', '!src/cors/internal.ts'],
  reporters: ['html', 'clear-text', 'progress', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  concurrency: 2,
  // A mutant that loops forever is killed by the timeout: keep it short.
  timeoutMS: 3000,
  timeoutFactor: 1.5,
  tempDirName: '.stryker-tmp',
  // Module-level constants (S3's wire texts, the generated code's template) are
  // "static" mutants: each reruns every test. The tests that pin them are the same.
  ignoreStatic: true,
  thresholds: { high: 90, low: 80, break: null },
};
new JsonFile(project, 'stryker.config.json', { obj: strykerModel });
// The same over the house around the model: the constructs (src/*.ts and
// src/private) and the CLI, against their own tests. The CLI tests that run the
// built executable (test/cli/cli.test.ts) cannot see a mutant of src/; the
// in-process ones (test/cli/in-process.ts) can. npm run test:mutation:house.
new JsonFile(project, 'stryker.house.config.json', {
  obj: {
    ...strykerModel,
    jest: { configFile: 'test/mutation/jest.house.config.js', enableFindRelatedTests: true },
    mutate: ['src/*.ts', 'src/private/**/*.ts', 'src/cli/**/*.ts', '!src/index.ts'],
    htmlReporter: { fileName: 'reports/mutation-house/index.html' },
    jsonReporter: { fileName: 'reports/mutation-house/mutation.json' },
    incrementalFile: 'reports/mutation-house/stryker-incremental.json',
    // A synth takes seconds: a mutant's tests get longer before they count as hung.
    timeoutMS: 20000,
    tempDirName: '.stryker-tmp-house',
  },
});
project.gitignore.exclude('/.stryker-tmp/', '/.stryker-tmp-house/', '/reports/');
project.addTask('test:mutation', {
  description: 'StrykerJS over src/cors against the model\'s unit tests (test/cors); report in reports/mutation/index.html',
  exec: 'stryker run',
  // Property tests make a tenth of their runs: StrykerJS reruns the tests for every mutant.
  env: { FC_SCALE: '0.1' },
});
project.addTask('test:mutation:house', {
  description: 'StrykerJS over the constructs and the CLI against their tests; report in reports/mutation-house/index.html',
  exec: 'stryker run stryker.house.config.json',
  env: { FC_SCALE: '0.1' },
});

project.addTask('synth:example', {
  description: 'Synthesize examples/app.ts with the real CDK CLI and summarise the CORS it defines',
  steps: [
    { exec: 'cdk synth --app "tsx examples/app.ts" --output cdk.out --no-notices --no-version-reporting --quiet' },
    { exec: 'tsx examples/summary.ts cdk.out' },
  ],
});

project.addTask('bench', {
  description: 'Synth overhead of the constructs against hand-written resources; cache figures of both distribution modes; lint time by input size',
  steps: [
    // The constructs are measured as users run them: the compiled JavaScript of lib/, not src/ through tsx.
    { spawn: 'compile' },
    { exec: 'node -r tsx/cjs bench/synth-overhead.ts' },
    { exec: 'node -r tsx/cjs bench/cache-figures.ts' },
    { exec: 'node -r tsx/cjs bench/lint-scaling.ts' },
  ],
});

// Measurement on public templates other people wrote (issue 18): lints every
// template of a folder with the built executable and compares with the
// judgements in corpus/judgements*/ (see corpus/README.md).
//   npm run corpus -- <templates folder> <judgements folder> [--check]
project.addTask('corpus', {
  description: 'Lint a folder of public templates with the built CLI and compare with hand-written judgements: precision, recall, false errors, refusals',
  receiveArgs: true,
  exec: 'node -r tsx/cjs corpus/run.ts',
});

project.synth();
