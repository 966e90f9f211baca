import { distributionRule } from './distribution-rule';
import { edgeCors } from './edge';
import { nearMisses, PREFLIGHT_HEADERS } from './preflight';
import { CORS_REQUEST_HEADERS, has, HEADER_NAMES } from '../readers/cloudformation/behaviours';

export const corsHeadersNotForwarded = distributionRule('cdk-s3-cors:distribution-cors-headers-not-forwarded', 'error',
  'a behaviour in front of a CORS bucket does not forward Origin and Access-Control-Request-* to S3, so S3 never answers with CORS headers',
  b => {
    if (edgeCors(b) !== 'none') return undefined;
    if (b.forwarded === undefined) return 'unknown';
    // While the behaviour refuses OPTIONS, no preflight reaches S3: the Access-Control-Request-* headers matter
    // only once OPTIONS is allowed, and distribution-options-not-allowed names them when the rules need preflights.
    const preflightsMoot = b.allowedMethods !== undefined && !b.allowedMethods.includes('OPTIONS');
    const notSent = CORS_REQUEST_HEADERS.filter(h => !has(b.forwarded!, h) && !(preflightsMoot && PREFLIGHT_HEADERS.includes(h)));
    if (notSent.length === 0) return undefined;
    // A response headers policy with a CorsConfig answers Origin itself, on cached and fetched responses alike.
    if (b.responseCors === undefined) return 'unknown';
    const policy = b.responseCors === 'none' ? undefined : b.responseCors;
    const missing = policy ? notSent.filter(h => h !== 'origin') : notSent;
    if (missing.length === 0) return undefined;
    if (policy) {
      // Whether CloudFront answers a preflight itself when a policy has a CorsConfig is not documented (evidence says it still goes to the origin).
      return [[b.legacy ? 'ForwardedValues' : 'OriginRequestPolicyId'],
        `${missing.map(h => HEADER_NAMES[h]).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not reach S3${nearMisses(b.forwarded, missing)}. The response headers policy${policy.name ? ` ${policy.name}` : ''} adds Access-Control-Allow-* to the answer, `
        + 'but whether CloudFront answers a preflight itself or passes it to S3 is not documented (reports say it passes it on, and S3 then refuses a preflight without these headers). '
        + 'Forward them too (the managed origin request policy CORS-S3Origin) so that either way the preflight succeeds.',
        'warning'];
    }
    return [[b.legacy ? 'ForwardedValues' : 'OriginRequestPolicyId'],
      `${missing.map(h => HEADER_NAMES[h]).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not reach S3${nearMisses(b.forwarded, missing)}, so S3 answers ${missing.includes('origin') ? 'every request without CORS headers and the browser blocks it' : 'preflights as if they were plain OPTIONS requests and refuses them'}. `
      + 'Attach the managed origin request policy CORS-S3Origin (88a5eaf4-2fd4-4709-b370-b4c650ea3fcf), or forward these headers in your own policy, and key the cache on them (see distribution-origin-not-in-cache-key).'];
  });
