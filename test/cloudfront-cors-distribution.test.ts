import { CfnParameter, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { CloudFrontCorsDistribution, CorsConfiguration, CorsOrigin, DistributionCorsMode, PublicAssetsBucket, UploadBucket } from '../src';
import { eventHeaders, FunctionRuntime, plainHeaders } from '../standins/function-runtime';
import { runs } from './cors/runs';
import { newStack } from './stack';
import { functionGenerators as generator } from '../src/cors/internal';

const { edgeCorsFunctionCode, FUNCTION_CODE_LIMIT_BYTES } = generator;

// Managed policy ids this library relies on, pinned from AWS's documentation
// (docs/s3-cors-semantics.md §6), not read from aws-cdk-lib.
const CORS_S3_ORIGIN = '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

test('aws-cdk-lib still maps its constants to the managed ids we rely on', () => {
  const stack = newStack();
  expect(stack.resolve(cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN.originRequestPolicyId)).toBe(CORS_S3_ORIGIN);
  expect(stack.resolve(cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId)).toBe(CACHING_OPTIMIZED);
});

describe('CloudFrontCorsDistribution defaults', () => {
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  const cdn = new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
  const t = Template.fromStack(stack);

  test('forwards the CORS request headers with the managed CORS-S3Origin policy, not CachingOptimized', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          OriginRequestPolicyId: CORS_S3_ORIGIN,
          CachePolicyId: { Ref: Match.stringLikeRegexp('^CdnCachePolicy') },
        }),
      }),
    });
    expect(JSON.stringify(t.toJSON())).not.toContain(CACHING_OPTIMIZED);
  });

  test('synthesizes with no warning at all, so `cdk synth --strict` passes on every aws-cdk-lib it accepts', () => {
    // aws-cdk-lib 2.276 warns when minimumProtocolVersion is set without a certificate.
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    expect(JSON.stringify(t.toJSON())).not.toContain('MinimumProtocolVersion');
  });

  test('keys the cache on Origin and both Access-Control-Request-* headers', () => {
    t.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'] },
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      }),
    });
  });

  test('allows and caches GET, HEAD and OPTIONS, HTTPS only', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
          CachedMethods: ['GET', 'HEAD', 'OPTIONS'],
          ViewerProtocolPolicy: 'https-only',
        }),
      }),
    });
  });

  test('does not cache S3\'s refused preflights (400, 403), so a CORS fix takes effect at once', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CustomErrorResponses: [{ ErrorCode: 400, ErrorCachingMinTTL: 0 }, { ErrorCode: 403, ErrorCachingMinTTL: 0 }],
      }),
    });
  });

  test('reaches the bucket through origin access control, never OAI', () => {
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    t.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' })]) },
    });
  });

  test('logs to a private, retained log bucket by default', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Logging: Match.objectLike({ Bucket: Match.anyValue() }) }),
    });
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] }, PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true }) }),
      DeletionPolicy: 'Retain',
    });
    expect(cdn.logBucket).toBeDefined();
  });

  test('reads the CORS configuration from our bucket', () => {
    expect(cdn.corsConfiguration.rules).toEqual(assets.corsConfiguration.rules);
    expect(cdn.originRequestPolicy).toBe(cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN);
    expect(cdn.distribution.node.id).toBe('Resource');
  });
});

describe('CloudFrontCorsDistribution overrides', () => {
  test('domain names with a certificate, TLS 1.2, no logging, a web ACL and a TTL', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY] });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc');
    new CloudFrontCorsDistribution(stack, 'Cdn', {
      bucket: assets.bucket,
      domainNames: ['cdn.example.com'],
      certificate,
      enableLogging: false,
      webAclId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/x/y',
      defaultTtl: Duration.hours(1),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['cdn.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
        Logging: Match.absent(),
        WebACLId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/x/y',
        PriceClass: 'PriceClass_All',
      }),
    });
    t.hasResourceProperties('AWS::CloudFront::CachePolicy', { CachePolicyConfig: Match.objectLike({ DefaultTTL: 3600 }) });
    t.resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('accepts any bucket, warning that it cannot check CORS without a configuration', () => {
    const stack = newStack();
    const cdn = new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: s3.Bucket.fromBucketName(stack, 'Imported', 'legacy-assets') });
    Annotations.fromStack(stack).hasWarning('/Test/Cdn', Match.stringLikeRegexp('cannot check that the bucket lets your origins through.*\\[ack: cdk-s3-cors:unknown-bucket-cors\\]'));
    expect(cdn.corsConfiguration.rules).toEqual([]);
  });

  test('a foreign bucket with a described configuration is cross-checked', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Imported', 'legacy-assets');
    const corsConfiguration = CorsConfiguration.fromJson('[{"AllowedMethods":["GET","HEAD"],"AllowedOrigins":["https://www.example.com"]}]');
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket, corsConfiguration, allowedOrigins: [CorsOrigin.https('www.example.com')] })).not.toThrow();
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn2', { bucket, corsConfiguration, allowedOrigins: [CorsOrigin.https('shop.example.com')] }))
      .toThrow(/allowedOrigins\[0\] "https:\/\/shop.example.com" cannot GET through this distribution/);
  });
});

