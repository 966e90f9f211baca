import { Acknowledgment, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { describeValue, ShapeCheck } from './common/shapes';
import { CorsConfiguration, CorsPreset } from './cors';
import { broadOriginReason, writeMethods } from './cors/internal';
import { CorsBucketProps } from './cors-bucket-props';
import { checkCorsBucketProps, createCorsBucket } from './private/cors-bucket';

/**
 * Properties of an UploadBucket.
 */
export interface UploadBucketProps extends CorsBucketProps {
  /**
   * Allows `CorsOrigin.ANY` (`*`) in `allowedOrigins`. Without it, `*` is
   * refused: any website could then make its visitors' browsers upload with
   * a URL it holds. With it, the risk is still reported as the warning
   * `cdk-s3-cors:wildcard-origin-write`.
   * @default false
   */
  readonly allowAnyOriginForWrites?: boolean;
  /**
   * Also allow GET and HEAD from the same origins (preset
   * PRESIGNED_UPLOAD_WITH_READ), for apps that read back what they upload
   * through presigned GET URLs.
   * @default false - PUT and POST only
   */
  readonly allowReads?: boolean;
  /**
   * The rule shape, for uploads that no built-in choice covers (e.g.
   * `CorsPreset.FORM_POST`, AWS's form-post example). It must allow PUT or
   * POST, and cannot be combined with `allowReads`.
   * @default CorsPreset.PRESIGNED_UPLOAD, or PRESIGNED_UPLOAD_WITH_READ with allowReads
   */
  readonly preset?: CorsPreset;
  /**
   * How long an unfinished multipart upload may keep its parts (which are
   * billed) before S3 aborts it.
   * @default Duration.days(7)
   */
  readonly abortIncompleteMultipartUploadAfter?: Duration;
}

/**
 * A bucket that browsers upload to through presigned PUT URLs, presigned POST
 * forms and multipart uploads, with the presigned-upload CORS preset: PUT and
 * POST from the listed origins only, the request headers the SDKs send, ETag
 * and the x-amz response headers exposed, MaxAgeSeconds 3000.
 *
 * Private, encrypted, SSL-only, retained; unfinished multipart uploads are
 * aborted after 7 days. Give the role that signs URLs `grantPresign()`.
 *
 * @example
 * const uploads = new UploadBucket(this, 'Uploads', {
 *   allowedOrigins: [CorsOrigin.https('app.example.com')],
 * });
 * uploads.grantPresign(signingFunction);
 */
export class UploadBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The CORS configuration the bucket carries. */
  public readonly corsConfiguration: CorsConfiguration;

  constructor(scope: Construct, id: string, props: UploadBucketProps) {
    super(scope, id);
    // From here on only the checked copy is read.
    props = checkCorsBucketProps('UploadBucket', this, props, (shape, p) => {
      shape.boolean('allowAnyOriginForWrites', p.allowAnyOriginForWrites);
      shape.boolean('allowReads', p.allowReads);
      shape.duration('abortIncompleteMultipartUploadAfter', p.abortIncompleteMultipartUploadAfter, true, 'days');
    });
    const errors: string[] = [];
    [...props.allowedOrigins, ...props.developmentOrigins ?? []].forEach((o, k) => {
      const name = k < props.allowedOrigins.length ? `allowedOrigins[${k}]` : `developmentOrigins[${k - props.allowedOrigins.length}]`;
      const broad = broadOriginReason(o.value);
      if (broad && !props.allowAnyOriginForWrites) {
        const what = o.value === '*' ? 'is CorsOrigin.ANY ("*")' : `"${o.value}" is as open as "*" (${broad})`;
        errors.push(`${name} ${what}: an upload bucket refuses it because any website could then make its visitors' browsers upload with a URL it holds. List your web app's origins, or set allowAnyOriginForWrites: true if that is really what you want.`);
      }
    });
    (props.additionalCorsRules ?? []).forEach((rule, k) => {
      const writes = writeMethods(rule.allowedMethods ?? []);
      const open = (rule.allowedOrigins ?? []).find(x => broadOriginReason(x) !== undefined);
      if (writes.length > 0 && open !== undefined && !props.allowAnyOriginForWrites) {
        errors.push(`additionalCorsRules[${k}] allows ${writes.join(', ')} from "${open}"${open === '*' ? '' : ` (as open as "*": ${broadOriginReason(open)})`}: an upload bucket refuses that unless allowAnyOriginForWrites: true. List your web app's origins instead.`);
      }
    });
    if (props.preset && props.allowReads !== undefined) {
      errors.push(`preset "${props.preset.name}" and allowReads are both set: allowReads only chooses between the built-in upload presets. Remove allowReads, or give a preset that has GET and HEAD.`);
    }
    if (props.preset && writeMethods(props.preset.props.allowedMethods).length === 0) {
      errors.push(`preset "${props.preset.name}" allows only ${props.preset.props.allowedMethods.join(', ')}: an UploadBucket needs PUT or POST. Use PublicAssetsBucket for read-only assets.`);
    }
    const abortAfter = props.abortIncompleteMultipartUploadAfter ?? Duration.days(7);
    const days = abortAfter.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 1) {
      errors.push(`abortIncompleteMultipartUploadAfter is ${abortAfter.toHumanString()}: S3 counts it in whole days, at least 1. Use e.g. Duration.days(${Math.max(1, Math.ceil(days))}).`);
    }

    const preset = (props.preset ?? (props.allowReads ? CorsPreset.PRESIGNED_UPLOAD_WITH_READ : CorsPreset.PRESIGNED_UPLOAD)).withChanges({
      allowedHeaders: props.allowedHeaders,
      exposedHeaders: props.exposedHeaders,
      maxAgeSeconds: props.maxAge?.toSeconds({ integral: false }),
    });
    const made = createCorsBucket(this, 'UploadBucket', {
      ...props,
      preset,
      lifecycleRules: [{ id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: abortAfter }],
    }, errors);
    this.bucket = made.bucket;
    this.corsConfiguration = made.configuration;
  }

  /**
   * Grants what the identity that signs upload URLs needs, and nothing more:
   * `s3:PutObject` (a single PUT, a POST form, and CreateMultipartUpload,
   * UploadPart and CompleteMultipartUpload) and `s3:AbortMultipartUpload` on
   * the matching keys; with a KMS key, `kms:GenerateDataKey` (to encrypt) and
   * `kms:Decrypt` (S3 needs it to complete a multipart upload).
   *
   * A presigned URL acts with the signer's permissions, so these are the
   * permissions every URL it hands out can use. The key pattern limits what
   * can be signed; CORS itself is bucket-wide in S3 and cannot be scoped to
   * a prefix.
   * A Lambda function is grantable itself: pass the function, not
   * `fn.role` (which is undefined for a function imported without its role).
   *
   * The wildcard in the key pattern is one cdk-nag AwsSolutions-IAM5 finding
   * on the grantee's policy; `presignAcknowledgement()` gives its exact id.
   * @param grantee the role or function that signs URLs
   * @param keyPattern which object keys, e.g. `uploads/*`
   */
  public grantPresign(grantee: iam.IGrantable, keyPattern: string = '*'): iam.Grant {
    const shape = new ShapeCheck(`UploadBucket '${this.node.path}': grantPresign(grantee, keyPattern)`);
    const principal = (grantee as { grantPrincipal?: unknown } | undefined)?.grantPrincipal;
    if (typeof principal !== 'object' || principal === null) {
      shape.problems.push(`grantee must be a role, user or function (anything iam.IGrantable: a lambda.Function is one), got ${describeValue(grantee)}. `
        + 'Pass the signing function itself rather than fn.role, which is undefined for a function imported without its role '
        + '(import it with lambda.Function.fromFunctionAttributes(this, id, { functionArn, role }) to grant to it).');
    }
    shape.string('keyPattern', keyPattern, '"uploads/*"');
    shape.throwIfAny();
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resourceArns: [this.bucket.arnForObjects(keyPattern)],
      resource: this.bucket,
    });
    this.bucket.encryptionKey?.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    return grant;
  }

  /**
   * The acknowledgement of the one cdk-nag finding `grantPresign(grantee,
   * keyPattern)` leaves on the grantee: AwsSolutions-IAM5 for the object ARN
   * with the key pattern's wildcard (keys are chosen when a URL is signed, so
   * a pattern is inherent to presigning). Pass it to
   * `Validations.of(grantee).acknowledge(...)`.
   *
   * The id names the bucket's logical id as it is when this is called: call
   * it after any `overrideLogicalId()` of the bucket.
   *
   * @example
   * uploads.grantPresign(signer, 'incoming/*');
   * Validations.of(signer).acknowledge(uploads.presignAcknowledgement('incoming/*', 'Upload keys are chosen when a URL is signed.'));
   * @param keyPattern the same key pattern given to `grantPresign`
   * @param reason why the wildcard is acceptable, as a reviewer will read it
   */
  public presignAcknowledgement(keyPattern: string, reason: string): Acknowledgment {
    const shape = new ShapeCheck(`UploadBucket '${this.node.path}': presignAcknowledgement(keyPattern, reason)`);
    shape.string('keyPattern', keyPattern, '"uploads/*"');
    shape.string('reason', reason, '"Upload keys are chosen when a URL is signed."');
    shape.throwIfAny();
    const cfn = this.bucket.node.defaultChild as s3.CfnBucket;
    const logicalId = Stack.of(this).resolve(cfn.logicalId) as string;
    return { id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${keyPattern}]`, reason };
  }
}
