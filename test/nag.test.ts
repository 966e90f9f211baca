import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CloudFrontCorsDistribution, CorsOrigin, PublicAssetsBucket, UploadBucket } from '../src';
import { newStack } from './stack';

function violations(stack: Stack) {
  return new AwsSolutionsChecks().validateScope(stack).violations.map(v => `${v.ruleName}: ${v.violatingResources.map(r => r.constructPath).join(', ')}`);
}

test('the default constructs pass cdk-nag AwsSolutions with only the acknowledgements the README lists', () => {
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket });
  const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
  expect(violations(stack)).toEqual([]);

  // The signer's policy is the user's: a key pattern is inherent to presigning
  // (keys are chosen at signing time), so cdk-nag's IAM5 finding is theirs to
  // acknowledge, exactly as the README shows.
  const signer = new iam.Role(stack, 'Signer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  uploads.grantPresign(signer, 'incoming/*');
  expect(violations(stack)).toEqual([expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Uploads\w+\.Arn>\/incoming\/\*\]: Test\/Signer\/DefaultPolicy\/Resource$/)]);
  Validations.of(signer).acknowledge({ id: 'AwsSolutions-IAM5[Resource::<Uploads88C64F96.Arn>/incoming/*]', reason: 'Upload keys are chosen when a URL is signed.' });
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
