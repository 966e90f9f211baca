// S3CorsChecks registered the documented way, on the aws-cdk-lib under test
// ($CDK_LIB_VERSION in CI's second pass): it must report a plain misconfigured
// stack (a plugin that silently does not run is a defect), honour per-resource
// acknowledgements, and find nothing in the library's own constructs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ALLOW_ORIGIN_HEADER, BROKEN, DYNAMIC_HEADERS, INDEX_REWRITE, PREFLIGHT_ANSWER, SECURITY_HEADERS } from './user-functions';
import { CloudFrontCorsDistribution, CorsOrigin, DistributionCorsMode, PublicAssetsBucket, S3CorsChecks, UploadBucket } from '../../src';

interface Violation { ruleName: string; severity: string; description: string; violatingConstructs: Array<{ constructPath: string }> }

/** Synthesizes an app with the plugin and returns the violations of its report. */
function violations(build: (stack: Stack) => void): Violation[] {
  return pluginReport(build).violations;
}

/** Synthesizes an app with the plugin and returns its report: violations, and the info lines in its metadata. */
function pluginReport(build: (stack: Stack) => void): { violations: Violation[]; metadata?: { skipped?: string } } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-checks-'));
  const exitCode = process.exitCode;
  const quiet = [jest.spyOn(console, 'log').mockImplementation(() => {}), jest.spyOn(console, 'error').mockImplementation(() => {})];
  try {
    const app = new App({ outdir });
    Validations.of(app).addPlugins(new S3CorsChecks());
    build(new Stack(app, 'Web'));
    try {
      app.synth();
    } catch (e) {
      expect((e as Error).message).toMatch(/validation-report\.json/);
    }
    // aws-cdk-lib writes a plugin's report only when it has violations: a test expecting none of ours needs a sentinel.
    const report = path.join(outdir, 'validation-report.json');
    expect(fs.existsSync(report)).toBe(true);
    const plugin = JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports.find((r: { pluginName: string }) => r.pluginName === 'S3CorsChecks');
    expect(plugin).toBeDefined();
    return plugin;
  } finally {
    quiet.forEach(q => q.mockRestore());
    process.exitCode = exitCode;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** "rule constructPath" for each violation of the plugin's report. */
function findings(build: (stack: Stack) => void): string[] {
  return violations(build).flatMap(v => v.violatingConstructs.map(c => `${v.ruleName} ${c.constructPath}`)).sort();
}

/** The setup of many public reports: the managed CachingOptimized with CORS-S3Origin in front of a CORS bucket. */
function plainSetup(stack: Stack, id = 'Site', origin = 'https://app.example.com/') {
  const bucket = new s3.Bucket(stack, `${id}Bucket`, { cors: [{ allowedOrigins: [origin], allowedMethods: [s3.HttpMethods.GET] }] });
  return new cloudfront.Distribution(stack, `${id}Cdn`, {
    defaultBehavior: {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
    },
  });
}

test('a plain aws-cdk-lib stack is reported, each finding on its resource', () => {
  expect(findings(stack => plainSetup(stack))).toEqual([
    'cdk-s3-cors:distribution-browser-cache-hazard Web/SiteCdn/Resource',
    'cdk-s3-cors:distribution-origin-not-in-cache-key Web/SiteCdn/Resource',
    'cdk-s3-cors:origin-trailing-slash Web/SiteBucket/Resource',
  ]);
});

test('an escape hatch is seen: the check reads the template, not the constructs', () => {
  const found = findings(stack => {
    const bucket = new s3.Bucket(stack, 'Raw');
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('CorsConfiguration', { CorsRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }] });
  });
  expect(found).toEqual(['cdk-s3-cors:wildcard-origin-write Web/Raw/Resource']);
});

test('an acknowledgement clears the finding on that resource only', () => {
  const found = findings(stack => {
    const acknowledged = plainSetup(stack, 'One', 'https://app.example.com');
    plainSetup(stack, 'Two', 'https://app.example.com');
    Validations.of(acknowledged).acknowledge({ id: 'cdk-s3-cors:distribution-browser-cache-hazard', reason: 'Assets are only ever loaded with fetch().' });
  });
  expect(found).toEqual([
    'cdk-s3-cors:distribution-browser-cache-hazard Web/TwoCdn/Resource',
    'cdk-s3-cors:distribution-origin-not-in-cache-key Web/OneCdn/Resource',
    'cdk-s3-cors:distribution-origin-not-in-cache-key Web/TwoCdn/Resource',
  ]);
});

