import * as fs from 'fs';
import { CorsConfiguration, CorsFinding, CorsFindingSeverity } from '../cors';
import { Io, onePositional, parse, readInput } from './io';
import type * as LintTemplate from './lint-template';
import { CorsJsonSyntaxError } from '../cors/private/parse';

/** The template half of lint, loaded only when needed: a CORS file loads no YAML or template code. */
function templateLinter(): typeof LintTemplate {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./lint-template') as typeof LintTemplate;
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether the text is a template: a "Resources" or "AWSTemplateFormatVersion"
 * key. Kept here, not in lint-template.ts, so that a CORS file loads no
 * template or YAML code.
 */
function looksLikeTemplate(text: string): boolean {
  return /(^|[{,\s])"?(Resources|AWSTemplateFormatVersion)"?\s*:/m.test(text.slice(0, 64 * 1024));
}

export const LINT_USAGE = `Usage: cdk-s3-cors lint <file | directory | -> [--json]

Reports every problem in a CORS configuration (S3 console JSON, s3api
{"CORSRules": [...]} or CloudFormation {"CorsRules": [...]}), one per line:
  file:line:column severity code message

Given a CloudFormation or SAM template (JSON, or YAML with !Ref, !GetAtt, ...)
or a cdk.out directory (every template in it), it runs the checks of
S3CorsChecks instead: every bucket's CORS rules, and every CloudFront
behaviour in front of a CORS bucket; the line is then
  file:line:column severity rule-id message
and values known only at deploy time are skipped with an info line.

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
  if (file !== '-' && isDirectory(file)) return templateLinter().lintTemplates(file, io, values.json === true);
  const text = await readInput(file, io);
  if (/\.(ya?ml|template)$/i.test(file) || looksLikeTemplate(text)) {
    return templateLinter().lintTemplates(file, io, values.json === true, text);
  }

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
