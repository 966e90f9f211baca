// What readers give rules: the facts of one input. Rules read only these;
// readers never judge. A value a reader cannot know is an Unresolved fact
// with its place and reason, never a silent skip.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import type { ResponseCorsFacts } from './managed-policies';
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

/** A cache behaviour the reader could not tie to one bucket of the templates read, and why. */
export interface SkippedBehaviour {
  readonly distributionId: string;
  readonly path: TemplatePath;
  readonly label: string;
  readonly reason: string;
}

/**
 * An S3 origin of a distribution whose bucket no template read defines (a
 * bucket imported with Bucket.fromBucketName or fromBucketArn, an export of a
 * stack not read, a parameter given at deploy time): its CORS cannot be seen.
 */
export interface UnseenBucketOrigin {
  readonly distributionId: string;
  /** Path of the origin: [..., "Origins", i]. */
  readonly path: TemplatePath;
  /** The origin's Id as written. */
  readonly originId: string;
  /** Why its bucket cannot be seen, e.g. "its DomainName ... names no bucket defined in the templates read". */
  readonly reason: string;
  /** The distribution's first literal alias, if any: where a browser reaches it. */
  readonly alias: string | undefined;
}

/** A nested stack resource (AWS::CloudFormation::Stack) whose template is not among the templates read. */
export interface UnreadNestedStack {
  readonly logicalId: string;
  /** ["Resources", id, "Properties", "TemplateURL"]. */
  readonly path: TemplatePath;
  /** The template file its parent names (Metadata "aws:asset:path" or the asset manifest), if any. */
  readonly file: string | undefined;
}

/** Everything the rules read about one template. */
export interface TemplateFacts {
  /** The source, for positions and for looking up referenced resources. */
  readonly template: CloudFormationTemplate;
  readonly buckets: readonly CorsBucket[];
  readonly behaviours: readonly CorsBehaviour[];
  readonly skippedBehaviours: readonly SkippedBehaviour[];
  /** S3 origins whose bucket is in no template read. */
  readonly unseenBuckets: readonly UnseenBucketOrigin[];
  /** Nested stacks whose templates were not read with this one. */
  readonly unreadNestedStacks: readonly UnreadNestedStack[];
  readonly duplicateKeys: readonly DuplicateKey[];
}

/** An answer read from a function's code; 'unknown' where the code cannot be read or followed. */
export type Tri = 'yes' | 'no' | 'unknown';

/** One question about what runs at the edge, answered for all the functions of a behaviour together. */
export interface EdgeFact {
  /** 'no' also when no function runs at that event. */
  readonly answer: Tri;
  /** Why, naming the function(s) the answer comes from, e.g. "the CloudFront Function IndexRewrite (viewer-request): it never builds a response"; empty when none runs. */
  readonly why: string;
  /** Where the function(s) the answer comes from are associated, below the behaviour (e.g. ["FunctionAssociations", 0]). */
  readonly path: TemplatePath;
}

/** What the functions at the edge do for CORS: each answer from the parsed code; Lambda@Edge code is never in the template. */
export interface EdgeFacts {
  /** Whether a viewer-request function (or a Lambda@Edge at viewer or origin request) returns a response for OPTIONS requests. */
  readonly answersPreflight: EdgeFact;
  /** Whether a viewer-response function (or a Lambda@Edge at viewer or origin response) writes Access-Control-Allow-Origin. */
  readonly setsAllowOrigin: EdgeFact;
  /** Whether it writes Vary. */
  readonly setsVary: EdgeFact;
}

/** A set of lower-case header names, or every header. */
export type HeaderSet = ReadonlySet<string> | 'all';

export interface CorsBehaviour {
  readonly distributionId: string;
  /** Path of the behaviour: [..., "DefaultCacheBehavior"] or [..., "CacheBehaviors", i]. */
  readonly path: TemplatePath;
  /** "the default behaviour" or "the behaviour for images/*". */
  readonly label: string;
  readonly bucketId: string;
  /** The template of the set the bucket is written in, when it is not the distribution's. */
  readonly bucketIn?: string;
  /** The bucket's rules, or undefined when a value in them is not literal. */
  readonly rules: CorsRule[] | undefined;
  /** Whether the behaviour uses the legacy ForwardedValues instead of policies. */
  readonly legacy: boolean;
  /** Headers that reach S3; undefined when a policy is unknown. */
  readonly forwarded: HeaderSet | undefined;
  /** Headers in the cache key; undefined when unknown. */
  readonly cacheKey: HeaderSet | undefined;
  /** Whether CloudFront caches what this behaviour fetches; undefined when unknown. */
  readonly caches: boolean | undefined;
  /** The methods allowed and cached (CloudFront's default GET, HEAD when not set); undefined when not literal. */
  readonly allowedMethods: readonly string[] | undefined;
  readonly cachedMethods: readonly string[] | undefined;
  /** What the behaviour's CloudFront Functions and Lambda@Edge functions do for CORS, read from their parsed code. */
  readonly edge: EdgeFacts;
  /** Whether a response headers policy is attached, and whether it sets Vary (undefined: cannot tell). */
  readonly responseHeadersPolicySetsVary: boolean | undefined | 'none';
  /** The CORS a response headers policy answers itself: 'none' without a policy or CorsConfig, undefined when it cannot be read. */
  readonly responseCors: ResponseCorsFacts | 'none' | undefined;
  /** The distribution's aliases; null when they are not literal. */
  readonly aliases: readonly string[] | null;
  /** Path of the distribution's Aliases. */
  readonly aliasesPath: TemplatePath;
  /** How long CloudFront caches a 403 from the origin: undefined is its default (10 s), null not literal. */
  readonly errorCachingTtl403: number | undefined | null;
  /** What the viewer gets instead of a 403 from the origin (CustomErrorResponses), when literal: e.g. { status: "200", page: "/index.html" }. */
  readonly errorPage403: { readonly status: string; readonly page: string } | undefined;
  /** Why something above is undefined, one line each. */
  readonly unknowns: string[];
  /** The truth of each condition this reading of the distribution takes (empty when it depends on none). */
  readonly conditions: ReadonlyArray<readonly [string, boolean]>;
}
