// Whole apps (issue 19): a bucket in one stack and its distribution in
// another (CDK's cross-stack references, a hand-written Export and
// Fn::ImportValue), nested stacks both ways, stages nested deep, and buckets
// imported with Bucket.fromBucketName. Through S3CorsChecks and through `lint`
// of the cdk.out, the same findings as the one-stack app, on the distribution,
// naming where the bucket lives; what cannot be seen is one info line, never silence.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { S3CorsChecks } from '../../src';
import { CloudFormationTemplate, templateFacts, TemplateSet } from '../../src/checks/readers/cloudformation';
import { checkFacts } from '../../src/checks/rules';
import { runInProcess } from '../cli/in-process';

interface Violation {
  ruleName: string;
  severity: string;
  description: string;
  violatingConstructs: Array<{ constructPath: string; cloudFormationResource?: { templatePath: string } }>;
}

interface Synthesized {
  /** The plugin's violations. */
  violations: Violation[];
  /** The plugin's info lines (its report's metadata). */
  skipped: string;
  outdir: string;
}

const ASSET_METADATA = { 'aws:cdk:enable-asset-metadata': true };
const outdirs: string[] = [];
afterEach(() => outdirs.splice(0).forEach(d => fs.rmSync(d, { recursive: true, force: true })));

/** Synthesizes an app with S3CorsChecks; the cdk.out stays for `lint` until the test ends. */
function synth(build: (app: App) => void, context: Record<string, unknown> = ASSET_METADATA): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-apps-'));
  outdirs.push(outdir);
  const exitCode = process.exitCode;
  const quiet = [jest.spyOn(console, 'log').mockImplementation(() => {}), jest.spyOn(console, 'error').mockImplementation(() => {})];
  try {
    const app = new App({ outdir, context });
    Validations.of(app).addPlugins(new S3CorsChecks());
    build(app);
    try {
      app.synth();
    } catch (e) {
      expect((e as Error).message).toMatch(/validation-report\.json/);
    }
    const report = path.join(outdir, 'validation-report.json');
    // aws-cdk-lib writes the report only when a plugin reports: every app below has a violation or an info line.
    expect(fs.existsSync(report)).toBe(true);
    const plugin = JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports.find((r: { pluginName: string }) => r.pluginName === 'S3CorsChecks');
    return { violations: plugin.violations, skipped: plugin.metadata?.skipped ?? '', outdir };
  } finally {
    quiet.forEach(q => q.mockRestore());
    process.exitCode = exitCode;
  }
}

/** "severity rule construct-path-below-its-stack" of each violation: the same resource whatever stack it sits in. */
function pluginFindings(s: Synthesized, stackDepth = 1): string[] {
  return s.violations.flatMap(v => v.violatingConstructs.map(c => `${v.severity} ${v.ruleName} ${c.constructPath.split('/').slice(stackDepth).join('/')}`)).sort();
}

interface LintJson { files: Array<{ file: string; findings: Array<{ ruleId: string; severity: string; resource: string | null; message: string }> }> }

async function lintJson(...paths: string[]): Promise<{ code: number; report: LintJson }> {
  const { code, stdout } = await runInProcess(['lint', '--json', ...paths]);
  return { code, report: JSON.parse(stdout) };
}

/** "severity rule resource" of each finding lint prints, over every file. */
function lintFindings(report: LintJson, severities = ['error', 'warning']): string[] {
  return report.files.flatMap(f => f.findings.filter(x => severities.includes(x.severity)).map(x => `${x.severity} ${x.ruleId} ${x.resource}`)).sort();
}

/** A misconfigured app of many public reports: uploads with Authorization to a CORS bucket through a plain Distribution that forwards no Origin and allows no OPTIONS. */
function bucket(scope: Construct): s3.Bucket {
  return new s3.Bucket(scope, 'SiteBucket', {
    cors: [{ allowedOrigins: ['https://app.example.com'], allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT], allowedHeaders: ['Authorization'] }],
  });
}
function distribution(scope: Construct, b: s3.IBucket): cloudfront.Distribution {
  return new cloudfront.Distribution(scope, 'SiteCdn', { defaultBehavior: { origin: origins.S3BucketOrigin.withBucketDefaults(b) } });
}

