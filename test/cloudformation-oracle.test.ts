// CloudFormation as the oracle for "a construct never synthesizes what the
// deploy refuses". Many generated configurations of the three constructs
// (origins from every CorsOrigin factory, repeats included, presets, headers,
// additional rules, tokens, a distribution in either corsMode) are synthesized; every
// template that synthesizes is validated against CloudFormation's resource
// schemas by cfn-lint, in one run over all of them (it takes seconds to start).
//
// What counts as "CloudFormation refuses": every finding cfn-lint reports at
// level Error. Its E-rules are the ones that make a stack fail to create or
// update: E0xxx (the template cannot be read or transformed), E1xxx
// (intrinsic functions, references, template structure), E2xxx (parameters),
// E3xxx (resource properties against the registry schemas: types, enums,
// required properties, minimums, and unique items, E3037, which is how
// repeated CORS items fail), E6xxx (outputs). W-level findings (best
// practice) and I-level (information) are not refusals and are ignored.
// No E-rule is excluded: a false positive would be listed here with its
// reason.
//
// cfn-lint comes from PyPI (.ci/run installs a pinned version). Without it
// this test fails, saying how to install it: an oracle that is not there
// proves nothing.
import { execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnParameter, Duration, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import fc from 'fast-check';
import { CloudFrontCorsDistribution, CorsOrigin, CorsPreset, DistributionCorsMode, PublicAssetsBucket, UploadBucket } from '../src';
import { runs } from './cors/runs';
import { newStack } from './stack';

const SEED = 20;
const CFN_LINT = process.env.CFN_LINT ?? 'cfn-lint';
const REGION = 'eu-west-1';

// ---------------------------------------------------------------------------
// Configurations as plain data (printed as they are when a template fails).

type OriginSpec =
  | { kind: 'any' }
  | { kind: 'https'; host: string; port?: number }
  | { kind: 'exact'; origin: string }
  | { kind: 'localhost'; port: number; host?: string }
  | { kind: 'subdomainsOf'; domain: string }
  | { kind: 'token'; join: boolean };

interface RuleSpec {
  readonly allowedMethods: string[];
  readonly allowedOrigins: string[];
  readonly allowedHeaders?: string[];
  readonly exposedHeaders?: string[];
}

interface Spec {
  readonly construct: 'assets' | 'upload';
  readonly origins: OriginSpec[];
  readonly developmentOrigins?: OriginSpec[];
  readonly preset?: { builtIn: string } | { custom: string[]; allowedHeaders?: string[]; exposedHeaders?: string[] };
  readonly allowedHeaders?: string[];
  readonly exposedHeaders?: string[];
  readonly additionalCorsRules?: RuleSpec[];
  readonly maxAgeSeconds?: number;
  readonly allowReads?: boolean;
  readonly allowAnyOriginForWrites?: boolean;
  readonly distribution?: { domainNames: boolean; enableLogging?: boolean; edge?: boolean };
}

const HOSTS = ['app.example.com', 'www.example.com', 'example.com', 'admin.example.com', 'example.net'];
const originArb: fc.Arbitrary<OriginSpec> = fc.oneof(
  fc.constant({ kind: 'any' as const }),
  fc.record({ kind: fc.constant('https' as const), host: fc.constantFrom(...HOSTS), port: fc.option(fc.constantFrom(443, 8443), { nil: undefined }) }, { requiredKeys: ['kind', 'host'] }),
  fc.record({ kind: fc.constant('exact' as const), origin: fc.constantFrom('https://app.example.com', 'https://www.example.com:8443', 'http://localhost', 'http://localhost:3000', 'https://*.example.com') }),
  fc.record({ kind: fc.constant('localhost' as const), port: fc.constantFrom(80, 3000, 5173), host: fc.option(fc.constantFrom('127.0.0.1'), { nil: undefined }) }, { requiredKeys: ['kind', 'port'] }),
  fc.record({ kind: fc.constant('subdomainsOf' as const), domain: fc.constantFrom('example.com', 'example.org') }),
  fc.record({ kind: fc.constant('token' as const), join: fc.boolean() }),
);
const ALLOWED_HEADERS = ['Content-Type', 'content-type', 'Range', 'x-amz-*', '*'];
const EXPOSED_HEADERS = ['ETag', 'etag', 'x-amz-version-id', 'Content-Length'];
/** Lists without repeats three times in four; the fourth may repeat (as people write them). */
const mostlyUnique = <T>(item: fc.Arbitrary<T>, min: number, max: number) => fc.oneof(
  { weight: 3, arbitrary: fc.uniqueArray(item, { minLength: min, maxLength: max, selector: v => JSON.stringify(v) }) },
  { weight: 1, arbitrary: fc.array(item, { minLength: min, maxLength: max }) },
);
const list = (items: string[], max: number, min = 0) => mostlyUnique(fc.constantFrom(...items), min, max);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const ruleArb: fc.Arbitrary<RuleSpec> = fc.record({
  allowedMethods: list(['GET', 'HEAD'], 3, 1),
  allowedOrigins: list(['https://partner.example.net', 'https://other.example.org'], 3, 1),
  allowedHeaders: opt(list(ALLOWED_HEADERS, 3)),
  exposedHeaders: opt(list(EXPOSED_HEADERS, 3)),
}, { requiredKeys: ['allowedMethods', 'allowedOrigins'] });

// Each construct with the presets it takes (a mismatch is refused for another reason and tests nothing here).
const presetArb = (methods: string[], builtIn: string[]) => opt(fc.oneof(
  fc.record({ builtIn: fc.constantFrom(...builtIn) }),
  fc.record({ custom: list(methods, 3, 1), allowedHeaders: opt(list(ALLOWED_HEADERS, 3)), exposedHeaders: opt(list(EXPOSED_HEADERS, 3)) }, { requiredKeys: ['custom'] }),
));
const shared = {
  origins: mostlyUnique(originArb, 1, 4),
  developmentOrigins: opt(mostlyUnique(originArb, 0, 2)),
  allowedHeaders: opt(list(ALLOWED_HEADERS, 3)),
  exposedHeaders: opt(list(EXPOSED_HEADERS, 3)),
  additionalCorsRules: opt(fc.array(ruleArb, { maxLength: 2 })),
  maxAgeSeconds: opt(fc.constantFrom(0, 600, 3000, 7200)),
  distribution: opt(fc.record({ domainNames: fc.boolean(), enableLogging: opt(fc.boolean()), edge: opt(fc.boolean()) }, { requiredKeys: ['domainNames'] })),
};
const specArb: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ construct: fc.constant('assets' as const), preset: presetArb(['GET', 'HEAD'], ['read-only']), ...shared }, { requiredKeys: ['construct', 'origins'] }),
  fc.oneof(
    fc.record({ construct: fc.constant('upload' as const), preset: presetArb(['PUT', 'POST', 'GET'], ['upload', 'upload-with-read', 'form-post']), allowAnyOriginForWrites: fc.constant(true), ...shared }, { requiredKeys: ['construct', 'origins', 'allowAnyOriginForWrites'] }),
    fc.record({ construct: fc.constant('upload' as const), allowReads: opt(fc.boolean()), allowAnyOriginForWrites: fc.constant(true), ...shared }, { requiredKeys: ['construct', 'origins', 'allowAnyOriginForWrites'] }),
  ),
);

