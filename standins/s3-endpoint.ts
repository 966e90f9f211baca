import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CorsConfiguration } from '../src/cors';

// s3rver has no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

/** One request the endpoint saw, for counting the browser's round trips. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly origin?: string;
  readonly status: number;
}

export interface S3Endpoint {
  readonly url: string;
  readonly client: S3Client;
  readonly log: LoggedRequest[];
  /** Replaces what a bucket's CORS is (undefined: no CORS configuration). */
  setCors(bucket: string, config: CorsConfiguration | undefined): void;
  close(): Promise<void>;
}

/**
 * A local S3 endpoint: s3rver stores the objects (and serves the S3 API),
 * while CORS is answered by this library's evaluator, which reproduces
 * Amazon's recorded behaviour (s3rver's own CORS layer does not).
 * Both listen on 127.0.0.1 on free ports.
 */
export async function startS3Endpoint(buckets: Record<string, CorsConfiguration | undefined>): Promise<S3Endpoint> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-s3rver-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, resetOnClose: true });
  const inner = await s3rver.run() as AddressInfo;

  const cors = new Map<string, CorsConfiguration | undefined>(Object.entries(buckets));
  const log: LoggedRequest[] = [];

  const front = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://front');
    const bucket = url.pathname.split('/')[1] ?? '';
    const origin = req.headers.origin;
    const config = cors.get(bucket) ?? CorsConfiguration.fromRules([]);
    const answer = config.evaluate({
      method: req.method ?? 'GET',
      origin,
      accessControlRequestMethod: header(req, 'access-control-request-method'),
      accessControlRequestHeaders: header(req, 'access-control-request-headers'),
    });

    if (req.method === 'OPTIONS') {
      // A preflight is answered by CORS alone: S3 neither authenticates it nor looks up the key.
      const status = answer.statusCode ?? 200;
      log.push({ method: 'OPTIONS', path: url.pathname, origin, status });
      if (answer.errorCode) {
        const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${answer.errorCode}</Code><Message>${answer.errorMessage}</Message></Error>`;
        res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } else {
        res.writeHead(status, { ...answer.headers, 'content-length': '0' });
        res.end();
      }
      return;
    }

    // An actual request is served by s3rver whatever CORS says; CORS only adds headers.
    const upstream = http.request({ host: '127.0.0.1', port: inner.port, method: req.method, path: req.url, headers: req.headers }, up => {
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(up.headers)) {
        if (!k.startsWith('access-control-') && k !== 'vary') headers[k] = v;
      }
      Object.assign(headers, answer.headers);
      log.push({ method: req.method ?? 'GET', path: url.pathname, origin, status: up.statusCode ?? 0 });
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    upstream.on('error', e => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

  const client = new S3Client({
    endpoint: url,
    forcePathStyle: true,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // Recent SDKs add a checksum of an empty body to presigned PUT URLs otherwise.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  for (const bucket of Object.keys(buckets)) {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  log.length = 0;

  return {
    url,
    client,
    log,
    setCors: (bucket, config) => cors.set(bucket, config),
    close: async () => {
      client.destroy();
      front.closeAllConnections?.();
      await new Promise<void>(resolve => front.close(() => resolve()));
      await s3rver.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}
