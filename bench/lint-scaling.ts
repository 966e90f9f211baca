// How `cdk-s3-cors lint` scales with the size of its input: wall time of the
// built executable on CORS files of 100, 10,000 and 100,000 rules (S3 allows
// 100; larger files must still finish in time roughly linear in their size),
// against `node -e 0` (the floor of any node command). Best of 3 runs each.
//   npm run bench
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', 'lib', 'cli', 'main.js');

function wall(args: string[]): { ms: number; code: number | null } {
  let best = Infinity;
  let code: number | null = null;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    code = r.status;
  }
  return { ms: best, code };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-lint-bench-'));
try {
  const floor = wall(['-e', '0']);
  const rows = [`  node -e 0                       ${floor.ms.toFixed(0).padStart(7)} ms`];
  for (const n of [100, 10_000, 100_000]) {
    const rules = Array.from({ length: n }, (_, i) => ({ AllowedMethods: ['GET'], AllowedOrigins: [`https://app-${i}.example.com`], MaxAgeSeconds: 3000 }));
    const file = path.join(dir, `rules-${n}.json`);
    fs.writeFileSync(file, JSON.stringify(rules));
    const size = fs.statSync(file).size;
    const r = wall([BIN, 'lint', file]);
    rows.push(`  lint ${String(n).padStart(7)} rules ${(size / 1024).toFixed(0).padStart(6)} KiB ${r.ms.toFixed(0).padStart(7)} ms  (exit ${r.code}; ${(r.ms / n * 1000).toFixed(1)} µs per rule)`);
  }
  const template = wall([BIN, 'lint', path.join(__dirname, '..', 'test', 'checks', 'fixtures', 'bucket-origins.yaml')]);
  rows.push(`  lint on a YAML template (3 buckets)      ${template.ms.toFixed(0).padStart(7)} ms  (exit ${template.code}; loads the template checks and yaml)`);
  for (const n of [10, 1000]) {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      resources[`B${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `b-${i}`, CorsConfiguration: { CorsRules: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }] } } };
      resources[`D${i}`] = { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Origins: [{ Id: 'o', DomainName: `b-${i}.s3.amazonaws.com` }], DefaultCacheBehavior: { TargetOriginId: 'o', ForwardedValues: { QueryString: false } } } } };
    }
    const file = path.join(dir, `template-${n}.json`);
    fs.writeFileSync(file, JSON.stringify({ Resources: resources }, undefined, 1));
    const r = wall([BIN, 'lint', file]);
    rows.push(`  lint on a template of ${String(n).padStart(5)} buckets + distributions ${r.ms.toFixed(0).padStart(7)} ms  (exit ${r.code}; ${(r.ms / n * 1000).toFixed(0)} µs per pair)`);
  }
  // The CORS path must not pay for templates: count what loading lint pulls in.
  const probe = spawnSync(process.execPath, ['-e',
    `require(${JSON.stringify(path.join(__dirname, '..', 'lib', 'cli', 'lint.js'))});`
    + 'console.log(Object.keys(require.cache).filter(k => /[\\/](yaml|checks)[\\/]|lint-template/.test(k)).length)'], { encoding: 'utf8' });
  rows.push(`  template or YAML modules loaded by lint on a CORS file: ${probe.stdout.trim()}`);
  console.log(['Wall time of cdk-s3-cors lint by input size (best of 3):', ...rows].join('\n'));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
