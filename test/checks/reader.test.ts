// The CloudFormation reader on templates written the way other people write
// them: each fixture is a minimal template for one class of failure seen on
// public templates (the fixture names the template it was reduced from), and
// each test pins the exact findings: what must appear and, by equality, that
// nothing else does.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import '@microsoft/jest-sarif';
import { Annotations, App, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { CorsOrigin, PublicAssetsBucket } from '../../src';
import { CloudFormationTemplate, TemplateSyntaxError } from '../../src/checks/readers/cloudformation/template';
import { RULE_IDS, RULES } from '../../src/checks/rules';
import { S3CorsChecks } from '../../src/checks/s3-cors-checks';
import { runInProcess } from '../cli/in-process';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
// Synths and child processes run beside the rest of the suite on a shared machine: the default 5 s is too tight there.
jest.setTimeout(30_000);

/** "line:column severity rule-id" of each finding, from --json (the schema the corpus script reads). */
async function lintJson(...args: string[]): Promise<{ code: number; report: any; found: string[] }> {
  const r = await runInProcess(['lint', ...args, '--json']);
  const report = JSON.parse(r.stdout);
  const found = report.files.flatMap((f: any) => f.findings.map((x: any) => `${x.line}:${x.column} ${x.severity} ${x.ruleId}`));
  return { code: r.code, report, found };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-reader-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

describe('values CloudFormation converts are not errors; values it refuses are, by their template name', () => {
  test('MaxAge "3000", a number in ExposedHeaders and a number as Id (Amplify-CLI storage templates) are fine', async () => {
    const { code, found } = await lintJson(fixture('max-age-as-string.json'));
    expect(found).toEqual([]);
    expect(code).toBe(0);
  });

  test('"abc", "3.5" and a string for a list are errors naming MaxAge and ExposedHeaders, never MaxAgeSeconds', async () => {
    const { code, report, found } = await lintJson(fixture('max-age-refused.yaml'));
    expect(found).toEqual([
      '10:21 error cdk-s3-cors:invalid-type',
      '13:21 error cdk-s3-cors:invalid-type',
      '14:29 error cdk-s3-cors:invalid-type',
    ]);
    const messages = report.files[0].findings.map((f: any) => f.message);
    expect(messages[0]).toContain('rule 0 MaxAge is "abc": CloudFormation accepts a whole number of seconds');
    expect(messages[1]).toContain('rule 1 MaxAge is "3.5"');
    expect(messages[2]).toContain('rule 1 ExposedHeaders is the string "ETag"');
    expect(messages.join('\n')).not.toMatch(/MaxAgeSeconds|ExposeHeaders\b/);
    expect(report.files[0].findings[0].path).toBe('Resources.Words.Properties.CorsConfiguration.CorsRules[0].MaxAge');
    expect(code).toBe(1);
  });
});

test('S3 API names in a template are unknown fields named with CloudFormation\'s spelling, at the key', async () => {
  const { report, found } = await lintJson(fixture('s3-api-names-in-template.yaml'));
  expect(found).toEqual(['11:28 error cdk-s3-cors:unknown-field', '12:28 error cdk-s3-cors:unknown-field', '13:17 error cdk-s3-cors:unknown-field']);
  expect(report.files[0].findings.map((f: any) => /calls it "(\w+)"/.exec(f.message)![1])).toEqual(['ExposedHeaders', 'MaxAge', 'Id']);
  expect(report.files[0].findings[0].message).toContain('unknown field "ExposeHeaders" ("ExposeHeaders" is the S3 API\'s spelling)');
});

test('origin ids written as intrinsics: structurally equal ones name one origin, and the behaviours are checked', async () => {
  const { code, report, found } = await lintJson(fixture('intrinsic-origin-ids.yaml'));
  expect(found).toEqual([
    '34:26 error cdk-s3-cors:distribution-origin-not-in-cache-key',
    '36:33 warning cdk-s3-cors:distribution-browser-cache-hazard',
    '42:15 error cdk-s3-cors:distribution-cors-headers-not-forwarded',
  ]);
  expect(report.files[0].findings[2].message).toContain('the behaviour for "keys/*" (origin: bucket KeyBucket)');
  expect(code).toBe(1);
});

test('parameter defaults, Fn::If per condition, FindInMap and the literal parts of Fn::Sub', async () => {
  const { report, found } = await lintJson(fixture('parameters-and-conditions.yaml'));
  expect(found).toEqual([
    // !Sub "https://${Domain}/index.html": the path is literal, so it never matches whatever Domain is.
    '28:22 error cdk-s3-cors:origin-has-path',
    // !Sub "https://${Domain}": nothing literal is wrong; said once, at its own place.
    '29:22 info cdk-s3-cors:unresolved-value',
    // !Ref AppOrigin: its default is checked, and the message says it was assumed.
    '30:22 error cdk-s3-cors:origin-trailing-slash',
    // Only when IsProd is false.
    '32:57 warning cdk-s3-cors:insecure-origin',
    '33:40 warning cdk-s3-cors:max-age-above-firefox-cap',
  ]);
  const m = report.files[0].findings.map((f: any) => f.message);
  expect(m[0]).toContain('"https://${Domain}/index.html" has a path');
  expect(m[1]).toContain('CorsRules[0].AllowedOrigins[1] is "https://${Domain}"');
  expect(m[1]).toContain('cannot be checked before deploy');
  expect(m[2]).toContain('(assuming parameter AppOrigin\'s default "https://app.example.com/")');
  expect(m[3]).toMatch(/\(when the condition IsProd is false\)$/);
  expect(m[4]).toMatch(/\(when the condition IsProd is false\)$/);
  // The mapping's admin origin and the IsProd branch are fine: no finding names them.
  expect(m.join('\n')).not.toMatch(/admin\.example\.com|www\.example\.com/);
});

test('a CorsConfiguration under Fn::If with AWS::NoValue, a CommaDelimitedList default, Fn::Split, a conditional rule', async () => {
  const { report, found } = await lintJson(fixture('conditional-cors.yaml'));
  expect(found).toEqual([
    '25:36 error cdk-s3-cors:origin-trailing-slash',
    '34:68 warning cdk-s3-cors:wildcard-origin-write',
  ]);
  const m = report.files[0].findings.map((f: any) => f.message);
  expect(m[0]).toMatch(/"https:\/\/b\.example\.com\/" ends with "\/".*\(assuming parameter Origins's default "https:\/\/a\.example\.com,https:\/\/b\.example\.com\/"\) \(when the condition HasCors is true\)$/);
  expect(m[1]).toMatch(/rule 1 AllowedOrigins\[0\] is "\*" while the rule allows PUT.*\(when the condition HasCors is true\)$/);
});

test('AllowedMethods under Fn::If: each branch is checked, and a finding of one branch says which', async () => {
  const { report, found } = await lintJson(fixture('behaviour-methods-if.yaml'));
  const byRule = Object.fromEntries(report.files[0].findings.map((f: any) => [f.ruleId, f.message]));
  expect(found).toEqual([
    '24:11 warning cdk-s3-cors:distribution-options-not-cached',
    '24:11 warning cdk-s3-cors:distribution-refused-preflight-cached',
    '24:11 warning cdk-s3-cors:distribution-browser-cache-hazard',
    '26:31 warning cdk-s3-cors:distribution-options-not-allowed',
    '27:26 error cdk-s3-cors:distribution-origin-not-in-cache-key',
  ]);
  expect(byRule['cdk-s3-cors:distribution-options-not-allowed']).toMatch(/AllowedMethods is \["GET","HEAD"\], without OPTIONS.*\(when the condition IsProd is true\)$/);
  expect(byRule['cdk-s3-cors:distribution-options-not-cached']).toMatch(/\(when the condition IsProd is false\)$/);
  expect(byRule['cdk-s3-cors:distribution-origin-not-in-cache-key']).not.toMatch(/when the condition/);
});

test('AllowedMethods known only at deploy time is not guessed: one info line naming the rules it keeps from being checked', async () => {
  const text = fs.readFileSync(fixture('behaviour-methods-if.yaml'), 'utf8').replace('AllowedMethods: !If [IsProd, [GET, HEAD], [GET, HEAD, OPTIONS]]', 'AllowedMethods: !Split [",", !ImportValue Methods]');
  const { report, found } = await lintJson(write('methods-import.yaml', text));
  expect(found).toEqual([
    '24:11 info cdk-s3-cors:unresolved-value',
    '24:11 warning cdk-s3-cors:distribution-browser-cache-hazard',
    '27:26 error cdk-s3-cors:distribution-origin-not-in-cache-key',
  ]);
  expect(report.files[0].findings[0].message).toBe('Cdn the default behaviour: AllowedMethods is not literal (Fn::Split of a string known only at deploy time); this cannot be checked before deploy, so it is not checked by '
    + 'cdk-s3-cors:distribution-options-not-allowed, cdk-s3-cors:distribution-options-not-cached, cdk-s3-cors:distribution-refused-preflight-cached.');
});

test('a bucket whose rules are known only at deploy time is not assumed to allow preflights (no false options-not-allowed)', async () => {
  const text = fs.readFileSync(fixture('behaviour-methods-if.yaml'), 'utf8')
    .replace('AllowedMethods: !If [IsProd, [GET, HEAD], [GET, HEAD, OPTIONS]]', 'AllowedMethods: [GET, HEAD]')
    .replace('AllowedMethods: [GET, PUT]', 'AllowedMethods: [GET]')
    .replace('AllowedOrigins: ["https://app.example.com"]', 'AllowedOrigins: [!ImportValue AppOrigin]');
  const { report, found } = await lintJson(write('rules-unknown.yaml', text));
  expect(found).toEqual([
    '13:43 info cdk-s3-cors:unresolved-value',
    '24:11 info cdk-s3-cors:unresolved-value',
    '24:11 warning cdk-s3-cors:distribution-browser-cache-hazard',
    '27:26 error cdk-s3-cors:distribution-origin-not-in-cache-key',
  ]);
  expect(report.files[0].findings[1].message).toBe('Cdn the default behaviour: the CORS rules of bucket Site hold values known only at deploy time; this cannot be checked before deploy, so it is not checked by cdk-s3-cors:distribution-options-not-allowed.');
});

describe('YAML and JSON as CloudFormation reads them', () => {
  test('a flow sequence closed at its parent key\'s indentation is read', async () => {
    const { code, found } = await lintJson(fixture('flow-sequence-closed-late.yaml'));
    expect([code, found]).toEqual([0, []]);
  });

  test('flow entries at their key\'s indentation are read as CloudFormation reads them, at the columns the user wrote', async () => {
    const { code, found, report } = await lintJson(fixture('flow-entries-at-parent-indent.yaml'));
    // The insecure http:// origin is found at its own line and column (the yaml package alone refuses the file at line 9).
    expect([code, found]).toEqual([0, ['15:11 warning cdk-s3-cors:insecure-origin']]);
    expect(report.files[0].kind).toBe('cloudformation');
    const t = CloudFormationTemplate.parse(fs.readFileSync(fixture('flow-entries-at-parent-indent.yaml'), 'utf8'));
    expect(t.resource('Media')?.Properties).toEqual({
      Tags: [{ Key: 'it\'s: [not] a {flow}', Value: 'x, y' }],
      CorsConfiguration: { CorsRules: [{ AllowedOrigins: ['https://app.example.com', 'http://app.example.com'], AllowedMethods: ['GET'] }] },
    });
    // The block scalar is text: its braces and lines are kept as written.
    expect((t.resource('Rewrite')?.Properties as any).FunctionCode).toBe("function handler(event) {\nvar r = event.request; if (r.uri.endsWith('/')) { r.uri += 'index.html'; }\nreturn r;\n}\n");
    expect((t.resource('Rewrite')?.Properties as any).FunctionConfig).toEqual({ Comment: 'index.html for folders', Runtime: 'cloudfront-js-2.0' });
  });

  test('flow collections at any indentation read the same as when indented deeper (yaml package as the oracle)', () => {
    // Generated flow mappings and sequences, written once indented under their key and once at its indentation.
    const scalar = fc.oneof(fc.constantFrom('a', 'x y', "'it''s'", '"q, [b]"', '1', 'true'), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/));
    const flow: fc.Memo<string> = fc.memo(n => (n <= 1 ? scalar : fc.oneof(
      fc.array(flow(n - 1), { maxLength: 3 }).map(xs => `[\n${xs.map(x => `${x},\n`).join('')}]`),
      fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), flow(n - 1)), { maxLength: 3 }).map(kv => `{\n${[...new Map(kv)].map(([k, v]) => `${k}: ${v},\n`).join('')}}`),
    )));
    fc.assert(fc.property(flow(3), value => {
      const at = (pad: string) => `Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: ${value.split('\n').join(`\n${pad}`)}\n`;
      const deep = CloudFormationTemplate.parse(at('        ')).resource('R');
      expect(CloudFormationTemplate.parse(at('      ')).resource('R')).toEqual(deep);
    }), { numRuns: 200, seed: 19 });
  });

  test('an unclosed flow sequence is still refused', () => {
    expect(() => CloudFormationTemplate.parse('Resources: [\n')).toThrow(TemplateSyntaxError);
  });

  test('a key written twice is an error at the second one (cfn-lint E0000), in YAML and in JSON', async () => {
    const yaml = await lintJson(fixture('duplicate-key.yaml'));
    expect(yaml.found).toEqual(['12:9 error cdk-s3-cors:duplicate-key']);
    expect(yaml.report.files[0].findings[0].message).toContain('"CorsConfiguration" is written twice in one mapping (line 7 and line 11)');
    const json = await lintJson(write('dup.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Type": "AWS::S3::Bucket"}}}'));
    // At the second value, as in YAML.
    expect(json.found).toEqual(['1:57 error cdk-s3-cors:duplicate-key']);
    expect(json.code).toBe(1);
  });

  test('a JSON template with a byte order mark is read', async () => {
    const text = fs.readFileSync(fixture('max-age-refused.yaml'), 'utf8');
    const { found } = await lintJson(write('bom.yaml', `\ufeff${text}`));
    expect(found[0]).toBe('10:21 error cdk-s3-cors:invalid-type');
    const json = await lintJson(write('bom.json', `\ufeff${fs.readFileSync(fixture('max-age-as-string.json'), 'utf8')}`));
    expect([json.code, json.found, json.report.files[0].kind]).toEqual([0, [], 'cloudformation']);
  });

  test('tabs in JSON count as one column each, as editors and cfn-lint count them', async () => {
    const text = '{\n\t"Resources": {\n\t\t"B": {\n\t\t\t"Type": "AWS::S3::Bucket",\n\t\t\t"Properties": {"CorsConfiguration": {"CorsRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["example.com"]}]}}\n\t\t}\n\t}\n}\n';
    const { found } = await lintJson(write('tabs.json', text));
    expect(found).toEqual([`5:${text.split('\n')[4].indexOf('"example.com"') + 1} error cdk-s3-cors:origin-missing-scheme`]);
  });

  test('a syntax error is worded the same in a template and in a CORS file, at the same line:column', async () => {
    const corsText = '[{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://a.example.com"],}]';
    const templateText = '{"Resources": {"B": {"Type": "AWS::S3::Bucket",}}}';
    const cors = await runInProcess(['lint', write('trailing.json', corsText)]);
    const template = await runInProcess(['lint', write('trailing.template.json', templateText)]);
    const words = 'trailing comma after the last property of an object. JSON does not allow it';
    expect(cors.stdout).toContain(`:1:${corsText.indexOf(',}') + 1} error cdk-s3-cors:invalid-json ${words}`);
    expect(template.stdout).toContain(`:1:${templateText.indexOf(',}') + 1} error cdk-s3-cors:invalid-template ${words}`);
  });
});

