import { ReferenceKind } from '../common/shapes';
// The resource references the constructs take, for the shape checks of plain
// JavaScript callers: what such a reference has, and how to import one from
// the name or ARN a caller passed instead.

const isArn = (quoted: string) => quoted.startsWith('"arn:');

export const BUCKET: ReferenceKind = {
  type: 'an s3.IBucket',
  module: 'import * as s3 from \'aws-cdk-lib/aws-s3\'',
  strings: ['bucketName', 'bucketArn'],
  functions: ['arnForObjects'],
  fromString: q => (isArn(q) ? `s3.Bucket.fromBucketArn(this, 'LogBucket', ${q})` : `s3.Bucket.fromBucketName(this, 'LogBucket', ${q})`),
};

export const KMS_KEY: ReferenceKind = {
  type: 'a kms.IKey',
  module: 'import * as kms from \'aws-cdk-lib/aws-kms\'',
  strings: ['keyArn'],
  functions: ['grantEncryptDecrypt'],
  fromString: q => (q.startsWith('"alias/') ? `kms.Alias.fromAliasName(this, 'Key', ${q})` : `kms.Key.fromKeyArn(this, 'Key', ${isArn(q) ? q : '"arn:aws:kms:<region>:<account>:key/<key id>"'})`),
};

export const CERTIFICATE: ReferenceKind = {
  type: 'an acm.ICertificate (in us-east-1)',
  module: 'import * as acm from \'aws-cdk-lib/aws-certificatemanager\'',
  strings: ['certificateArn'],
  functions: [],
  fromString: q => `acm.Certificate.fromCertificateArn(this, 'Certificate', ${q})`,
};
