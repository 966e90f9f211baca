// `cdk-s3-cors lint` on templates: the fixtures reproduce setups from public
// reports (each fixture names its report); every misconfiguration is reported
// once, on the right resource, at its place in the file, and nothing else is.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MANAGED_CACHE_POLICIES, MANAGED_ORIGIN_REQUEST_POLICIES, MANAGED_RESPONSE_HEADERS_POLICIES, MANAGED_RESPONSE_HEADERS_POLICIES_WITHOUT_CORS } from '../../src/checks/managed-policies';
import { templateFacts } from '../../src/checks/readers/cloudformation';
import { CloudFormationTemplate, TemplateSyntaxError } from '../../src/checks/readers/cloudformation/template';
import { checkFacts } from '../../src/checks/rules';

const checkTemplate = (t: CloudFormationTemplate) => checkFacts(templateFacts(t));
import { runInProcess } from '../cli/in-process';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
/**
 * "line:column severity rule-id logical-id-in-message" of each printed finding.
 * Positions were checked by hand against the fixtures: a value where the rule names one
 * (CachePolicyId, AllowedMethods, the origin), else the start of the behaviour.
 */
async function lint(file: string): Promise<{ code: number; found: string[] }> {
  const { code, stdout } = await runInProcess(['lint', file]);
  const found = stdout.split('\n').filter(Boolean).map(l => {
    const m = /^.*?:(\d+):(\d+) (\w+) (\S+) (\S+)/.exec(l)!;
    return `${m[1]}:${m[2]} ${m[3]} ${m[4]} ${m[5]}`;
  });
  return { code, found };
}

test.each<[string, number, string[]]>([
  ['origin-not-forwarded.yaml', 1, ['28:13 error cdk-s3-cors:distribution-cors-headers-not-forwarded Cdn']],
  ['caching-optimized-with-cors-s3origin.json', 1, ['34:30 error cdk-s3-cors:distribution-origin-not-in-cache-key Cdn']],
  // The bucket allows PUT, the behaviour only GET and HEAD: uploads may go straight to S3, so a warning (issue 19).
  ['uploads-options-not-allowed.yaml', 0, ['49:27 warning cdk-s3-cors:distribution-options-not-allowed Cdn']],
  ['uploads-preflights-uncached.yaml', 0, [
    '40:18 warning cdk-s3-cors:distribution-alias-not-allowed Cdn',
    '46:11 warning cdk-s3-cors:distribution-refused-preflight-cached Cdn',
    '49:26 warning cdk-s3-cors:distribution-options-not-cached Cdn',
  ]],
  ['cached-copy-without-vary.yaml', 0, ['23:11 warning cdk-s3-cors:distribution-browser-cache-hazard Cdn']],
  // Only AllowedHeaders ["*"] could lead to a preflight: a warning, not an error.
  ['star-headers-get-only.yaml', 0, ['48:27 warning cdk-s3-cors:distribution-options-not-allowed Cdn']],
  // One root cause, one finding: the preflight headers not forwarded are part of the OPTIONS error.
  ['preflight-headers-near-miss.yaml', 1, [
    '28:11 warning cdk-s3-cors:distribution-browser-cache-hazard Cdn',
    '30:27 error cdk-s3-cors:distribution-options-not-allowed Cdn',
  ]],
  ['response-header-forwarded.yaml', 1, ['26:13 error cdk-s3-cors:distribution-cors-headers-not-forwarded Cdn']],
  // Response headers policies answer CORS themselves (issue 19): no forwarding or cache-key error where they do.
  ['managed-cors-policy.yaml', 0, ['28:36 warning cdk-s3-cors:distribution-response-policy-cors Cdn']],
  ['custom-cors-policy.yaml', 0, ['44:41 warning cdk-s3-cors:distribution-response-policy-cors Cdn']],
  ['policy-credentials-any-origin.yaml', 0, [
    '49:11 warning cdk-s3-cors:distribution-browser-cache-hazard Cdn',
    '52:41 warning cdk-s3-cors:distribution-response-policy-cors Cdn',
  ]],
  ['policy-preflight-headers.yaml', 0, [
    '13:30 warning cdk-s3-cors:wildcard-origin-write Uploads',
    '28:11 warning cdk-s3-cors:distribution-browser-cache-hazard Cdn',
    '34:13 warning cdk-s3-cors:distribution-cors-headers-not-forwarded Cdn',
  ]],
  // An SPA's 403 -> 200 /index.html: the refused preflight is told as what the browser gets (issue 19).
  ['spa-error-page.yaml', 0, ['51:11 warning cdk-s3-cors:distribution-refused-preflight-cached Cdn']],
  // Users' CloudFront Functions judged by their parsed code (issue 19): words in comments switch nothing off.
  ['functions-misleading-comments.yaml', 1, [
    '66:26 error cdk-s3-cors:distribution-origin-not-in-cache-key Cdn',
    '69:13 warning cdk-s3-cors:distribution-browser-cache-hazard Cdn',
  ]],
  // A pair that answers preflights and writes Access-Control-Allow-Origin: S3's cache key is not what the browser reads.
  ['functions-answer-cors.yaml', 0, []],
  // Code that cannot be followed, or is not in the template: one info line per behaviour, never an error or an all-clear.
  ['functions-not-understood.yaml', 0, [
    '75:15 info cdk-s3-cors:distribution-function-not-understood Cdn',
    '86:17 info cdk-s3-cors:distribution-function-not-understood Cdn',
    '94:17 info cdk-s3-cors:distribution-function-not-understood Cdn',
  ]],
  ['functions-lambda-edge.yaml', 0, ['52:15 info cdk-s3-cors:distribution-function-not-understood Cdn']],
  ['http-star-pattern.yaml', 1, [
    '13:30 warning cdk-s3-cors:origin-matches-any-site SharedFiles',
    '13:30 warning cdk-s3-cors:wildcard-origin-write SharedFiles',
    '13:39 warning cdk-s3-cors:origin-matches-any-site SharedFiles',
    '16:30 error cdk-s3-cors:origin-missing-scheme SharedFiles',
  ]],
  ['bucket-origins.yaml', 1, [
    '10:30 error cdk-s3-cors:origin-trailing-slash Site',
    '10:56 error cdk-s3-cors:origin-missing-scheme Site',
    '17:30 warning cdk-s3-cors:wildcard-origin-write Uploads',
    '25:35 info cdk-s3-cors:unresolved-value Later',
  ]],
])('%s', async (name, exitCode, expected) => {
  const { code, found } = await lint(fixture(name));
  expect(found).toEqual(expected);
  expect(code).toBe(exitCode);
});