describe('hostile templates', () => {
  test('a 24 KB YAML file with an anchored list referenced a thousand times is refused quickly, saying why', () => {
    const list = Array.from({ length: 1000 }, (_, i) => `v${i}`).join(', ');
    const refs = Array.from({ length: 1000 }, (_, i) => `  k${i}: *a`).join('\n');
    const text = `Anchor: &a [${list}]\nMetadata:\n${refs}\nResources: {}\n`;
    expect(text.length).toBeLessThan(25 * 1024);
    const start = Date.now();
    expect(() => CloudFormationTemplate.parse(text)).toThrow(/YAML aliases \(\*name\) expand this \d+-character document to more than \d+ values/);
    // Before: about 30 s and 2 GB. The bound leaves room for a loaded CI machine.
    expect(Date.now() - start).toBeLessThan(5000);
  });

  test('a template over CloudFormation\'s 1 MB limit is refused with that reason, and a folder run goes on', async () => {
    const big = JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Metadata: { pad: 'x'.repeat(1024 * 1024) } } } });
    write('big/a.template.json', big);
    write('big/b.template.json', fs.readFileSync(fixture('max-age-refused.yaml'), 'utf8').replace(/^#.*\n/, '').length > 0
      ? JSON.stringify({ Resources: { W: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['example.com'] }] } } } } })
      : '');
    const { code, report } = await lintJson(path.join(dir, 'big'));
    expect(report.files.map((f: any) => [path.basename(f.file), f.findings.map((x: any) => x.ruleId)])).toEqual([
      ['a.template.json', ['cdk-s3-cors:invalid-template']],
      ['b.template.json', ['cdk-s3-cors:origin-missing-scheme']],
    ]);
    expect(report.files[0].findings[0].message).toMatch(/CloudFormation accepts a template body of at most 1 MB/);
    expect(report.files[0].findings[0].message).not.toMatch(/CORS configuration/);
    expect(code).toBe(1);
  });
});