/** The function the template deploys, and the events it is associated with. */
function deployedFunction(t: Template): { fn: FunctionRuntime; events: string[] } {
  const functions = Object.entries(t.findResources('AWS::CloudFront::Function'));
  expect(functions).toHaveLength(1);
  const [[id, resource]] = functions;
  expect(resource.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
  const behavior = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig.DefaultCacheBehavior;
  const events = behavior.FunctionAssociations
    .filter((a: { FunctionARN: { 'Fn::GetAtt': string[] } }) => a.FunctionARN['Fn::GetAtt'][0] === id)
    .map((a: { EventType: string }) => a.EventType);
  return { fn: new FunctionRuntime(resource.Properties.FunctionCode), events };
}

describe('S3 mode (the default) against the browser-cache hazard', () => {
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  const cdn = new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
  const { fn, events } = deployedFunction(Template.fromStack(stack));

  test('is the default, exposed as corsMode', () => {
    expect(cdn.corsMode).toBe(DistributionCorsMode.S3);
    expect([DistributionCorsMode.S3.name, DistributionCorsMode.EDGE.name]).toEqual(['S3', 'EDGE']);
  });

  test('a viewer-response function adds Vary: Origin to the answer S3 gives an <img> (no Origin, no Vary)', () => {
    expect(events).toEqual(['viewer-response']);
    const out = fn.viewerResponse({ method: 'GET', uri: '/logo.png', headers: {} }, { statusCode: 200, headers: eventHeaders({ 'cache-control': 'max-age=3600' }) });
    expect(plainHeaders(out.headers)).toEqual({ 'cache-control': 'max-age=3600', 'vary': 'Origin' });
  });
});

describe('edge mode (DistributionCorsMode.EDGE)', () => {
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com'), CorsOrigin.https('app.example.com')] });
  const cdn = new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, corsMode: DistributionCorsMode.EDGE });
  const t = Template.fromStack(stack);
  const { fn, events } = deployedFunction(t);

  test('keeps Origin and Access-Control-Request-* out of the cache key and away from S3', () => {
    t.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ HeadersConfig: { HeaderBehavior: 'none' } }),
      }),
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ OriginRequestPolicyId: Match.absent(), AllowedMethods: ['GET', 'HEAD', 'OPTIONS'], CachedMethods: ['GET', 'HEAD'] }),
      }),
    });
    expect(cdn.originRequestPolicy).toBeUndefined();
    expect(JSON.stringify(t.toJSON())).not.toContain(CORS_S3_ORIGIN);
  });

  test('runs the generated function at viewer request and viewer response', () => {
    expect(events.sort()).toEqual(['viewer-request', 'viewer-response']);
  });

  test('answers a preflight from a listed origin at the edge as S3 would, and refuses another with S3\'s 403', () => {
    const preflight = (origin: string) => fn.viewerRequest({
      method: 'OPTIONS', uri: '/font.woff2', headers: eventHeaders({ 'origin': origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-trace-id' }),
    }).response!;
    expect(preflight('https://app.example.com').statusCode).toBe(200);
    expect(plainHeaders(preflight('https://app.example.com').headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'x-trace-id', 'access-control-max-age': '3000',
    });
    const refused = preflight('https://evil.example');
    expect(refused.statusCode).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('<Code>AccessForbidden</Code>');
    expect(plainHeaders(refused.headers)['access-control-allow-origin']).toBeUndefined();
  });

  test('adds the CORS headers and Vary to an object S3 served without them', () => {
    const request = { method: 'GET', uri: '/font.woff2', headers: eventHeaders({ origin: 'https://www.example.com' }) };
    expect(fn.viewerRequest(request).request).toEqual(request);
    const out = plainHeaders(fn.viewerResponse(request, { statusCode: 200, headers: eventHeaders({ 'content-type': 'font/woff2' }) }).headers);
    expect(out).toMatchObject({ 'access-control-allow-origin': 'https://www.example.com', 'vary': 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method' });
  });

  test('synthesizes with no warning', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('fails when the bucket\'s rules are unknown, naming corsMode and the fix', () => {
    const s = newStack();
    expect(() => new CloudFrontCorsDistribution(s, 'Cdn', { bucket: new s3.Bucket(s, 'Plain'), corsMode: DistributionCorsMode.EDGE }))
      .toThrow(/corsMode is DistributionCorsMode.EDGE, which answers CORS at the edge from the bucket's CORS rules, but they are unknown.*Pass corsConfiguration, or use corsMode: DistributionCorsMode.S3/);
  });

  test('fails when the generated function would exceed CloudFront\'s 10 KB, and passes just under it', () => {
    const origins = (n: number) => Array.from({ length: n }, (_, i) => CorsOrigin.https(`app-${String(i).padStart(3, '0')}.example.com`));
    const s = newStack();
    const many = new PublicAssetsBucket(s, 'Many', { allowedOrigins: origins(200) });
    expect(() => new CloudFrontCorsDistribution(s, 'Cdn', { bucket: many.bucket, corsMode: DistributionCorsMode.EDGE }))
      .toThrow(/corsMode is DistributionCorsMode.EDGE, but the function generated from the bucket's 1 CORS rule\(s\) is \d+ bytes and CloudFront allows 10240 \(10 KB.*CorsOrigin.subdomainsOf/);
    const fewer = new PublicAssetsBucket(s, 'Fewer', { allowedOrigins: origins(140) });
    expect(() => new CloudFrontCorsDistribution(s, 'Cdn2', { bucket: fewer.bucket, corsMode: DistributionCorsMode.EDGE })).not.toThrow();
  });
});

test('an empty domainNames needs no certificate (it names no domain)', () => {
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, domainNames: [] })).not.toThrow();
});

describe('the wildcard-origin warning (S3 mode)', () => {
  test('warns that a wildcard origin fragments the cache and points at edge mode; edge mode does not warn', () => {
    const stack = newStack();
    const tenants = new PublicAssetsBucket(stack, 'Tenants', { allowedOrigins: [CorsOrigin.subdomainsOf('example.com')] });
    new CloudFrontCorsDistribution(stack, 'S3Mode', { bucket: tenants.bucket });
    new CloudFrontCorsDistribution(stack, 'EdgeMode', { bucket: tenants.bucket, corsMode: DistributionCorsMode.EDGE });
    const a = Annotations.fromStack(stack);
    a.hasWarning('/Test/S3Mode', Match.stringLikeRegexp('"https://\\*\\.example\\.com".*one copy of every object.*per distinct Origin\\. Use corsMode: DistributionCorsMode\\.EDGE.*\\[ack: cdk-s3-cors:wildcard-origin-cache-fragmentation\\]'));
    a.hasNoWarning('/Test/EdgeMode', Match.anyValue());
  });
});

describe('CloudFrontCorsDistribution bad props', () => {
  test('fails when asked to serve an origin the bucket does not allow, naming both', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, allowedOrigins: [CorsOrigin.https('www.example.com'), CorsOrigin.https('example.com')] }))
      .toThrow(/allowedOrigins\[1\] "https:\/\/example.com" cannot GET through this distribution: the bucket Test\/Assets does not allow it \(No rule allows origin https:\/\/example.com.*\) Add it to the bucket's allowedOrigins/);
  });

  test('fails when fronting an upload-only bucket for reads', () => {
    const stack = newStack();
    const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: uploads.bucket, allowedOrigins: [CorsOrigin.https('app.example.com')] }))
      .toThrow(/cannot GET through this distribution: the bucket Test\/Uploads does not allow it \(rule 0 allows PUT, POST; GET is in no rule/);
  });

  test('warns when the bucket lets none of its origins read', () => {
    const stack = newStack();
    const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
    new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: uploads.bucket });
    Annotations.fromStack(stack).hasWarning('/Test/Cdn', Match.stringLikeRegexp('the bucket Test/Uploads lets none of its origins GET \\(its rule allows PUT, POST\\).*allowReads: true.*\\[ack: cdk-s3-cors:bucket-cors-disallows-reads\\]'));
    const readable = newStack();
    const withReads = new UploadBucket(readable, 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')], allowReads: true });
    new CloudFrontCorsDistribution(readable, 'Cdn', { bucket: withReads.bucket });
    Annotations.fromStack(readable).hasNoWarning('*', Match.anyValue());
  });

  test('a corsConfiguration with a rule lacking AllowedOrigins or AllowedMethods ([{}]) is reported, not a TypeError', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Plain');
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket, corsConfiguration: CorsConfiguration.fromJson('[{}]'), allowedOrigins: [CorsOrigin.https('a.example')] }))
      .toThrow(/allowedOrigins\[0\] "https:\/\/a.example" cannot GET through this distribution/);
    // S3 would refuse such a rule, so it is no description of a real bucket: an error, in edge mode too.
    expect(() => new CloudFrontCorsDistribution(stack, 'Edge', { bucket, corsConfiguration: CorsConfiguration.fromJson('[{}]'), corsMode: DistributionCorsMode.EDGE }))
      .toThrow(/corsConfiguration: rule 0 has no AllowedOrigins.*\n.*corsConfiguration: rule 0 has no AllowedMethods/);
  });

  test('fails for "*" against a bucket of listed origins, saying "any origin" rather than a made-up one', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    let message = '';
    try {
      new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, allowedOrigins: [CorsOrigin.ANY] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/allowedOrigins\[0\] "\*" cannot GET through this distribution: .*No rule allows origin any origin/);
    expect(message).not.toContain('any-origin.example');
  });

  test('fails when domain names come without a certificate', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY] });
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, domainNames: ['cdn.example.com'] })).toThrow(/domainNames \["cdn.example.com"\] needs certificate/);
  });

  test('fails when the described configuration has no rules', () => {
    const stack = newStack();
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: s3.Bucket.fromBucketName(stack, 'B', 'legacy-bucket'), corsConfiguration: CorsConfiguration.fromRules([]) })).toThrow(/has no rules/);
  });
});

