// Repeated items that CloudFormation refuses at deploy (AWS::S3::Bucket holds
// a CORS rule's AllowedHeaders, AllowedMethods, AllowedOrigins and
// ExposedHeaders to unique items) although S3 would take them. The model
// compares items as they reach the template: exactly, tokens resolved.
import { CorsRule } from 'aws-cdk-lib/aws-s3';
import { CorsConfiguration, CorsFindingSeverity } from '../../src/cors';
import { clip, cloudFormationRepeatFindings, exactRepeats, withCloudFormationRepeats } from '../../src/cors/internal';

const rule = (extra: Partial<Record<keyof CorsRule, unknown>>): CorsRule =>
  ({ allowedMethods: ['GET'], allowedOrigins: ['https://app.example.com'], ...extra }) as CorsRule;

describe('exactRepeats', () => {
  test('GIVEN each unique-item list with one exact repeat THEN each is reported at the repeat, naming the first', () => {
    const rules = [
      rule({ allowedHeaders: ['a', 'b', 'a'], exposedHeaders: ['ETag', 'ETag'] }),
      rule({ allowedMethods: ['GET', 'HEAD', 'GET'], allowedOrigins: ['https://x.example', '*', 'https://x.example', '*'] }),
    ];
    expect(exactRepeats(rules)).toEqual([
      { ruleIndex: 0, field: 'AllowedHeaders', valueIndex: 2, firstIndex: 0, rendered: '"a"' },
      { ruleIndex: 0, field: 'ExposeHeaders', valueIndex: 1, firstIndex: 0, rendered: '"ETag"' },
      { ruleIndex: 1, field: 'AllowedMethods', valueIndex: 2, firstIndex: 0, rendered: '"GET"' },
      { ruleIndex: 1, field: 'AllowedOrigins', valueIndex: 2, firstIndex: 0, rendered: '"https://x.example"' },
      { ruleIndex: 1, field: 'AllowedOrigins', valueIndex: 3, firstIndex: 1, rendered: '"*"' },
    ]);
  });

  test('the passing neighbour: repeats that differ in case, or across rules, are distinct items to CloudFormation', () => {
    expect(exactRepeats([rule({ allowedHeaders: ['ETag', 'etag'] }), rule({})])).toEqual([]);
  });

  test('two equal intrinsics are one item twice; a string that reads like one is not the intrinsic', () => {
    const join = () => ({ 'Fn::Join': ['', ['https://', { Ref: 'Host' }]] });
    const rules = [rule({ allowedOrigins: [join(), '{"Fn::Join":["",["https://",{"Ref":"Host"}]]}', join()] })];
    expect(exactRepeats(rules)).toEqual([
      { ruleIndex: 0, field: 'AllowedOrigins', valueIndex: 2, firstIndex: 0, rendered: '{"Fn::Join":["",["https://",{"Ref":"Host"}]]}' },
    ]);
  });
});

describe('cloudFormationRepeatFindings', () => {
  test('an exact repeat is an error S3 would accept, with the words a user acts on', () => {
    const [f] = cloudFormationRepeatFindings([rule({ exposedHeaders: ['ETag', 'x-amz-version-id', 'ETag'] })]);
    expect(f).toEqual({
      severity: CorsFindingSeverity.ERROR,
      code: 'cloudformation-duplicate-value',
      ruleIndex: 0,
      field: 'ExposeHeaders',
      valueIndex: 2,
      s3Rejects: false,
      message: 'rule 0 ExposeHeaders[2] "ETag" repeats ExposeHeaders[0]: CloudFormation refuses repeated items in a CORS rule\'s ExposedHeaders (AWS::S3::Bucket holds it to unique items), so the deploy would fail with "array items are not unique", although S3 itself would take it. Remove one.',
    });
  });

  test('control characters in a repeated value are escaped in the message', () => {
    const [f] = cloudFormationRepeatFindings([rule({ allowedHeaders: ['x\u2028', 'x\u2028'] })]);
    expect(f.message).toContain('"x\\u2028" repeats AllowedHeaders[0]');
  });
});

describe('withCloudFormationRepeats', () => {
  test('GIVEN validate() findings WHEN the configuration goes into a template THEN exact repeats are errors and case-only repeats stay warnings', () => {
    const config = CorsConfiguration.fromRules([rule({ allowedHeaders: ['etag', 'ETag', 'ETag'] })]);
    const before = config.validate();
    expect(before.map(f => [f.code, f.valueIndex])).toEqual([['duplicate-value', 1], ['duplicate-value', 2]]);
    const after = withCloudFormationRepeats(config.rules, before);
    expect(after.map(f => [f.code, f.severity, f.valueIndex])).toEqual([
      ['duplicate-value', CorsFindingSeverity.WARNING, 1],
      ['cloudformation-duplicate-value', CorsFindingSeverity.ERROR, 2],
    ]);
    expect(after[1].message).toMatch(/^rule 0 AllowedHeaders\[2\] "ETag" repeats AllowedHeaders\[1\]/);
  });

  test('another finding at the repeat\'s place is kept beside the error, not replaced by it', () => {
    const config = CorsConfiguration.fromRules([rule({ allowedOrigins: ['https://a.example/', 'https://a.example/'] })]);
    const after = withCloudFormationRepeats(config.rules, config.validate());
    expect(after.filter(f => f.valueIndex === 1).map(f => f.code)).toEqual(['origin-trailing-slash', 'cloudformation-duplicate-value']);
  });

  test('a value is quoted whole up to 120 characters, and cut after that', () => {
    expect(clip('x'.repeat(120))).toBe('x'.repeat(120));
    expect(clip('x'.repeat(121))).toBe(`${'x'.repeat(120)}…`);
  });

  test('a repeat validate() did not report (a rule it could not read) is still added', () => {
    const rules = [rule({ allowedMethods: ['GET', 'GET'] })];
    expect(withCloudFormationRepeats(rules, []).map(f => f.code)).toEqual(['cloudformation-duplicate-value']);
  });
});

describe('hostile items', () => {
  test('a long repeated value is cut in the message, and the place still names it', () => {
    const long = `x-${'a'.repeat(300)}`;
    const [f] = cloudFormationRepeatFindings([rule({ allowedHeaders: [long, long] })]);
    expect(f.message).toContain(`"${long.slice(0, 119)}… repeats AllowedHeaders[0]`);
    expect(f.valueIndex).toBe(1);
  });

  test('items that JSON cannot write (a cycle) or that are not lists never crash the check', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const rules = [rule({ allowedOrigins: [cycle, 'https://a.example', 'https://a.example'] }), rule({ allowedHeaders: 'Range' }), null as unknown as CorsRule];
    expect(exactRepeats(rules).map(r => [r.ruleIndex, r.field, r.valueIndex])).toEqual([[0, 'AllowedOrigins', 2]]);
  });
});
