import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CloudFrontCorsDistribution, CorsOrigin, DistributionCorsMode, PublicAssetsBucket, UploadBucket } from '../src';
import { newStack } from './stack';

function violations(stack: Stack) {
  return new AwsSolutionsChecks().validateScope(stack).violations.map(v => `${v.ruleName}: ${v.violatingResources.map(r => r.constructPath).join(', ')}`);
}

test('the default constructs pass cdk-nag AwsSolutions with only the acknowledgements the README lists', () => {
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
  new CloudFrontCorsDistribution(stack, 'EdgeCdn', { bucket: assets.bucket, corsMode: DistributionCorsMode.EDGE });
  const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
  expect(violations(stack)).toEqual([]);

  // The signer's policy is the user's: a key pattern is inherent to presigning
  // (keys are chosen at signing time), so cdk-nag's IAM5 finding is theirs to
  // acknowledge, exactly as the README shows, with the id presignAcknowledgement() gives.
  const signer = new iam.Role(stack, 'Signer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  uploads.grantPresign(signer, 'incoming/*');
  expect(violations(stack)).toEqual([expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Uploads\w+\.Arn>\/incoming\/\*\]: Test\/Signer\/DefaultPolicy\/Resource$/)]);
  Validations.of(signer).acknowledge(uploads.presignAcknowledgement('incoming/*', 'Upload keys are chosen when a URL is signed.'));
  expect(violations(stack)).toEqual([]);
});

test('the acknowledgements are on the exact resources, not the whole stack', () => {
  // A plain bucket beside ours still gets its findings: nothing was suppressed stack-wide.
  const stack = newStack();
  new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY] });
  new s3.Bucket(stack, 'Plain');
  const found = violations(stack);
  expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-S1: Test\/Plain\/Resource/), expect.stringMatching(/^AwsSolutions-S10: Test\/Plain\/Resource/)]));
  expect(found.join('\n')).not.toContain('Test/Assets');
});

test('each acknowledgement is recorded as Validations.acknowledge() records it, only without its stack trace', () => {
  // The library passes its acknowledgements to Validations.acknowledge() while the resource's node records metadata
  // without a stack trace (the trace was the library's largest synth cost). The reference is the same rule and
  // reason acknowledged the ordinary way on a plain bucket: metadata entries and the app's registry must agree.
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  const cdn = new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
  const ours = [assets.bucket.node.defaultChild!, cdn.distribution.node.defaultChild!];
  const acks = (c: IConstruct) => c.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
  const registry = (c: IConstruct) => {
    const app = App.of(c) as unknown as Record<symbol, { acks: Map<string, Set<string> | Map<string, unknown>> }>;
    return [...(app[Symbol.for('@aws-cdk/core.Acknowledgements')].acks.get(c.node.path) ?? [])].map(e => (Array.isArray(e) ? e[0] : e));
  };
  ours.forEach((cfn, i) => {
    const recorded = acks(cfn);
    expect(recorded.length).toBeGreaterThan(0);
    const reference = new s3.Bucket(stack, `Reference${i}`).node.defaultChild!;
    for (const entry of recorded) {
      const [[qualified, reason]] = Object.entries(entry.data as Record<string, string>);
      Validations.of(reference).acknowledge({ id: qualified.replace(/^annotation::/i, ''), reason });
    }
    expect(recorded.map(m => m.data)).toEqual(acks(reference).map(m => m.data));
    // The registry as aws-cdk-lib keeps it for a plain acknowledgement (2.278 keeps two entries per rule, 2.258 one).
    expect(registry(cfn)).toEqual(registry(reference));
    expect(registry(cfn).length).toBeGreaterThanOrEqual(recorded.length);
    // aws-cdk-lib 2.258 records a trace with each plain acknowledgement (2.278 records none); ours never carry one.
    expect(recorded.map(m => m.trace)).toEqual(recorded.map(() => undefined));
    // Only the library's own acknowledgements go without a trace: the resource records the user's later ones as usual.
    Validations.of(cfn).acknowledge({ id: 'AwsSolutions-S1', reason: 'the user\'s own' });
    const users = acks(cfn).filter(m => JSON.stringify(m.data).includes('the user\'s own'));
    const plain = acks(reference).slice(-1)[0];
    expect(users.map(m => m.trace === undefined)).toEqual([plain.trace === undefined]);
  });
});

test('cdk-nag registered the documented way (a plugin on the App) runs on this aws-cdk-lib, reports a plain bucket and nothing of ours', () => {
  // The README's path, not validateScope(): on aws-cdk-lib 2.257 this plugin
  // failed inside while synth went on, so only a report read back proves it ran.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-nag-'));
  // aws-cdk-lib 2.258 reports a failed validation by setting process.exitCode = 1; keep that out of jest's own.
  const exitCode = process.exitCode;
  const quiet = [jest.spyOn(console, 'log').mockImplementation(() => {}), jest.spyOn(console, 'error').mockImplementation(() => {})];
  try {
    const app = new App({ outdir });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Web');
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
    const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
    const signer = new iam.Role(stack, 'Signer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    uploads.grantPresign(signer, 'incoming/*');
    Validations.of(signer).acknowledge(uploads.presignAcknowledgement('incoming/*', 'Upload keys are chosen when a URL is signed.'));
    new s3.Bucket(stack, 'Plain'); // the sentinel: proves the plugin ran
    try {
      app.synth();
    } catch (e) {
      // Newer aws-cdk-lib (2.276) throws after writing the report, naming it.
      expect((e as Error).message).toMatch(/validation-report\.json/);
    }
    const report = ['validation-report.json', 'policy-validation-report.json'].map(f => path.join(outdir, f)).find(f => fs.existsSync(f));
    expect(report).toBeDefined();
    const plugin = JSON.parse(fs.readFileSync(report!, 'utf8')).pluginReports.find((r: { pluginName: string }) => r.pluginName === 'AwsSolutions');
    const found: string[] = plugin.violations.flatMap((v: { ruleName: string; violatingConstructs: Array<{ constructPath: string }> }) =>
      v.violatingConstructs.map(c => `${v.ruleName} ${c.constructPath}`));
    expect(found).toEqual(expect.arrayContaining(['AwsSolutions-S1 Web/Plain/Resource', 'AwsSolutions-S10 Web/Plain/Resource']));
    expect(found.filter(f => !f.includes('Web/Plain/'))).toEqual([]);
  } finally {
    quiet.forEach(q => q.mockRestore());
    process.exitCode = exitCode;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('server access logging is acknowledged for cdk-nag (AwsSolutions-S1) only on a bucket that has no log bucket', () => {
  const acknowledgedRules = (bucket: s3.IBucket) => (bucket.node.defaultChild as IConstruct).node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(m => Object.keys(m.data as object));
  const stack = newStack();
  const logs = s3.Bucket.fromBucketName(stack, 'Logs', 'my-access-logs');
  const without = new PublicAssetsBucket(stack, 'Plain', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  const withLogs = new PublicAssetsBucket(stack, 'Logged', { allowedOrigins: [CorsOrigin.https('www.example.com')], serverAccessLogsBucket: logs });
  expect(acknowledgedRules(without.bucket).some(id => /AwsSolutions-S1$/.test(id))).toBe(true);
  expect(acknowledgedRules(withLogs.bucket).some(id => /AwsSolutions-S1$/.test(id))).toBe(false);
  expect(violations(stack)).toEqual([]);
});

test('the distribution acknowledges WAF (CFR2) and the default certificate (CFR4) only when it has neither', () => {
  const acknowledgedRules = (c: IConstruct) => c.node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(m => Object.keys(m.data as object).map(k => k.replace(/^.*(AwsSolutions-\w+)$/, '$1')));
  const stack = newStack('Nag');
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  const plain = new CloudFrontCorsDistribution(stack, 'Plain', { bucket: assets.bucket });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc');
  const full = new CloudFrontCorsDistribution(stack, 'Full', {
    bucket: assets.bucket, domainNames: ['cdn.example.com'], certificate, webAclId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/name/id',
  });
  const rules = (d: CloudFrontCorsDistribution) => acknowledgedRules(d.distribution.node.defaultChild as IConstruct);
  expect(rules(plain)).toEqual(expect.arrayContaining(['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4']));
  expect(rules(full)).toContain('AwsSolutions-CFR1');
  expect(rules(full)).not.toContain('AwsSolutions-CFR2');
  expect(rules(full)).not.toContain('AwsSolutions-CFR4');
  // The access log bucket the distribution makes is not itself logged: acknowledged there, with the reason.
  expect(acknowledgedRules(plain.logBucket!.node.defaultChild as IConstruct)).toContain('AwsSolutions-S1');
  expect(violations(stack)).toEqual([]);
});

test('publicReadAccess: true is acknowledged for cdk-nag (AwsSolutions-S2) on the bucket and its policy, because the user asked by name', () => {
  const stack = newStack();
  new PublicAssetsBucket(stack, 'Open', { allowedOrigins: [CorsOrigin.ANY], publicReadAccess: true });
  expect(violations(stack)).toEqual([]);
});
