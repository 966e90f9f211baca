// The tests that pin the constructs and the CLI, for StrykerJS (npm run
// test:mutation:house): the same ts-jest setup as npm test, without coverage,
// the model's own tests (test:mutation has them), the cfn-lint oracle, the
// docs and architecture checks, the CLI tests that run the built executable, the Chromium suite and the language apps.
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: [
    '<rootDir>/test/public-assets-bucket.test.ts',
    '<rootDir>/test/upload-bucket.test.ts',
    '<rootDir>/test/cloudfront-cors-distribution.test.ts',
    '<rootDir>/test/documented-props.test.ts',
    '<rootDir>/test/plain-javascript.test.ts',
    '<rootDir>/test/nag.test.ts',
    '<rootDir>/test/acknowledgements.test.ts',
    // The CLI through main() in-process; cli.test.ts, hostile-cli.test.ts and probe.test.ts run the
    // built executable, where a mutant of src/ never reaches.
    '<rootDir>/test/cli/argv-properties.test.ts',
    '<rootDir>/test/cli/flags.test.ts',
    '<rootDir>/test/cli/main.test.ts',
    '<rootDir>/test/cli/probe-hostile.test.ts',
    '<rootDir>/test/cli/properties.test.ts',
    '<rootDir>/test/checks/lint-templates.test.ts',
    '<rootDir>/test/checks/plugin.test.ts',
  ],
  setupFilesAfterEnv: [...(base.setupFilesAfterEnv ?? []), '<rootDir>/test/mutation/setup.js'],
  collectCoverage: false,
  coverageReporters: undefined,
  reporters: ['default'],
};
