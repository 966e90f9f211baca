// The rule pack: every rule S3CorsChecks and `cdk-s3-cors lint` run on a
// template, in the order findings are listed. docs/findings.md catalogues them.
import { aliasNotAllowed } from './alias-not-allowed';
import { browserCacheHazard } from './browser-cache-hazard';
import { bucketCors } from './bucket-cors';
import { corsHeadersNotForwarded } from './cors-headers-not-forwarded';
import { optionsNotAllowed } from './options-not-allowed';
import { optionsNotCached } from './options-not-cached';
import { originNotInCacheKey } from './origin-not-in-cache-key';
import { refusedPreflightCached } from './refused-preflight-cached';
import { CheckFinding, CheckRule } from '../rule';
import { CloudFormationTemplate } from '../template';

export const RULES: readonly CheckRule[] = [
  bucketCors,
  corsHeadersNotForwarded,
  originNotInCacheKey,
  optionsNotAllowed,
  optionsNotCached,
  refusedPreflightCached,
  browserCacheHazard,
  aliasNotAllowed,
];

/** Every finding of every rule on one template. */
export function checkTemplate(template: CloudFormationTemplate): CheckFinding[] {
  return RULES.flatMap(rule => rule.check(template));
}
