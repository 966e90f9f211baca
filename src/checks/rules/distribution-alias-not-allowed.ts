import { distributionRule } from './distribution-rule';
import { CorsConfiguration } from '../../cors';

export const aliasNotAllowed = distributionRule('cdk-s3-cors:distribution-alias-not-allowed', 'warning',
  'a distribution\'s own alias is not an allowed origin of the CORS bucket behind it',
  b => {
    // Unknown rules are reported once by the bucket rule; unknown aliases here.
    if (b.rules === undefined) return undefined;
    if (b.aliases === null) return 'unknown';
    const config = CorsConfiguration.fromRules(b.rules);
    const missing = b.aliases.filter(a => !config.evaluate({ method: 'GET', origin: `https://${a}` }).allowed);
    if (missing.length === 0) return undefined;
    return [b.aliasesPath,
      `${missing.map(a => `https://${a}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} this distribution's own ${missing.length === 1 ? 'alias' : 'aliases'} but not in the bucket's AllowedOrigins, so pages served from ${missing.length === 1 ? 'it' : 'them'} are refused when they fetch with CORS from another alias, from the bucket or from another distribution of it. `
      + `Add ${missing.map(a => `"https://${a}"`).join(', ')} to AllowedOrigins of bucket ${b.bucketId}, or remove the alias if pages are never served from it.`];
  });