describe('one lint for files and folders', () => {
  test('several paths and a folder, recursively: every template and CORS file, other files skipped with a reason', async () => {
    const root = path.join(dir, 'tree');
    fs.mkdirSync(root, { recursive: true });
    fs.copyFileSync(fixture('parameters-and-conditions.yaml'), path.join(root, 'site.yml'));
    write('tree/deep/a/b/c/d/e/f/g/stack.template', fs.readFileSync(fixture('max-age-as-string.json')));
    write('tree/package.json', '{"name": "x"}');
    write('tree/cors.json', '[{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://a.example.com/"]}]');
    const { code, report } = await lintJson(root, fixture('duplicate-key.yaml'));
    expect(report.files.map((f: any) => [path.relative(dir, f.file), f.kind, f.findings.length])).toEqual([
      ['tree/cors.json', 'cors', 1],
      ['tree/deep/a/b/c/d/e/f/g/stack.template', 'cloudformation', 0],
      ['tree/package.json', 'skipped', 0],
      ['tree/site.yml', 'cloudformation', 5],
      [path.relative(dir, fixture('duplicate-key.yaml')), 'cloudformation', 1],
    ]);
    expect(report.files[2].reason).toBe('neither a CloudFormation template nor a CORS configuration');
    expect(report.summary).toEqual({ files: 5, errors: 4, warnings: 2, infos: 1, suppressed: 0 });
    expect(code).toBe(1);
    const text = await runInProcess(['lint', root]);
    expect(text.stderr.split('\n')).toEqual([
      `${root}/cors.json: 1 error(s), 0 warning(s)`,
      `${root}/deep/a/b/c/d/e/f/g/stack.template: no problems found`,
      `${root}/package.json: skipped (neither a CloudFormation template nor a CORS configuration)`,
      `${root}/site.yml: 2 error(s), 2 warning(s), 1 info`,
    ]);
  });

  test('a cdk.out with stages nested deeper than 5 levels is read to the bottom', async () => {
    let p = path.join(dir, 'cdk.out');
    for (let i = 0; i < 8; i++) p = path.join(p, `assembly-Stage${i}`);
    const text = JSON.stringify({ Resources: { W: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['example.com'] }] } } } } });
    write(path.relative(dir, path.join(p, 'Deep.template.json')), text);
    const { found } = await lintJson(path.join(dir, 'cdk.out'));
    expect(found).toEqual([`1:${text.indexOf('"example.com"') + 1} error cdk-s3-cors:origin-missing-scheme`]);
  });

  test('a folder that links back to itself is read once, and a file too large to read is reported without talking of CORS only', async () => {
    const root = path.join(dir, 'loop');
    write('loop/a.template.json', JSON.stringify({ Resources: {} }));
    fs.symlinkSync(root, path.join(root, 'again'));
    fs.writeFileSync(path.join(root, 'huge.template.json'), Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    const { code, report } = await lintJson(root);
    expect(report.files.map((f: any) => [path.relative(root, f.file), f.kind])).toEqual([['a.template.json', 'cloudformation'], ['huge.template.json', 'unreadable']]);
    expect(report.files[1].reason).toMatch(/is larger than 16 MiB, so it was not read to the end\. S3 takes a CORS configuration of at most 64 KB and CloudFormation a template of at most 1 MB/);
    expect(code).toBe(1);
  });

  test('a cdk.out with a stage and a nested stack: each template is its own file, the nested one by its own path', async () => {
    const outdir = fs.mkdtempSync(path.join(dir, 'nested-'));
    const app = new App({ outdir });
    const stage = new Stage(app, 'Prod');
    const parent = new Stack(stage, 'Web');
    const nested = new NestedStack(parent, 'Media');
    new s3.CfnBucket(nested, 'Raw', { corsConfiguration: { corsRules: [{ allowedMethods: ['GET'], allowedOrigins: ['example.com'] }] } });
    app.synth();
    const { report } = await lintJson(outdir);
    const checked = report.files.filter((f: any) => f.kind === 'cloudformation');
    // Template names end in a hash of the construct path.
    expect(checked.map((f: any) => [path.relative(outdir, f.file).replace(/[0-9A-F]{8}\./, 'HASH.'), f.findings.map((x: any) => x.ruleId)])).toEqual([
      ['assembly-Prod/ProdWebHASH.template.json', []],
      ['assembly-Prod/ProdWebMediaHASH.nested.template.json', ['cdk-s3-cors:origin-missing-scheme']],
    ]);
    expect(report.files.filter((f: any) => f.kind === 'skipped').map((f: any) => path.basename(f.file))).toEqual(expect.arrayContaining(['manifest.json', 'tree.json']));
  });

  test('a FIFO named on the command line is refused with exit 2 instead of blocking', async () => {
    const fifo = path.join(dir, 'pipe.json');
    if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo is needed for this test');
    const r = await runInProcess(['lint', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipe\.json: it is a FIFO \(named pipe\), not a regular file/);
  });

  test('acknowledgements in a resource\'s Metadata are honoured and counted', async () => {
    const template = {
      Resources: {
        W: {
          Type: 'AWS::S3::Bucket',
          Metadata: { 'cdk-s3-cors': { acknowledge: [{ id: 'cdk-s3-cors:insecure-origin', reason: 'a test host' }] } },
          Properties: { CorsConfiguration: { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['http://test.example.com', 'https://a.example.com/'] }] } },
        },
      },
    };
    const { report, found } = await lintJson(write('ack.json', JSON.stringify(template)));
    expect(found.map(f => f.split(' ').slice(1).join(' '))).toEqual(['error cdk-s3-cors:origin-trailing-slash']);
    expect(report.files[0].suppressed).toBe(1);
    expect(report.summary.suppressed).toBe(1);
    const text = await runInProcess(['lint', path.join(dir, 'ack.json')]);
    expect(text.stderr).toBe(`${path.join(dir, 'ack.json')}: 1 error(s), 0 warning(s), 1 suppressed`);
  });

  test('--format sarif is valid against SARIF 2.1.0\'s published JSON schema, one result per finding', async () => {
    const r = await runInProcess(['lint', fixture('parameters-and-conditions.yaml'), fixture('max-age-refused.yaml'), '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    // The matcher validates against sarif-2.1.0-rtm.5.json; it does refuse a log that is not SARIF.
    (expect(log) as unknown as { toBeValidSarifLog(): void }).toBeValidSarifLog();
    (expect({ ...log, runs: [{ results: [{ level: 'fatal' }] }] }).not as unknown as { toBeValidSarifLog(): void }).toBeValidSarifLog();
    expect(log.runs[0].results.map((x: any) => `${x.locations[0].physicalLocation.region.startLine} ${x.level} ${x.ruleId}`)).toEqual([
      '28 error cdk-s3-cors:origin-has-path',
      '29 note cdk-s3-cors:unresolved-value',
      '30 error cdk-s3-cors:origin-trailing-slash',
      '32 warning cdk-s3-cors:insecure-origin',
      '33 warning cdk-s3-cors:max-age-above-firefox-cap',
      '10 error cdk-s3-cors:invalid-type',
      '13 error cdk-s3-cors:invalid-type',
      '14 error cdk-s3-cors:invalid-type',
    ]);
    expect(r.code).toBe(1);
  });
});

