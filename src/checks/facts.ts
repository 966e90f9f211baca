// What readers give rules: the facts of one input. Rules read only these;
// readers never judge. A value a reader cannot know is an Unresolved fact
// with its place and reason, never a silent skip.
import type { CorsBehaviour } from './readers/cloudformation/behaviours';
import type { Resolution } from './readers/cloudformation/intrinsics';
import type { CloudFormationTemplate, DuplicateKey, TemplatePath } from './readers/cloudformation/template';

/** One reading of a bucket's CorsConfiguration under one truth of the conditions it depends on. */
export interface CorsVariant {
  /** The conditions taken, e.g. [["IsProd", true]]; empty when the configuration depends on none. */
  readonly conditions: ReadonlyArray<readonly [string, boolean]>;
  /** The configuration with intrinsics resolved as far as they can be before deploy. */
  readonly resolution: Resolution;
}

/** A bucket with a CorsConfiguration. */
export interface CorsBucket {
  readonly logicalId: string;
  /** ["Resources", id, "Properties", "CorsConfiguration"]. */
  readonly path: TemplatePath;
  /** One reading per combination of the conditions it depends on (one when none). */
  readonly variants: readonly CorsVariant[];
  /** Conditions beyond the ones enumerated (their Fn::If stay unresolved). */
  readonly conditionsNotEnumerated: readonly string[];
}

/** A cache behaviour the reader could not tie to a bucket of the template, and why. */
export interface SkippedBehaviour {
  readonly distributionId: string;
  readonly path: TemplatePath;
  readonly label: string;
  readonly reason: string;
}

/** Everything the rules read about one template. */
export interface TemplateFacts {
  /** The source, for positions and for looking up referenced resources. */
  readonly template: CloudFormationTemplate;
  readonly buckets: readonly CorsBucket[];
  readonly behaviours: readonly CorsBehaviour[];
  readonly skippedBehaviours: readonly SkippedBehaviour[];
  readonly duplicateKeys: readonly DuplicateKey[];
}