test.each([
  ['star-headers-get-only.yaml', [
    'AllowedMethods is ["GET","HEAD"], without OPTIONS. No rule of the bucket needs a preflight for sure, but rule 0 allows any request header (AllowedHeaders ["*"])',
    'simple requests work',
  ]],
  ['preflight-headers-near-miss.yaml', [
    'but the bucket\'s rule 0 allows the request header "Authorization", which browsers always preflight.',
    'S3 still needs Access-Control-Request-Method and Access-Control-Request-Headers, which are not forwarded either ("access-control-request-header" is listed, not "Access-Control-Request-Headers"',
  ]],
  ['uploads-options-not-allowed.yaml', [
    'No rule of the bucket needs a preflight for sure, but rule 0 allows PUT, which this behaviour does not let through (it allows GET, HEAD): fine if the page sends those straight to S3 (a presigned URL), not if it sends them through CloudFront.',
  ]],
  ['managed-cors-policy.yaml', [
    'the response headers policy CORS-With-Preflight answers every origin ("*"), and without OriginOverride it adds its header wherever S3 sent none',
    'the bucket\'s AllowedOrigins ["https://app.example.com"] protect nothing through this distribution.',
  ]],
  ['custom-cors-policy.yaml', [
    'the response headers policy lets in "https://admin.example.com", which the bucket\'s rules refuse, and it replaces the header S3 sends',
  ]],
  ['policy-credentials-any-origin.yaml', [
    'answers "Access-Control-Allow-Origin: *" with Access-Control-Allow-Credentials: true, a combination browsers refuse',
    'CloudFront\'s documents do not say whether it echoes the origin instead',
  ]],
  ['policy-preflight-headers.yaml', [
    'Access-Control-Request-Method, Access-Control-Request-Headers do not reach S3. The response headers policy CORS-With-Preflight adds Access-Control-Allow-* to the answer, but whether CloudFront answers a preflight itself or passes it to S3 is not documented',
  ]],
  ['spa-error-page.yaml', [
    'CustomErrorResponses turn a 403 into 200 "/index.html", so a preflight S3 refuses is answered 200 with that page and no Access-Control-Allow-* headers.',
    'CloudFront caches that answer for 300 s (ErrorCachingMinTTL)',
  ]],
  ['functions-not-understood.yaml', [
    'the default behaviour (origin: bucket Assets): cannot tell whether the functions at the edge answer CORS in place of S3: the CloudFront Function HeadersFromConfig (viewer-response): it writes a key it computes at run time (line 4 of its code).',
    'the behaviour for "fonts/*" (origin: bucket Assets): cannot tell whether the functions at the edge answer CORS in place of S3: the CloudFront Function Unfinished (viewer-response): it does not parse as JavaScript',
    'the CloudFront Function "arn:aws:cloudfront::123456789012:function/shared-cors" (viewer-response): it is not a CloudFront Function of this template, so its code cannot be read.',
    'The forwarding, cache-key and OPTIONS checks (distribution-cors-headers-not-forwarded, distribution-origin-not-in-cache-key, distribution-options-not-cached, distribution-refused-preflight-cached and distribution-browser-cache-hazard) were not run for this behaviour: check it once deployed with `cdk-s3-cors probe <url> --origin <origin>`',
  ]],
  ['functions-lambda-edge.yaml', [
    'the Lambda@Edge function CorsEdgeVersion (origin-request): the code of a Lambda@Edge function is never in the template',
  ]],
  ['response-header-forwarded.yaml', [
    'Origin does not reach S3 ("access-control-allow-origin" is listed, but it is a response header S3 sends; the request header that asks for it is "Origin")',
  ]],
])('%s: the finding says why, naming what was meant', async (name, parts) => {
  const { stdout } = await runInProcess(['lint', fixture(name)]);
  for (const part of parts) expect(stdout).toContain(part);
});