test('S3CorsChecks advertises the rule ids the rules report, not a placeholder', () => {
  const ids = new S3CorsChecks().ruleIds!;
  expect(ids).toEqual([...RULE_IDS]);
  expect(ids).not.toContain('cdk-s3-cors:<model finding>');
  // Written out by hand: ids users acknowledge today, which the registry must keep advertising.
  expect(ids).toEqual(expect.arrayContaining([
    'cdk-s3-cors:origin-trailing-slash', 'cdk-s3-cors:unresolved-value', 'cdk-s3-cors:duplicate-key',
    'cdk-s3-cors:distribution-origin-not-in-cache-key', 'cdk-s3-cors:distribution-options-not-allowed',
    'cdk-s3-cors:distribution-browser-cache-hazard', 'cdk-s3-cors:cloudformation-duplicate-value',
  ]));
  expect(ids).toEqual(expect.arrayContaining(RULES.map(r => r.id).filter(id => id !== 'cdk-s3-cors:bucket-cors')));
  // The model's codes, as its source raises them.
  const src = fs.readdirSync(path.join(__dirname, '..', '..', 'src', 'cors', 'private')).map(f => fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'cors', 'private', f), 'utf8')).join('\n');
  const codes = new Set([...src.matchAll(/(?:errorFinding|warningFinding)\('([a-z0-9-]+)'/g)].map(m => `cdk-s3-cors:${m[1]}`));
  expect(ids.filter(id => codes.has(id)).sort()).toEqual([...codes].sort());
});

