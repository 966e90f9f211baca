// Proof in a real browser: headless Chromium loads pages from local origins
// and calls fetch() against a local S3 endpoint that carries the CORS rules
// the constructs synthesized (read back from the CloudFormation template).
import { CreateMultipartUploadCommand, CompleteMultipartUploadCommand, GetObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Bucket, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { CloudFrontCorsDistribution, CorsConfiguration, CorsOrigin, PublicAssetsBucket, UploadBucket } from '../../src';
import { FetchResult, startPageServer, TestBrowser } from './harness/browser';
import { CloudFrontStandIn, distributionSettings, startCloudFrontStandIn } from '../../standins/cloudfront-standin';
import { S3Endpoint, startS3Endpoint } from '../../standins/s3-endpoint';
import { synthesize, Synthesized } from '../../standins/synth';

jest.setTimeout(60_000);

let pageA: Awaited<ReturnType<typeof startPageServer>>;
let pageB: Awaited<ReturnType<typeof startPageServer>>;
let pageC: Awaited<ReturnType<typeof startPageServer>>;
let A: string; // the web app: http://127.0.0.1:<a>
let B: string; // a second allowed site: http://127.0.0.1:<b>
let C: string; // an origin nobody listed: http://127.0.0.1:<c>
let LOCALHOST_A: string; // same port as A, but "localhost": a different origin
let synth: Synthesized;
let s3: S3Endpoint;
let cdn: CloudFrontStandIn;
let commonSetup: CloudFrontStandIn;
let browser: TestBrowser;
const roundTrips: Array<{ operation: string; preflights: number; requests: number }> = [];

beforeAll(async () => {
  [pageA, pageB, pageC] = await Promise.all([startPageServer(), startPageServer(), startPageServer()]);
  A = `http://127.0.0.1:${pageA.port}`;
  B = `http://127.0.0.1:${pageB.port}`;
  C = `http://127.0.0.1:${pageC.port}`;
  LOCALHOST_A = `http://localhost:${pageA.port}`;

  synth = synthesize((stack: Stack) => {
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.localhost(pageA.port, '127.0.0.1'), CorsOrigin.localhost(pageB.port, '127.0.0.1')] });
    new PublicAssetsBucket(stack, 'PublicAny', { allowedOrigins: [CorsOrigin.ANY] });
    new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.localhost(pageA.port, '127.0.0.1')] });
    new Bucket(stack, 'NoCors');
    new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
    // The common setup people write by hand: CORS-S3Origin, but the managed CachingOptimized.
    new cloudfront.Distribution(stack, 'CommonSetup', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(assets.bucket),
        originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      },
    });
  });

  s3 = await startS3Endpoint({
    'assets': synth.bucketCors('Assets/Resource/Resource'),
    'public-any': synth.bucketCors('PublicAny/Resource/Resource'),
    'uploads': synth.bucketCors('Uploads/Resource/Resource'),
    'no-cors': synth.bucketCors('NoCors/Resource'),
    // The trailing-slash mistake, which the constructs refuse at synth; here it reaches S3 anyway.
    'trailing-slash': CorsConfiguration.fromRules([{ allowedMethods: [HttpMethods.GET], allowedOrigins: [`${A}/`] }]),
  });
  for (const bucket of ['assets', 'public-any', 'no-cors', 'trailing-slash']) {
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt', Body: `hello from ${bucket}`, ContentType: 'text/plain' }));
  }
  cdn = await startCloudFrontStandIn(distributionSettings(synth.template, synth.logicalId('Cdn/Resource/Resource')), s3.url, 'assets');
  commonSetup = await startCloudFrontStandIn(distributionSettings(synth.template, synth.logicalId('CommonSetup/Resource')), s3.url, 'assets');
  browser = await TestBrowser.launch();
  s3.log.length = 0;
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([cdn?.close(), commonSetup?.close(), s3?.close(), pageA?.close(), pageB?.close(), pageC?.close()]);
  if (roundTrips.length > 0) {
    const width = Math.max(...roundTrips.map(r => r.operation.length));
    console.log(['Browser round trips to S3 per operation (measured at the endpoint):',
      ...roundTrips.map(r => `  ${r.operation.padEnd(width)}  preflights: ${r.preflights}  requests: ${r.requests}`)].join('\n'));
  }
});

