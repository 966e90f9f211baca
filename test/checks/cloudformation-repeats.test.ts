// `lint` on a template: an item a CORS rule lists twice is an error there,
// because CloudFormation validates AWS::S3::Bucket against its schema (lists
// of unique items) and refuses the stack; repeats that differ only in case
// are distinct to CloudFormation and stay the duplicate-value warning.
import { templateFacts } from '../../src/checks/readers/cloudformation';
import { CloudFormationTemplate } from '../../src/checks/readers/cloudformation/template';
import { checkFacts } from '../../src/checks/rules';

const lint = (yaml: string) => checkFacts(templateFacts(CloudFormationTemplate.parse(yaml))).map(f => [f.severity, f.ruleId, f.path.join('.')]);

test('GIVEN literal repeats in every unique-item list WHEN linted THEN each is an error at the repeat', () => {
  const found = lint(`
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: [https://app.example.com, https://app.example.com]
            AllowedMethods: [GET, HEAD, GET]
            AllowedHeaders: [Range, range, Range]
            ExposedHeaders: [ETag, ETag]
`);
  const at = 'Resources.Site.Properties.CorsConfiguration.CorsRules.0';
  expect(found).toEqual([
    ['error', 'cdk-s3-cors:cloudformation-duplicate-value', `${at}.AllowedOrigins.1`],
    ['error', 'cdk-s3-cors:cloudformation-duplicate-value', `${at}.AllowedMethods.2`],
    ['warning', 'cdk-s3-cors:duplicate-value', `${at}.AllowedHeaders.1`],
    ['error', 'cdk-s3-cors:cloudformation-duplicate-value', `${at}.AllowedHeaders.2`],
    ['error', 'cdk-s3-cors:cloudformation-duplicate-value', `${at}.ExposedHeaders.1`],
  ]);
});

test('the passing neighbour: the same items once each, and case-only repeats, are no error', () => {
  const found = lint(`
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: [https://app.example.com, https://www.example.com]
            AllowedMethods: [GET, HEAD]
            AllowedHeaders: [Range, range]
`);
  expect(found).toEqual([['warning', 'cdk-s3-cors:duplicate-value', 'Resources.Site.Properties.CorsConfiguration.CorsRules.0.AllowedHeaders.1']]);
});

test('two equal intrinsics are one value twice (an error); two different ones may differ (only the unresolved info)', () => {
  const found = lint(`
Resources:
  Twice:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: [!Sub "https://\${Host}", !Sub "https://\${Host}"]
            AllowedMethods: [GET]
  Different:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: [!Sub "https://\${Host}", !Sub "https://www.\${Host}"]
            AllowedMethods: [GET]
`);
  const at = (bucket: string, k: number) => `Resources.${bucket}.Properties.CorsConfiguration.CorsRules.0.AllowedOrigins.${k}`;
  expect(found).toEqual([
    ['error', 'cdk-s3-cors:cloudformation-duplicate-value', at('Twice', 1)],
    ['info', 'cdk-s3-cors:unresolved-value', at('Twice', 0)],
    ['info', 'cdk-s3-cors:unresolved-value', at('Twice', 1)],
    ['info', 'cdk-s3-cors:unresolved-value', at('Different', 0)],
    ['info', 'cdk-s3-cors:unresolved-value', at('Different', 1)],
  ]);
});
