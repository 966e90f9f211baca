import * as http from 'http';
import { AddressInfo } from 'net';
import { EventHeaders, FunctionRequest, FunctionResponse, FunctionRuntime } from './function-runtime';

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
  /** CloudFront Function code by event type ('viewer-request', 'viewer-response'). */
  readonly functions: Record<string, string>;
  /** Seconds an error answer of each status stays cached (CloudFront's default: 10 s). */
  readonly errorCachingTtl: Record<number, number>;
}

// Managed policies, from AWS's documentation (docs/caching.md).
const MANAGED_ORIGIN_REQUEST_POLICIES: Record<string, string[]> = {
  '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf': ['Origin', 'Access-Control-Request-Headers', 'Access-Control-Request-Method'], // CORS-S3Origin
};
const MANAGED_CACHE_POLICIES: Record<string, string[]> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': [], // CachingOptimized: no headers (Accept-Encoding aside)
};
/** The error statuses CloudFront caches, for 10 s unless the distribution says otherwise. */
const CACHED_ERRORS = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
const DEFAULT_ERROR_TTL = 10;

/** Reads the default behaviour of a distribution out of a synthesized template. Anything it does not model fails loudly. */
export function distributionSettings(template: { Resources: Record<string, any> }, logicalId: string): DistributionSettings {
  const config = template.Resources[logicalId].Properties.DistributionConfig;
  const behavior = config.DefaultCacheBehavior;
  const resource = (ref: { 'Ref'?: string; 'Fn::GetAtt'?: string[] }, type: string) => {
    const id = ref.Ref ?? ref['Fn::GetAtt']?.[0];
    const r = id ? template.Resources[id] : undefined;
    if (!r || r.Type !== type) throw new Error(`The CloudFront stand-in cannot resolve ${JSON.stringify(ref)} to a ${type} in the template`);
    return r.Properties;
  };
  const policyHeaders = (headersConfig: { HeaderBehavior: string; Headers?: string[] }) => {
    if (!['none', 'whitelist'].includes(headersConfig.HeaderBehavior)) throw new Error(`The CloudFront stand-in does not model header behavior ${headersConfig.HeaderBehavior}`);
    return headersConfig.Headers ?? [];
  };
  const cacheKeyHeaders: string[] = typeof behavior.CachePolicyId === 'string'
    ? known(MANAGED_CACHE_POLICIES, behavior.CachePolicyId, 'cache policy')
    : policyHeaders(resource(behavior.CachePolicyId, 'AWS::CloudFront::CachePolicy').CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig);
  const forwardedHeaders = behavior.OriginRequestPolicyId === undefined ? []
    : typeof behavior.OriginRequestPolicyId === 'string'
      ? known(MANAGED_ORIGIN_REQUEST_POLICIES, behavior.OriginRequestPolicyId, 'origin request policy')
      : policyHeaders(resource(behavior.OriginRequestPolicyId, 'AWS::CloudFront::OriginRequestPolicy').OriginRequestPolicyConfig.HeadersConfig);
  if (behavior.ResponseHeadersPolicyId !== undefined) {
    throw new Error(`The CloudFront stand-in does not model response headers policies (${JSON.stringify(behavior.ResponseHeadersPolicyId)}): what CloudFront does with Vary and unlisted origins there is not documented`);
  }
  if (behavior.LambdaFunctionAssociations !== undefined) throw new Error('The CloudFront stand-in cannot run Lambda@Edge');
  const functions: Record<string, string> = {};
  for (const a of behavior.FunctionAssociations ?? []) {
    const fn = resource(a.FunctionARN, 'AWS::CloudFront::Function');
    if (fn.FunctionConfig.Runtime !== 'cloudfront-js-2.0') throw new Error(`The CloudFront stand-in runs cloudfront-js-2.0 only, not ${fn.FunctionConfig.Runtime}`);
    functions[a.EventType] = fn.FunctionCode;
  }
  const errorCachingTtl: Record<number, number> = Object.fromEntries(CACHED_ERRORS.map(s => [s, DEFAULT_ERROR_TTL]));
  for (const e of config.CustomErrorResponses ?? []) {
    if (e.ResponseCode !== undefined || e.ResponsePagePath !== undefined) throw new Error('The CloudFront stand-in does not model custom error pages');
    errorCachingTtl[e.ErrorCode] = e.ErrorCachingMinTTL ?? DEFAULT_ERROR_TTL;
  }
  // CloudFront's defaults when the template leaves them out (aws-cdk-lib does for GET and HEAD).
  return {
    allowedMethods: behavior.AllowedMethods ?? ['GET', 'HEAD'], cachedMethods: behavior.CachedMethods ?? ['GET', 'HEAD'], cacheKeyHeaders, forwardedHeaders, functions, errorCachingTtl,
  };
}

function known(table: Record<string, string[]>, id: string, what: string): string[] {
  const headers = table[id];
  if (!headers) throw new Error(`The CloudFront stand-in does not know the managed ${what} ${id}`);
  return headers;
}

/** One request the stand-in sent to the origin (a cache miss). */
export interface OriginRequest {
  readonly method: string;
  readonly path: string;
  readonly origin?: string;
}

export interface CloudFrontStandIn {
  readonly url: string;
  /** Requests that reached the origin (cache misses). */
  readonly originRequests: OriginRequest[];
  close(): Promise<void>;
}

// Headers a function may not add or change (CloudFront answers 502): docs/caching.md, AWS's edge function restrictions.
const READ_ONLY_IN_RESPONSE = ['via', 'warning'];
const DISALLOWED = /^(connection|expect|keep-alive|proxy-authenticate|proxy-authorization|proxy-connection|trailer|upgrade|x-accel-.*|x-amz-cf-.*|x-amzn-.*|x-cache|x-edge-.*|x-forwarded-proto|x-real-ip)$/;

