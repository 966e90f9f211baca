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
  defaultReleaseBranch: 'main',
  github: false,
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  // The floor is chosen on purpose: cdk-nag 3 (which our tests run over every
  // construct) declares a peer dependency on aws-cdk-lib >= 2.257.0, and the
  // OriginAccessControl / S3BucketOrigin.withOriginAccessControl API the
  // distribution relies on is long settled by then. Users get ^2.257.0.
  cdkVersion: '2.257.0',

  // The model parses JSON with positions (for line:column findings); a jsii
  // library must bundle its runtime dependencies, so this is the only one.
  bundledDeps: ['jsonc-parser@^3.3.1'],
  devDeps: [
    'cdk-nag@^3.0.2',
    'aws-cdk@^2.1148.1',
    'tsx@^4.23.0',
    'fast-check@^4.10.0',
    'fast-xml-parser@^5.12.0',
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
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'build-tools', 'projenrc', 'examples', 'bench'] },
  gitignore: ['cdk.out', '/examples/cdk.out', '/.bench-out'],
  npmignoreEnabled: true,
});

// examples/ and bench/ are type-checked and linted like the tests.
for (const dir of ['examples', 'bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  });
}

project.npmignore?.exclude('/examples/', '/bench/', '/.ci/');

// jsii looks up a GitHub host on every compile and prints a node 20 banner;
// neither is reachable or useful here.
project.tasks.addEnvironment('JSII_SILENCE_SUPPORT_WARNING', '1');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// unrs-resolver 1.13 lists platform packages the registry lacks, which makes
// `npm ci` fail on a fresh clone.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// The test task type-checks the tests, examples and benchmark (ts-jest and
// tsx only transpile), and compiles first: the CLI tests run the built executable.
project.testTask.prependExec('tsc -p test/tsconfig.json && tsc -p examples/tsconfig.json && tsc -p bench/tsconfig.json');
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

project.addTask('synth:example', {
  description: 'Synthesize examples/app.ts with the real CDK CLI and summarise the CORS it defines',
  steps: [
    { exec: 'cdk synth --app "tsx examples/app.ts" --output cdk.out --no-notices --no-version-reporting --quiet' },
    { exec: 'tsx examples/summary.ts cdk.out' },
  ],
});

project.addTask('bench', {
  description: 'Synth overhead of the constructs against the same resources written by hand',
  exec: 'node -r tsx/cjs bench/synth-overhead.ts',
});

project.synth();
