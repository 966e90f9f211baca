import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { CorsConfiguration, CorsFinding, CorsOrigin, CorsPreset } from '../cors';
import { CorsField, RULE_PROPERTY } from '../cors/private/fields';
import { CorsBucketProps } from '../cors-bucket-props';
import { reportFindings } from './cors-findings';
import { acknowledgeNag } from './nag';

const MARK = Symbol.for('cdk-s3-cors.CorsBucket');

/** What a bucket made by one of our constructs carries: its CORS, its origins, and the construct. */
export interface CorsBucketInfo {
  readonly configuration: CorsConfiguration;
  readonly origins: CorsOrigin[];
  readonly owner: IConstruct;
}

interface Marked {
  [MARK]?: CorsBucketInfo;
}

/** The CORS of a bucket one of our constructs made; undefined for any other bucket. */
export function corsBucketInfo(bucket: s3.IBucket): CorsBucketInfo | undefined {
  return (bucket as unknown as Marked)[MARK];
}

/** What both bucket constructs take, plus what each decides for itself. */
export interface SecureCorsBucketOptions extends CorsBucketProps {
  readonly preset: CorsPreset;
  readonly publicReadAccess?: boolean;
  readonly lifecycleRules?: s3.LifecycleRule[];
}

export interface CorsBucketParts {
  readonly bucket: s3.Bucket;
  readonly configuration: CorsConfiguration;
}

/**
 * A private, encrypted, SSL-only, retained bucket whose CORS is the preset's
 * rule for the origins, then any additional rules. The model's findings and
 * the construct's own `problems` become one synth error, or warnings.
 */
export function createCorsBucket(scope: Construct, what: string, o: SecureCorsBucketOptions, problems: readonly string[] = []): CorsBucketParts {
  const origins = [...o.allowedOrigins, ...(o.developmentOrigins ?? [])];
  const configuration = CorsConfiguration.fromRules([o.preset.rule(origins.map(x => x.value)), ...(o.additionalCorsRules ?? [])]);
  const n = o.allowedOrigins.length;
  reportFindings(scope, what, configuration, f => propName(f, n), problems);

  const bucket = new s3.Bucket(scope, 'Resource', {
    bucketName: o.bucketName,
    blockPublicAccess: o.publicReadAccess ? s3.BlockPublicAccess.BLOCK_ACLS_ONLY : s3.BlockPublicAccess.BLOCK_ALL,
    publicReadAccess: o.publicReadAccess ?? false,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    encryption: o.encryption ?? (o.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED),
    encryptionKey: o.encryptionKey,
    bucketKeyEnabled: o.encryptionKey !== undefined || o.encryption === s3.BucketEncryption.KMS ? true : undefined,
    removalPolicy: o.removalPolicy ?? RemovalPolicy.RETAIN,
    serverAccessLogsBucket: o.serverAccessLogsBucket,
    serverAccessLogsPrefix: o.serverAccessLogsPrefix,
    cors: configuration.rules,
    lifecycleRules: o.lifecycleRules,
  });
  (bucket as unknown as Marked)[MARK] = { configuration, origins, owner: scope };

  if (!o.serverAccessLogsBucket) {
    acknowledgeNag(bucket, [{
      id: 'AwsSolutions-S1',
      reason: 'Server access logging is opt-in (serverAccessLogsBucket): a log bucket per bucket doubles the buckets in an account. Reads through CloudFrontCorsDistribution are logged there by default.',
    }]);
  }
  return { bucket, configuration };
}

function propName(f: CorsFinding, allowedCount: number): string {
  if (f.ruleIndex !== undefined && f.ruleIndex > 0) {
    const rule = `additionalCorsRules[${f.ruleIndex - 1}]`;
    if (!f.field) return rule;
    const prop = RULE_PROPERTY[f.field as CorsField];
    return `${rule}.${prop}${f.valueIndex === undefined ? '' : `[${f.valueIndex}]`}`;
  }
  switch (f.field) {
    case 'AllowedOrigins':
      if (f.valueIndex === undefined) return 'allowedOrigins';
      return f.valueIndex < allowedCount ? `allowedOrigins[${f.valueIndex}]` : `developmentOrigins[${f.valueIndex - allowedCount}]`;
    case 'AllowedHeaders': return f.valueIndex === undefined ? 'allowedHeaders' : `allowedHeaders[${f.valueIndex}]`;
    case 'ExposeHeaders': return f.valueIndex === undefined ? 'exposedHeaders' : `exposedHeaders[${f.valueIndex}]`;
    case 'MaxAgeSeconds': return 'maxAge';
    case 'AllowedMethods': return 'preset';
    default: return 'CORS rules';
  }
}