// cfn-lint is the oracle for "CloudFormation accepts this template": a fixture it accepts gets no
// invalid-template, duplicate-key or invalid-type from lint. (cfn-lint comes from PyPI: the test fails, naming
// the install, when it is missing; .ci/run installs it and sets CFN_LINT.)
const CFN_LINT = process.env.CFN_LINT ?? 'cfn-lint';
test('every fixture cfn-lint accepts is read, and none gets a refusal-class error', async () => {
  const version = spawnSync(CFN_LINT, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`cfn-lint is this test's oracle and was not found (${CFN_LINT}). Install it with "pip install cfn-lint", or set CFN_LINT to its path.`);
  const fixtures = fs.readdirSync(path.join(__dirname, 'fixtures')).filter(f => /\.(ya?ml|json)$/.test(f) && !/console-exposed-headers/.test(f));
  const refusals = ['cdk-s3-cors:invalid-template', 'cdk-s3-cors:duplicate-key', 'cdk-s3-cors:invalid-type'];
  let accepted = 0;
  for (const f of fixtures) {
    const r = spawnSync(CFN_LINT, ['--format', 'parseable', '--', fixture(f)], { encoding: 'utf8' });
    const cfnErrors = r.stdout.split('\n').filter(l => /:E\d{4}:/.test(l));
    if (cfnErrors.length > 0) continue;
    accepted++;
    const { found } = await lintJson(fixture(f));
    expect([f, found.filter(x => refusals.some(id => x.endsWith(id)))]).toEqual([f, []]);
  }
  expect(accepted).toBeGreaterThan(5);
}, 120_000);