describe('corsConfiguration is validated as the bucket constructs validate their rules', () => {
  const bucket = (stack: Stack) => s3.Bucket.fromBucketName(stack, 'B', 'legacy-bucket');
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  };

  test.each([
    ['OPTIONS as a method', '[{"AllowedMethods":["GET","OPTIONS"],"AllowedOrigins":["https://a.example"]}]', /corsConfiguration: rule 0 AllowedMethods\[1\] "OPTIONS" is not a method S3 accepts/],
    ['a lower-case method', '[{"AllowedMethods":["get"],"AllowedOrigins":["https://a.example"]}]', /corsConfiguration: rule 0 AllowedMethods\[0\] "get" .*write "GET"/],
    ['two wildcards in an origin', '[{"AllowedMethods":["GET"],"AllowedOrigins":["https://*.*.example.com"]}]', /corsConfiguration: rule 0 AllowedOrigins\[0\] .* has 2 "\*"/],
    ['a fractional max age', '[{"AllowedMethods":["GET"],"AllowedOrigins":["https://a.example"],"MaxAgeSeconds":1.5}]', /corsConfiguration: rule 0 MaxAgeSeconds .*1\.5.*Write 2/],
    ['a header name with a quote', '[{"AllowedMethods":["GET"],"AllowedOrigins":["https://a.example"],"AllowedHeaders":["x-\\"a"]}]', /corsConfiguration: rule 0 AllowedHeaders\[0\] "x-\\"a" is not a header name/],
    ['an origin with a trailing slash', '[{"AllowedMethods":["GET"],"AllowedOrigins":["https://a.example/"]}]', /corsConfiguration: rule 0 AllowedOrigins\[0\] "https:\/\/a.example\/" ends with "\/"/],
  ])('fails on %s, naming corsConfiguration and the rule, in both modes', (_name, json, expected) => {
    for (const corsMode of [DistributionCorsMode.S3, DistributionCorsMode.EDGE]) {
      const stack = newStack();
      expect(message(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: bucket(stack), corsConfiguration: CorsConfiguration.fromJson(json), corsMode }))).toMatch(expected);
      // Nothing was generated from the refused rules.
      expect(Object.keys(Template.fromStack(stack).findResources('AWS::CloudFront::Function'))).toHaveLength(0);
    }
  });

  test('fails on more than 100 rules', () => {
    const stack = newStack();
    const rules = Array.from({ length: 101 }, (_, i) => ({ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: [`https://o${i}.example.com`] }));
    expect(message(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: bucket(stack), corsConfiguration: CorsConfiguration.fromRules(rules) })))
      .toMatch(/corsConfiguration: configuration has 101 rules; S3 allows at most 100/);
  });

  test('warns, acknowledgeably, on what is legal but risky; a clean configuration raises nothing', () => {
    const stack = newStack();
    new CloudFrontCorsDistribution(stack, 'Cdn', {
      bucket: new s3.Bucket(stack, 'Plain'),
      corsConfiguration: CorsConfiguration.fromJson('[{"AllowedMethods":["GET"],"AllowedOrigins":["http://app.example.com"],"MaxAgeSeconds":10000}]'),
      corsMode: DistributionCorsMode.EDGE,
    });
    const a = Annotations.fromStack(stack);
    a.hasWarning('/Test/Cdn', Match.stringLikeRegexp('^corsConfiguration: rule 0 AllowedOrigins\\[0\\] "http://app.example.com" uses http://.*\\[ack: cdk-s3-cors:insecure-origin\\]'));
    a.hasWarning('/Test/Cdn', Match.stringLikeRegexp('^corsConfiguration: rule 0 MaxAgeSeconds is 10000.*\\[ack: cdk-s3-cors:max-age-above-chromium-cap\\]'));
    const clean = newStack();
    new CloudFrontCorsDistribution(clean, 'Cdn', {
      bucket: new s3.Bucket(clean, 'Plain'),
      corsConfiguration: CorsConfiguration.fromJson('[{"AllowedMethods":["GET"],"AllowedOrigins":["https://app.example.com"]}]'),
      corsMode: DistributionCorsMode.EDGE,
    });
    Annotations.fromStack(clean).hasNoWarning('*', Match.anyValue());
  });

  // Plain JavaScript can hand in a look-alike, replace a configuration's methods, or give rules whose getters answer
  // differently on each read. The distribution reads the rules once, copies them, and validates the copy itself.
  const GOOD = [{ allowedMethods: ['GET'], allowedOrigins: ['https://a.example.com'] }];
  const edgeWith = (stack: Stack, corsConfiguration: unknown) => new CloudFrontCorsDistribution(stack, 'Cdn', {
    bucket: new s3.Bucket(stack, 'Plain'), corsConfiguration: corsConfiguration as CorsConfiguration, corsMode: DistributionCorsMode.EDGE,
  });
  test.each<[string, (read: number) => unknown[]]>([
    ['an own map() on the rules array', () => Object.assign([...GOOD], { map: () => ['0]; globalThis.pwned = 1; var X = [0'] })],
    ['an own map() and join() on a list in a rule', () => [{ allowedMethods: Object.assign(['GET'], { join: () => '"];x();//' }), allowedOrigins: Object.assign(['https://a.example.com'], { map: () => ['"x"]}]; x(); //'] }) }]],
    ['rules that change after the first read', read => (read === 1 ? GOOD : [{ allowedMethods: ['GET'], allowedOrigins: ['https://evil.example', '"];x();//'] }])],
  ])('a look-alike corsConfiguration with %s: its rules are read once and the code is generated from that copy', (_name, rulesOn) => {
    const stack = newStack();
    let reads = 0;
    const fake = { evaluate: () => ({ allowed: true }), validate: () => [], get rules() { reads++; return rulesOn(reads); } };
    edgeWith(stack, fake);
    expect(reads).toBe(1);
    expect(functionCodeOf(stack)).toBe(edgeCorsFunctionCode(GOOD as s3.CorsRule[], 'cdk-s3-cors'));
  });

  test('a look-alike corsConfiguration is validated by the library, not by its own validate(); a configuration\'s replaced methods are not called', () => {
    const stack = newStack();
    const fake = { evaluate: () => ({ allowed: true }), validate: () => [], rules: [{ allowedMethods: ['OPTIONS', 'get'], allowedOrigins: ['https://*.*.com'] }] };
    expect(message(() => edgeWith(stack, fake))).toMatch(/corsConfiguration: rule 0 AllowedMethods\[0\] "OPTIONS" is not a method S3 accepts/);
    expect(message(() => edgeWith(newStack(), { evaluate: () => ({}), rules: 'x' })))
      .toMatch(/corsConfiguration is not a CorsConfiguration of this library, and its rules cannot be read as one: .*rules must be a list/);
    // A real configuration whose methods were replaced afterwards: its state is what counts.
    const real = CorsConfiguration.fromRules([{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['https://*.*.com'] }]);
    Object.defineProperty(real, 'rules', { get: () => GOOD });
    Object.assign(real, { validate: () => [] });
    expect(message(() => edgeWith(newStack(), real))).toMatch(/corsConfiguration: rule 0 AllowedOrigins\[0\] .* has 2 "\*"/);
  });

  test('the mark that names a bucket of this library\'s, set on any bucket, gets no trust: its rules are copied and validated', () => {
    const stack = newStack();
    const plain = new s3.Bucket(stack, 'Plain');
    let reads = 0;
    const configuration = { evaluate: () => ({ allowed: true }), validate: () => [], get rules() { reads++; return reads === 1 ? [{ allowedMethods: ['OPTIONS'], allowedOrigins: ['*'] }] : GOOD; } };
    (plain as unknown as Record<symbol, unknown>)[Symbol.for('cdk-s3-cors.CorsBucket')] = { configuration, origins: [], owner: plain };
    expect(message(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: plain, corsMode: DistributionCorsMode.EDGE })))
      .toMatch(/the CORS rules of bucket Test\/Plain do not pass validation \(.*"OPTIONS" is not a method S3 accepts/);
    expect(reads).toBe(1);
  });

  test('fails when corsConfiguration is given for a bucket of ours, whose own rules the distribution reads', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    expect(message(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, corsConfiguration: assets.corsConfiguration })))
      .toMatch(/corsConfiguration is given, but bucket is Test\/Assets's, whose CORS rules the distribution reads itself, so corsConfiguration would be ignored\. Remove corsConfiguration/);
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn2', { bucket: assets.bucket })).not.toThrow();
  });
});