describe('a plain misconfigured app split over two stacks', () => {
  const oneStack = () => synth(app => {
    const stack = new Stack(app, 'Web');
    distribution(stack, bucket(stack));
  });
  const twoStacks = () => synth(app => distribution(new Stack(app, 'Cdn'), bucket(new Stack(app, 'Storage'))));

  test('S3CorsChecks: the same findings as the one-stack app, on the distribution, naming the bucket\'s stack', () => {
    const one = pluginFindings(oneStack());
    expect(one).toEqual(expect.arrayContaining([
      'error cdk-s3-cors:distribution-cors-headers-not-forwarded SiteCdn/Resource',
      'error cdk-s3-cors:distribution-options-not-allowed SiteCdn/Resource',
    ]));
    const two = twoStacks();
    expect(pluginFindings(two)).toEqual(one);
    const forwarded = two.violations.find(v => v.ruleName === 'cdk-s3-cors:distribution-cors-headers-not-forwarded')!;
    expect(forwarded.violatingConstructs.map(c => c.constructPath)).toEqual(['Cdn/SiteCdn/Resource']);
    expect(forwarded.description).toMatch(/^SiteCdn\w+ the default behaviour \(origin: bucket SiteBucket\w+ of Storage\.template\.json\): Origin does not reach S3/);
  });

  test('lint of its cdk.out: the same findings as the one-stack app, in the distribution\'s file', async () => {
    const one = await lintJson(oneStack().outdir);
    const two = await lintJson(twoStacks().outdir);
    expect(lintFindings(one.report)).toEqual(expect.arrayContaining([expect.stringMatching(/^error cdk-s3-cors:distribution-cors-headers-not-forwarded SiteCdn/)]));
    expect(lintFindings(two.report)).toEqual(lintFindings(one.report));
    expect(two.code).toBe(1);
    const cdnFile = two.report.files.find(f => f.file.endsWith('Cdn.template.json'))!;
    expect(cdnFile.findings.filter(f => f.severity !== 'info').length).toBe(lintFindings(two.report).length);
    expect(cdnFile.findings[0].message).toMatch(/\(origin: bucket SiteBucket\w+ of .*Storage\.template\.json\)/);
  });

  test('an acknowledgement on the distribution clears its finding in the other stack\'s setup too', () => {
    const s = synth(app => {
      const cdn = distribution(new Stack(app, 'Cdn'), bucket(new Stack(app, 'Storage')));
      Validations.of(cdn).acknowledge({ id: 'cdk-s3-cors:distribution-options-not-allowed', reason: 'Uploads go straight to S3 with presigned URLs.' });
    });
    expect(pluginFindings(s)).toContain('error cdk-s3-cors:distribution-cors-headers-not-forwarded SiteCdn/Resource');
    expect(pluginFindings(s).filter(f => f.includes('options-not-allowed'))).toEqual([]);
  });

  test('a bucket of the other stack without CORS rules is silent, as in one stack', async () => {
    const s = synth(app => {
      distribution(new Stack(app, 'Cdn'), new s3.Bucket(new Stack(app, 'Storage'), 'Plain'));
      // The sentinel: proves the plugin ran.
      new s3.Bucket(new Stack(app, 'Sentinel'), 'Slash', { cors: [{ allowedOrigins: ['https://app.example.com/'], allowedMethods: [s3.HttpMethods.GET] }] });
    });
    expect(pluginFindings(s)).toEqual(['error cdk-s3-cors:origin-trailing-slash Slash/Resource']);
    expect(s.skipped).toBe('');
    const { report } = await lintJson(s.outdir);
    expect(lintFindings(report, ['error', 'warning', 'info'])).toEqual([expect.stringMatching(/^error cdk-s3-cors:origin-trailing-slash Slash/)]);
  });
});