test('console JSON with CloudFormation\'s "ExposedHeaders" is still linted as a CORS configuration, naming the spelling', async () => {
  const { code, stdout } = await runInProcess(['lint', fixture('console-exposed-headers.json')]);
  expect(code).toBe(1);
  expect(stdout).toContain(':6:5 error cdk-s3-cors:unknown-field rule 0: unknown field "ExposedHeaders" ("ExposedHeaders" is CloudFormation\'s spelling); the S3 console and s3api JSON calls it "ExposeHeaders".');
});

test('a cdk.out directory: every template in it, with positions in the synthesized JSON', async () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-lint-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Web');
    const bucket = new s3.Bucket(stack, 'Media', { cors: [{ allowedOrigins: ['https://a.example.com', 'https://b.example.com'], allowedMethods: [s3.HttpMethods.GET] }] });
    new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
      },
    });
    app.synth();
    const { code, stdout } = await runInProcess(['lint', outdir]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    // In file order: the behaviour (where Vary is missing), then its CachePolicyId.
    expect(lines.map(l => l.split(' ').slice(1, 3).join(' '))).toEqual([
      'warning cdk-s3-cors:distribution-browser-cache-hazard',
      'error cdk-s3-cors:distribution-origin-not-in-cache-key',
    ]);
    expect(lines[1]).toMatch(/Web\.template\.json:\d+:\d+ error/);
    const template = fs.readFileSync(path.join(outdir, 'Web.template.json'), 'utf8').split('\n');
    const [, line] = /:(\d+):\d+ /.exec(lines[1])!;
    expect(template[Number(line) - 1]).toContain('"CachePolicyId"');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('the managed policy ids are aws-cdk-lib\'s own', () => {
  expect(MANAGED_CACHE_POLICIES[cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId].name).toBe('CachingOptimized');
  expect(MANAGED_CACHE_POLICIES[cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId].name).toBe('CachingDisabled');
  expect(MANAGED_CACHE_POLICIES[cloudfront.CachePolicy.CACHING_OPTIMIZED_FOR_UNCOMPRESSED_OBJECTS.cachePolicyId].name).toBe('CachingOptimizedForUncompressedObjects');
  expect(MANAGED_CACHE_POLICIES[cloudfront.CachePolicy.AMPLIFY.cachePolicyId].name).toBe('Amplify');
  expect(MANAGED_ORIGIN_REQUEST_POLICIES[cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN.originRequestPolicyId].name).toBe('CORS-S3Origin');
  expect(MANAGED_ORIGIN_REQUEST_POLICIES[cloudfront.OriginRequestPolicy.CORS_CUSTOM_ORIGIN.originRequestPolicyId].name).toBe('CORS-CustomOrigin');
  expect(MANAGED_ORIGIN_REQUEST_POLICIES[cloudfront.OriginRequestPolicy.ALL_VIEWER.originRequestPolicyId].name).toBe('AllViewer');
  expect(MANAGED_ORIGIN_REQUEST_POLICIES[cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId].name).toBe('AllViewerExceptHostHeader');
  expect(MANAGED_ORIGIN_REQUEST_POLICIES[cloudfront.OriginRequestPolicy.ALL_VIEWER_AND_CLOUDFRONT_2022.originRequestPolicyId].name).toBe('AllViewerAndCloudFrontHeaders-2022-06');
  expect(MANAGED_ORIGIN_REQUEST_POLICIES[cloudfront.OriginRequestPolicy.USER_AGENT_REFERER_HEADERS.originRequestPolicyId].name).toBe('UserAgentRefererHeaders');
  expect(MANAGED_RESPONSE_HEADERS_POLICIES[cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS.responseHeadersPolicyId].name).toBe('SimpleCORS');
  expect(MANAGED_RESPONSE_HEADERS_POLICIES[cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_WITH_PREFLIGHT.responseHeadersPolicyId].name).toBe('CORS-With-Preflight');
  expect(MANAGED_RESPONSE_HEADERS_POLICIES[cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_AND_SECURITY_HEADERS.responseHeadersPolicyId].name).toBe('CORS-and-SecurityHeadersPolicy');
  expect(MANAGED_RESPONSE_HEADERS_POLICIES[cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_WITH_PREFLIGHT_AND_SECURITY_HEADERS.responseHeadersPolicyId].name).toBe('CORS-with-preflight-and-SecurityHeadersPolicy');
  expect(MANAGED_RESPONSE_HEADERS_POLICIES_WITHOUT_CORS[cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId]).toBe('SecurityHeadersPolicy');
});

test('a template a thousand times larger: every pair reported once, on its own resources', () => {
  // 2,000 buckets each behind its own distribution (CachingOptimized + CORS-S3Origin, the poisoning setup), under CloudFormation's 1 MB.
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < 2000; i++) {
    resources[`B${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `bucket-${i}`, CorsConfiguration: { CorsRules: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }] } } };
    resources[`D${i}`] = {
      Type: 'AWS::CloudFront::Distribution',
      Properties: {
        DistributionConfig: {
          Origins: [{ Id: 'o', DomainName: `bucket-${i}.s3.eu-west-1.amazonaws.com` }],
          DefaultCacheBehavior: { TargetOriginId: 'o', CachePolicyId: cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId, OriginRequestPolicyId: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN.originRequestPolicyId },
        },
      },
    };
  }
  const found = checkTemplate(CloudFormationTemplate.parse(JSON.stringify({ Resources: resources })));
  const poisoned = found.filter(f => f.ruleId === 'cdk-s3-cors:distribution-origin-not-in-cache-key');
  expect(poisoned).toHaveLength(2000);
  expect(poisoned.every(f => f.message.includes(`(origin: bucket B${f.logicalId.slice(1)})`))).toBe(true);
});

describe('the template reader against hostile input', () => {
  test.each([
    ['deep flow nesting', `${'['.repeat(100000)}`],
    ['deep JSON', `{"Resources": ${'['.repeat(100000)}`],
    ['a billion laughs', `a: &a ["x","x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\nResources: {}`],
    ['not YAML', 'Resources: [\n'],
    ['deep block nesting', `Resources:\n${Array.from({ length: 3000 }, (_, d) => `${' '.repeat(d + 1)}k${d}:`).join('\n')}\n${' '.repeat(3002)}v: 1\n`],
  ])('%s is refused with a position, not a crash or a hang', (_, text) => {
    expect(() => CloudFormationTemplate.parse(text)).toThrow(TemplateSyntaxError);
  });

  test('text that is not a mapping says what it is and what a template looks like', () => {
    expect(() => CloudFormationTemplate.parse('- a\n- b\n')).toThrow('the text is an array of 2, but a template is a mapping with "Resources"');
  });

  test('"__proto__" as a key stays a key', () => {
    const t = CloudFormationTemplate.parse('{"Resources": {"__proto__": {"Type": "AWS::S3::Bucket"}}}');
    expect(t.resourcesOfType('AWS::S3::Bucket').map(([id]) => id)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).Type).toBeUndefined();
  });

  test('short-form tags become the long form', () => {
    const t = CloudFormationTemplate.parse('Resources:\n  A:\n    Type: X\n    Properties:\n      R: !Ref B\n      G: !GetAtt B.Arn.Sub\n      S: !Sub "${B}"\n      J: !Join ["", [a, !Ref C]]\n');
    expect(t.resource('A')!.Properties).toEqual({ R: { Ref: 'B' }, G: { 'Fn::GetAtt': ['B', 'Arn.Sub'] }, S: { 'Fn::Sub': '${B}' }, J: { 'Fn::Join': ['', ['a', { Ref: 'C' }]] } });
    expect(t.positionOf(['Resources', 'A', 'Properties', 'J', 'Fn::Join', 1, 1])).toEqual({ line: 8, column: 30 });
  });
});

test('the README\'s "Check an existing app" session prints what the README shows', async () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const block = /```console\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('\n## Check an existing app\n')))![1].trimEnd().split('\n');
  const [command, ...shown] = block;
  expect(command).toMatch(/^\$ npx cdk-s3-cors lint /);
  const r = await runInProcess(command.slice('$ npx cdk-s3-cors '.length).split(' '));
  expect([...r.stdout.split('\n'), r.stderr]).toEqual(shown);
});

test('a response headers policy\'s origins are matched against the bucket\'s as S3 matches them (one "*", no regular expression from user text)', () => {
  const template = (bucketOrigins: string[], policyOrigins: string[]) => CloudFormationTemplate.parse(JSON.stringify({
    Resources: {
      B: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedOrigins: bucketOrigins, AllowedMethods: ['GET'] }] } } },
      P: {
        Type: 'AWS::CloudFront::ResponseHeadersPolicy',
        Properties: {
          ResponseHeadersPolicyConfig: {
            Name: 'p',
            CorsConfig: {
              AccessControlAllowCredentials: false,
              OriginOverride: true,
              AccessControlAllowHeaders: { Items: ['*'] },
              AccessControlAllowMethods: { Items: ['GET'] },
              AccessControlAllowOrigins: { Items: policyOrigins },
            },
            CustomHeadersConfig: { Items: [{ Header: 'Vary', Value: 'Origin', Override: false }] },
          },
        },
      },
      D: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Origins: [{ Id: 'b', DomainName: { 'Fn::GetAtt': ['B', 'RegionalDomainName'] } }],
            DefaultCacheBehavior: { TargetOriginId: 'b', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6', OriginRequestPolicyId: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf', ResponseHeadersPolicyId: { Ref: 'P' } },
          },
        },
      },
    },
  }));
  const policyFindings = (t: CloudFormationTemplate) => checkTemplate(t).filter(f => f.ruleId === 'cdk-s3-cors:distribution-response-policy-cors').map(f => f.message);
  const [one] = policyFindings(template(['https://*.example.com'], ['https://admin.example.com', 'https://evil.test']));
  expect(one).toContain('lets in "https://evil.test", which the bucket\'s rules refuse');
  expect(one).not.toContain('admin.example.com');
  expect(policyFindings(template(['https://app.example.com'], ['https://app.example.com']))).toEqual([]);
  // A pattern S3 would refuse (several "*") matches nothing, and takes no time however long the origin.
  const started = Date.now();
  expect(policyFindings(template(['*a'.repeat(40)], [`https://${'a'.repeat(5000)}.test`]))).toHaveLength(1);
  expect(Date.now() - started).toBeLessThan(2000);
});
