import { distributionRule } from './distribution-rule';
import { edgeCors } from './edge';
import { CORS_REQUEST_HEADERS, has, HEADER_NAMES } from '../readers/cloudformation/behaviours';

export const originNotInCacheKey = distributionRule('cdk-s3-cors:distribution-origin-not-in-cache-key', 'error',
  'Origin reaches S3 but is not in the cache key (CachingOptimized with CORS-S3Origin): the first origin\'s answer is served to every other origin',
  b => {
    if (edgeCors(b) !== 'none') return undefined;
    if (b.forwarded === undefined || b.cacheKey === undefined || b.caches === undefined) return 'unknown';
    if (!b.caches) return undefined;
    // Preflight headers matter in the key only where preflights are cached.
    // Unknown cached methods: only Origin is certain to matter.
    const relevant = b.cachedMethods?.includes('OPTIONS') ? CORS_REQUEST_HEADERS : ['origin'];
    const missing = relevant.filter(h => has(b.forwarded!, h) && !has(b.cacheKey!, h));
    if (missing.length === 0) return undefined;
    // A policy that overrides the origin's Access-Control-Allow-Origin answers every origin itself, cached or not.
    if (b.responseCors === undefined) return 'unknown';
    if (b.responseCors !== 'none' && b.responseCors.originOverride) return undefined;
    const policy = b.responseCors === 'none' ? '' : ` The response headers policy${b.responseCors.name ? ` ${b.responseCors.name}` : ''} does not help: without OriginOverride the header S3 sent, cached, wins over the policy's.`;
    return [['CachePolicyId'],
      `${missing.map(h => HEADER_NAMES[h]).join(', ')} ${missing.length === 1 ? 'reaches' : 'reach'} S3 but ${missing.length === 1 ? 'is' : 'are'} not in the cache key, so CloudFront caches the answer S3 gave the first origin (Access-Control-Allow-Origin: that origin) and serves it to every other origin, whose browsers block it.${policy} `
      + 'Use a cache policy whose headers include Origin, Access-Control-Request-Method and Access-Control-Request-Headers (CloudFrontCorsDistribution does this), or answer CORS at the edge.'];
  });
