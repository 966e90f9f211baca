// Real pages cache. Headless Chromium with its HTTP cache on (a fresh context
// per case, default cache mode) loads an asset the way pages do, then reads it
// again with CORS, through stand-ins that run what the synthesized
// CloudFrontCorsDistribution would run (its functions, policies and error TTLs),
// in both corsModes, for an origin list and for "*".
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Stack } from 'aws-cdk-lib';
import { CloudFrontCorsDistribution, CorsOrigin, DistributionCorsMode, PublicAssetsBucket } from '../../src';
import { CachedSession, drawCrossOriginImage, ElementKind, fetchCached, FetchResult, loadElement, startPageServer, TestBrowser } from './harness/browser';
import { CacheFigure, formatCacheFigures, startCacheFigureRig } from '../../standins/cache-figures';
import { CloudFrontStandIn, distributionSettings, startCloudFrontStandIn } from '../../standins/cloudfront-standin';
import { S3Endpoint, startS3Endpoint } from '../../standins/s3-endpoint';
import { synthesize } from '../../standins/synth';

jest.setTimeout(120_000);

// A 1x1 PNG, so <img> decodes and a canvas can draw it.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const BODIES: Record<ElementKind, { type: string; body: Buffer | string }> = {
  img: { type: 'image/png', body: PNG },
  script: { type: 'application/javascript', body: 'window.loadedScripts = (window.loadedScripts || 0) + 1;' },
  stylesheet: { type: 'text/css', body: 'body { margin: 0; }' },
};

let pageA: Awaited<ReturnType<typeof startPageServer>>;
let pageB: Awaited<ReturnType<typeof startPageServer>>;
let A: string;
let B: string;
let s3: S3Endpoint;
let browser: TestBrowser;
const standIns: Record<string, CloudFrontStandIn> = {};
let objects = 0;

beforeAll(async () => {
  [pageA, pageB] = await Promise.all([startPageServer(), startPageServer()]);
  A = `http://127.0.0.1:${pageA.port}`;
  B = `http://127.0.0.1:${pageB.port}`;
  const synth = synthesize((stack: Stack) => {
    const listed = new PublicAssetsBucket(stack, 'Listed', { allowedOrigins: [CorsOrigin.exact(A), CorsOrigin.exact(B)] });
    const any = new PublicAssetsBucket(stack, 'Any', { allowedOrigins: [CorsOrigin.ANY] });
    new CloudFrontCorsDistribution(stack, 'ListedS3', { bucket: listed.bucket });
    new CloudFrontCorsDistribution(stack, 'ListedEdge', { bucket: listed.bucket, corsMode: DistributionCorsMode.EDGE });
    new CloudFrontCorsDistribution(stack, 'AnyS3', { bucket: any.bucket });
    new CloudFrontCorsDistribution(stack, 'AnyEdge', { bucket: any.bucket, corsMode: DistributionCorsMode.EDGE });
  });
  s3 = await startS3Endpoint({ listed: synth.bucketCors('Listed/Resource/Resource'), any: synth.bucketCors('Any/Resource/Resource') });
  const settings = (id: string) => distributionSettings(synth.template, synth.logicalId(`${id}/Resource/Resource`));
  for (const [id, bucket] of [['ListedS3', 'listed'], ['ListedEdge', 'listed'], ['AnyS3', 'any'], ['AnyEdge', 'any']]) {
    standIns[id] = await startCloudFrontStandIn(settings(id), s3.url, bucket);
  }
  // S3 mode as it was before the Vary function: the same distribution with its function taken away.
  standIns.ListedS3WithoutVary = await startCloudFrontStandIn({ ...settings('ListedS3'), functions: {} }, s3.url, 'listed');
  browser = await TestBrowser.launch();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([...Object.values(standIns).map(c => c.close()), s3?.close(), pageA?.close(), pageB?.close()]);
});

/** A new object with a long max-age (as assets are served), so the browser caches it; one per case, so no case sees another's copies. */
async function asset(bucket: string, kind: ElementKind): Promise<string> {
  const key = `cached/${++objects}.${kind === 'img' ? 'png' : kind === 'script' ? 'js' : 'css'}`;
  await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: BODIES[kind].body, ContentType: BODIES[kind].type, CacheControl: 'max-age=3600' }));
  return key;
}