/** Runs an operation and records how many preflights and actual requests reached S3. */
async function measured<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  const start = s3.log.length;
  const result = await fn();
  const seen = s3.log.slice(start);
  roundTrips.push({ operation, preflights: seen.filter(r => r.method === 'OPTIONS').length, requests: seen.filter(r => r.method !== 'OPTIONS').length });
  return result;
}

function expectBlocked(r: FetchResult) {
  expect(r.ok).toBe(false);
  expect(r.error).toMatch(/TypeError: Failed to fetch/);
}

// The SDK's generic Command types do not narrow through a helper; each call passes a real command.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function presign(command: any): Promise<string> {
  return getSignedUrl(s3.client, command, { expiresIn: 300 });
}

describe('read-only assets bucket (PublicAssetsBucket, origins A and B)', () => {
  test('a GET from a listed origin is let through and the body is readable', async () => {
    const r = await measured('read (simple GET)', () => browser.fetch(A, `${s3.url}/assets/hello.txt`));
    expect(r).toMatchObject({ ok: true, status: 200, body: 'hello from assets' });
  });

  test('a GET with a non-safelisted header is preflighted and let through (AllowedHeaders *)', async () => {
    const r = await measured('read with a custom header (GET)', () => browser.fetch(A, `${s3.url}/assets/hello.txt`, { headers: { 'x-trace-id': 'abc' } }));
    expect(r).toMatchObject({ ok: true, body: 'hello from assets' });
  });

  test('a HEAD from a listed origin is let through', async () => {
    expect(await browser.fetch(A, `${s3.url}/assets/hello.txt`, { method: 'HEAD' })).toMatchObject({ ok: true, status: 200 });
  });

  test('a GET from another port is blocked', async () => {
    expectBlocked(await browser.fetch(C, `${s3.url}/assets/hello.txt`));
  });

  test('a GET from localhost is blocked when 127.0.0.1 was listed', async () => {
    expectBlocked(await browser.fetch(LOCALHOST_A, `${s3.url}/assets/hello.txt`));
  });

  test('a PUT is blocked: the preflight gets 403 and nothing is written', async () => {
    const r = await browser.fetch(A, `${s3.url}/assets/evil.txt`, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/octet-stream' } });
    expectBlocked(r);
    expect(s3.log.filter(x => x.path === '/assets/evil.txt').map(x => [x.method, x.status])).toEqual([['OPTIONS', 403]]);
  });

  test('a DELETE is blocked', async () => {
    expectBlocked(await browser.fetch(A, `${s3.url}/assets/hello.txt`, { method: 'DELETE' }));
    expect(await browser.fetch(A, `${s3.url}/assets/hello.txt`)).toMatchObject({ ok: true, body: 'hello from assets' });
  });

  test('a credentialed GET from a listed origin is let through (origin echoed, credentials allowed)', async () => {
    expect(await browser.fetch(A, `${s3.url}/assets/hello.txt`, { credentials: 'include' })).toMatchObject({ ok: true, body: 'hello from assets' });
  });
});

describe('mistakes and missing configuration', () => {
  test('the constructs refuse a trailing-slash origin at synth', () => {
    expect(() => CorsOrigin.exact(`${A}/`)).toThrow(/ends with "\/"/);
  });

  test('a trailing-slash origin that reached S3 anyway blocks the browser', async () => {
    expectBlocked(await browser.fetch(A, `${s3.url}/trailing-slash/hello.txt`));
  });

  test('a bucket without CORS blocks a read', async () => {
    expectBlocked(await browser.fetch(A, `${s3.url}/no-cors/hello.txt`));
  });

  test('a bucket without CORS blocks a write at the preflight', async () => {
    expectBlocked(await browser.fetch(A, `${s3.url}/no-cors/new.txt`, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/json' } }));
    expect(s3.log.filter(x => x.path === '/no-cors/new.txt').map(x => [x.method, x.status])).toEqual([['OPTIONS', 403]]);
  });
});

describe('"*" (PublicAssetsBucket with CorsOrigin.ANY)', () => {
  test('a GET without credentials is let through from any origin', async () => {
    expect(await browser.fetch(C, `${s3.url}/public-any/hello.txt`)).toMatchObject({ ok: true, body: 'hello from public-any' });
  });

  test('a credentialed GET is blocked: S3 answers "*", which browsers refuse with credentials', async () => {
    expectBlocked(await browser.fetch(C, `${s3.url}/public-any/hello.txt`, { credentials: 'include' }));
  });
});

describe('upload bucket (UploadBucket, origin A)', () => {
  test('a presigned PUT with a content type and metadata is let through and the ETag is readable', async () => {
    const url = await presign(new PutObjectCommand({ Bucket: 'uploads', Key: 'incoming/photo.png', ContentType: 'image/png', Metadata: { owner: 'alice' } }));
    const r = await measured('upload (presigned PUT)', () => browser.fetch(A, url, { method: 'PUT', body: 'PNG-bytes', headers: { 'content-type': 'image/png', 'x-amz-meta-owner': 'alice' } }));
    expect(r.ok).toBe(true);
    expect(r.status).toBe(200);
    expect(r.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'incoming/photo.png' }));
    expect(await stored.Body!.transformToString()).toBe('PNG-bytes');
    expect(stored.Metadata).toEqual({ owner: 'alice' });
  });

  test('a presigned PUT from another origin is blocked', async () => {
    const url = await presign(new PutObjectCommand({ Bucket: 'uploads', Key: 'incoming/x.png', ContentType: 'image/png' }));
    expectBlocked(await browser.fetch(C, url, { method: 'PUT', body: 'x', headers: { 'content-type': 'image/png' } }));
  });

  test('a PUT with a header outside AllowedHeaders is blocked', async () => {
    const url = await presign(new PutObjectCommand({ Bucket: 'uploads', Key: 'incoming/y.png' }));
    expectBlocked(await browser.fetch(A, url, { method: 'PUT', body: 'x', headers: { 'content-type': 'image/png', 'x-custom-header': '1' } }));
  });

  test('a GET is blocked on an upload-only bucket', async () => {
    const url = await presign(new GetObjectCommand({ Bucket: 'uploads', Key: 'incoming/photo.png' }));
    expectBlocked(await browser.fetch(A, url));
  });

  test('a multipart upload from the browser completes, with part ETags read from JavaScript', async () => {
    const key = 'incoming/big.bin';
    const page = A;
    const create = await presign(new CreateMultipartUploadCommand({ Bucket: 'uploads', Key: key, ContentType: 'application/octet-stream' }));
    const created = await measured('multipart: create', () => browser.fetch(page, create, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } }));
    expect(created.ok).toBe(true);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.body ?? '')?.[1];
    expect(uploadId).toBeDefined();

    const parts = ['first part|', 'second part'];
    const etags: string[] = [];
    for (let n = 0; n < parts.length; n++) {
      const url = await presign(new UploadPartCommand({ Bucket: 'uploads', Key: key, UploadId: uploadId, PartNumber: n + 1 }));
      const r = await measured(`multipart: part ${n + 1}`, () => browser.fetch(page, url, { method: 'PUT', body: parts[n], headers: { 'content-type': 'application/octet-stream' } }));
      expect(r.ok).toBe(true);
      expect(r.headers.etag).toBeDefined();
      etags.push(r.headers.etag);
    }
    const complete = await presign(new CompleteMultipartUploadCommand({ Bucket: 'uploads', Key: key, UploadId: uploadId }));
    const xml = `<CompleteMultipartUpload>${etags.map((e, n) => `<Part><PartNumber>${n + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    const done = await measured('multipart: complete', () => browser.fetch(page, complete, { method: 'POST', body: xml, headers: { 'content-type': 'application/xml' } }));
    expect(done).toMatchObject({ ok: true, status: 200 });
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: 'uploads', Key: key }));
    expect(await stored.Body!.transformToString()).toBe(parts.join(''));
  });

  test('a presigned POST form upload is let through and stored', async () => {
    const post = await createPresignedPost(s3.client, { Bucket: 'uploads', Key: 'incoming/form.txt', Fields: { 'Content-Type': 'text/plain' }, Expires: 300 });
    const p = await browser.page(A);
    const r = await measured('upload (presigned POST form)', () => p.evaluate(async ({ url, fields }) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob(['posted by a form'], { type: 'text/plain' }));
      try {
        const res = await fetch(url, { method: 'POST', body: form, cache: 'no-store' } as RequestInit);
        return { ok: true, status: res.status };
      } catch (e) {
        return { ok: false, error: String(e) };
      }
    }, post));
    expect(r.ok).toBe(true);
    expect([200, 201, 204]).toContain(r.status);
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'incoming/form.txt' }));
    expect(await stored.Body!.transformToString()).toBe('posted by a form');
  });

  test('within Max-Age the browser reuses the preflight: a repeated PUT sends none', async () => {
    const url = await presign(new PutObjectCommand({ Bucket: 'uploads', Key: 'incoming/again.bin' }));
    await browser.freshPage(A);
    const init = { method: 'PUT', body: 'x', headers: { 'content-type': 'application/octet-stream' }, cache: 'default' as const };
    const first = await measured('upload, first PUT to a URL (default cache mode)', () => browser.fetch(A, url, init));
    const second = await measured('upload, same PUT again within Max-Age', () => browser.fetch(A, url, init));
    expect(first.ok && second.ok).toBe(true);
    expect(roundTrips.slice(-2).map(r => r.preflights)).toEqual([1, 0]);
  });
});

