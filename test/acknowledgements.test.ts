// Acknowledgements travel with the template: what the app acknowledged on a
// construct, or on any scope above it, is written into the resource's
// Metadata (cdk-s3-cors: {acknowledge: [{id, reason}]}), which is what
// `cdk-s3-cors lint cdk.out` reads (test/checks/reader.test.ts runs lint on it).
import { Annotations, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { CorsOrigin, PublicAssetsBucket } from '../src';
import { newStack } from './stack';

/** A bucket with an http origin (cdk-s3-cors:insecure-origin) at Stack/Group/Assets. */
function site(): { stack: Stack; group: Construct; assets: PublicAssetsBucket } {
  const stack = newStack();
  const group = new Construct(stack, 'Group');
  const assets = new PublicAssetsBucket(group, 'Assets', { allowedOrigins: [CorsOrigin.exact('http://intranet.example.com')] });
  return { stack, group, assets };
}

function acknowledged(stack: Stack): unknown {
  const buckets = Template.fromStack(stack).findResources('AWS::S3::Bucket', { Properties: { CorsConfiguration: {} } });
  const [bucket] = Object.values(buckets) as Array<{ Metadata?: Record<string, unknown> }>;
  return bucket.Metadata?.['cdk-s3-cors'];
}

test('nothing acknowledged: no cdk-s3-cors Metadata at all', () => {
  expect(acknowledged(site().stack)).toBeUndefined();
});

test('Validations.acknowledge on the construct: the id with the reason given', () => {
  const { stack, assets } = site();
  Validations.of(assets).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'an intranet host' });
  expect(acknowledged(stack)).toEqual({ acknowledge: [{ id: 'cdk-s3-cors:insecure-origin', reason: 'an intranet host' }] });
});

test('on a scope above it (a group, the stack): it applies to what is below, and the nearest reason wins', () => {
  const { stack } = site();
  Validations.of(stack).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'the whole stack' });
  expect(acknowledged(stack)).toEqual({ acknowledge: [{ id: 'cdk-s3-cors:insecure-origin', reason: 'the whole stack' }] });

  const other = site();
  Validations.of(other.stack).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'the whole stack' });
  Validations.of(other.group).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'this group' });
  expect(acknowledged(other.stack)).toEqual({ acknowledge: [{ id: 'cdk-s3-cors:insecure-origin', reason: 'this group' }] });
});

test('Annotations.acknowledgeWarning, on the construct or a scope above it, says so as the reason (aws-cdk-lib keeps none)', () => {
  for (const on of ['assets', 'group', 'stack'] as const) {
    const s = site();
    const scope = on === 'assets' ? s.assets : on === 'group' ? s.group : s.stack;
    Annotations.of(scope).acknowledgeWarning('cdk-s3-cors:insecure-origin', 'an intranet host');
    expect([on, acknowledged(s.stack)]).toEqual([on, { acknowledge: [{ id: 'cdk-s3-cors:insecure-origin', reason: 'acknowledged with Annotations.acknowledgeWarning' }] }]);
  }
});

test('an acknowledgement on a sibling, or of another library\'s id, is not carried', () => {
  const { stack, group } = site();
  const sibling = new Construct(group, 'AssetsX');
  Validations.of(sibling).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'not this one' });
  Annotations.of(sibling).acknowledgeWarning('cdk-s3-cors:insecure-origin', 'not this one');
  Validations.of(stack).acknowledge({ id: 'AwsSolutions-S1', reason: 'cdk-nag, not ours' });
  Annotations.of(stack).acknowledgeWarning('other-lib:cdk-s3-cors:x', 'not ours');
  // Metadata of another type that happens to hold such a key is not an acknowledgement.
  group.node.addMetadata('my-team:notes', { 'cdk-s3-cors:insecure-origin': 'reviewed' });
  expect(acknowledged(stack)).toBeUndefined();
});

test('several ids, both ways, each once, in id order; Validations\' reason wins over acknowledgeWarning\'s', () => {
  const { stack, assets, group } = site();
  Annotations.of(group).acknowledgeWarning('cdk-s3-cors:max-age-above-chromium-cap');
  Annotations.of(assets).acknowledgeWarning('cdk-s3-cors:insecure-origin');
  Validations.of(stack).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'an intranet host' });
  Validations.of(assets).acknowledge({ id: 'cdk-s3-cors:broad-origin', reason: 'b' });
  expect(acknowledged(stack)).toEqual({
    acknowledge: [
      { id: 'cdk-s3-cors:broad-origin', reason: 'b' },
      { id: 'cdk-s3-cors:insecure-origin', reason: 'an intranet host' },
      { id: 'cdk-s3-cors:max-age-above-chromium-cap', reason: 'acknowledged with Annotations.acknowledgeWarning' },
    ],
  });
});

test('the ids are listed in id order, whatever order they were acknowledged in', () => {
  const { stack, assets } = site();
  Validations.of(assets).acknowledge({ id: 'cdk-s3-cors:public-read-access', reason: 'p' });
  Validations.of(stack).acknowledge({ id: 'cdk-s3-cors:insecure-origin', reason: 'i' });
  Validations.of(stack).acknowledge({ id: 'cdk-s3-cors:broad-origin', reason: 'b' });
  expect(acknowledged(stack)).toEqual({
    acknowledge: [
      { id: 'cdk-s3-cors:broad-origin', reason: 'b' },
      { id: 'cdk-s3-cors:insecure-origin', reason: 'i' },
      { id: 'cdk-s3-cors:public-read-access', reason: 'p' },
    ],
  });
});