describe('acknowledgements travel from the app to the template, and lint agrees with the synth', () => {
  function synth(ack: (assets: PublicAssetsBucket) => void): string {
    const outdir = fs.mkdtempSync(path.join(dir, 'app-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Site');
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.exact('http://intranet.example.com')] });
    ack(assets);
    app.synth();
    return outdir;
  }

  test.each([
    ['Annotations.acknowledgeWarning', (a: PublicAssetsBucket) => Annotations.of(a).acknowledgeWarning('cdk-s3-cors:insecure-origin', 'an intranet host'), 'acknowledged with Annotations.acknowledgeWarning'],
    ['Validations.acknowledge', (a: PublicAssetsBucket) => Validations.of(a).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'an intranet host' }), 'an intranet host'],
  ])('%s on the construct: the bucket\'s Metadata says so, and lint cdk.out suppresses it', async (_, ack, reason) => {
    const outdir = synth(ack);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Site.template.json'), 'utf8'));
    const [bucket] = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::S3::Bucket' && r.Properties.CorsConfiguration) as any[];
    expect(bucket.Metadata['cdk-s3-cors']).toEqual({ acknowledge: [{ id: 'cdk-s3-cors:insecure-origin', reason }] });
    const { report } = await lintJson(outdir);
    const site = report.files.find((f: any) => f.file.endsWith('Site.template.json'));
    expect([site.findings.map((f: any) => f.ruleId), site.suppressed]).toEqual([[], 1]);
  });

  test('without an acknowledgement the finding is reported, and the template has no cdk-s3-cors Metadata', async () => {
    const outdir = synth(() => undefined);
    expect(fs.readFileSync(path.join(outdir, 'Site.template.json'), 'utf8')).not.toContain('"cdk-s3-cors"');
    const { report } = await lintJson(outdir);
    const site = report.files.find((f: any) => f.file.endsWith('Site.template.json'));
    expect([site.findings.map((f: any) => f.ruleId), site.suppressed]).toEqual([['cdk-s3-cors:insecure-origin'], 0]);
  });

  test('S3CorsChecks.carryAcknowledgements writes them for a plain aws-cdk-lib bucket too', async () => {
    const outdir = fs.mkdtempSync(path.join(dir, 'plain-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Plain');
    const bucket = new s3.Bucket(stack, 'Media', { cors: [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['http://intranet.example.com', 'https://a.example.com/'] }] });
    Validations.of(bucket).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'an intranet host' });
    S3CorsChecks.carryAcknowledgements(app);
    app.synth();
    const { report } = await lintJson(path.join(outdir, 'Plain.template.json'));
    expect([report.files[0].findings.map((f: any) => f.ruleId), report.files[0].suppressed]).toEqual([['cdk-s3-cors:origin-trailing-slash'], 1]);
  });

  test('S3CorsChecks honours the Metadata of a resource it did not make (an L1 written by hand)', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(dir, 'l1-')) });
    const stack = new Stack(app, 'L1');
    const cfn = new s3.CfnBucket(stack, 'Raw', { corsConfiguration: { corsRules: [{ allowedMethods: ['GET'], allowedOrigins: ['http://intranet.example.com'] }] } });
    const report = (plugin: S3CorsChecks) => plugin.validate({ templatePaths: [path.join(app.outdir, 'L1.template.json')], appConstruct: app } as any);
    app.synth({ validateOnSynthesis: false, force: true });
    expect(report(new S3CorsChecks()).violations.map(v => v.ruleName)).toEqual(['cdk-s3-cors:insecure-origin']);
    cfn.addMetadata('cdk-s3-cors', { acknowledge: [{ id: 'cdk-s3-cors:insecure-origin', reason: 'intranet' }] });
    app.synth({ validateOnSynthesis: false, force: true });
    expect(report(new S3CorsChecks()).violations).toEqual([]);
  });
});

