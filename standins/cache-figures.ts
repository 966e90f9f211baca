import * as http from 'http';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Stack } from 'aws-cdk-lib';
import { CloudFrontStandIn, distributionSettings, startCloudFrontStandIn } from './cloudfront-standin';
import { S3Endpoint, startS3Endpoint } from './s3-endpoint';
import { synthesize } from './synth';
import { CloudFrontCorsDistribution, CorsOrigin, DistributionCorsMode, PublicAssetsBucket } from '../src';

/** What reached S3 for one object after every origin read it once (preflight, then GET), plus one read without Origin. */
export interface CacheFigure {
  readonly mode: string;
  readonly origins: number;
  /** GETs that reached S3 for the object: CloudFront cache entries made. */
  readonly s3Fetches: number;
  /** Preflights that reached S3. */
  readonly preflightsAtS3: number;
  /** Answers whose Access-Control-Allow-Origin was not the requesting origin (must be 0). */
  readonly wrongAnswers: number;
}

/** Both modes' distributions in front of one bucket of tenant sites (https://*.example.com), on local stand-ins. */
export interface CacheFigureRig {
  measure(mode: 'S3' | 'EDGE', origins: number): Promise<CacheFigure>;
  close(): Promise<void>;
}

export async function startCacheFigureRig(): Promise<CacheFigureRig> {
  const synth = synthesize((stack: Stack) => {
    const tenants = new PublicAssetsBucket(stack, 'Tenants', { allowedOrigins: [CorsOrigin.subdomainsOf('example.com')] });
    new CloudFrontCorsDistribution(stack, 'S3Mode', { bucket: tenants.bucket });
    new CloudFrontCorsDistribution(stack, 'EdgeMode', { bucket: tenants.bucket, corsMode: DistributionCorsMode.EDGE });
  });
  const s3: S3Endpoint = await startS3Endpoint({ tenants: synth.bucketCors('Tenants/Resource/Resource') });
  const standIns: Record<string, CloudFrontStandIn> = {
    S3: await startCloudFrontStandIn(distributionSettings(synth.template, synth.logicalId('S3Mode/Resource/Resource')), s3.url, 'tenants'),
    EDGE: await startCloudFrontStandIn(distributionSettings(synth.template, synth.logicalId('EdgeMode/Resource/Resource')), s3.url, 'tenants'),
  };
  let object = 0;
  return {
    async measure(mode, origins) {
      const cdn = standIns[mode];
      const key = `figures/object-${++object}.txt`;
      await s3.client.send(new PutObjectCommand({ Bucket: 'tenants', Key: key, Body: 'shared asset', ContentType: 'text/plain', CacheControl: 'max-age=86400' }));
      let wrongAnswers = 0;
      await request(cdn.url, 'GET', key, {});
      for (let i = 0; i < origins; i++) {
        const origin = `https://tenant-${i}.example.com`;
        const preflight = await request(cdn.url, 'OPTIONS', key, { 'origin': origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-trace-id' });
        const get = await request(cdn.url, 'GET', key, { 'origin': origin, 'x-trace-id': '1' });
        if (preflight['access-control-allow-origin'] !== origin || get['access-control-allow-origin'] !== origin) wrongAnswers++;
      }
      const reached = cdn.originRequests.filter(r => r.path === `/${key}`);
      return {
        mode,
        origins,
        s3Fetches: reached.filter(r => r.method === 'GET').length,
        preflightsAtS3: reached.filter(r => r.method === 'OPTIONS').length,
        wrongAnswers,
      };
    },
    async close() {
      await Promise.all(Object.values(standIns).map(c => c.close()));
      await s3.close();
    },
  };
}

function request(base: string, method: string, key: string, headers: http.OutgoingHttpHeaders): Promise<http.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/${key}`, { method, headers }, res => {
      res.resume();
      res.on('end', () => resolve(res.headers));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The figures as a table a person reads. */
export function formatCacheFigures(figures: CacheFigure[]): string {
  return [
    'CloudFront in front of one object, read once by each origin (preflight + GET), plus once without Origin:',
    '  mode  origins  S3 fetches (cache entries)  preflights reaching S3  wrong Allow-Origin answers',
    ...figures.map(f => `  ${f.mode.padEnd(4)}  ${String(f.origins).padStart(7)}  ${String(f.s3Fetches).padStart(26)}  ${String(f.preflightsAtS3).padStart(22)}  ${String(f.wrongAnswers).padStart(26)}`),
  ].join('\n');
}