async function inSession<T>(fn: (session: CachedSession) => Promise<T>): Promise<T> {
  const session = await browser.session();
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/** Loads the asset without CORS (no Origin sent), then fetch()es it with the cache on. */
async function elementThenFetch(base: string, bucket: string, kind: ElementKind, init = {}): Promise<{ element: string; fetched: FetchResult }> {
  const url = `${base}/${await asset(bucket, kind)}`;
  return inSession(async session => {
    const page = await session.page(A);
    const element = await loadElement(page, kind, url);
    return { element, fetched: await fetchCached(page, url, init) };
  });
}

const SETUPS = [
  { id: 'ListedS3', mode: 'S3', bucket: 'listed', origins: 'an origin list' },
  { id: 'ListedEdge', mode: 'EDGE', bucket: 'listed', origins: 'an origin list' },
  { id: 'AnyS3', mode: 'S3', bucket: 'any', origins: '"*"' },
  { id: 'AnyEdge', mode: 'EDGE', bucket: 'any', origins: '"*"' },
];

describe.each(SETUPS)('corsMode $mode with $origins, HTTP cache on', ({ id, bucket, origins }) => {
  const cdn = () => standIns[id].url;

  test.each(['img', 'script', 'stylesheet'] as ElementKind[])('%s without crossorigin, then fetch() of the same URL: let through', async kind => {
    const { element, fetched } = await elementThenFetch(cdn(), bucket, kind);
    expect(element).toBe('load');
    expect(fetched).toMatchObject({ ok: true, status: 200 });
    expect(fetched.body).toBe(String(BODIES[kind].body));
  });

  test('img, then <img crossorigin> drawn into a canvas: loads and is readable (not tainted)', async () => {
    const url = `${cdn()}/${await asset(bucket, 'img')}`;
    const result = await inSession(async session => {
      const page = await session.page(A);
      expect(await loadElement(page, 'img', url)).toBe('load');
      return drawCrossOriginImage(page, url);
    });
    expect(result).toEqual({ loaded: true, readable: true });
  });

  test('two origins in turn, sharing one HTTP cache: each is let through', async () => {
    const url = `${cdn()}/${await asset(bucket, 'script')}`;
    const results = await inSession(async session => [
      await fetchCached(await session.page(A), url),
      await fetchCached(await session.page(B), url),
      await fetchCached(await session.page(A), url),
    ]);
    // Page code cannot read Access-Control-Allow-Origin itself: a readable body is the browser's yes.
    expect(results.map(r => [r.ok, r.body])).toEqual(Array(3).fill([true, String(BODIES.script.body)]));
  });

  test(`img, then a credentialed fetch(): ${origins === '"*"' ? 'blocked, as "*" never serves credentials' : 'let through'}`, async () => {
    const { element, fetched } = await elementThenFetch(cdn(), bucket, 'img', { credentials: 'include' });
    expect(element).toBe('load');
    expect(fetched.ok).toBe(origins !== '"*"');
  });
});

describe('the hazard is real here, so the cases above can fail', () => {
  test('S3 mode without the Vary function: img, then fetch() is blocked (one GET reached S3)', async () => {
    const before = standIns.ListedS3WithoutVary.originRequests.length;
    const { element, fetched } = await elementThenFetch(standIns.ListedS3WithoutVary.url, 'listed', 'img');
    expect(element).toBe('load');
    expect(fetched.ok).toBe(false);
    expect(fetched.error).toMatch(/Failed to fetch/);
    expect(standIns.ListedS3WithoutVary.originRequests.length - before).toBe(1);
  });

  test('a direct S3 URL: img, then fetch() is blocked; no template can fix it', async () => {
    const { fetched } = await elementThenFetch(`${s3.url}/listed`, 'listed', 'img');
    expect(fetched.ok).toBe(false);
  });

  test('a direct S3 URL with crossorigin on the <img> (the fix there): fetch() is let through', async () => {
    const url = `${s3.url}/listed/${await asset('listed', 'img')}`;
    const fetched = await inSession(async session => {
      const page = await session.page(A);
      expect(await loadElement(page, 'img', url, 'anonymous')).toBe('load');
      return fetchCached(page, url);
    });
    expect(fetched.ok).toBe(true);
  });
});

describe('cache figures at the stand-in: one object, each of N origins reads it once', () => {
  const figures: CacheFigure[] = [];
  let rig: Awaited<ReturnType<typeof startCacheFigureRig>>;
  beforeAll(async () => {
    rig = await startCacheFigureRig();
  });
  afterAll(async () => {
    await rig?.close();
    if (figures.length > 0) console.log(formatCacheFigures(figures));
  });

  test.each([1, 10, 100])('%i origin(s): edge mode fetches once and sends no preflight to S3; S3 mode once per origin, plus once', async n => {
    const edge = await rig.measure('EDGE', n);
    const s3Mode = await rig.measure('S3', n);
    figures.push(s3Mode, edge);
    expect(edge).toEqual({ mode: 'EDGE', origins: n, s3Fetches: 1, preflightsAtS3: 0, wrongAnswers: 0 });
    expect(s3Mode).toEqual({ mode: 'S3', origins: n, s3Fetches: n + 1, preflightsAtS3: n, wrongAnswers: 0 });
  });
});
