// How `cdk-s3-cors lint` scales with the size of its input: wall time of the
// built executable on CORS files of 100, 10,000 and 100,000 rules (S3 allows
// 100; larger files must still finish in time roughly linear in their size),
// against `node -e 0` (the floor of any node command). Best of 3 runs each.
// Then peak memory (max RSS) on the largest template lint accepts
// (CloudFormation's 1 MB) and on a YAML alias bomb, both under 512 MiB.
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
  const yamlTemplate = path.join(dir, 'buckets.yaml');
  fs.writeFileSync(yamlTemplate, [
    'Resources:',
    ...['Site', 'Uploads', 'Later'].flatMap(id => [
      `  ${id}:`,
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      CorsConfiguration:',
      '        CorsRules:',
      '          - AllowedOrigins: ["https://app.example.com/", !Sub "https://${AWS::StackName}.example.com"]',
      '            AllowedMethods: [GET, PUT]',
    ]),
  ].join('\n'));
  const template = wall([BIN, 'lint', yamlTemplate]);
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
  console.log(['Peak memory (max RSS) of cdk-s3-cors lint; each must stay under 512 MiB:', ...peakMemoryRows(dir)].join('\n'));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Max RSS in MiB of one lint run, read from the process itself at exit (no external tool). */
function peak(tmp: string, args: string[]): { mib: number; code: number | null; ms: number } {
  const preload = path.join(tmp, 'maxrss.js');
  fs.writeFileSync(preload, 'process.on("exit", () => require("fs").writeSync(2, "\\nmaxrss-kib " + process.resourceUsage().maxRSS + "\\n"));');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', preload, BIN, 'lint', ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const m = /maxrss-kib (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no memory figure from lint ${args.join(' ')}: ${r.stderr.slice(0, 500)}`);
  return { mib: Number(m[1]) / 1024, code: r.status, ms };
}

function peakMemoryRows(tmp: string): string[] {
  const rows: string[] = [];
  const limit = 1024 * 1024;
  // The most values per byte: a flat list of one-digit numbers, just under CloudFormation's 1 MB.
  const flatHead = '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Metadata": {"x": [';
  const n = Math.floor((limit - flatHead.length - 10) / 2);
  const flat = path.join(tmp, 'flat-1mb.json');
  fs.writeFileSync(flat, `${flatHead}${Array(n).fill('1').join(',')}]}}}}`);
  // Many CORS buckets (each resolved and validated), just under 1 MB.
  const resources: Record<string, unknown> = {};
  for (let i = 0; JSON.stringify({ Resources: resources }).length < limit - 2000; i++) {
    resources[`B${i}`] = { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedOrigins: [`https://app-${i}.example.com`, { 'Fn::Sub': 'https://${Domain}/x' }], AllowedMethods: ['GET', 'PUT'], MaxAge: '3000' }] } } };
    if (i % 100 === 0 && JSON.stringify({ Resources: resources }).length >= limit - 2000) break;
  }
  const buckets = path.join(tmp, 'buckets-1mb.json');
  fs.writeFileSync(buckets, JSON.stringify({ Parameters: { Domain: { Type: 'String' } }, Resources: resources }));
  // A 21 KB YAML file with an anchored list of 1,000 values referenced 1,000 times (a million values expanded).
  const list = Array.from({ length: 1000 }, (_, i) => `item-${i}`).join(', ');
  const bomb = path.join(tmp, 'alias-bomb.yaml');
  fs.writeFileSync(bomb, `Anchor: &a [${list}]\nMetadata:\n${Array.from({ length: 1000 }, (_, i) => `  k${i}: *a`).join('\n')}\nResources: {}\n`);
  for (const [label, file] of [['flat JSON template, 1 MB (largest accepted)', flat], ['1 MB template of CORS buckets', buckets], ['YAML alias bomb, 1,000 x 1,000 (refused)', bomb]] as const) {
    const r = peak(tmp, [file, '--json']);
    const kib = (fs.statSync(file).size / 1024).toFixed(0);
    rows.push(`  ${label.padEnd(44)} ${kib.padStart(5)} KiB ${r.mib.toFixed(0).padStart(5)} MiB ${r.ms.toFixed(0).padStart(6)} ms  (exit ${r.code})${r.mib >= 512 ? '  OVER 512 MiB' : ''}`);
  }
  return rows;
}
