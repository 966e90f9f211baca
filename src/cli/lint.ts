import { CorsConfiguration, CorsFinding, CorsFindingSeverity } from '../cors';
import { Io, onePositional, parse, readInput } from './io';
import { CorsJsonSyntaxError } from '../cors/private/parse';

export const LINT_USAGE = `Usage: cdk-s3-cors lint <file | -> [--json]

Reports every problem in a CORS configuration (S3 console JSON, s3api
{"CORSRules": [...]} or CloudFormation {"CorsRules": [...]}), one per line:
  file:line:column severity code message

Exit status: 0 when nothing is an error, 1 when something is, 2 on bad usage.

Options:
  --json      print {"file", "valid", "findings": [...]} instead
  -h, --help  this help`;

export async function lint(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean', default: false } }, LINT_USAGE);
  if (values.help) {
    io.stdout(LINT_USAGE);
    return 0;
  }
  const file = onePositional(positionals, LINT_USAGE);
  const name = file === '-' ? '<stdin>' : file;
  const text = await readInput(file, io);

  let findings: CorsFinding[];
  try {
    findings = CorsConfiguration.fromJson(text).validate();
  } catch (e) {
    if (!(e instanceof CorsJsonSyntaxError)) throw e;
    findings = [{ severity: CorsFindingSeverity.ERROR, code: 'invalid-json', message: e.reason, s3Rejects: true, line: e.line, column: e.column }];
  }
  findings = [...findings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const valid = !findings.some(f => f.severity === CorsFindingSeverity.ERROR);

  if (values.json) {
    io.stdout(JSON.stringify({ file: name, valid, findings }, undefined, 2));
  } else {
    for (const f of findings) {
      io.stdout(`${name}:${f.line ?? 1}:${f.column ?? 1} ${f.severity.toLowerCase()} ${f.code} ${f.message}`);
    }
    const errors = findings.filter(f => f.severity === CorsFindingSeverity.ERROR).length;
    io.stderr(findings.length === 0 ? `${name}: no problems found` : `${name}: ${errors} error(s), ${findings.length - errors} warning(s)`);
  }
  return valid ? 0 : 1;
}