describe('hand-written stacks joined by an Export and Fn::ImportValue', () => {
  const fixture = (name: string) => path.join(__dirname, 'fixtures', 'cross-stack', name);

  test('lint of both files: the distribution\'s finding, on its file, naming the bucket and its file', async () => {
    const { code, stdout, stderr } = await runInProcess(['lint', fixture('storage.yaml'), fixture('cdn.yaml')]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cdn\.yaml:18:13 error cdk-s3-cors:distribution-cors-headers-not-forwarded Cdn the default behaviour \(origin: bucket Media of .*storage\.yaml\): Origin does not reach S3/);
    expect(stderr).toMatch(/storage\.yaml: no problems found/);
  });

  test('lint of the distribution\'s file alone: one info line naming the export and the probe command', async () => {
    const { code, stdout } = await runInProcess(['lint', fixture('cdn.yaml')]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([expect.stringContaining('cdn.yaml:11:13 info cdk-s3-cors:distribution-bucket-not-seen Cdn origin "media": its DomainName is imported (Fn::ImportValue "media-bucket-domain") from a stack whose template is not among those read.')]);
    expect(stdout).toContain('cdk-s3-cors probe https://<distribution domain>/<key of an object> --origin https://<your site>');
  });
});

describe('nested stacks', () => {
  const bucketInParent = (app: App) => {
    const parent = new Stack(app, 'Parent');
    distribution(new NestedStack(parent, 'Child'), bucket(parent));
  };
  const distributionInParent = (app: App) => {
    const parent = new Stack(app, 'Parent');
    distribution(parent, bucket(new NestedStack(parent, 'Child')));
  };
  let expected: string[];
  beforeAll(() => {
    const app = synth(a => {
      const stack = new Stack(a, 'Web');
      distribution(stack, bucket(stack));
    });
    expected = pluginFindings(app);
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });

  test.each([
    ['the bucket in the parent, the distribution in the nested stack', bucketInParent, 'Parent/Child/SiteCdn/Resource', /\.nested\.template\.json$/, 'Parent.template.json'],
    ['the distribution in the parent, the bucket in the nested stack', distributionInParent, 'Parent/SiteCdn/Resource', /Parent\.template\.json$/, '.nested.template.json'],
  ])('S3CorsChecks: %s: the one-stack findings, reported with the distribution\'s template', (_, build, construct, template, bucketFile) => {
    const s = synth(build);
    expect(pluginFindings(s, construct.split('/').length - 2)).toEqual(expected);
    const forwarded = s.violations.find(v => v.ruleName === 'cdk-s3-cors:distribution-cors-headers-not-forwarded')!;
    expect(forwarded.violatingConstructs[0].constructPath).toBe(construct);
    expect(forwarded.violatingConstructs[0].cloudFormationResource?.templatePath).toMatch(template);
    expect(forwarded.description).toContain(bucketFile);
  });

  test.each([
    ['the bucket in the parent', bucketInParent],
    ['the distribution in the parent', distributionInParent],
  ])('lint cdk.out with %s: the one-stack findings (the CLI writes aws:asset:path)', async (_, build) => {
    const { code, report } = await lintJson(synth(build).outdir);
    expect(code).toBe(1);
    expect(lintFindings(report).map(f => f.replace(/ \S+$/, ''))).toEqual(expected.map(f => f.replace(/ \S+$/, '')));
  });

  test('an acknowledgement in the nested stack clears the finding there', () => {
    const s = synth(app => {
      const parent = new Stack(app, 'Parent');
      const cdn = distribution(new NestedStack(parent, 'Child'), bucket(parent));
      Validations.of(cdn).acknowledge({ id: 'cdk-s3-cors:distribution-cors-headers-not-forwarded', reason: 'A viewer-request function adds it.' });
    });
    expect(pluginFindings(s, 2)).toEqual(expected.filter(f => !f.includes('cors-headers-not-forwarded')));
  });

  test.each([
    ['the bucket in the parent', bucketInParent, /Child\w*\.nested\.template\.json:\d+:\d+ info cdk-s3-cors:distribution-bucket-not-seen SiteCdn\w+ origin "\w+": its DomainName is the parameter "\w+", given at deploy time/],
    ['the distribution in the parent', distributionInParent, /Parent\.template\.json:\d+:\d+ info cdk-s3-cors:distribution-bucket-not-seen SiteCdn\w+ origin "\w+": its DomainName is the output "\w+" of the nested stack \w+, whose template is not among those read/],
  ])('a plain app.synth() (no aws:asset:path), %s: lint of the cdk.out ties the nested stack by its asset manifest; of the templates alone, an info line that says why, never silence', async (_, build, line) => {
    const s = synth(build, {});
    expect(fs.readFileSync(path.join(s.outdir, 'Parent.template.json'), 'utf8')).not.toContain('aws:asset:path');
    const whole = await lintJson(s.outdir);
    expect(lintFindings(whole.report, ['error', 'warning', 'info']).map(f => f.replace(/ \S+$/, ''))).toEqual(expected.map(f => f.replace(/ \S+$/, '')));
    const templates = fs.readdirSync(s.outdir).filter(f => f.endsWith('.template.json')).map(f => path.join(s.outdir, f));
    expect(templates).toHaveLength(2);
    const { code, stdout } = await runInProcess(['lint', ...templates]);
    expect(code).toBe(0);
    const infos = stdout.split('\n').filter(l => l.includes(' info '));
    // The origin that cannot be tied, and the nested stack whose template the parent does not name: both said.
    expect(infos).toHaveLength(2);
    expect(infos).toEqual(expect.arrayContaining([
      expect.stringMatching(/Parent\.template\.json:\d+:\d+ info cdk-s3-cors:nested-stack-not-read nested stack \w+: its template \(TemplateURL\) is not among the templates read/),
      expect.stringMatching(line),
    ]));
    const unseen = infos.find(l => l.includes('distribution-bucket-not-seen'))!;
    expect(unseen).toContain('aws:cdk:enable-asset-metadata');
    expect(unseen).toContain('cdk-s3-cors probe https://');
    // The plugin knows the nested stacks from the construct tree: it needs no metadata.
    expect(s.violations.map(v => v.ruleName)).toContain('cdk-s3-cors:distribution-cors-headers-not-forwarded');
  });
});

test('an imported bucket (Bucket.fromBucketName): one info line per origin naming probe, through S3CorsChecks and lint', async () => {
  const s = synth(app => {
    const stack = new Stack(app, 'Web');
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'my-assets');
    new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(imported) },
      additionalBehaviors: { 'images/*': { origin: origins.S3BucketOrigin.withOriginAccessControl(imported) } },
    });
  });
  // Reported as violations of severity info (the report's metadata is printed only beside a violation): the synth passes.
  expect(pluginFindings(s)).toEqual([
    expect.stringMatching(/^info cdk-s3-cors:distribution-bucket-not-seen Cdn\/Resource$/),
    expect.stringMatching(/^info cdk-s3-cors:distribution-bucket-not-seen Cdn\/Resource$/),
  ]);
  // Two origins (one per behaviour, as aws-cdk-lib makes them), one line each.
  for (const l of s.violations.map(v => v.description)) {
    expect(l).toMatch(/^Cdn\w+ origin "\w+": its DomainName names the bucket "my-assets", which no template read defines \(a bucket imported with Bucket\.fromBucketName or Bucket\.fromBucketArn/);
    expect(l).toContain('cannot be seen from the templates');
    expect(l).toContain('cdk-s3-cors probe https://<distribution domain>/<key of an object> --origin https://<your site>');
  }
  expect(s.skipped).toBe('');
  const { code, report } = await lintJson(s.outdir);
  expect(code).toBe(0);
  expect(lintFindings(report, ['error', 'warning', 'info'])).toEqual([
    expect.stringMatching(/^info cdk-s3-cors:distribution-bucket-not-seen Cdn/),
    expect.stringMatching(/^info cdk-s3-cors:distribution-bucket-not-seen Cdn/),
  ]);
});

