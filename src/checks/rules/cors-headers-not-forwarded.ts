import { distributionRule } from './distribution-rule';
import { nearMisses, PREFLIGHT_HEADERS } from './preflight';
import { CORS_REQUEST_HEADERS, edgeAnswersCors, has, HEADER_NAMES } from '../readers/cloudformation/behaviours';

export const corsHeadersNotForwarded = distributionRule('cdk-s3-cors:distribution-cors-headers-not-forwarded', 'error',
  'a behaviour in front of a CORS bucket does not forward Origin and Access-Control-Request-* to S3, so S3 never answers with CORS headers',
  b => {
    if (edgeAnswersCors(b)) return undefined;
    if (b.forwarded === undefined) return 'unknown';
    // While the behaviour refuses OPTIONS, no preflight reaches S3: the Access-Control-Request-* headers matter
    // only once OPTIONS is allowed, and distribution-options-not-allowed names them when the rules need preflights.
    const preflightsMoot = b.allowedMethods !== undefined && !b.allowedMethods.includes('OPTIONS');
    const missing = CORS_REQUEST_HEADERS.filter(h => !has(b.forwarded!, h) && !(preflightsMoot && PREFLIGHT_HEADERS.includes(h)));
    if (missing.length === 0) return undefined;
    return [[b.legacy ? 'ForwardedValues' : 'OriginRequestPolicyId'],
      `${missing.map(h => HEADER_NAMES[h]).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not reach S3${nearMisses(b.forwarded, missing)}, so S3 answers ${missing.includes('origin') ? 'every request without CORS headers and the browser blocks it' : 'preflights as if they were plain OPTIONS requests and refuses them'}. `
      + 'Attach the managed origin request policy CORS-S3Origin (88a5eaf4-2fd4-4709-b370-b4c650ea3fcf), or forward these headers in your own policy, and key the cache on them (see distribution-origin-not-in-cache-key).'];
  });
