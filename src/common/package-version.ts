// The package's version, read in one place: from the package.json beside lib/
// (the same file npm installed), for --version, SARIF and the plugin's report.

/** The version of cdk-s3-cors that is running, e.g. "1.2.3". */
export function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}