test('an imported bucket beside a CORS bucket of the same template still gets its info line, and the CORS bucket its findings', async () => {
  const s = synth(app => {
    const stack = new Stack(app, 'Web');
    distribution(stack, bucket(stack));
    new cloudfront.Distribution(stack, 'Other', { defaultBehavior: { origin: origins.S3BucketOrigin.withBucketDefaults(s3.Bucket.fromBucketArn(stack, 'Imported', 'arn:aws:s3:::shared-assets')) } });
  });
  expect(pluginFindings(s)).toContain('error cdk-s3-cors:distribution-cors-headers-not-forwarded SiteCdn/Resource');
  const info = s.violations.filter(v => v.severity === 'info');
  expect(info.map(v => v.violatingConstructs[0].constructPath)).toEqual(['Web/Other/Resource']);
  expect(info[0].description).toMatch(/^Other\w+ origin "\w+": its DomainName names the bucket "shared-assets"/);
});

test('S3CorsChecks: a misconfigured stack in a stage in a stage in a stage in a stage is read', () => {
  const s = synth(app => {
    const deep = new Stage(new Stage(new Stage(new Stage(app, 'One'), 'Two'), 'Three'), 'Four');
    const stack = new Stack(deep, 'Web');
    distribution(stack, bucket(stack));
    // The other stack of that stage holds the bucket the second distribution serves.
    distribution(new Stack(deep, 'Cdn'), bucket(new Stack(deep, 'Storage')));
  });
  const found = pluginFindings(s, 0);
  expect(found).toContain('error cdk-s3-cors:distribution-cors-headers-not-forwarded One/Two/Three/Four/Web/SiteCdn/Resource');
  expect(found).toContain('error cdk-s3-cors:distribution-cors-headers-not-forwarded One/Two/Three/Four/Cdn/SiteCdn/Resource');
  // The split stage gets what the one-stack stage gets.
  expect(found.filter(f => f.includes('/Cdn/')).map(f => f.replace('/Cdn/', '/'))).toEqual(found.filter(f => f.includes('/Web/')).map(f => f.replace('/Web/', '/')));
});

