import { distributionRule } from './distribution-rule';
import { edgeCors } from './edge';
import { quoteValue } from '../../common/quote';

export const optionsNotCached = distributionRule('cdk-s3-cors:distribution-options-not-cached', 'warning',
  'OPTIONS is allowed but not cached: every preflight travels to S3',
  b => {
    if (edgeCors(b) !== 'none' || b.caches === false) return undefined;
    if (b.allowedMethods === undefined || b.cachedMethods === undefined) return 'unknown';
    if (!b.allowedMethods.includes('OPTIONS') || b.cachedMethods.includes('OPTIONS')) return undefined;
    return [['CachedMethods'],
      `OPTIONS is allowed but CachedMethods is ${quoteValue(b.cachedMethods)}, so every preflight goes to S3 (latency and an S3 request each). `
      + 'Cache ["GET", "HEAD", "OPTIONS"], with Origin and Access-Control-Request-* in the cache key.'];
  });
