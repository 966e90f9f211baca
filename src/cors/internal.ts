// The model's inner face: what the rest of this package (constructs, checks,
// CLI, tests) may use of src/cors beyond the public API in ./index.ts.
// Nothing outside src/cors imports src/cors/private; lint enforces it. This
// file is not exported from the package: users see only ./index.ts.
import { CorsConfiguration } from './configuration';
import { genuineCopy } from './private/genuine';

export { NORMALISED_METHODS, S3_METHODS, WRITE_METHODS, CORS_REQUEST_HEADERS } from './private/vocabulary';
export { MSG_NO_ORIGIN, MSG_NOT_ALLOWED, MSG_NOT_ENABLED, VARY } from './private/evaluate';
export type { CorsField } from './private/fields';
export { RULE_PROPERTY, fieldName } from './private/fields';
export { MAX_INT32, broadOriginReason, originProblems, writeMethods } from './private/validate';
export { CorsJsonSyntaxError } from './private/parse';
export { clip, cloudFormationRepeatFindings, exactRepeats, repeatReason, withCloudFormationRepeats } from './private/unique-items';
export { FUNCTION_CODE_LIMIT_BYTES, edgeCorsFunctionCode, varyFunctionCode } from './private/cloudfront-function';
/** The CloudFront Function generators as one object, so a test can stand in for one of them. */
export * as functionGenerators from './private/cloudfront-function';
export { containsTokenText } from './private/tokens';
export { copyList, copyRuleIfObject } from './private/copy';
export { spellingOf } from './private/spelling';
export { patternCovers, wildcardMatch } from './private/match';

/**
 * A new configuration with a copy of the given one's state, if this library
 * made it; undefined for anything else (a look-alike, a plain object).
 */
export function copyOfGenuine(config: unknown): CorsConfiguration | undefined {
  const copy = genuineCopy(config);
  return copy instanceof CorsConfiguration ? copy : undefined;
}
