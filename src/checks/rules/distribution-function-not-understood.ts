import { distributionRule } from './distribution-rule';
import { edgeCors } from './edge';

const PROBE = 'check it once deployed with `cdk-s3-cors probe <url> --origin <origin>` (a URL this behaviour serves, and a site the page runs on)';
const CORS_CHECKS = 'distribution-cors-headers-not-forwarded, distribution-origin-not-in-cache-key, distribution-options-not-cached, distribution-refused-preflight-cached and distribution-browser-cache-hazard';

export const functionNotUnderstood = distributionRule('cdk-s3-cors:distribution-function-not-understood', 'info',
  'a CloudFront Function or Lambda@Edge function of a behaviour in front of a CORS bucket may answer CORS (or add Vary) itself, and its code cannot be followed: the checks it would change were not run, and probe is the way to check it',
  b => {
    const { answersPreflight: preflight, setsAllowOrigin: origin, setsVary: vary } = b.edge;
    const state = edgeCors(b);
    if (state === 'unknown') {
      let why: string;
      let path = preflight.path;
      const unknown = [preflight, origin].filter(f => f.answer === 'unknown');
      if (unknown.length > 0) {
        why = unknown.map(f => f.why).join('; ');
        path = unknown[0].path;
      } else if (preflight.answer === 'yes') {
        why = `${preflight.why}, but nothing at viewer or origin response writes Access-Control-Allow-Origin${origin.why ? ` (${origin.why})` : ''}, so S3 answers the other requests; this check does not judge such a split`;
      } else {
        why = `${origin.why}, but nothing at viewer or origin request answers preflights${preflight.why ? ` (${preflight.why})` : ''}, so S3 answers them; this check does not judge such a split`;
        path = origin.path;
      }
      return [path, `cannot tell whether the functions at the edge answer CORS in place of S3: ${why}. The forwarding, cache-key and OPTIONS checks (${CORS_CHECKS}) were not run for this behaviour: ${PROBE}.`];
    }
    if (state === 'none' && vary.answer === 'unknown') {
      return [vary.path, `cannot tell whether the functions at the edge add Vary: ${vary.why}. The browser-cache check (distribution-browser-cache-hazard) was not run for this behaviour: ${PROBE}.`];
    }
    return undefined;
  });
