// Reads the outputs file of `cdk deploy --outputs-file` for the integration
// test and fails unless every assertion passed (see integ.cors-distribution.ts).
//   npx tsx test/integ/check-outputs.ts integ-outputs.json
import * as fs from 'fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: check-outputs <outputs.json written by cdk deploy --outputs-file>');
  process.exit(2);
}
const stacks = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
const results = Object.values(stacks).flatMap(outputs => Object.entries(outputs).filter(([k]) => k.startsWith('AssertionResults')));
let failed = 0;
for (const [name, value] of results) {
  const result = JSON.parse(value) as { status: string; message?: string };
  if (result.status !== 'pass') failed++;
  console.log(`${result.status === 'pass' ? 'pass' : 'FAIL'}  ${name}${result.message ? `\n      ${result.message}` : ''}`);
}
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = results.length === 0 || failed > 0 ? 1 : 0;
