import type { TemplateFacts } from './facts';
import type { TemplatePath } from './readers/cloudformation/template';

/** How bad a finding is: errors fail a synth and `lint`; info lines say what was skipped. */
export type CheckSeverity = 'error' | 'warning' | 'info';

/** One finding of one rule on one resource. */
export interface CheckFinding {
  /** The rule's id, e.g. "cdk-s3-cors:distribution-origin-not-in-cache-key": acknowledge it with this. */
  readonly ruleId: string;
  readonly severity: CheckSeverity;
  /** The resource the finding is about ("" for the template as a whole). */
  readonly logicalId: string;
  /** Where in the template, from the top: ["Resources", id, "Properties", ...]. */
  readonly path: TemplatePath;
  /** What is wrong, the value, and the fix. */
  readonly message: string;
}

/** A rule of the pack: the ids it reports, a line for the catalogue, and the check. */
export interface CheckRule {
  /** The id findings carry; `cdk-s3-cors:<code>`. */
  readonly id: string;
  /** Every id this rule may report (the bucket rule reports the model's codes). */
  readonly ids: readonly string[];
  readonly summary: string;
  /** Rules read only facts, never template text. */
  check(facts: TemplateFacts): CheckFinding[];
}