test('the library\'s own constructs pass with no findings, in both distribution modes', () => {
  const found = findings(stack => {
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
    new CloudFrontCorsDistribution(stack, 'EdgeCdn', { bucket: assets.bucket, corsMode: DistributionCorsMode.EDGE });
    const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
    new CloudFrontCorsDistribution(stack, 'UploadCdn', { bucket: uploads.bucket });
    // The sentinel: proves the plugin ran on this stack.
    new s3.Bucket(stack, 'Sentinel', { cors: [{ allowedOrigins: ['https://app.example.com/'], allowedMethods: [s3.HttpMethods.GET] }] });
  });
  expect(found).toContain('cdk-s3-cors:origin-trailing-slash Web/Sentinel/Resource');
  expect(found.filter(f => !f.includes('Web/Sentinel/'))).toEqual([]);
});

test('the plugin has a name, a version and its rule ids, and needs no arguments', () => {
  const plugin = new S3CorsChecks();
  expect(plugin.name).toBe('S3CorsChecks');
  expect(plugin.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(plugin.ruleIds).toContain('cdk-s3-cors:distribution-origin-not-in-cache-key');
});

test('S3CorsChecks: AllowedHeaders ["*"] on a GET rule behind a GET/HEAD behaviour is a warning, not an error (issue 19)', () => {
  const found = violations(stack => {
    const bucket = new s3.Bucket(stack, 'Media', { cors: [{ allowedOrigins: ['https://app.example.com'], allowedMethods: [s3.HttpMethods.GET], allowedHeaders: ['*'] }] });
    new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        cachePolicy: new cloudfront.CachePolicy(stack, 'Key', { headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers') }),
      },
    });
  });
  expect(found.map(v => `${v.severity} ${v.ruleName}`).sort()).toEqual([
    'warning cdk-s3-cors:distribution-browser-cache-hazard',
    'warning cdk-s3-cors:distribution-options-not-allowed',
  ]);
});

test('S3CorsChecks: "http*" is an origin that lets every site in, not one without a scheme (issue 19)', () => {
  const found = violations(stack => {
    new s3.Bucket(stack, 'Shared', { cors: [{ allowedOrigins: ['http*'], allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT] }] });
  });
  expect(found.map(v => `${v.severity} ${v.ruleName}`).sort()).toEqual([
    'warning cdk-s3-cors:origin-matches-any-site',
    'warning cdk-s3-cors:wildcard-origin-write',
  ]);
  expect(found.find(v => v.ruleName === 'cdk-s3-cors:origin-matches-any-site')!.description).toMatch(/"http\*"/);
});

test('S3CorsChecks: a response headers policy answers CORS (issue 19): no cache-key error where it overrides, a warning where it disagrees with the bucket', () => {
  const withPolicy = (policy: (stack: Stack) => cloudfront.IResponseHeadersPolicy) => findings(stack => {
    const bucket = new s3.Bucket(stack, 'SiteBucket', { cors: [{ allowedOrigins: ['https://app.example.com'], allowedMethods: [s3.HttpMethods.GET] }] });
    new cloudfront.Distribution(stack, 'SiteCdn', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
        responseHeadersPolicy: policy(stack),
      },
    });
  });
  // OriginOverride true, the bucket's own origin: the policy answers every cached copy right.
  expect(withPolicy(stack => new cloudfront.ResponseHeadersPolicy(stack, 'Cors', {
    corsBehavior: { accessControlAllowCredentials: false, accessControlAllowHeaders: ['*'], accessControlAllowMethods: ['GET', 'HEAD'], accessControlAllowOrigins: ['https://app.example.com'], originOverride: true },
  }))).toEqual(['cdk-s3-cors:distribution-browser-cache-hazard Web/SiteCdn/Resource']);
  // The managed CORS-With-Preflight: "*" without OriginOverride, so S3's cached header still wins, and the bucket's list protects nothing.
  expect(withPolicy(() => cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_WITH_PREFLIGHT)).toEqual([
    'cdk-s3-cors:distribution-browser-cache-hazard Web/SiteCdn/Resource',
    'cdk-s3-cors:distribution-origin-not-in-cache-key Web/SiteCdn/Resource',
    'cdk-s3-cors:distribution-response-policy-cors Web/SiteCdn/Resource',
  ]);
});