describe('cycles of exports and nested stacks cannot hang', () => {
  // A deploys B and B deploys A; each exports what it imports from the other; each distribution's origin goes round.
  const a = {
    Parameters: { P: { Type: 'String' } },
    Resources: {
      Child: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': 'b.json' }, Properties: { TemplateURL: 'x', Parameters: { P: { 'Fn::GetAtt': ['Child', 'Outputs.Q'] } } } },
      Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Origins: [{ Id: 'o', DomainName: { 'Fn::ImportValue': 'b-domain' }, S3OriginConfig: {} }], DefaultCacheBehavior: { TargetOriginId: 'o' } } } },
    },
    Outputs: { Out: { Value: { 'Fn::ImportValue': 'b-domain' }, Export: { Name: 'a-domain' } }, Q: { Value: { Ref: 'P' } } },
  };
  const b = {
    Parameters: { P: { Type: 'String' } },
    Resources: {
      Parent: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': 'a.json' }, Properties: { TemplateURL: 'x', Parameters: { P: { 'Fn::GetAtt': ['Parent', 'Outputs.Q'] } } } },
      Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Origins: [{ Id: 'o', DomainName: { Ref: 'P' }, S3OriginConfig: {} }], DefaultCacheBehavior: { TargetOriginId: 'o' } } } },
    },
    Outputs: { Out: { Value: { 'Fn::ImportValue': 'a-domain' }, Export: { Name: 'b-domain' } }, Q: { Value: { Ref: 'P' } } },
  };

  test('following ends, with the values it could not follow further', () => {
    const set = new TemplateSet([['t/a.json', CloudFormationTemplate.parse(JSON.stringify(a))], ['t/b.json', CloudFormationTemplate.parse(JSON.stringify(b))]]);
    expect(set.childOf('t/a.json', 'Child')).toBe('t/b.json');
    expect(set.childOf('t/b.json', 'Parent')).toBe('t/a.json');
    const started = Date.now();
    expect(set.follow('t/a.json', { 'Fn::ImportValue': 'b-domain' })).toEqual([]);
    expect(set.follow('t/b.json', { Ref: 'P' })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('an aws:asset:path that leaves the folder names no template', () => {
    const parent = (assetPath: string) => CloudFormationTemplate.parse(JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': assetPath } } } }));
    const child = CloudFormationTemplate.parse(JSON.stringify(b));
    expect(new TemplateSet([['out/a.json', parent('../out/b.json')], ['out/b.json', child]]).childOf('out/a.json', 'Child')).toBeUndefined();
    expect(new TemplateSet([['out/a.json', parent('/etc/b.json')], ['/etc/b.json', child]]).childOf('out/a.json', 'Child')).toBeUndefined();
    expect(new TemplateSet([['out\\a.json', parent('b.json')], ['out/b.json', child]]).childOf('out\\a.json', 'Child')).toBe('out/b.json');
  });

  test('without aws:asset:path, the TemplateURL\'s asset hash is looked up in the asset manifest\'s files', () => {
    const hash = 'ab'.repeat(32);
    const parent = CloudFormationTemplate.parse(JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { 'Fn::Join': ['', ['https://s3.', { Ref: 'AWS::URLSuffix' }, `/bucket/${hash}.json`]] } } } } }));
    const child = CloudFormationTemplate.parse(JSON.stringify(b));
    expect(new TemplateSet([['out/a.json', parent], ['out/b.json', child]], [], new Map([[hash, './out/b.json']])).childOf('out/a.json', 'Child')).toBe('out/b.json');
    expect(new TemplateSet([['out/a.json', parent], ['out/b.json', child]], [], new Map([['cd'.repeat(32), 'out/b.json']])).childOf('out/a.json', 'Child')).toBeUndefined();
  });

  test('lint of both: each distribution gets its info line, quickly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-cycle-'));
    outdirs.push(dir);
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(a));
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(b));
    const started = Date.now();
    const { code, report } = await lintJson(dir);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(code).toBe(0);
    expect(lintFindings(report, ['error', 'warning', 'info'])).toEqual([
      'info cdk-s3-cors:distribution-bucket-not-seen Cdn',
      'info cdk-s3-cors:distribution-bucket-not-seen Cdn',
    ]);
  });
});