/** The code of the one CloudFront Function in a template: a plain string, never an intrinsic. */
function functionCodeOf(stack: Stack): unknown {
  const functions = Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::Function'));
  expect(functions).toHaveLength(1);
  return functions[0].Properties.FunctionCode;
}

describe('edge mode refuses deploy-time values (tokens), which would be spliced into the code', () => {
  const error = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  };
  const FIX = 'Use literal values, or corsMode: DistributionCorsMode.S3';

  test('a CfnParameter origin in corsConfiguration fails, naming the prop and the way out; S3 mode keeps it as a deploy-time value', () => {
    const stack = newStack();
    const origin = new CfnParameter(stack, 'Origin').valueAsString;
    const corsConfiguration = CorsConfiguration.fromRules([{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['https://a.example', origin] }]);
    const bucket = s3.Bucket.fromBucketName(stack, 'B', 'legacy-bucket');
    expect(error(() => new CloudFrontCorsDistribution(stack, 'Edge', { bucket, corsConfiguration, corsMode: DistributionCorsMode.EDGE })))
      .toMatch(new RegExp(`corsConfiguration rule 0 AllowedOrigins\\[1\\] is a token \\(a value resolved only at synth or deploy\\): corsMode DistributionCorsMode.EDGE compiles the CORS rules into the CloudFront Function's code at synth.*${FIX}`));
    new CloudFrontCorsDistribution(stack, 'S3', { bucket, corsConfiguration });
    expect(typeof functionCodeOf(stack)).toBe('string');
  });

  test('a token origin in a bucket of ours fails in edge mode, naming the bucket and the rule', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.exact(Fn.importValue('AppOrigin'))] });
    expect(error(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, corsMode: DistributionCorsMode.EDGE })))
      .toMatch(new RegExp(`the CORS of bucket Test/Assets \\(from its props\\) rule 0 AllowedOrigins\\[0\\] is a token \\(a value resolved only at synth or deploy\\).*${FIX}`));
  });

  test('a token in the distribution\'s allowedOrigins fails in edge mode', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    const allowedOrigins = [CorsOrigin.https('www.example.com'), CorsOrigin.exact(new CfnParameter(stack, 'O').valueAsString)];
    expect(error(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, allowedOrigins, corsMode: DistributionCorsMode.EDGE })))
      .toMatch(/allowedOrigins\[1\] is a token \(a value resolved only at synth or deploy\)/);
    expect(() => new CloudFrontCorsDistribution(stack, 'S3', { bucket: assets.bucket, allowedOrigins })).not.toThrow();
    // S3 mode takes it, and says that it could not check it against the bucket (never a silent skip).
    Annotations.fromStack(stack).hasWarning('/Test/S3', Match.stringLikeRegexp('^allowedOrigins\\[1\\] is a token \\(known only at deploy\\), so the distribution cannot check at synth that the bucket Test/Assets lets it through\\..*cdk-s3-cors probe .*\\[ack: cdk-s3-cors:origin-not-checked\\]'));
    expect(Annotations.fromStack(stack).findWarning('/Test/S3', Match.stringLikeRegexp('allowedOrigins\\[0\\]'))).toEqual([]);
  });

  test('several token origins in S3 mode are named together, in the plural', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    const allowedOrigins = [CorsOrigin.exact(new CfnParameter(stack, 'A').valueAsString), CorsOrigin.https('www.example.com'), CorsOrigin.exact(new CfnParameter(stack, 'B').valueAsString)];
    new CloudFrontCorsDistribution(stack, 'S3', { bucket: assets.bucket, allowedOrigins });
    Annotations.fromStack(stack).hasWarning('/Test/S3', Match.stringLikeRegexp('^allowedOrigins\\[0\\], allowedOrigins\\[2\\] are tokens \\(known only at deploy\\), so the distribution cannot check at synth that the bucket Test/Assets lets them through\\.'));
  });

  test('literal origins in S3 mode raise no origin-not-checked warning', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, allowedOrigins: [CorsOrigin.https('www.example.com')] });
    expect(Annotations.fromStack(stack).findWarning('/Test/Cdn', Match.stringLikeRegexp('origin-not-checked'))).toEqual([]);
  });

  test('a number token written into a string is refused in edge mode wherever it reaches the code; S3 mode resolves it at deploy', () => {
    // `x-${Token.asNumber(p)}` is text like "x--1.8881545897087626e+289": no "Token[" marker, Token.isUnresolved
    // says no, yet CDK's resolver turns it into an Fn::Join with a Ref, which would splice the value into the code.
    const cases: Array<[string, (stack: Stack, n: string) => Record<string, unknown>, string]> = [
      ['an exposed header', (_s, n) => ({ allowedOrigins: [CorsOrigin.https('app.example.com')], exposedHeaders: [`x-build-${n}`] }), 'rule 0 ExposeHeaders[0]'],
      ['an origin host', (_s, n) => ({ allowedOrigins: [CorsOrigin.exact(`https://b${n}.example.com`)] }), 'rule 0 AllowedOrigins[0]'],
      ['an allowed header', (_s, n) => ({ allowedOrigins: [CorsOrigin.https('app.example.com')], allowedHeaders: [`x-${n}`] }), 'rule 0 AllowedHeaders[0]'],
    ];
    for (const [name, props, place] of cases) {
      const stack = newStack();
      const n = String(Token.asNumber(new CfnParameter(stack, 'Build').valueAsString));
      const assets = new PublicAssetsBucket(stack, 'Assets', props(stack, n) as never);
      expect([name, error(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, corsMode: DistributionCorsMode.EDGE }))])
        .toEqual([name, expect.stringContaining(`${place} is a token (a value resolved only at synth or deploy)`)]);
      new CloudFrontCorsDistribution(stack, 'S3', { bucket: assets.bucket });
      expect(typeof functionCodeOf(stack)).toBe('string');
    }
    const stack = newStack();
    const n = Token.asNumber(new CfnParameter(stack, 'Build').valueAsString);
    const corsConfiguration = CorsConfiguration.fromJson(JSON.stringify([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example.com'], ExposeHeaders: [`x-${n}`] }]));
    expect(error(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: s3.Bucket.fromBucketName(stack, 'B', 'legacy'), corsConfiguration, corsMode: DistributionCorsMode.EDGE })))
      .toContain('corsConfiguration rule 0 ExposeHeaders[0] is a token');
  });

  test.each<[string, (stack: Stack) => string]>([
    ['a token', stack => new CfnParameter(stack, 'Leak').valueAsString],
    ['a dynamic reference', () => '{{resolve:ssm:leak}}'],
  ])('whatever the checks miss, code holding %s (which would not deploy as generated) is refused', (_name, leak) => {
    const stack = newStack();
    const text = leak(stack);
    const real = generator.edgeCorsFunctionCode;
    const spy = jest.spyOn(generator, 'edgeCorsFunctionCode').mockImplementation((rules, name) => `${real(rules, name)}// ${text}\n`);
    try {
      const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
      expect(error(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, corsMode: DistributionCorsMode.EDGE })))
        .toMatch(/the CloudFront Function's code generated from the CORS rules would contain a token .*or a dynamic reference .*corsMode: DistributionCorsMode.S3/);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test.each([
    '*.example.{{resolve:ssm:cors-origin}}', 'https://{{resolve:ssm:cors-origin}}:*', '*{{resolve:ssm:/cors/origin}}',
    '*{{resolve:secretsmanager:cors:SecretString:origin}}', '*.{{resolve:ssm-secure:cors-origin}}',
  ])('a CloudFormation dynamic reference in an origin (%s) is refused in edge mode, naming the prop; S3 mode keeps it for CloudFormation', origin => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.exact(origin)] });
    expect(error(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, corsMode: DistributionCorsMode.EDGE })))
      .toContain(`the CORS of bucket Test/Assets (from its props) rule 0 AllowedOrigins[0] ${JSON.stringify(origin)} holds a CloudFormation dynamic reference ({{resolve:...}})`);
    const corsConfiguration = CorsConfiguration.fromRules([{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['https://a.example.com', origin] }]);
    expect(error(() => new CloudFrontCorsDistribution(stack, 'Cdn2', { bucket: s3.Bucket.fromBucketName(stack, 'B', 'legacy'), corsConfiguration, corsMode: DistributionCorsMode.EDGE })))
      .toMatch(/corsConfiguration rule 0 AllowedOrigins\[1\] .* holds a CloudFormation dynamic reference .*Write the value itself, or use corsMode: DistributionCorsMode.S3/);
    new CloudFrontCorsDistribution(stack, 'S3', { bucket: assets.bucket });
    expect(functionCodeOf(stack)).not.toContain('resolve:');
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: [origin] })] } });
  });

  // Every way a token can reach a value the function's code is generated from.
  type TokenKind = 'parameter' | 'importValue' | 'numberParameter' | 'listParameter' | 'joined' | 'numberInString';
  function token(stack: Stack, kind: TokenKind, n: number): unknown {
    switch (kind) {
      case 'parameter': return new CfnParameter(stack, `P${n}`).valueAsString;
      case 'importValue': return Fn.importValue(`Export${n}`);
      case 'joined': return `https://${new CfnParameter(stack, `P${n}`).valueAsString}.example.com`;
      case 'numberParameter': return Token.asNumber(new CfnParameter(stack, `P${n}`, { type: 'Number' }));
      case 'listParameter': return new CfnParameter(stack, `P${n}`, { type: 'CommaDelimitedList' }).valueAsList;
      // No "Token[" marker, and Token.isUnresolved says no; the resolver still replaces it inside the string.
      case 'numberInString': return `https://b${Token.asNumber(new CfnParameter(stack, `P${n}`).valueAsString)}.example.com`;
    }
  }
  const FIELDS = [['allowedOrigins', 'AllowedOrigins'], ['allowedMethods', 'AllowedMethods'], ['allowedHeaders', 'AllowedHeaders'], ['exposedHeaders', 'ExposeHeaders'], ['maxAge', 'MaxAgeSeconds']] as const;

  test('generated: a token of any kind, in any field of any rule, in an item or as the whole list, is refused by name', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }), fc.nat(), fc.constantFrom(...FIELDS), fc.constantFrom<TokenKind>('parameter', 'importValue', 'joined', 'listParameter', 'numberInString'), fc.nat(),
      (ruleCount, ruleSeed, [prop, field], stringKind, itemSeed) => {
        // A number token where a number goes (maxAge), a string or list token elsewhere.
        const kind = prop === 'maxAge' ? 'numberParameter' : stringKind;
        const stack = newStack();
        const rules: Array<Record<string, unknown>> = Array.from({ length: ruleCount }, (_, i) => ({
          allowedMethods: ['GET', 'HEAD'], allowedOrigins: [`https://o${i}.example.com`, `https://p${i}.example.com`], allowedHeaders: ['x-a', 'x-b'], exposedHeaders: ['ETag', 'x-amz-request-id'], maxAge: 600,
        }));
        const i = ruleSeed % ruleCount;
        const t = token(stack, kind, 0);
        let expected: string;
        if (prop === 'maxAge' || kind === 'listParameter') {
          rules[i][prop] = t;
          expected = `corsConfiguration rule ${i} ${field} is a token (a value resolved only at synth or deploy)`;
        } else {
          const k = itemSeed % 2;
          (rules[i][prop] as unknown[])[k] = t;
          expected = `corsConfiguration rule ${i} ${field}[${k}] is a token (a value resolved only at synth or deploy)`;
        }
        const corsConfiguration = CorsConfiguration.fromRules(rules as unknown as s3.CorsRule[]);
        const bucket = s3.Bucket.fromBucketName(stack, 'B', 'legacy-bucket');
        const message = error(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket, corsConfiguration, corsMode: DistributionCorsMode.EDGE }));
        expect(message).toContain(expected);
        expect(message).toContain(FIX);
        // S3 mode takes the same rules; its code is generated from none of them. The template's one function
        // (the refused edge distribution made none) is a plain string with no intrinsic.
        new CloudFrontCorsDistribution(stack, 'S3', { bucket, corsConfiguration });
        const code = functionCodeOf(stack);
        expect(typeof code).toBe('string');
        expect(JSON.stringify(code)).not.toMatch(/Fn::|"Ref"|\$\{Token\[/);
      }), runs(60, 20));
  });
});

