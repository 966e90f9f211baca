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
