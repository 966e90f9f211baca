// The real-account integration test cannot run here (no AWS account); this
// synthesizes it as its runner would and checks that it asks what it should:
// both distribution modes, each origin, a preflight, and the Vary check.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

test('the integration app synthesizes, with HTTP assertions for both modes, two origins, preflights and Vary', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-integ-'));
  try {
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'integ.cors-distribution.ts')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir } });
    expect(r.status).toBe(0);
    const templates = fs.readdirSync(outdir).filter(f => f.endsWith('.template.json')).map(f => JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')));
    const resources = templates.flatMap(t => Object.values(t.Resources as Record<string, { Type: string; Properties?: Record<string, any> }>));
    expect(resources.filter(res => res.Type === 'AWS::CloudFront::Distribution')).toHaveLength(2);
    const calls = resources.filter(res => res.Type.startsWith('Custom::DeployAssert@HttpCall')).map(res => res.Properties!);
    const asked = calls.map(c => `${c.parameters.fetchOptions?.method ?? 'GET'} ${c.parameters.fetchOptions?.headers?.Origin ?? '(no Origin)'}`);
    // Per mode: a GET without Origin, then for a, b, a: GET and preflight; then a refused preflight.
    // a is asked twice per mode (first and last, to see a cached answer for b did not stick), b once.
    for (const [o, times] of [['https://a.example.com', 4], ['https://b.example.com', 2]] as const) {
      expect([o, asked.filter(a => a === `GET ${o}`).length, asked.filter(a => a === `OPTIONS ${o}`).length]).toEqual([o, times, times]);
    }
    expect(asked.filter(a => a === 'GET (no Origin)')).toHaveLength(2);
    expect(asked.filter(a => a === 'OPTIONS https://evil.example.com')).toHaveLength(2);
    expect(calls.every(c => typeof c.expected === 'string' && c.expected.length > 0)).toBe(true);
    expect(calls.filter(c => c.expected.includes('Vary') || c.expected.includes('vary'))).toHaveLength(8);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
