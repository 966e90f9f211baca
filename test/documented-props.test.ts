// Every documented prop, one named assertion each: what a user who sets it (or
// leaves it out) relies on finding in the template. Snapshots catch these too,
// but `npm run test:update` accepts a snapshot; a named assertion has to be
// changed on purpose. Expected values come from the props' docs and from
// CloudFormation's own property names, not from the constructs' code.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newStack } from './stack';
import { CloudFrontCorsDistribution, CorsOrigin, CorsPreset, DistributionCorsMode, PublicAssetsBucket, UploadBucket } from '../src';

const SITE = CorsOrigin.https('app.example.com');

type BucketKind = 'PublicAssetsBucket' | 'UploadBucket';
function bucket(kind: BucketKind, props: Record<string, unknown> = {}): { stack: Stack; template: Template } {
  const stack = newStack();
  const all = { allowedOrigins: [SITE], ...props };
  if (kind === 'PublicAssetsBucket') new PublicAssetsBucket(stack, 'B', all as never);
  else new UploadBucket(stack, 'B', all as never);
  return { stack, template: Template.fromStack(stack) };
}
const corsRule = (template: Template, k = 0) => {
  const buckets = Object.values(template.findResources('AWS::S3::Bucket')) as Array<{ Properties: { CorsConfiguration?: { CorsRules: Array<Record<string, unknown>> } } }>;
  const withCors = buckets.filter(b => b.Properties.CorsConfiguration);
  expect(withCors).toHaveLength(1);
  return withCors[0].Properties.CorsConfiguration!.CorsRules[k];
};
const encryptionOf = (template: Template) => {
  const b = Object.values(template.findResources('AWS::S3::Bucket'))[0] as { Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: Array<{ ServerSideEncryptionByDefault: Record<string, unknown> }> } } };
  return b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
};

describe.each<BucketKind>(['PublicAssetsBucket', 'UploadBucket'])('%s: the props both buckets share', kind => {
  test('allowedOrigins become the rule\'s AllowedOrigins, in order', () => {
    const { template } = bucket(kind, { allowedOrigins: [CorsOrigin.https('b.example.com'), CorsOrigin.https('a.example.com')] });
    expect(corsRule(template).AllowedOrigins).toEqual(['https://b.example.com', 'https://a.example.com']);
  });

  test('developmentOrigins come after allowedOrigins', () => {
    const { template } = bucket(kind, { developmentOrigins: [CorsOrigin.localhost(5173)] });
    expect(corsRule(template).AllowedOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  test('maxAge is MaxAge in seconds; left out, it is 3000', () => {
    expect(corsRule(bucket(kind, { maxAge: Duration.minutes(10) }).template).MaxAge).toBe(600);
    expect(corsRule(bucket(kind).template).MaxAge).toBe(3000);
  });

  test('allowedHeaders and exposedHeaders replace the preset\'s', () => {
    const rule = corsRule(bucket(kind, { allowedHeaders: ['Content-Type'], exposedHeaders: ['x-amz-request-id'] }).template);
    expect(rule.AllowedHeaders).toEqual(['Content-Type']);
    expect(rule.ExposedHeaders).toEqual(['x-amz-request-id']);
  });

  test('additionalCorsRules come after the preset\'s rule', () => {
    const extra: s3.CorsRule = { allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['https://other.example.com'], id: 'other' };
    const { template } = bucket(kind, { additionalCorsRules: [extra] });
    expect(corsRule(template, 1)).toEqual({ AllowedMethods: ['GET'], AllowedOrigins: ['https://other.example.com'], Id: 'other' });
  });

  test('bucketName is the BucketName; left out, CloudFormation names it', () => {
    bucket(kind, { bucketName: 'my-assets-bucket' }).template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'my-assets-bucket' });
    bucket(kind).template.hasResourceProperties('AWS::S3::Bucket', { BucketName: Match.absent() });
  });

  test('removalPolicy: retained by default, deleted when asked', () => {
    bucket(kind).template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    bucket(kind, { removalPolicy: RemovalPolicy.DESTROY }).template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });

  test('encryption: SSE-S3 (AES256) by default', () => {
    expect(encryptionOf(bucket(kind).template)).toEqual({ SSEAlgorithm: 'AES256' });
  });

  test('encryption: KMS_MANAGED gives SSE-KMS with the AWS managed key, not AES256', () => {
    expect(encryptionOf(bucket(kind, { encryption: s3.BucketEncryption.KMS_MANAGED }).template)).toEqual({ SSEAlgorithm: 'aws:kms' });
  });

  test('encryption: KMS without a key gives SSE-KMS with a key of the bucket\'s own, and an S3 bucket key; KMS_MANAGED has none', () => {
    const kmsBucket = bucket(kind, { encryption: s3.BucketEncryption.KMS }).template;
    expect(encryptionOf(kmsBucket)).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^BKey/), 'Arn'] } });
    kmsBucket.resourceCountIs('AWS::KMS::Key', 1);
    kmsBucket.hasResourceProperties('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true })] } });
    bucket(kind, { encryption: s3.BucketEncryption.KMS_MANAGED }).template
      .hasResourceProperties('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: Match.absent() })] } });
  });

  test('encryptionKey alone gives SSE-KMS with that key and an S3 bucket key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const props = { allowedOrigins: [SITE], encryptionKey: key };
    if (kind === 'PublicAssetsBucket') new PublicAssetsBucket(stack, 'B', props);
    else new UploadBucket(stack, 'B', props);
    const template = Template.fromStack(stack);
    expect(encryptionOf(template)).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } });
    template.hasResourceProperties('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true })] } });
  });

  test('serverAccessLogsBucket and serverAccessLogsPrefix become LoggingConfiguration; none by default', () => {
    const stack = newStack();
    const logs = s3.Bucket.fromBucketName(stack, 'Logs', 'my-access-logs');
    const props = { allowedOrigins: [SITE], serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'cors/' };
    if (kind === 'PublicAssetsBucket') new PublicAssetsBucket(stack, 'B', props);
    else new UploadBucket(stack, 'B', props);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: 'my-access-logs', LogFilePrefix: 'cors/' } });
    bucket(kind).template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.absent() });
  });
});

