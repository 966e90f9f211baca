import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CorsConfiguration, CorsFinding, CorsFindingSeverity } from '../cors';
import { throwIfProblems } from './problems';
import { isToken } from './tokens';
import { escapeControls } from '../common/quote';
import { CorsField, RULE_PROPERTY } from '../cors/internal';

/** Names a finding after the construct prop that produced the value. */
export type PropNamer = (finding: CorsFinding) => string;

/**
 * Turns the model's findings into synth-time feedback: errors join the
 * construct's own `problems` in one thrown Error; warnings become
 * acknowledgeable annotations with the id `cdk-s3-cors:<code>`. Findings
 * about unresolved tokens are skipped.
 */
export function reportFindings(scope: Construct, what: string, config: CorsConfiguration, propOf: PropNamer, problems: readonly string[] = []): void {
  const rules = config.rules;
  const findings = config.validate().filter(f => !isAboutToken(rules as unknown as Array<Record<string, unknown>>, f));
  const errors = findings.filter(f => f.severity === CorsFindingSeverity.ERROR);
  throwIfProblems(what, scope, [...problems, ...errors.map(f => `${propOf(f)}: ${f.message}`)]);
  for (const f of findings) {
    // Errors are escaped by throwIfProblems; a warning quotes the user's input too.
    Annotations.of(scope).addWarningV2(`cdk-s3-cors:${f.code}`, escapeControls(`${propOf(f)}: ${f.message}`));
  }
}

function isAboutToken(rules: Array<Record<string, unknown>>, f: CorsFinding): boolean {
  if (f.ruleIndex === undefined || f.field === undefined) return false;
  const value = rules[f.ruleIndex]?.[RULE_PROPERTY[f.field as CorsField]];
  const item = Array.isArray(value) && f.valueIndex !== undefined ? value[f.valueIndex] : value;
  // A whole list known only at deploy (CfnParameter.valueAsList) is one "#{Token[...]}" item: about a token too.
  // A number token written into a string (`x-${Token.asNumber(p)}`) is resolved at synth too.
  return isToken(item) || isToken(value);
}
