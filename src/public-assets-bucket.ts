import { Annotations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CorsConfiguration, CorsPreset } from './cors';
import { writeMethods } from './cors/internal';
import { CorsBucketProps } from './cors-bucket-props';
import { checkCorsBucketProps, createCorsBucket } from './private/cors-bucket';
import { acknowledgeNag } from './private/nag';

/**
 * Properties of a PublicAssetsBucket.
 */
export interface PublicAssetsBucketProps extends CorsBucketProps {
  /**
   * The rule shape. It must not write (PUT, POST, DELETE): use UploadBucket for that.
   * @default CorsPreset.READ_ONLY
   */
  readonly preset?: CorsPreset;
  /**
   * Makes every object readable by anyone on the internet through the S3
   * endpoint, by a bucket policy (Block Public Access is relaxed for
   * policies). Only for assets that are public anyway and not served through
   * CloudFrontCorsDistribution.
   * @default false - the bucket is private and read through CloudFront
   */
  readonly publicReadAccess?: boolean;
}

/**
 * A bucket for read-only browser assets (fonts, images, scripts) with the
 * read-only CORS preset: GET and HEAD from the listed origins, AllowedHeaders
 * `*`, no exposed headers, MaxAgeSeconds 3000.
 *
 * The bucket is private (all public access blocked), encrypted, SSL-only,
 * bucket-owner-enforced and retained when removed from the stack; serve it
 * through `CloudFrontCorsDistribution`.
 *
 * @example
 * const assets = new PublicAssetsBucket(this, 'Assets', {
 *   allowedOrigins: [CorsOrigin.https('www.example.com')],
 *   developmentOrigins: [CorsOrigin.localhost(3000)], // in development stacks only
 * });
 */
export class PublicAssetsBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The CORS configuration the bucket carries. */
  public readonly corsConfiguration: CorsConfiguration;

  constructor(scope: Construct, id: string, props: PublicAssetsBucketProps) {
    super(scope, id);
    // From here on only the checked copy is read.
    props = checkCorsBucketProps('PublicAssetsBucket', this, props, (shape, p) => shape.boolean('publicReadAccess', p.publicReadAccess));
    const errors: string[] = [];
    const presetWrites = writeMethods(props.preset?.props.allowedMethods ?? []);
    if (props.preset && presetWrites.length > 0) {
      errors.push(`preset "${props.preset.name}" allows ${presetWrites.join(', ')}: a PublicAssetsBucket is read-only. Use UploadBucket for browser writes, or a read-only preset such as CorsPreset.READ_ONLY.`);
    }
    (props.additionalCorsRules ?? []).forEach((rule, k) => {
      const writes = writeMethods(rule.allowedMethods ?? []);
      if (writes.length > 0) {
        errors.push(`additionalCorsRules[${k}].allowedMethods has ${writes.join(', ')}: a PublicAssetsBucket is read-only. Use GET and HEAD here, and UploadBucket for browser writes.`);
      }
    });
    const preset = (props.preset ?? CorsPreset.READ_ONLY).withChanges({
      allowedHeaders: props.allowedHeaders,
      exposedHeaders: props.exposedHeaders,
      maxAgeSeconds: props.maxAge?.toSeconds({ integral: false }),
    });
    const made = createCorsBucket(this, 'PublicAssetsBucket', { ...props, preset }, errors);
    this.bucket = made.bucket;
    this.corsConfiguration = made.configuration;
    if (props.publicReadAccess) {
      Annotations.of(this).addWarningV2('cdk-s3-cors:public-read-access',
        'publicReadAccess: true makes every object in this bucket readable by anyone through the S3 endpoint. Serve it through CloudFrontCorsDistribution instead and leave publicReadAccess unset, unless the objects are public by design.');
      acknowledgeNag(this.bucket, [{ id: 'AwsSolutions-S2', reason: 'The user set publicReadAccess: true on purpose (warned at synth as cdk-s3-cors:public-read-access).' }]);
    }
  }
}