describe('PublicAssetsBucket: its own props', () => {
  test('preset: READ_ONLY by default (GET, HEAD); another read-only preset replaces it', () => {
    expect(corsRule(bucket('PublicAssetsBucket').template).AllowedMethods).toEqual(['GET', 'HEAD']);
    const custom = CorsPreset.custom('get-only', { allowedMethods: [s3.HttpMethods.GET] });
    expect(corsRule(bucket('PublicAssetsBucket', { preset: custom }).template).AllowedMethods).toEqual(['GET']);
  });

  test('publicReadAccess: private by default; true opens it by bucket policy', () => {
    const closed = bucket('PublicAssetsBucket').template;
    closed.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } });
    const open = bucket('PublicAssetsBucket', { publicReadAccess: true }).template;
    open.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' })]) },
    });
  });
});

describe('UploadBucket: its own props', () => {
  test('preset: PUT and POST by default; allowReads adds GET and HEAD', () => {
    expect(corsRule(bucket('UploadBucket').template).AllowedMethods).toEqual(['PUT', 'POST']);
    expect(corsRule(bucket('UploadBucket', { allowReads: true }).template).AllowedMethods).toEqual(['GET', 'HEAD', 'PUT', 'POST']);
  });

  test('the default exposes ETag (multipart uploads need it)', () => {
    expect(corsRule(bucket('UploadBucket').template).ExposedHeaders).toContain('ETag');
  });

  test('allowAnyOriginForWrites: "*" is refused without it and accepted with it', () => {
    expect(() => bucket('UploadBucket', { allowedOrigins: [CorsOrigin.ANY] })).toThrow(/allowedOrigins\[0\] is CorsOrigin.ANY .*allowAnyOriginForWrites: true/);
    expect(corsRule(bucket('UploadBucket', { allowedOrigins: [CorsOrigin.ANY], allowAnyOriginForWrites: true }).template).AllowedOrigins).toEqual(['*']);
  });

  test('abortIncompleteMultipartUploadAfter: 7 days by default; 1 day is the least S3 takes; 0 days is refused', () => {
    const days = (props: Record<string, unknown>) => {
      const b = Object.values(bucket('UploadBucket', props).template.findResources('AWS::S3::Bucket'))[0] as { Properties: { LifecycleConfiguration: { Rules: Array<{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: number } }> } } };
      return b.Properties.LifecycleConfiguration.Rules[0].AbortIncompleteMultipartUpload.DaysAfterInitiation;
    };
    expect(days({})).toBe(7);
    expect(days({ abortIncompleteMultipartUploadAfter: Duration.days(1) })).toBe(1);
    expect(() => bucket('UploadBucket', { abortIncompleteMultipartUploadAfter: Duration.days(0) })).toThrow(/abortIncompleteMultipartUploadAfter is 0 days: S3 counts it in whole days, at least 1/);
    expect(() => bucket('UploadBucket', { abortIncompleteMultipartUploadAfter: Duration.hours(36) })).toThrow(/abortIncompleteMultipartUploadAfter .* whole days/);
  });
});

