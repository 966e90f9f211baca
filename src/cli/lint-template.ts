// `lint` on CloudFormation templates (JSON or YAML, SAM, the templates of a
// cdk.out, all read together as one set): read through the registry of readers, checked by the rule pack,
// acknowledgements in Metadata honoured. Loaded only when a template is met:
// a CORS file loads no template or YAML code.
import { LintFile, LintFinding } from './lint-output';
import { cloudFormationReader, ReadInput } from '../checks/readers';
import { dotted, TemplateSyntaxError } from '../checks/readers/cloudformation/template';
import { checkFacts, RULES } from '../checks/rules';
import { acknowledgedIds } from '../checks/suppressions';

/** The id and one-line summary of every rule, for SARIF's rule list. */
export function ruleSummaries(): Array<{ id: string; summary: string }> {
  return RULES.flatMap(r => r.ids.map(id => ({ id, summary: r.summary })));
}

/**
 * The templates of one run, read together as one set (an export in one and its
 * Fn::ImportValue in another, a nested stack and its parent): findings stay per file.
 * `assetFiles` (asset hash -> template file, from a cdk.out's asset manifests) ties a
 * nested stack to its template where the "aws:asset:path" metadata is missing.
 */
export function lintTemplates(inputs: ReadonlyArray<{ readonly name: string; readonly text: string }>,
  assetFiles?: ReadonlyMap<string, string>): LintFile[] {
  const read = cloudFormationReader.readAll(inputs, [], assetFiles);
  return inputs.map(({ name }, i) => lintRead(name, read[i]));
}

function lintRead(name: string, read: ReadInput | TemplateSyntaxError): LintFile {
  if (read instanceof TemplateSyntaxError) {
    const e = read;
    const finding: LintFinding = { ruleId: 'cdk-s3-cors:invalid-template', severity: 'error', resource: null, path: null, line: e.line, column: e.column, message: e.reason, fix: null };
    return { file: name, kind: 'cloudformation', suppressed: 0, findings: [finding] };
  }
  const findings: LintFinding[] = [];
  let suppressed = 0;
  let found;
  try {
    found = checkFacts(read.facts);
  } catch (e) {
    // A defect of a rule must not end the run for every other file: said as an error on this one.
    const message = `cdk-s3-cors could not finish checking this template (${(e as Error).message}); this is a defect of cdk-s3-cors, please report it with the template.`;
    return { file: name, kind: 'cloudformation', suppressed: 0, findings: [{ ruleId: 'cdk-s3-cors:internal-error', severity: 'error', resource: null, path: null, line: 1, column: 1, message, fix: null }] };
  }
  for (const f of found) {
    if (f.logicalId && acknowledgedIds(read.facts.template.resource(f.logicalId)).has(f.ruleId)) {
      suppressed++;
      continue;
    }
    const at = read.positionOf(f.path) ?? { line: 1, column: 1 };
    findings.push({
      ruleId: f.ruleId,
      severity: f.severity,
      resource: f.logicalId || null,
      path: f.path.length > 0 ? dotted(f.path) : null,
      line: at.line,
      column: at.column,
      message: f.message,
      fix: null,
    });
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file: name, kind: 'cloudformation', findings, suppressed };
}
