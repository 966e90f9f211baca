// CloudFront's managed policies that matter to CORS, by the ids templates use.
// Header lists are AWS's documented settings ("Use managed cache policies",
// "Use managed origin request policies"); a unit test checks every id here
// against aws-cdk-lib's own constants. A managed id not listed is unknown:
// the checks skip it with an info line instead of guessing.

/** What a cache policy puts in the cache key (and so forwards), and whether it caches at all. */
export interface CachePolicyFacts {
  readonly name: string;
  /** Lower-case header names in the cache key. */
  readonly headers: readonly string[];
  readonly caches: boolean;
}

export const MANAGED_CACHE_POLICIES: Readonly<Record<string, CachePolicyFacts>> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': { name: 'CachingOptimized', headers: [], caches: true },
  'b2884449-e4de-46a7-ac36-70bc7f1ddd6d': { name: 'CachingOptimizedForUncompressedObjects', headers: [], caches: true },
  '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': { name: 'CachingDisabled', headers: [], caches: false },
  '2e54312d-136d-493c-8eb9-b001f22f67d2': { name: 'Amplify', headers: ['authorization', 'cloudfront-viewer-country', 'host'], caches: true },
};

/** What an origin request policy forwards: a list of lower-case names, or every viewer header ("all"). */
export interface OriginRequestPolicyFacts {
  readonly name: string;
  readonly headers: readonly string[] | 'all';
}

export const MANAGED_ORIGIN_REQUEST_POLICIES: Readonly<Record<string, OriginRequestPolicyFacts>> = {
  '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf': { name: 'CORS-S3Origin', headers: ['origin', 'access-control-request-headers', 'access-control-request-method'] },
  '59781a5b-3903-41f3-afcb-af62929ccde1': { name: 'CORS-CustomOrigin', headers: ['origin'] },
  '216adef6-5c7f-47e4-b989-5492eafa07d3': { name: 'AllViewer', headers: 'all' },
  'b689b0a8-53d0-40ab-baf2-68738e2966ac': { name: 'AllViewerExceptHostHeader', headers: 'all' },
  '33f36d7e-f396-46d9-90e0-52428a34d9dc': { name: 'AllViewerAndCloudFrontHeaders-2022-06', headers: 'all' },
  'acba4595-bd28-49b8-b9fe-13317c0390fa': { name: 'UserAgentRefererHeaders', headers: ['user-agent', 'referer'] },
};

/** What a response headers policy's CorsConfig answers: the Access-Control-* headers CloudFront adds itself. */
export interface ResponseCorsFacts {
  /** The managed policy's name, or undefined for a policy of the template. */
  readonly name?: string;
  /** AccessControlAllowOrigins as written ("*" for any origin). */
  readonly allowOrigins: readonly string[];
  readonly allowCredentials: boolean;
  /** AccessControlAllowMethods ("ALL" spelled out); undefined where no document read here lists them (a managed policy). */
  readonly allowMethods: readonly string[] | undefined;
  /** true: the policy's headers replace the origin's; false: the origin's win where it sent them. */
  readonly originOverride: boolean;
}

/**
 * The managed response headers policies with a CorsConfig, by id (a unit test checks every id against
 * aws-cdk-lib's ResponseHeadersPolicy constants). What is asserted is what AWS's page "Use managed response
 * headers policies" (CloudFront Developer Guide, using-managed-response-headers-policies) says:
 * - SimpleCORS adds "Access-Control-Allow-Origin: *" to responses for simple CORS requests, its settings table
 *   says "Override origin? No", and where the origin's response has the header CloudFront uses the origin's.
 * - CORS-With-Preflight allows any origin, preflights included; where the origin's response has any of its
 *   headers CloudFront uses the received one, not the policy's: no origin override.
 * - CORS-and-SecurityHeadersPolicy and CORS-with-preflight-and-SecurityHeadersPolicy are those two combined with
 *   SecurityHeadersPolicy.
 * The page does not mention Access-Control-Allow-Credentials: false is assumed (with "*", browsers refuse
 * credentials anyway). The methods the preflight policies allow sit in settings tables the copy of the page
 * read for this did not include, so they are not asserted (undefined); no rule reads them.
 */
export const MANAGED_RESPONSE_HEADERS_POLICIES: Readonly<Record<string, ResponseCorsFacts>> = {
  '60669652-455b-4ae9-85a4-c4c02393f86c': { name: 'SimpleCORS', allowOrigins: ['*'], allowCredentials: false, allowMethods: undefined, originOverride: false },
  '5cc3b908-e619-4b99-88e5-2cf7f45965bd': { name: 'CORS-With-Preflight', allowOrigins: ['*'], allowCredentials: false, allowMethods: undefined, originOverride: false },
  'e61eb60c-9c35-4d20-a928-2b84e02af89c': { name: 'CORS-and-SecurityHeadersPolicy', allowOrigins: ['*'], allowCredentials: false, allowMethods: undefined, originOverride: false },
  'eaab4381-ed33-4a86-88ca-d9558dc6cd63': { name: 'CORS-with-preflight-and-SecurityHeadersPolicy', allowOrigins: ['*'], allowCredentials: false, allowMethods: undefined, originOverride: false },
};

/** Managed response headers policies without a CorsConfig (they answer no CORS and set no Vary). */
export const MANAGED_RESPONSE_HEADERS_POLICIES_WITHOUT_CORS: Readonly<Record<string, string>> = {
  '67f7725c-6f97-4210-82d7-5512b31e9d03': 'SecurityHeadersPolicy',
};