describe('CloudFront in front of the assets bucket', () => {
  test('the distribution this library defines answers two origins correctly, each with its own cached answer', async () => {
    const url = `${cdn.url}/hello.txt`;
    const fromA = await browser.fetch(A, url);
    const fromB = await browser.fetch(B, url);
    const againA = await browser.fetch(A, url);
    expect([fromA, fromB, againA].map(r => [r.ok, r.body])).toEqual([[true, 'hello from assets'], [true, 'hello from assets'], [true, 'hello from assets']]);
    // Two cache entries, one per origin; the third request was a cache hit.
    expect(cdn.originRequests.filter(r => r.method === 'GET').map(r => r.origin)).toEqual([A, B]);
  });

  test('preflights pass through it and are cached per origin', async () => {
    const init = { headers: { 'x-trace-id': '1' } };
    expect((await browser.fetch(A, `${cdn.url}/hello.txt`, init)).ok).toBe(true);
    expect((await browser.fetch(B, `${cdn.url}/hello.txt`, init)).ok).toBe(true);
    expect(cdn.originRequests.filter(r => r.method === 'OPTIONS').map(r => r.origin)).toEqual([A, B]);
  });

  test('it refuses PUT: only GET, HEAD and OPTIONS are allowed', async () => {
    expectBlocked(await browser.fetch(A, `${cdn.url}/hello.txt`, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/json' } }));
  });

  test('the common setup (CORS-S3Origin with CachingOptimized) serves A\'s cached answer to B, and the browser blocks B', async () => {
    const url = `${commonSetup.url}/hello.txt`;
    expect(await browser.fetch(A, url)).toMatchObject({ ok: true, body: 'hello from assets' });
    expectBlocked(await browser.fetch(B, url));
    expect(commonSetup.originRequests.map(r => r.origin)).toEqual([A]);
  });
});
