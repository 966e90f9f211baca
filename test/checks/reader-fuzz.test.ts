// Generated templates: any value, intrinsic or not, anywhere a rule looks
// (CORS rules, origins, behaviours, parameters, mappings, conditions) is read
// and checked without a throw. A throw here would end `lint` with an
// internal error for the whole file.
import * as fc from 'fast-check';
import { templateFacts } from '../../src/checks/readers/cloudformation';
import { CloudFormationTemplate } from '../../src/checks/readers/cloudformation/template';
import { checkFacts } from '../../src/checks/rules';

const names = fc.constantFrom('Domain', 'Stage', 'Bucket', 'Cdn', 'Missing', 'AWS::Region', 'AWS::NoValue', 'IsProd', 'M');
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('https://a.example.com', '*', 'GET', 'PUT', '3000', 'abc', ''),
  fc.integer({ min: -5, max: 100000 }), fc.double(), fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('AllowedOrigins', 'AllowedMethods', 'MaxAge', 'Id', 'ExposedHeaders', 'x'), tie('v'), { maxKeys: 3 }),
    fc.record({ Ref: names }),
    fc.record({ 'Fn::If': fc.tuple(names, tie('v'), tie('v')) }),
    fc.record({ 'Fn::Sub': fc.oneof(fc.constantFrom('https://${Domain}', '${Bucket.Arn}/x', '${!Lit}', '${', 'https://${Domain}:${Stage}'), fc.tuple(fc.string(), fc.dictionary(names, tie('v'), { maxKeys: 2 }))) }),
    fc.record({ 'Fn::Join': fc.tuple(fc.constantFrom('', ','), fc.oneof(fc.array(tie('v'), { maxLength: 3 }), tie('v'))) }),
    fc.record({ 'Fn::FindInMap': fc.array(tie('v'), { maxLength: 4 }) }),
    fc.record({ 'Fn::Select': fc.tuple(tie('v'), tie('v')) }),
    fc.record({ 'Fn::Split': fc.tuple(fc.constantFrom(',', ''), tie('v')) }),
    fc.record({ 'Fn::GetAtt': fc.oneof(fc.constant('Bucket.DomainName'), fc.tuple(names, fc.string())) }),
  ),
})).v;

test('any value in any place a rule reads: read and checked without a throw', () => {
  // Which rules the generated templates reached: a fuzz that never got past the reader would prove nothing.
  const reached = new Set<string>();
  fc.assert(fc.property(value, value, value, value, value, (rules, origin, behaviour, params, mappings) => {
    const template = {
      Parameters: { Domain: { Type: 'String', Default: params }, Stage: { Type: 'CommaDelimitedList', Default: 'a,b' }, Missing: params },
      Mappings: { M: { a: { b: mappings } }, N: mappings },
      Conditions: { IsProd: { 'Fn::Equals': ['a', 'a'] } },
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: origin, CorsConfiguration: { CorsRules: rules } } },
        Other: { Type: 'AWS::S3::Bucket', Properties: { CorsConfiguration: rules } },
        Cdn: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Origins: [{ Id: origin, DomainName: { 'Fn::GetAtt': ['Bucket', 'DomainName'] } }, { Id: 'x', DomainName: origin }],
              DefaultCacheBehavior: { TargetOriginId: origin, ForwardedValues: behaviour, AllowedMethods: behaviour },
              CacheBehaviors: [behaviour, { TargetOriginId: 'x', CachePolicyId: behaviour, OriginRequestPolicyId: origin }],
              Aliases: behaviour,
              CustomErrorResponses: [{ ErrorCode: 403, ErrorCachingMinTTL: behaviour }],
            },
          },
        },
      },
    };
    const facts = templateFacts(CloudFormationTemplate.parse(JSON.stringify(template)));
    for (const f of checkFacts(facts)) {
      reached.add(f.ruleId);
      expect(typeof f.message).toBe('string');
      expect(['error', 'warning', 'info']).toContain(f.severity);
    }
  }), { numRuns: 400 });
  expect([...reached].filter(id => id !== 'cdk-s3-cors:unresolved-value').length).toBeGreaterThan(3);
}, 60_000);

test('an Fn::Select whose index is not a whole number picks nothing: the configuration is unknown, not a throw', () => {
  // Found by the property above: -5e-324 is a number but no list index; list[-5e-324] is undefined.
  const template = {
    Resources: {
      Other: {
        Type: 'AWS::S3::Bucket',
        Properties: { CorsConfiguration: { 'Fn::Select': [-5e-324, { 'Fn::Split': [',', 'a'] }] } },
      },
    },
  };
  const found = checkFacts(templateFacts(CloudFormationTemplate.parse(JSON.stringify(template))));
  expect(found.map(f => `${f.severity} ${f.ruleId} ${f.logicalId}`)).toEqual(['info cdk-s3-cors:unresolved-value Other']);
});