describe('an origin host written with Fn::Sub names a bucket only as that bucket\'s own host (issue 19 review)', () => {
  const template = (host: string) => `Resources:
  Media:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: ["https://app.example.com"]
            AllowedMethods: [GET]
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: media
            DomainName: !Sub "${host}"
            S3OriginConfig: {}
        DefaultCacheBehavior:
          TargetOriginId: media
          ViewerProtocolPolicy: https-only
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
`;
  test.each([
    // The bucket's own host: Origin does not reach it, an error on the distribution.
    ['${Media}.s3.${AWS::Region}.amazonaws.com', ['error cdk-s3-cors:distribution-cors-headers-not-forwarded']],
    ['${Media.RegionalDomainName}', ['error cdk-s3-cors:distribution-cors-headers-not-forwarded']],
    // Another bucket whose name starts with this one's (a replica): not this bucket's rules; its own cannot be seen.
    ['${Media}-replica.s3.${AWS::Region}.amazonaws.com', ['info cdk-s3-cors:distribution-bucket-not-seen']],
    // Not a host at all: nothing ties it to the bucket, and it is said.
    ['${Media.Arn}', ['info cdk-s3-cors:distribution-bucket-not-seen']],
  ])('DomainName !Sub %s', async (host, expected) => {
    const { report } = await lintJson(write(`sub-host-${expected.length}-${host.length}.yaml`, template(host)));
    const cdn = report.files[0].findings.filter((f: any) => f.resource === 'Cdn' && f.ruleId !== 'cdk-s3-cors:unresolved-value');
    expect([...new Set(cdn.filter((f: any) => f.severity !== 'warning').map((f: any) => `${f.severity} ${f.ruleId}`))]).toEqual(expected);
  });
});
