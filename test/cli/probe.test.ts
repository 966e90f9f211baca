// `cdk-s3-cors probe` as a user runs it (the built executable, a child
// process) against the browser suite's local S3 endpoint and CloudFront
// stand-ins, built from synthesized templates: one setup per way deployed
// CORS goes wrong, each verdict and exit code asserted. All servers listen on
// 127.0.0.1 and stop when the file's tests end.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Bucket, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { CloudFrontCorsDistribution, CorsConfiguration, CorsOrigin, PublicAssetsBucket, UploadBucket } from '../../src';
import { CloudFrontStandIn, distributionSettings, startCloudFrontStandIn } from '../../standins/cloudfront-standin';
import { S3Endpoint, startS3Endpoint } from '../../standins/s3-endpoint';
import { synthesize } from '../../standins/synth';

jest.setTimeout(30_000);

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'lib', 'cli', 'main.js');
const APP = 'https://app.example.com';
const ADMIN = 'https://admin.example.com';

/** Runs the executable without blocking this process, whose servers must answer it. */
function probe(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [BIN, 'probe', ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

let s3: S3Endpoint;
const cdn: Record<string, CloudFrontStandIn> = {};
let tmp: string;
/** What each bucket of the local endpoint serves, as `aws s3api get-bucket-cors` would print it. */
const deployed: Record<string, CorsConfiguration> = {};
const configFile = (name: string, config: CorsConfiguration) => {
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, config.toJson());
  return file;
};

beforeAll(async () => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run "npx projen compile" (the test task does) before these tests.`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-probe-'));
  const synth = synthesize((stack: Stack) => {
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('app.example.com'), CorsOrigin.https('admin.example.com')] });
    const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
    new Bucket(stack, 'NoCors');
    new CloudFrontCorsDistribution(stack, 'Correct', { bucket: assets.bucket });
    const behaviour = (cachePolicy: cloudfront.ICachePolicy, originRequestPolicy?: cloudfront.IOriginRequestPolicy) => ({
      origin: origins.S3BucketOrigin.withOriginAccessControl(assets.bucket), cachePolicy, originRequestPolicy,
    });
    new cloudfront.Distribution(stack, 'Poisoning', { defaultBehavior: behaviour(cloudfront.CachePolicy.CACHING_OPTIMIZED, cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN) });
    new cloudfront.Distribution(stack, 'NoForwarding', { defaultBehavior: behaviour(cloudfront.CachePolicy.CACHING_OPTIMIZED) });
    const corsKey = new cloudfront.CachePolicy(stack, 'CorsKey', {
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'),
    });
    // Uploads through a distribution left at its default methods, GET and HEAD.
    new cloudfront.Distribution(stack, 'NoOptions', { defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(uploads.bucket), cachePolicy: corsKey } });
  });
  deployed.assets = synth.bucketCors('Assets/Resource/Resource')!;
  deployed.uploads = synth.bucketCors('Uploads/Resource/Resource')!;
  // The trailing-slash mistake, which the constructs refuse at synth; here it reaches S3 anyway.
  deployed['trailing-slash'] = CorsConfiguration.fromRules([{ allowedMethods: [HttpMethods.GET], allowedOrigins: [`${APP}/`] }]);
  s3 = await startS3Endpoint({ ...deployed, 'no-cors': undefined });
  for (const bucket of ['assets', 'no-cors', 'trailing-slash']) {
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'logo.txt', Body: `hello from ${bucket}`, ContentType: 'text/plain' }));
  }
  await s3.client.send(new PutObjectCommand({ Bucket: 'assets', Key: 'banner.txt', Body: 'a banner', ContentType: 'text/plain' }));
  for (const [name, bucket] of [['Correct', 'assets'], ['Poisoning', 'assets'], ['NoForwarding', 'assets'], ['NoOptions', 'uploads']]) {
    const id = synth.logicalId(name === 'Correct' ? 'Correct/Resource/Resource' : `${name}/Resource`);
    cdn[name] = await startCloudFrontStandIn(distributionSettings(synth.template, id), s3.url, bucket);
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(cdn).map(c => c.close()));
  await s3?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a correct distribution: both origins let through, no problem found', async () => {
  const r = await probe(`${cdn.Correct.url}/logo.txt`, '--origin', APP, '--origin', ADMIN);
  expect(r.stdout).toContain(`a browser on ${APP} will be ALLOWED (GET`);
  expect(r.stdout).toContain(`a browser on ${ADMIN} will be ALLOWED (GET`);
  expect(r.stdout).not.toContain('problems:');
  expect(r.stdout).toContain('requests (4 sent):');
  expect(r.code).toBe(0);
});

test('CachingOptimized with CORS-S3Origin: the second origin gets the first one\'s answer from the cache', async () => {
  const r = await probe(`${cdn.Poisoning.url}/logo.txt`, '--origin', APP, '--origin', ADMIN);
  expect(r.stdout).toContain(`a browser on ${APP} will be ALLOWED`);
  expect(r.stdout).toContain(`a browser on ${ADMIN} will be BLOCKED (GET ${cdn.Poisoning.url}/logo.txt): the GET answer (200) fails the browser's CORS check: the answer allows origin "${APP}", not "${ADMIN}"`);
  expect(r.stdout).toContain('fix: key the distribution\'s cache on Origin');
  expect(r.stdout.match(/cache poisoning:/g)).toHaveLength(1);
  expect(r.stdout).toMatch(new RegExp(`cache poisoning: the answer for ${ADMIN} carries "Access-Control-Allow-Origin: ${APP}".*from the CDN's cache \\(x-cache: Hit from cloudfront`));
  expect(r.code).toBe(1);
});

test('CachingOptimized after an <img>: the copy cached without Origin is served to the page\'s fetch()', async () => {
  // What a page's <img src> (or a curl) does first: a GET without Origin, which CloudFront caches under the same key.
  await new Promise<void>((resolve, reject) => http.get(`${cdn.Poisoning.url}/banner.txt`, res => res.resume().on('end', resolve)).on('error', reject));
  const r = await probe(`${cdn.Poisoning.url}/banner.txt`, '--origin', APP);
  expect(r.stdout).toContain(`a browser on ${APP} will be BLOCKED`);
  expect(r.stdout).toContain(`cache poisoning: the answer for ${APP} came from the CDN's cache without CORS headers`);
  expect(r.stdout).toContain('fix: key the distribution\'s cache on Origin');
  expect(r.code).toBe(1);
});

test('Origin not forwarded: blocked, and with --config the difference is named and blamed on the distribution', async () => {
  const config = configFile('assets', deployed.assets);
  const r = await probe(`${cdn.NoForwarding.url}/logo.txt`, '--origin', APP, '--config', config);
  expect(r.stdout).toContain(`a browser on ${APP} will be BLOCKED (GET ${cdn.NoForwarding.url}/logo.txt): the GET answer (200) fails the browser's CORS check: the answer has no Access-Control-Allow-Origin header`);
  expect(r.stdout).toContain('the live answers DO NOT MATCH it');
  expect(r.stdout).toContain(`GET from ${APP}: access-control-allow-origin is missing live, "${APP}" by the configuration`);
  expect(r.stdout).toContain('fix: the configuration given with --config lets https://app.example.com through, but the endpoint does not');
  expect(r.stdout).toContain('does not forward Origin');
  expect(r.code).toBe(1);
});

test('OPTIONS not allowed on the distribution: the preflight is refused by CloudFront, not by S3', async () => {
  const r = await probe(`${cdn.NoOptions.url}/incoming/photo.png`, '--origin', APP, '--method', 'PUT', '--header', 'content-type: image/png');
  expect(r.stdout).toContain(`a browser on ${APP} will be BLOCKED (PUT`);
  expect(r.stdout).toContain('the preflight was answered 403 (CloudFront refused the method: the cache behaviour does not allow it (AllowedMethods))');
  expect(r.stdout).toContain('note: only the preflight of PUT was sent');
  expect(r.stdout).toContain('fix: allow OPTIONS and PUT on the distribution\'s cache behaviour');
  expect(r.code).toBe(1);
});

test('a bucket without CORS: S3\'s refusal is named as such', async () => {
  const r = await probe(`${s3.url}/no-cors/logo.txt`, '--origin', APP, '--method', 'PUT');
  expect(r.stdout).toContain('the preflight was answered 403 (S3: the bucket has no CORS configuration)');
  expect(r.stdout).toContain('fix: put a CORS configuration on the bucket that allows https://app.example.com');
  expect(r.code).toBe(1);
});

test('a trailing-slash rule: blocked, and --config explains the near miss', async () => {
  const config = configFile('slash', deployed['trailing-slash']);
  const r = await probe(`${s3.url}/trailing-slash/logo.txt`, '--origin', APP, '--config', config);
  expect(r.stdout).toContain(`a browser on ${APP} will be BLOCKED`);
  expect(r.stdout).toContain('configuration (');
  expect(r.stdout).toContain('the live answers match it exactly');
  expect(r.stdout).toMatch(/fix: the configuration given with --config blocks it too: .*"https:\/\/app\.example\.com\/"/);
  expect(r.code).toBe(1);
});

test('the browser-cache hazard: S3 directly answers without Vary when Origin is absent', async () => {
  const r = await probe(`${s3.url}/assets/logo.txt`, '--origin', APP);
  expect(r.stdout).toContain(`a browser on ${APP} will be ALLOWED`);
  expect(r.stdout).toContain('browser-cache hazard: the answer without Origin has no "Vary: Origin" and no Access-Control-Allow-Origin');
  expect(r.code).toBe(0);
});

test('a wrong --config: the live answers differ from it, and the difference is listed', async () => {
  const other = configFile('other', CorsConfiguration.fromRules([{ allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://other.example.com'] }]));
  const r = await probe(`${s3.url}/assets/logo.txt`, '--origin', APP, '--config', other, '--json');
  const out = JSON.parse(r.stdout);
  expect(out.allowed).toBe(true);
  expect(out.configuration.matches).toBe(false);
  expect(out.configuration.differences).toContain(`GET from ${APP}: access-control-allow-origin is "${APP}" live, absent by the configuration`);
  expect(out.requestsSent).toBe(2);
  expect(r.code).toBe(0);
});

test('--send-actual sends the write itself after an accepted preflight; without it only the preflight goes', async () => {
  const exists = (key: string) => s3.client.send(new HeadObjectCommand({ Bucket: 'uploads', Key: key })).then(() => true, () => false);
  const put = (key: string, ...more: string[]) => probe(`${s3.url}/uploads/incoming/${key}`, '--origin', APP, '--method', 'PUT', '--header', 'content-type: text/plain', '--json', ...more);
  const without = await put('preflight-only.txt');
  expect([without.code, JSON.parse(without.stdout).allowed]).toEqual([0, true]);
  const methods = (out: string) => JSON.parse(out).exchanges.map((e: { request: string }) => e.request.split(' ')[0]);
  expect(methods(without.stdout)).toEqual(['OPTIONS']);
  expect(await exists('incoming/preflight-only.txt')).toBe(false);

  const sent = await put('sent.txt', '--send-actual');
  expect([sent.code, JSON.parse(sent.stdout).allowed]).toEqual([0, true]);
  expect(methods(sent.stdout)).toEqual(['OPTIONS', 'PUT']);
  expect(await exists('incoming/sent.txt')).toBe(true);
});

test('--json on a blocked origin: exit 1, and the JSON says blocked', async () => {
  const r = await probe(`${s3.url}/trailing-slash/logo.txt`, '--origin', APP, '--json');
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout).allowed).toBe(false);
});

test('an unreachable host is exit 3, "connection refused"', async () => {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  const r = await probe(`http://127.0.0.1:${port}/logo.txt`, '--origin', APP);
  expect(r.stderr).toContain(`cdk-s3-cors probe: cannot reach 127.0.0.1:${port}: connection refused: nothing listens on 127.0.0.1 port ${port}`);
  expect(r.code).toBe(3);
});

test('a host slower than --timeout is exit 3, "timeout"', async () => {
  const sockets: Array<import('net').Socket> = [];
  const server = http.createServer(() => { /* never answers */ });
  server.on('connection', s => sockets.push(s));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    const r = await probe(`http://127.0.0.1:${(server.address() as AddressInfo).port}/logo.txt`, '--origin', APP, '--timeout', '300');
    expect(r.stderr).toContain('no answer within 300 ms (timeout; raise it with --timeout)');
    expect(r.code).toBe(3);
  } finally {
    sockets.forEach(s => s.destroy());
    await new Promise<void>(resolve => server.close(() => resolve()));
  }
});

test.each([
  [['http://127.0.0.1/x'], '--origin is required'],
  [['ftp://example.com/x', '--origin', APP], 'probe takes http:// or https://'],
  [['http://127.0.0.1/x', '--origin', `${APP}/`], '--origin: a browser never sends this origin'],
  [['http://127.0.0.1/x', '--origin', APP, '--timeout', 'soon'], '--timeout "soon": give whole milliseconds'],
])('bad usage is exit 2: %j', async (args, message) => {
  const r = await probe(...args);
  expect(r.stderr).toContain(message);
  expect(r.code).toBe(2);
});
