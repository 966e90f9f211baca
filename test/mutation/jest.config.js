// The unit tests that pin the model (test/cors) and the browser beside it
// (test/browser), for StrykerJS: the same ts-jest setup as npm test, without
// coverage, constructs, CLI or the Chromium suite.
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/cors/**/*.test.ts', '<rootDir>/test/browser/**/*.test.ts'],
  setupFilesAfterEnv: [...(base.setupFilesAfterEnv ?? []), '<rootDir>/test/mutation/setup.js'],
  collectCoverage: false,
  coverageReporters: undefined,
  reporters: ['default'],
};
