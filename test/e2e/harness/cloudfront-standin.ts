import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * The CloudFront settings that matter for CORS, read from a synthesized
 * AWS::CloudFront::Distribution (see `distributionSettings`).
 */
export interface DistributionSettings {
  readonly allowedMethods: string[];
  readonly cachedMethods: string[];
  /** Headers in the cache key (and so forwarded). */
  readonly cacheKeyHeaders: string[];
  /** Headers the origin request policy forwards without keying on them. */
  readonly forwardedHeaders: string[];
}

// Managed policies, from AWS's documentation (docs/s3-cors-semantics.md §6).
const MANAGED_ORIGIN_REQUEST_POLICIES: Record<string, string[]> = {
  '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf': ['Origin', 'Access-Control-Request-Headers', 'Access-Control-Request-Method'], // CORS-S3Origin
};
const MANAGED_CACHE_POLICIES: Record<string, string[]> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': [], // CachingOptimized: no headers (Accept-Encoding aside)
};

/** Reads the default behaviour of a distribution out of a synthesized template. */
export function distributionSettings(template: { Resources: Record<string, any> }, logicalId: string): DistributionSettings {
  const behavior = template.Resources[logicalId].Properties.DistributionConfig.DefaultCacheBehavior;
  const keyConfig = () => template.Resources[behavior.CachePolicyId.Ref].Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin;
  const cacheKeyHeaders: string[] = typeof behavior.CachePolicyId === 'string'
    ? known(MANAGED_CACHE_POLICIES, behavior.CachePolicyId, 'cache policy')
    : keyConfig().HeadersConfig.Headers ?? [];
  const forwardedHeaders = behavior.OriginRequestPolicyId
    ? known(MANAGED_ORIGIN_REQUEST_POLICIES, behavior.OriginRequestPolicyId, 'origin request policy')
    : [];
  return { allowedMethods: behavior.AllowedMethods, cachedMethods: behavior.CachedMethods, cacheKeyHeaders, forwardedHeaders };
}

function known(table: Record<string, string[]>, id: string, what: string): string[] {
  const headers = table[id];
  if (!headers) throw new Error(`The CloudFront stand-in does not know the managed ${what} ${id}`);
  return headers;
}

export interface CloudFrontStandIn {
  readonly url: string;
  /** Requests that reached the origin (cache misses). */
  readonly originRequests: Array<{ method: string; origin?: string }>;
  close(): Promise<void>;
}

/**
 * A caching proxy that behaves like one CloudFront cache behaviour in front
 * of one S3 bucket: it refuses methods the behaviour does not allow, forwards
 * only the headers the policies name (no query strings), keys its cache on
 * the cache policy's headers, and caches 200 answers to the cached methods.
 */
export async function startCloudFrontStandIn(settings: DistributionSettings, upstream: string, bucket: string): Promise<CloudFrontStandIn> {
  const target = new URL(upstream);
  const cache = new Map<string, { status: number; headers: http.IncomingHttpHeaders; body: Buffer }>();
  const originRequests: Array<{ method: string; origin?: string }> = [];
  const forwarded = [...new Set([...settings.cacheKeyHeaders, ...settings.forwardedHeaders].map(h => h.toLowerCase()))];

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    if (!settings.allowedMethods.includes(method)) {
      res.writeHead(403, { 'content-type': 'text/html', 'x-cache': 'Error from cloudfront' });
      res.end('403 ERROR: this distribution is not configured to allow the HTTP request method that was used for this request.');
      return;
    }
    const keyPath = new URL(req.url ?? '/', 'http://cf').pathname;
    const cacheable = settings.cachedMethods.includes(method);
    const key = [method, keyPath, ...settings.cacheKeyHeaders.map(h => `${h}=${req.headers[h.toLowerCase()] ?? ''}`)].join('\n');
    const hit = cacheable ? cache.get(key) : undefined;
    if (hit) {
      res.writeHead(hit.status, { ...hit.headers, 'x-cache': 'Hit from cloudfront' });
      res.end(hit.body);
      return;
    }
    const headers: http.OutgoingHttpHeaders = { host: target.host };
    for (const h of forwarded) {
      if (req.headers[h] !== undefined) headers[h] = req.headers[h];
    }
    originRequests.push({ method, origin: req.headers.origin });
    const up = http.request({ host: target.hostname, port: target.port, method, path: `/${bucket}${keyPath}`, headers }, upRes => {
      const chunks: Buffer[] = [];
      upRes.on('data', c => chunks.push(c));
      upRes.on('end', () => {
        const body = Buffer.concat(chunks);
        if (cacheable && upRes.statusCode === 200) cache.set(key, { status: 200, headers: upRes.headers, body });
        res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, 'x-cache': 'Miss from cloudfront' });
        res.end(body);
      });
    });
    up.on('error', e => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(up);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    originRequests,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