// ---------------------------------------------------------------------------
// Building a configuration in a stack.

function origin(stack: Stack, o: OriginSpec): CorsOrigin {
  switch (o.kind) {
    case 'any': return CorsOrigin.ANY;
    case 'https': return CorsOrigin.https(o.host, o.port);
    case 'exact': return CorsOrigin.exact(o.origin);
    case 'localhost': return CorsOrigin.localhost(o.port, o.host);
    case 'subdomainsOf': return CorsOrigin.subdomainsOf(o.domain);
    case 'token': {
      // One parameter per stack: the same token, or an equal Fn::Join, whenever two are drawn.
      const host = (stack.node.tryFindChild('Host') as CfnParameter | undefined) ?? new CfnParameter(stack, 'Host', { type: 'String', default: 'app.example.com' });
      return CorsOrigin.exact(o.join ? Fn.join('', ['https://', host.valueAsString]) : `https://${host.valueAsString}`);
    }
  }
}

function build(stack: Stack, spec: Spec): void {
  const preset = spec.preset === undefined ? undefined
    : 'builtIn' in spec.preset ? CorsPreset.fromName(spec.preset.builtIn)
      : CorsPreset.custom('generated', { allowedMethods: spec.preset.custom as s3.HttpMethods[], allowedHeaders: spec.preset.allowedHeaders, exposedHeaders: spec.preset.exposedHeaders });
  const common = {
    allowedOrigins: spec.origins.map(o => origin(stack, o)),
    developmentOrigins: spec.developmentOrigins?.map(o => origin(stack, o)),
    allowedHeaders: spec.allowedHeaders,
    exposedHeaders: spec.exposedHeaders,
    additionalCorsRules: spec.additionalCorsRules?.map(r => ({ ...r, allowedMethods: r.allowedMethods as s3.HttpMethods[] })),
    maxAge: spec.maxAgeSeconds === undefined ? undefined : Duration.seconds(spec.maxAgeSeconds),
    preset,
  };
  const bucket = spec.construct === 'assets'
    ? new PublicAssetsBucket(stack, 'Bucket', common).bucket
    : new UploadBucket(stack, 'Bucket', { ...common, allowReads: spec.allowReads, allowAnyOriginForWrites: spec.allowAnyOriginForWrites }).bucket;
  if (spec.distribution) {
    const certificate = spec.distribution.domainNames
      ? acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:111111111111:certificate/1234abcd-12ab-34cd-56ef-1234567890ab')
      : undefined;
    new CloudFrontCorsDistribution(stack, 'Cdn', {
      bucket,
      domainNames: spec.distribution.domainNames ? ['cdn.example.com'] : undefined,
      certificate,
      enableLogging: spec.distribution.enableLogging,
      corsMode: spec.distribution.edge ? DistributionCorsMode.EDGE : undefined,
    });
  }
}

