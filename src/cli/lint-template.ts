// `lint` on CloudFormation templates (JSON or YAML) and cdk.out directories:
// the rule pack of S3CorsChecks, printed at template positions. Loaded only
// when the input is not a plain CORS configuration.
import * as fs from 'fs';
import * as path from 'path';
import { CliError, Io, readInput } from './io';
import { CheckFinding } from '../checks/rule';
import { checkTemplate } from '../checks/rules';
import { CloudFormationTemplate, TemplateSyntaxError } from '../checks/template';

interface Located extends CheckFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Every template of a cdk.out directory (nested assemblies included), or the one file. */
function templateFiles(input: string): string[] {
  if (!fs.statSync(input).isDirectory()) return [input];
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 5) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name.startsWith('assembly-')) walk(p, depth + 1);
      else if (e.isFile() && e.name.endsWith('.template.json')) found.push(p);
    }
  };
  walk(input, 0);
  if (found.length === 0) throw new CliError(`${input} is a directory without *.template.json files; name a cdk.out directory after "cdk synth", or a template file.`, 2);
  return found;
}

/** Lints a template file, a cdk.out directory, or (with `read`) text already read from `input`. */
export async function lintTemplates(input: string, io: Io, json: boolean, read?: string): Promise<number> {
  const findings: Located[] = [];
  for (const file of read === undefined ? templateFiles(input) : [input]) {
    const name = file === '-' ? '<stdin>' : file;
    const text = read ?? await readInput(file, io);
    let template: CloudFormationTemplate;
    try {
      template = CloudFormationTemplate.parse(text);
    } catch (e) {
      if (!(e instanceof TemplateSyntaxError)) throw e;
      findings.push({ file: name, line: e.line, column: e.column, ruleId: 'cdk-s3-cors:invalid-template', severity: 'error', logicalId: '', path: [], message: e.reason });
      continue;
    }
    const located = checkTemplate(template).map(f => ({ ...f, file: name, ...(template.positionOf(f.path) ?? { line: 1, column: 1 }) }));
    findings.push(...located.sort((a, b) => a.line - b.line || a.column - b.column));
  }
  const errors = findings.filter(f => f.severity === 'error').length;
  if (json) {
    io.stdout(JSON.stringify({ valid: errors === 0, findings: findings.map(f => ({ ...f, path: f.path.join('/') })) }, undefined, 2));
  } else {
    for (const f of findings) io.stdout(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`);
    const warnings = findings.filter(f => f.severity === 'warning').length;
    io.stderr(findings.length === 0 ? `${input}: no problems found` : `${input}: ${errors} error(s), ${warnings} warning(s)`);
  }
  return errors === 0 ? 0 : 1;
}