interface Cached {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly expires: number;
}

/**
 * A caching proxy that behaves like one CloudFront cache behaviour in front
 * of one S3 bucket, as far as AWS documents it: it refuses methods the
 * behaviour does not allow; runs the viewer-request function (which may answer
 * by itself); keys its cache on the cache policy's headers and forwards only
 * the policies' headers (no query strings, no cookies); caches 200 answers to
 * the cached methods, and error answers for their error-caching TTL; runs the
 * viewer-response function on answers below 400, and answers 502 when a
 * function touches a header it may not.
 *
 * Not modelled (and so not relied on): TTLs of 200 answers (kept for the
 * stand-in's life), conditional requests answered by CloudFront itself,
 * compression, response headers policies and Lambda@Edge (refused above).
 */
export async function startCloudFrontStandIn(settings: DistributionSettings, upstream: string, bucket: string): Promise<CloudFrontStandIn> {
  const target = new URL(upstream);
  const cache = new Map<string, Cached>();
  const originRequests: OriginRequest[] = [];
  const forwarded = [...new Set([...settings.cacheKeyHeaders, ...settings.forwardedHeaders].map(h => h.toLowerCase()))];
  const viewerRequest = settings.functions['viewer-request'] ? new FunctionRuntime(settings.functions['viewer-request']) : undefined;
  const viewerResponse = settings.functions['viewer-response'] ? new FunctionRuntime(settings.functions['viewer-response']) : undefined;

  const send = (res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: Buffer | string, xCache: string) => {
    res.writeHead(status, { ...headers, 'x-cache': xCache });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    if (!settings.allowedMethods.includes(method)) {
      send(res, 403, { 'content-type': 'text/html' }, '403 ERROR: this distribution is not configured to allow the HTTP request method that was used for this request.', 'Error from cloudfront');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://cf').pathname;
    let request: FunctionRequest = { method, uri: path, headers: toEvent(req.headers) };
    if (viewerRequest) {
      const out = viewerRequest.viewerRequest(request);
      if (out.response) {
        // Answered by the function: no cache, no origin, no viewer-response function.
        const body = out.response.body === undefined ? '' : typeof out.response.body === 'string' ? out.response.body : out.response.body.data;
        send(res, out.response.statusCode, { ...fromEvent(out.response.headers), 'content-length': Buffer.byteLength(body) }, body, 'FunctionGeneratedResponse from cloudfront');
        return;
      }
      request = out.request!;
      if (request.method !== method || request.headers.host?.value !== req.headers.host) {
        send(res, 502, {}, 'the viewer-request function changed a read-only field', 'Error from cloudfront');
        return;
      }
    }
    const header = (name: string) => request.headers[name.toLowerCase()]?.value;

    const finish = (answer: Cached, xCache: string) => {
      let status = answer.status;
      let headers: http.OutgoingHttpHeaders = { ...answer.headers };
      if (viewerResponse && status < 400) {
        const before: FunctionResponse = { statusCode: status, headers: toEvent(answer.headers) };
        const after = viewerResponse.viewerResponse(request, before);
        if (!functionKeptRules(before.headers, after.headers)) {
          send(res, 502, {}, 'the viewer-response function touched a read-only or disallowed header', 'Error from cloudfront');
          return;
        }
        status = after.statusCode;
        headers = fromEvent(after.headers);
      }
      send(res, status, headers, answer.body, xCache);
    };

    const cacheable = settings.cachedMethods.includes(method);
    const key = [method, path, ...settings.cacheKeyHeaders.map(h => `${h.toLowerCase()}=${header(h) ?? ''}`)].join('\n');
    const hit = cacheable ? cache.get(key) : undefined;
    if (hit && hit.expires > Date.now()) {
      finish(hit, 'Hit from cloudfront');
      return;
    }
    const headers: http.OutgoingHttpHeaders = { host: target.host };
    for (const h of forwarded) {
      if (header(h) !== undefined) headers[h] = header(h);
    }
    originRequests.push({ method, path, origin: header('origin') });
    const up = http.request({ host: target.hostname, port: target.port, method, path: `/${bucket}${path}`, headers }, upRes => {
      const chunks: Buffer[] = [];
      upRes.on('data', c => chunks.push(c));
      upRes.on('end', () => {
        const status = upRes.statusCode ?? 502;
        const ttl = status === 200 ? Infinity : (settings.errorCachingTtl[status] ?? 0) * 1000;
        const answer: Cached = { status, headers: upRes.headers, body: Buffer.concat(chunks), expires: Date.now() + ttl };
        if (cacheable && ttl > 0) cache.set(key, answer);
        finish(answer, 'Miss from cloudfront');
      });
    });
    up.on('error', e => send(res, 502, {}, String(e), 'Error from cloudfront'));
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

function toEvent(headers: http.IncomingHttpHeaders): EventHeaders {
  const out: EventHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && k !== 'set-cookie' && k !== 'cookie') out[k] = { value: Array.isArray(v) ? v.join(', ') : v };
  }
  return out;
}

function fromEvent(headers: EventHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.value]));
}

/** Whether a viewer-response function left the headers it may not touch alone. */
function functionKeptRules(before: EventHeaders, after: EventHeaders): boolean {
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const changed = before[name]?.value !== after[name]?.value;
    if (changed && (READ_ONLY_IN_RESPONSE.includes(name) || DISALLOWED.test(name))) return false;
  }
  return true;
}
