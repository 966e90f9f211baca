import { distributionRule } from './distribution-rule';
import { nearMisses, PREFLIGHT_HEADERS, preflightTrigger } from './preflight';
import { quoteValue } from '../../common/quote';
import { has } from '../readers/cloudformation/behaviours';

export const optionsNotAllowed = distributionRule('cdk-s3-cors:distribution-options-not-allowed', 'error',
  'a behaviour in front of a bucket whose rules allow preflighted requests does not allow OPTIONS: CloudFront refuses every preflight with 403 '
  + '(an error when a rule allows a method or header browsers always preflight; a warning when only AllowedHeaders ["*"], safelisted headers or POST could lead to one)',
  b => {
    // Rules known only at deploy time may or may not allow preflighted requests: not guessed.
    if (b.rules === undefined) return b.allowedMethods?.includes('OPTIONS') ? undefined : 'unknown';
    if (b.allowedMethods?.includes('OPTIONS')) return undefined;
    // Only what comes through this behaviour counts (without OPTIONS it lets through GET and HEAD only).
    const trigger = preflightTrigger(b.rules, b.allowedMethods);
    if (!trigger) return undefined;
    if (b.allowedMethods === undefined) return 'unknown';
    // One root cause, one finding: preflight headers that are not forwarded either are part of this one
    // (distribution-cors-headers-not-forwarded leaves them out while OPTIONS is not allowed).
    const notForwarded = b.forwarded === undefined ? [] : PREFLIGHT_HEADERS.filter(h => !has(b.forwarded!, h));
    const also = notForwarded.length === 0 ? ''
      : ` Once OPTIONS is allowed, S3 still needs ${notForwarded.map(h => (h === 'access-control-request-method' ? 'Access-Control-Request-Method' : 'Access-Control-Request-Headers')).join(' and ')}, which ${notForwarded.length === 1 ? 'is' : 'are'} not forwarded either${nearMisses(b.forwarded, notForwarded)}: `
        + 'attach the managed origin request policy CORS-S3Origin (88a5eaf4-2fd4-4709-b370-b4c650ea3fcf) or forward them in your own, and key the cache on them.';
    const allow = 'Allow ["GET", "HEAD", "OPTIONS"] (or all methods for uploads) and cache OPTIONS.';
    if (trigger.certain) {
      return [['AllowedMethods'],
        `AllowedMethods is ${quoteValue(b.allowedMethods)}, without OPTIONS, but the bucket's ${trigger.why}. CloudFront answers those preflights 403 itself and the browser blocks the request. ${allow}${also}`];
    }
    return [['AllowedMethods'],
      `AllowedMethods is ${quoteValue(b.allowedMethods)}, without OPTIONS. No rule of the bucket needs a preflight for sure, but ${trigger.why}. If the page sends such a request, CloudFront answers its preflight 403 itself and the browser blocks it; simple requests work. `
      + `If the page does: ${allow}${also} If it never does, narrow the rule (drop the headers it does not need) and this warning goes away.`,
      'warning'];
  });