test('S3CorsChecks: a single-page app\'s 403 -> 200 /index.html is told as what the browser gets, with the error caching TTL (issue 19)', () => {
  const found = violations(stack => {
    const bucket = new s3.Bucket(stack, 'App', { cors: [{ allowedOrigins: ['https://app.example.com'], allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT], allowedHeaders: ['Authorization'] }] });
    new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: new cloudfront.CachePolicy(stack, 'Key', { headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers') }),
      },
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(300) }],
    });
  });
  const refused = found.filter(v => v.ruleName === 'cdk-s3-cors:distribution-refused-preflight-cached');
  expect(refused).toHaveLength(1);
  expect(refused[0].severity).toBe('warning');
  expect(refused[0].description).toContain('CustomErrorResponses turn a 403 into 200 "/index.html", so a preflight S3 refuses is answered 200 with that page and no Access-Control-Allow-* headers.');
  expect(refused[0].description).toContain('CloudFront caches that answer for 300 s (ErrorCachingMinTTL)');
});

describe('S3CorsChecks: users\' CloudFront Functions and Lambda@Edge are judged by their parsed code (issue 19)', () => {
  /** CachingOptimized without an origin request policy in front of a CORS bucket: broken unless the edge answers CORS. */
  const withFunctions = (request: string | undefined, response: string | undefined, edgeLambda = false) => pluginReport(stack => {
    const bucket = new s3.Bucket(stack, 'SiteBucket', { cors: [{ allowedOrigins: ['https://app.example.com'], allowedMethods: [s3.HttpMethods.GET] }] });
    const fn = (id: string, code: string | undefined, eventType: cloudfront.FunctionEventType) => (code === undefined ? [] : [{
      eventType,
      function: new cloudfront.Function(stack, id, { code: cloudfront.FunctionCode.fromInline(code), runtime: cloudfront.FunctionRuntime.JS_2_0 }),
    }]);
    new cloudfront.Distribution(stack, 'SiteCdn', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [...fn('Request', request, cloudfront.FunctionEventType.VIEWER_REQUEST), ...fn('Response', response, cloudfront.FunctionEventType.VIEWER_RESPONSE)],
        edgeLambdas: edgeLambda ? [{
          eventType: cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE,
          functionVersion: lambda.Version.fromVersionArn(stack, 'CorsEdge', 'arn:aws:lambda:us-east-1:123456789012:function:cors-edge:3'),
        }] : undefined,
      },
    });
    // The sentinel: a report is written (and so read) even where the behaviour has no violation.
    new s3.Bucket(stack, 'Sentinel', { cors: [{ allowedOrigins: ['https://app.example.com/'], allowedMethods: [s3.HttpMethods.GET] }] });
  });
  const found = (r: ReturnType<typeof pluginReport>) => r.violations.filter(v => v.ruleName !== 'cdk-s3-cors:origin-trailing-slash').map(v => `${v.severity} ${v.ruleName}`).sort();
  const info = (r: ReturnType<typeof pluginReport>) => (r.metadata?.skipped ?? '').split('\n').filter(l => l.includes('distribution-function-not-understood') || l.includes('cannot tell'));

  test('an index rewrite and a security-headers function that only talk about CORS in comments: the errors stand', () => {
    const r = withFunctions(INDEX_REWRITE, SECURITY_HEADERS);
    expect(found(r)).toEqual([
      'error cdk-s3-cors:distribution-cors-headers-not-forwarded',
      'warning cdk-s3-cors:distribution-options-not-cached',
    ]);
    expect(info(r)).toEqual([]);
  });

  test('a pair that answers preflights and writes Access-Control-Allow-Origin: no forwarding, cache-key or OPTIONS finding', () => {
    const r = withFunctions(PREFLIGHT_ANSWER, ALLOW_ORIGIN_HEADER);
    expect(found(r)).toEqual([]);
    expect(info(r)).toEqual([]);
  });

  test('code it cannot follow: one info line naming the function, no error from the checks it switched off', () => {
    for (const [request, response, why] of [
      [PREFLIGHT_ANSWER, DYNAMIC_HEADERS, 'it writes a key it computes at run time'],
      [BROKEN, ALLOW_ORIGIN_HEADER, 'it does not parse as JavaScript'],
    ] as const) {
      const r = withFunctions(request, response);
      expect(found(r)).toEqual([]);
      const lines = info(r);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('cannot tell whether the functions at the edge answer CORS in place of S3: the CloudFront Function ');
      expect(lines[0]).toContain(why);
      expect(lines[0]).toContain('were not run for this behaviour: check it once deployed with `cdk-s3-cors probe <url> --origin <origin>`');
    }
  });

  test('a Lambda@Edge association: one info line naming its ARN', () => {
    const r = withFunctions(undefined, undefined, true);
    expect(found(r)).toEqual([]);
    const lines = info(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the Lambda@Edge function "arn:aws:lambda:us-east-1:123456789012:function:cors-edge:3" (origin-response): the code of a Lambda@Edge function is never in the template');
  });
});
