// The unit tests that pin the model (test/cors), for StrykerJS: the same
// ts-jest setup as npm test, without coverage, constructs, CLI or browser.
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/cors/**/*.test.ts'],
  collectCoverage: false,
  coverageReporters: undefined,
  reporters: ['default'],
};
