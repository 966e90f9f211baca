import { distributionRule } from './distribution-rule';
import { edgeAnswersCors, rulesAllowPreflights } from '../readers/cloudformation/behaviours';

export const refusedPreflightCached = distributionRule('cdk-s3-cors:distribution-refused-preflight-cached', 'warning',
  'S3\'s 403 for a refused preflight is cached for CloudFront\'s default 10 s: a fixed rule or a retry stays blocked meanwhile',
  b => {
    if (edgeAnswersCors(b) || b.caches === false) return undefined;
    if (b.rules === undefined) return b.allowedMethods?.includes('OPTIONS') === false ? undefined : 'unknown';
    if (!rulesAllowPreflights(b.rules)) return undefined;
    if (b.allowedMethods === undefined) return 'unknown';
    if (!b.allowedMethods.includes('OPTIONS')) return undefined;
    if (b.errorCachingTtl403 === 0) return undefined;
    if (b.errorCachingTtl403 === null) return 'unknown';
    return [[],
      `a preflight S3 refuses is answered 403, and CloudFront caches that error for ${b.errorCachingTtl403 ?? 10} s${b.errorCachingTtl403 === undefined ? ' (its default)' : ''}, so every browser asking the same thing meanwhile is refused too, even after the rules are fixed. `
      + 'Add CustomErrorResponses [{"ErrorCode": 403, "ErrorCachingMinTTL": 0}] (and 400) to the distribution.'];
  });