describe('CloudFrontCorsDistribution: every documented prop', () => {
  function cdn(props: Record<string, unknown> = {}, stack = newStack()): Template {
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [SITE] });
    new CloudFrontCorsDistribution(stack, 'Cdn', { bucket: assets.bucket, ...props } as never);
    return Template.fromStack(stack);
  }
  const config = (t: Template) => (Object.values(t.findResources('AWS::CloudFront::Distribution'))[0] as { Properties: { DistributionConfig: Record<string, any> } }).Properties.DistributionConfig;

  test('comment is the distribution\'s Comment; none by default', () => {
    expect(config(cdn({ comment: 'assets for app.example.com' })).Comment).toBe('assets for app.example.com');
    expect(config(cdn()).Comment).toBeUndefined();
  });

  test('priceClass: PriceClass_100 by default, as given otherwise', () => {
    expect(config(cdn()).PriceClass).toBe('PriceClass_100');
    expect(config(cdn({ priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL })).PriceClass).toBe('PriceClass_All');
  });

  test('defaultTtl: one day (86400 s) by default, as given otherwise', () => {
    cdn().hasResourceProperties('AWS::CloudFront::CachePolicy', { CachePolicyConfig: Match.objectLike({ DefaultTTL: 86400 }) });
    cdn({ defaultTtl: Duration.hours(1) }).hasResourceProperties('AWS::CloudFront::CachePolicy', { CachePolicyConfig: Match.objectLike({ DefaultTTL: 3600 }) });
  });

  test('logBucket: the user\'s bucket receives the logs and no log bucket is made', () => {
    const stack = newStack();
    const logs = s3.Bucket.fromBucketAttributes(stack, 'Logs', { bucketName: 'my-cdn-logs', region: 'eu-west-1' });
    const template = cdn({ logBucket: logs }, stack);
    expect(config(template).Logging).toEqual(expect.objectContaining({ Bucket: 'my-cdn-logs.s3.eu-west-1.amazonaws.com' }));
    template.resourceCountIs('AWS::S3::Bucket', 1); // the assets bucket only
  });

  test('enableLogging: on by default with a log bucket of its own; false leaves logging out', () => {
    const on = cdn();
    expect(config(on).Logging).toBeDefined();
    on.resourceCountIs('AWS::S3::Bucket', 2);
    const off = cdn({ enableLogging: false });
    expect(config(off).Logging).toBeUndefined();
    off.resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('webAclId is the WebACLId', () => {
    const acl = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/name/0000';
    expect(config(cdn({ webAclId: acl })).WebACLId).toBe(acl);
  });

  test('domainNames without certificate are refused, naming both props', () => {
    expect(() => cdn({ domainNames: ['cdn.example.com'] })).toThrow(/domainNames \["cdn.example.com"\] needs certificate/);
  });

  test('corsMode: S3 by default (CORS-S3Origin forwards the CORS headers); EDGE answers at viewer request', () => {
    const s3Mode = config(cdn()).DefaultCacheBehavior;
    expect(s3Mode.OriginRequestPolicyId).toBe('88a5eaf4-2fd4-4709-b370-b4c650ea3fcf');
    expect(s3Mode.FunctionAssociations.map((f: { EventType: string }) => f.EventType)).toEqual(['viewer-response']);
    const edge = config(cdn({ corsMode: DistributionCorsMode.EDGE })).DefaultCacheBehavior;
    expect(edge.OriginRequestPolicyId).toBeUndefined();
    expect(edge.FunctionAssociations.map((f: { EventType: string }) => f.EventType).sort()).toEqual(['viewer-request', 'viewer-response']);
  });
});