// ---------------------------------------------------------------------------

interface CfnLintMatch {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path?: Array<string | number> };
}

function cfnLintVersion(): string {
  const r = spawnSync(CFN_LINT, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`cfn-lint is needed as the oracle of this test and was not found (${CFN_LINT}: ${r.error?.message ?? r.stderr}). Install it with "pip install cfn-lint" (.ci/run pins the version), or set CFN_LINT to its path.`);
  }
  return r.stdout.trim();
}

/** Every Error-level finding of one cfn-lint run over all the files. */
function cfnLintErrors(files: string[]): CfnLintMatch[] {
  let out: string;
  try {
    out = execFileSync(CFN_LINT, ['--format', 'json', '--regions', REGION, '--', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    // Exit codes 2 (errors), 4 (warnings), 8 (informational) and their sums still print the findings.
    const err = e as { status?: number; stdout?: string; stderr?: string };
    if (err.status === undefined || err.status === 1 || err.status >= 16 || !err.stdout) {
      throw new Error(`cfn-lint failed to run (exit ${err.status}): ${err.stderr ?? e}`);
    }
    out = err.stdout;
  }
  return (JSON.parse(out) as CfnLintMatch[]).filter(m => m.Level === 'Error');
}

test('every template the constructs synthesize from generated configurations passes CloudFormation\'s resource schemas (cfn-lint)', () => {
  const version = cfnLintVersion();
  const specs = fc.sample(specArb, runs(120, SEED));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-cfn-'));
  try {
    const files = new Map<string, Spec>();
    const refusals: string[] = [];
    const seen = new Set<string>();
    specs.forEach((spec, i) => {
      const stack = newStack();
      let text: string;
      try {
        build(stack, spec);
        // Refusals come at construction, or at synth for values with tokens.
        text = JSON.stringify(Template.fromStack(stack).toJSON(), null, 1);
      } catch (e) {
        refusals.push((e as Error).message);
        return;
      }
      // Identical templates are checked once: cfn-lint costs about a third of a second each.
      const hash = crypto.createHash('sha256').update(text).digest('hex');
      if (seen.has(hash)) return;
      seen.add(hash);
      const file = path.join(dir, `config-${i}.json`);
      fs.writeFileSync(file, text);
      files.set(file, spec);
    });

    const errors = cfnLintErrors([...files.keys()]);
    const report = errors.map(m => `${m.Rule.Id} ${(m.Location.Path ?? []).join('.')}: ${m.Message}\n    from ${JSON.stringify(files.get(m.Filename) ?? m.Filename)}`);
    expect({ cfnLint: version, templates: files.size, errors: report }).toEqual({ cfnLint: version, templates: files.size, errors: [] });

    // The generator reaches both sides: configurations that synthesize, and repeats the constructs refuse.
    expect(files.size).toBeGreaterThanOrEqual(Math.min(10, specs.length / 4));
    expect(refusals.some(m => m.includes('CloudFormation refuses repeated items'))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
