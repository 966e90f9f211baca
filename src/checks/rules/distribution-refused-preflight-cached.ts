import { distributionRule } from './distribution-rule';
import { edgeCors } from './edge';
import { quote } from '../../common/quote';
import { rulesAllowPreflights } from '../readers/cloudformation/behaviours';

export const refusedPreflightCached = distributionRule('cdk-s3-cors:distribution-refused-preflight-cached', 'warning',
  'S3\'s 403 for a refused preflight is cached for CloudFront\'s default 10 s: a fixed rule or a retry stays blocked meanwhile',
  b => {
    if (edgeCors(b) !== 'none' || b.caches === false) return undefined;
    if (b.rules === undefined) return b.allowedMethods?.includes('OPTIONS') === false ? undefined : 'unknown';
    if (!rulesAllowPreflights(b.rules)) return undefined;
    if (b.allowedMethods === undefined) return 'unknown';
    if (!b.allowedMethods.includes('OPTIONS')) return undefined;
    if (b.errorCachingTtl403 === 0) return undefined;
    if (b.errorCachingTtl403 === null) return 'unknown';
    const ttl = `${b.errorCachingTtl403 ?? 10} s${b.errorCachingTtl403 === undefined ? ' (its default error caching time)' : ' (ErrorCachingMinTTL)'}`;
    const page = b.errorPage403;
    if (page && /^2\d\d$/.test(page.status)) {
      // The single-page-app setup: CustomErrorResponses turn S3's 403 into 200 /index.html.
      return [[],
        `CustomErrorResponses turn a 403 into ${page.status} ${quote(page.page)}, so a preflight S3 refuses is answered ${page.status} with that page and no Access-Control-Allow-* headers. `
        + `The browser reads a successful status without CORS headers, blocks the request and reports a CORS error (not a 403), and CloudFront caches that answer for ${ttl}, `
        + 'so every browser asking the same thing meanwhile gets it too, even after the rules are fixed. '
        + 'Keep the error page if the app needs it, but set ErrorCachingMinTTL 0 on that 403 response, or serve the bucket\'s CORS paths from a behaviour or distribution without the rewrite.'];
    }
    return [[],
      `a preflight S3 refuses is answered 403, and CloudFront caches that error for ${b.errorCachingTtl403 ?? 10} s${b.errorCachingTtl403 === undefined ? ' (its default)' : ''}, so every browser asking the same thing meanwhile is refused too, even after the rules are fixed. `
      + 'Add CustomErrorResponses [{"ErrorCode": 403, "ErrorCachingMinTTL": 0}] (and 400) to the distribution.'];
  });