describe('the 10 KB limit measures the code that is deployed', () => {
  // Origins up to the byte: the last one is padded so the code is exactly `target` bytes.
  function rulesOfSize(target: number): s3.CorsRule[] {
    const rules = (origins: string[]): s3.CorsRule[] => [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: origins }];
    const origins: string[] = [];
    const size = (o: string[]) => Buffer.byteLength(edgeCorsFunctionCode(rules(o), 'cdk-s3-cors'), 'utf8');
    while (size([...origins, 'https://next-000.example.com']) < target - 60) origins.push(`https://o${String(origins.length).padStart(3, '0')}.example.com`);
    const base = size([...origins, 'https://x.example.com']);
    return rules([...origins, `https://${'x'.repeat(1 + target - base)}.example.com`]);
  }

  test('exactly 10240 bytes deploy, as those very bytes; one more byte is refused', () => {
    const stack = newStack();
    const corsConfiguration = CorsConfiguration.fromRules(rulesOfSize(FUNCTION_CODE_LIMIT_BYTES));
    new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: s3.Bucket.fromBucketName(stack, 'B', 'legacy-bucket'), corsConfiguration, corsMode: DistributionCorsMode.EDGE });
    const code = functionCodeOf(stack);
    expect(typeof code).toBe('string');
    expect(Buffer.byteLength(code as string, 'utf8')).toBe(10240);

    const over = newStack();
    expect(() => new CloudFrontCorsDistribution(over, 'Cdn', {
      bucket: s3.Bucket.fromBucketName(over, 'B', 'legacy-bucket'), corsConfiguration: CorsConfiguration.fromRules(rulesOfSize(FUNCTION_CODE_LIMIT_BYTES + 1)), corsMode: DistributionCorsMode.EDGE,
    })).toThrow(/is 10241 bytes and CloudFront allows 10240/);
  });
});

describe('snapshots', () => {
  test('minimal', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY] });
    new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });

  test('maximal', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')], developmentOrigins: [CorsOrigin.localhost(3000)] });
    new CloudFrontCorsDistribution(stack, 'Cdn', {
      bucket: assets.bucket,
      allowedOrigins: [CorsOrigin.https('www.example.com')],
      domainNames: ['cdn.example.com'],
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc'),
      logBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'cdn-logs'),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      defaultTtl: Duration.hours(6),
      webAclId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/x/y',
      comment: 'assets',
    });
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});