test.each([
  [5, 'error cdk-s3-cors:distribution-cors-headers-not-forwarded Cdn', ''],
  [30, 'info cdk-s3-cors:distribution-bucket-not-seen Cdn', 'passed on through more than 16 exports'],
])('an export passed on through %i stacks: followed up to 16, then one info line saying so', async (length, finding, words) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-chain-'));
  outdirs.push(dir);
  const bucketTemplate = {
    Resources: { Media: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }] } } } },
    Outputs: { D: { Value: { 'Fn::GetAtt': ['Media', 'RegionalDomainName'] }, Export: { Name: 'hop-0' } } },
  };
  fs.writeFileSync(path.join(dir, 'bucket.json'), JSON.stringify(bucketTemplate));
  for (let i = 1; i < length; i++) {
    fs.writeFileSync(path.join(dir, `hop-${i}.json`), JSON.stringify({ Resources: {}, Outputs: { D: { Value: { 'Fn::ImportValue': `hop-${i - 1}` }, Export: { Name: `hop-${i}` } } } }));
  }
  fs.writeFileSync(path.join(dir, 'cdn.json'), JSON.stringify({
    Resources: {
      Cdn: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: { DistributionConfig: { Origins: [{ Id: 'o', DomainName: { 'Fn::ImportValue': `hop-${length - 1}` }, S3OriginConfig: {} }], DefaultCacheBehavior: { TargetOriginId: 'o', ForwardedValues: { QueryString: false } } } },
      },
    },
  }));
  const { report } = await lintJson(dir);
  const cdn = report.files.find(f => f.file.endsWith('cdn.json'))!;
  expect(cdn.findings.map(f => `${f.severity} ${f.ruleId} ${f.resource}`)).toEqual([finding]);
  expect(cdn.findings[0].message).toContain(words);
});

