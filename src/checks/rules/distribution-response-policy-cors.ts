// A response headers policy with a CorsConfig is one more answerer in front of
// the bucket: CloudFront adds its Access-Control-* headers to cached and fetched
// responses alike (cloudfront-cors.md §2). Where it and the bucket's rules
// disagree, the browser sees the policy's answer, and the bucket's list of
// origins stops being what decides who may read.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { distributionRule } from './distribution-rule';
import { quote, quoteValue } from '../../common/quote';

/**
 * Whether S3 would match a browser origin against the rules' AllowedOrigins ("*" stands for any run of characters).
 * S3 refuses a pattern with more than one "*" (origin-multiple-wildcards), so such a pattern matches nothing; no
 * regular expression is built from user text.
 */
function bucketAllows(rules: readonly CorsRule[], origin: string): boolean {
  return rules.some(r => r.allowedOrigins.some(p => {
    const parts = p.split('*');
    if (parts.length === 1) return p === origin;
    if (parts.length > 2) return false;
    return origin.length >= parts[0].length + parts[1].length && origin.startsWith(parts[0]) && origin.endsWith(parts[1]);
  }));
}

export const responsePolicyCors = distributionRule('cdk-s3-cors:distribution-response-policy-cors', 'warning',
  'a response headers policy answers CORS for the bucket and disagrees with its rules: it lets in origins the bucket refuses, answers "*" while the bucket lists origins, or allows credentials with "*"',
  b => {
    if (b.responseCors === 'none' || b.responseCors === undefined || b.rules === undefined) return undefined;
    const p = b.responseCors;
    const name = p.name ? `the response headers policy ${p.name}` : 'the response headers policy';
    const how = p.originOverride
      ? 'it replaces the header S3 sends'
      : 'without OriginOverride it adds its header wherever S3 sent none: to every origin the bucket refuses (and to all of them where Origin does not reach S3)';
    const problems: string[] = [];
    const any = p.allowOrigins.includes('*');
    if (any && p.allowCredentials) {
      problems.push(`${name} answers "Access-Control-Allow-Origin: *" with Access-Control-Allow-Credentials: true, a combination browsers refuse for requests with cookies or credentials (CloudFront's documents do not say whether it echoes the origin instead). List the origins, or drop the credentials`);
    }
    if (any && !b.rules.some(r => r.allowedOrigins.includes('*'))) {
      problems.push(`${name} answers every origin ("*"), and ${how}: the bucket's AllowedOrigins ${quoteValue([...new Set(b.rules.flatMap(r => r.allowedOrigins))])} protect nothing through this distribution. Use a policy that lists the same origins, or no CorsConfig and let S3 answer`);
    }
    const refused = p.allowOrigins.filter(o => !o.includes('*') && !bucketAllows(b.rules!, o));
    if (refused.length > 0) {
      problems.push(`${name} lets in ${refused.map(o => quote(o)).join(', ')}, which the bucket's rules refuse, and ${how}, so the browser of such a site reads the object anyway. Make the two lists agree`);
    }
    if (problems.length === 0) return undefined;
    return [['ResponseHeadersPolicyId'], `${problems.join('. ')}.`];
  });
