// The model's public data: findings, severities, JSON dialects, requests and
// evaluations. Types only; no logic, no I/O.
/**
 * How serious a finding is.
 */
export enum CorsFindingSeverity {
  /** S3 refuses the configuration, or a part of it can never let a browser through. */
  ERROR = 'ERROR',
  /** Legal and working, but risky or wasteful; acknowledge it if it is what you meant. */
  WARNING = 'WARNING',
}

/**
 * The JSON dialects a configuration can be written in.
 */
export enum CorsJsonFormat {
  /** The S3 console's CORS editor: an array of rules with `AllowedHeaders`, `ExposeHeaders`, `MaxAgeSeconds`, `ID`. */
  CONSOLE = 'CONSOLE',
  /** `aws s3api put-bucket-cors --cors-configuration`: `{"CORSRules": [...]}` with the console's field names. */
  S3API = 'S3API',
  /** The `CorsConfiguration` property of `AWS::S3::Bucket`: `{"CorsRules": [...]}` with `ExposedHeaders`, `MaxAge`, `Id`. */
  CLOUDFORMATION = 'CLOUDFORMATION',
}

/**
 * One problem found in a CORS configuration.
 */
export interface CorsFinding {
  /** ERROR or WARNING. */
  readonly severity: CorsFindingSeverity;
  /** A stable, kebab-case identifier of the kind of problem, e.g. `origin-trailing-slash`. */
  readonly code: string;
  /** What is wrong, the offending value, what is allowed and how to fix it. */
  readonly message: string;
  /**
   * Index of the rule the finding is about.
   * @default - the finding is about the whole configuration
   */
  readonly ruleIndex?: number;
  /**
   * The field, in S3's JSON spelling (`AllowedOrigins`, `MaxAgeSeconds`, ...).
   * @default - the finding is about a whole rule or the whole configuration
   */
  readonly field?: string;
  /**
   * Index of the offending entry within a list field.
   * @default - the finding is about the whole field
   */
  readonly valueIndex?: number;
  /** True if and only if Amazon S3's PutBucketCors would refuse this configuration because of it. */
  readonly s3Rejects: boolean;
  /**
   * The error code S3 answers with, where it is known from a recorded response.
   * @default - not known, or S3 accepts it
   */
  readonly s3ErrorCode?: string;
  /**
   * 1-based line in the source text.
   * @default - the configuration was not parsed from text
   */
  readonly line?: number;
  /**
   * 1-based column in the source text.
   * @default - the configuration was not parsed from text
   */
  readonly column?: number;
}

/**
 * A request as it reaches S3, for `CorsConfiguration.evaluate()`.
 */
export interface CorsRequest {
  /** The HTTP method: `OPTIONS` for a preflight, otherwise the real method. */
  readonly method: string;
  /**
   * The `Origin` request header.
   * @default - no Origin header (not a CORS request)
   */
  readonly origin?: string;
  /**
   * The `Access-Control-Request-Method` request header.
   * @default - not sent
   */
  readonly accessControlRequestMethod?: string;
  /**
   * The raw `Access-Control-Request-Headers` request header, e.g. `content-type,x-amz-meta-name`.
   * @default - not sent
   */
  readonly accessControlRequestHeaders?: string;
}

/**
 * What S3 answers to a request, as far as CORS is concerned.
 */
export interface CorsEvaluation {
  /** Whether S3 sends the CORS headers a browser needs to let this request through. */
  readonly allowed: boolean;
  /** Whether the request was a preflight (`OPTIONS`). */
  readonly preflight: boolean;
  /**
   * Index of the first rule that matched.
   * @default - no rule matched
   */
  readonly matchedRuleIndex?: number;
  /**
   * The status code of a preflight answer: 200, 400 or 403.
   * @default - not a preflight: CORS does not change the status of an actual request
   */
  readonly statusCode?: number;
  /** The CORS response headers S3 sends, keyed by lower-case name. */
  readonly headers: Record<string, string>;
  /**
   * S3's error code, verbatim (`AccessForbidden`, `BadRequest`).
   * @default - no error
   */
  readonly errorCode?: string;
  /**
   * S3's error message, verbatim.
   * @default - no error
   */
  readonly errorMessage?: string;
  /** One sentence a person can act on: why this answer, and the fix when there is one. */
  readonly explanation: string;
}