test.each([
  ['lambda', []],
  ['s3', ['info cdk-s3-cors:distribution-bucket-not-seen Cdn']],
])('an origin signed by an origin access control for %s: a bucket not in the template is said only for s3', async (type, expected) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-oac-'));
  outdirs.push(dir);
  // A Lambda function URL behind CloudFront (its host split out of the URL), signed by an access control of that type.
  fs.writeFileSync(path.join(dir, 'cdn.json'), JSON.stringify({
    Resources: {
      Signer: { Type: 'AWS::CloudFront::OriginAccessControl', Properties: { OriginAccessControlConfig: { Name: 'signer', OriginAccessControlOriginType: type, SigningBehavior: 'always', SigningProtocol: 'sigv4' } } },
      Cdn: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Origins: [{ Id: 'o', DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Url', 'FunctionUrl'] }] }] }, OriginAccessControlId: { Ref: 'Signer' }, CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }],
            DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'https-only', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
          },
        },
      },
    },
  }));
  const { report } = await lintJson(dir);
  expect(report.files[0].findings.map(f => `${f.severity} ${f.ruleId} ${f.resource}`)).toEqual(expected);
});

test('a lint run of CORS files only still loads no template or YAML code (templates are read together, after the others)', () => {
  const script = `const { main } = require('./src/cli/main');
    const io = { stdinIsTerminal: false, stdout: () => {}, stderr: () => {}, readStdin: async () => Buffer.alloc(0) };
    main(['lint', 'test/checks/fixtures/console-exposed-headers.json'], io).then(code => console.log(code,
      Object.keys(require.cache).filter(k => /[\\\\/](yaml|lint-template|template-set)[\\\\/.]/.test(k)).length));`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' });
  expect(out.trim()).toBe('1 0');
});

test.each([
  ['without CORS rules: nothing, the bucket is the template\'s own', undefined, []],
  ['with CORS rules: the distribution\'s findings', { CorsRules: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }] }, ['error cdk-s3-cors:distribution-cors-headers-not-forwarded']],
])('origins written inside an Fn::If (a released AWS sample does this) are tied to the template\'s bucket; %s', (_, cors, expectedFindings) => {
  const origin = { Id: 'site', DomainName: { 'Fn::GetAtt': ['Site', 'RegionalDomainName'] }, S3OriginConfig: {} };
  const t = CloudFormationTemplate.parse(JSON.stringify({
    Parameters: { WithAlb: { Type: 'String', Default: 'false' } },
    Conditions: { ShouldCreateAlb: { 'Fn::Equals': [{ Ref: 'WithAlb' }, 'true'] } },
    Resources: {
      Site: { Type: 'AWS::S3::Bucket', Properties: cors ? { CorsConfiguration: cors } : {} },
      Cdn: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Origins: { 'Fn::If': ['ShouldCreateAlb', [origin, { Id: 'alb', DomainName: 'alb.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'http-only' } }], [origin]] },
            DefaultCacheBehavior: { TargetOriginId: 'site', ForwardedValues: { QueryString: false } },
          },
        },
      },
    },
  }));
  expect(checkFacts(templateFacts(t)).map(f => `${f.severity} ${f.ruleId}`)).toEqual(expectedFindings);
});
