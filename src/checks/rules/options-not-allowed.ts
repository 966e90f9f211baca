import { distributionRule } from './distribution-rule';
import { rulesAllowPreflights } from '../readers/cloudformation/behaviours';

export const optionsNotAllowed = distributionRule('cdk-s3-cors:distribution-options-not-allowed', 'error',
  'a behaviour in front of a bucket whose rules allow preflighted requests does not allow OPTIONS: CloudFront refuses every preflight with 403',
  b => {
    // Rules known only at deploy time may or may not allow preflighted requests: not guessed.
    if (b.rules === undefined) return b.allowedMethods?.includes('OPTIONS') ? undefined : 'unknown';
    if (!rulesAllowPreflights(b.rules)) return undefined;
    if (b.allowedMethods === undefined) return 'unknown';
    if (b.allowedMethods.includes('OPTIONS')) return undefined;
    return [['AllowedMethods'],
      `AllowedMethods is ${JSON.stringify(b.allowedMethods)}, without OPTIONS, but the bucket's CORS rules allow requests browsers preflight (a write method or request headers). CloudFront answers those preflights 403 itself and the browser blocks the request. `
      + 'Allow ["GET", "HEAD", "OPTIONS"] (or all methods for uploads) and cache OPTIONS.'];
  });
