// Reads the outputs file of `cdk deploy --outputs-file` for the integration
// test and fails unless every assertion passed (see integ.cors-distribution.ts).
//   npx tsx test/integ/check-outputs.ts integ-outputs.json
import * as fs from 'fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: check-outputs <outputs.json written by cdk deploy --outputs-file>');
  process.exit(2);
}
/** Stops with a message (no stack trace) and exit status 2: the outputs file is missing or not what cdk deploy writes. */
function fail(message: string): never {
  console.error(`check-outputs: ${message}`);
  process.exit(2);
}

let text: string;
try {
  text = fs.readFileSync(file, 'utf8');
} catch (e) {
  const code = (e as NodeJS.ErrnoException).code;
  fail(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}. `
    + 'Run "cdk deploy --outputs-file <file>" first (did the deploy fail before writing it?).');
}
let stacks: Record<string, Record<string, string>>;
try {
  stacks = JSON.parse(text);
} catch (e) {
  fail(`${file} is not JSON (${(e as Error).message}): give the file "cdk deploy --outputs-file" wrote.`);
}
if (typeof stacks !== 'object' || stacks === null || Array.isArray(stacks) || !Object.values(stacks).every(o => typeof o === 'object' && o !== null)) {
  fail(`${file} is not a cdk deploy outputs file: expected {"<stack>": {"<output>": "<value>", ...}, ...}.`);
}
const results = Object.values(stacks).flatMap(outputs => Object.entries(outputs).filter(([k]) => k.startsWith('AssertionResults')));
let failed = 0;
for (const [name, value] of results) {
  let result: { status: string; message?: string };
  try {
    result = JSON.parse(value);
  } catch {
    result = { status: 'unreadable', message: `the output is not the JSON an assertion writes: ${JSON.stringify(String(value).slice(0, 200))}` };
  }
  if (result.status !== 'pass') failed++;
  console.log(`${result.status === 'pass' ? 'pass' : 'FAIL'}  ${name}${result.message ? `\n      ${result.message}` : ''}`);
}
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = results.length === 0 || failed > 0 ? 1 : 0;
