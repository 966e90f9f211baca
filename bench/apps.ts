// The two apps the benchmark compares: N of each construct, and the same
// resources written by hand with plain aws-cdk-lib (same buckets, CORS rules,
// policies and distribution settings), so the difference is the library's cost.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudFrontCorsDistribution, CorsOrigin, PublicAssetsBucket, UploadBucket } from '../lib';

// What a careful author would write by hand for the Vary fix: the same CloudFront
// Function code the library generates, written once as a literal and attached to
// every distribution (bench/like-for-like.ts checks the templates agree).
const VARY_CODE = `// cdk-s3-cors: adds "Vary: Origin" to every response (S3 sends Vary only when a CORS rule
// matched), so a browser never answers fetch() or <img crossorigin> from a copy it cached for
// a plain <img>, <script> or <link>. Generated at synth: edits are overwritten.
function addVary(headers, names) {
  var current = headers.vary ? headers.vary.value : '';
  if (current.trim() === '*') return;
  var have = current.toLowerCase().split(',').map(function (n) { return n.trim(); });
  var missing = names.split(', ').filter(function (n) { return have.indexOf(n.toLowerCase()) < 0; });
  if (missing.length === 0) return;
  headers.vary = { value: current.trim() === '' ? missing.join(', ') : current + ', ' + missing.join(', ') };
}

function handler(event) {
  addVary(event.response.headers, 'Origin');
  return event.response;
}
`;

export const COUNT = 50;

function secureBucket(scope: Stack, id: string, cors: s3.CorsRule[], lifecycleRules?: s3.LifecycleRule[]): s3.Bucket {
  return new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    encryption: s3.BucketEncryption.S3_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
    cors,
    lifecycleRules,
  });
}

export function buildOurs(stack: Stack, count = COUNT): void {
  for (let i = 0; i < count; i++) {
    const assets = new PublicAssetsBucket(stack, `Assets${i}`, { allowedOrigins: [CorsOrigin.https(`site${i}.example.com`)], developmentOrigins: [CorsOrigin.localhost(3000)] });
    new CloudFrontCorsDistribution(stack, `Cdn${i}`, { bucket: assets.bucket });
    new UploadBucket(stack, `Uploads${i}`, { allowedOrigins: [CorsOrigin.https(`app${i}.example.com`)] });
  }
}

export function buildByHand(stack: Stack, count = COUNT): void {
  for (let i = 0; i < count; i++) {
    const assets = secureBucket(stack, `Assets${i}`, [{
      allowedHeaders: ['*'],
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
      allowedOrigins: [`https://site${i}.example.com`, 'http://localhost:3000'],
      exposedHeaders: [],
      maxAge: 3000,
    }]);
    const cachePolicy = new cloudfront.CachePolicy(stack, `CachePolicy${i}`, {
      comment: 'Keys the cache on Origin and Access-Control-Request-* so each origin gets its own CORS answer',
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      defaultTtl: Duration.days(1),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
    });
    const logs = new s3.Bucket(stack, `Logs${i}`, {
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const vary = new cloudfront.Function(stack, `Vary${i}`, {
      code: cloudfront.FunctionCode.fromInline(VARY_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'cdk-s3-cors: adds Vary: Origin to every response',
    });
    new cloudfront.Distribution(stack, `Cdn${i}`, {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(assets),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy,
        originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
        functionAssociations: [{ eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE, function: vary }],
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      errorResponses: [400, 403].map(httpStatus => ({ httpStatus, ttl: Duration.seconds(0) })),
    });
    secureBucket(stack, `Uploads${i}`, [{
      allowedHeaders: ['Content-Type', 'Content-MD5', 'Content-Disposition', 'Cache-Control', 'x-amz-*'],
      allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST],
      allowedOrigins: [`https://app${i}.example.com`],
      exposedHeaders: ['ETag', 'x-amz-server-side-encryption', 'x-amz-version-id', 'x-amz-request-id', 'x-amz-id-2'],
      maxAge: 3000,
    }], [{ id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }]);
  }
}

/**
 * Builds and synthesizes one app; returns the wall-clock milliseconds it took,
 * the CPU milliseconds this process spent on it (user + system, which other
 * processes on a busy machine disturb less than the wall clock) and the
 * template's resource counts.
 */
export function synthOnce(variant: 'ours' | 'hand'): { ms: number; cpuMs: number; resources: Record<string, number> } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-bench-'));
  try {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bench');
    (variant === 'ours' ? buildOurs : buildByHand)(stack);
    const assembly = app.synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const template = assembly.getStackByName('Bench').template as { Resources: Record<string, { Type: string }> };
    const resources: Record<string, number> = {};
    for (const r of Object.values(template.Resources)) resources[r.Type] = (resources[r.Type] ?? 0) + 1;
    return { ms, cpuMs, resources };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
