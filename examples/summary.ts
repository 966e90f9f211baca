// Prints what `cdk synth` made: each bucket's CORS rules and each
// distribution's CORS behaviour, read back from the synthesized templates.
import * as fs from 'fs';
import * as path from 'path';
import { CorsConfiguration } from '../src/cors';

const outdir = process.argv[2] ?? 'cdk.out';
const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
const templates = Object.values(manifest.artifacts as Record<string, any>)
  .filter(a => a.type === 'aws:cloudformation:stack')
  .map(a => ({ stack: a.displayName ?? a.properties.templateFile, file: path.join(outdir, a.properties.templateFile) }));

const MANAGED: Record<string, string> = { '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf': 'CORS-S3Origin (managed)' };

for (const { stack, file } of templates) {
  const resources = JSON.parse(fs.readFileSync(file, 'utf8')).Resources as Record<string, any>;
  console.log(`\n${stack}  (${path.relative(process.cwd(), file)})`);
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::S3::Bucket' && r.Properties?.CorsConfiguration) {
      const config = CorsConfiguration.fromJson(JSON.stringify(r.Properties.CorsConfiguration));
      const findings = config.validate();
      console.log(`  bucket ${id}: ${config.rules.length} CORS rule(s), ${findings.length ? findings.map(f => f.code).join(', ') : 'no findings'}`);
      config.rules.forEach((rule, i) => {
        console.log(`    rule ${i}: ${rule.allowedMethods.join(', ')} from ${rule.allowedOrigins.join(', ')}`);
        console.log(`      allowed headers: ${(rule.allowedHeaders ?? []).join(', ') || '(none)'}; exposed: ${(rule.exposedHeaders ?? []).join(', ') || '(none)'}; max age: ${rule.maxAge ?? '(unset)'} s`);
      });
      const bpa = r.Properties.PublicAccessBlockConfiguration;
      console.log(`      public access blocked: ${bpa?.BlockPublicPolicy && bpa?.RestrictPublicBuckets ? 'yes' : 'NO'}; deletion policy: ${r.DeletionPolicy ?? 'Delete'}`);
    }
    if (r.Type === 'AWS::CloudFront::Distribution') {
      const b = r.Properties.DistributionConfig.DefaultCacheBehavior;
      const cache = resources[b.CachePolicyId?.Ref]?.Properties?.CachePolicyConfig;
      const keyed = cache?.ParametersInCacheKeyAndForwardedToOrigin?.HeadersConfig?.Headers ?? [];
      console.log(`  distribution ${id}:`);
      console.log(`    methods allowed: ${b.AllowedMethods.join(', ')}; cached: ${b.CachedMethods.join(', ')}; viewers: ${b.ViewerProtocolPolicy}`);
      console.log(`    origin request policy: ${MANAGED[b.OriginRequestPolicyId] ?? b.OriginRequestPolicyId ?? '(none)'}; cache key headers: ${keyed.join(', ') || '(none)'}`);
      for (const a of b.FunctionAssociations ?? []) {
        const fn = resources[a.FunctionARN['Fn::GetAtt'][0]]?.Properties;
        console.log(`    function at ${a.EventType}: ${fn?.FunctionConfig?.Comment ?? '(not in this template)'} (${fn ? Buffer.byteLength(fn.FunctionCode) : '?'} bytes)`);
      }
    }
  }
}
