import { distributionRule } from './distribution-rule';
import { edgeCors } from './edge';
import { has } from '../readers/cloudformation/behaviours';

export const browserCacheHazard = distributionRule('cdk-s3-cors:distribution-browser-cache-hazard', 'warning',
  'nothing adds Vary: Origin to answers for requests without Origin: a browser that cached an <img> copy blocks a later fetch() of the same URL',
  b => {
    // Where Origin never reaches S3 there are no CORS answers to protect: that finding comes first.
    // Where the edge answers CORS (or may), S3's Vary is not the question; distribution-function-not-understood
    // reports a function whose Vary cannot be followed.
    if (edgeCors(b) !== 'none' || (b.forwarded !== undefined && !has(b.forwarded, 'origin'))) return undefined;
    if (b.edge.setsVary.answer !== 'no') return undefined;
    if (b.responseHeadersPolicySetsVary === true) return undefined;
    if (b.responseHeadersPolicySetsVary === undefined) return 'unknown';
    return [['FunctionAssociations'],
      'S3 sends Vary only when a CORS rule matched, never on an answer to a request without Origin. A page that loads the object first without CORS (<img>, <script>, <link> without crossorigin) leaves a copy without Vary or Access-Control-Allow-Origin in the browser\'s cache, and a later fetch() or <img crossorigin> of the same URL is answered from it and blocked. '
      + 'Add Vary: Origin to every answer with a viewer-response CloudFront Function (CloudFrontCorsDistribution attaches one); what CloudFront does with a response headers policy\'s Vary is not documented.'];
  });
