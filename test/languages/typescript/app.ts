// The reference app of the language test (test/languages/languages.lang.ts):
// examples/app.ts's stacks, plus what the bindings must carry that the example
// leaves out: UploadBucket.presignAcknowledgement, the EDGE distribution mode,
// and S3CorsChecks reporting a plain misconfigured stack. The Python, Java and
// Go apps beside this file define the same constructs with the same ids; the
// test compares their templates and findings with this one's.
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
// The compiled library, as the other languages get it through jsii.
import { CloudFrontCorsDistribution, CorsOrigin, DistributionCorsMode, PublicAssetsBucket, S3CorsChecks, UploadBucket } from '../../../lib';

interface WebStorageStackProps extends StackProps {
  readonly stage: 'dev' | 'prod';
}

class WebStorageStack extends Stack {
  constructor(scope: Construct, id: string, props: WebStorageStackProps) {
    super(scope, id, props);
    const site = [CorsOrigin.https('www.example.com'), CorsOrigin.https('app.example.com')];
    const developmentOrigins = props.stage === 'dev' ? [CorsOrigin.localhost(3000), CorsOrigin.localhost(5173)] : [];

    const assets = new PublicAssetsBucket(this, 'Assets', { allowedOrigins: site, developmentOrigins });
    new CloudFrontCorsDistribution(this, 'AssetsCdn', { bucket: assets.bucket });
    new CloudFrontCorsDistribution(this, 'AssetsEdgeCdn', { bucket: assets.bucket, corsMode: DistributionCorsMode.EDGE });

    const uploads = new UploadBucket(this, 'Uploads', {
      allowedOrigins: [CorsOrigin.https('app.example.com')],
      developmentOrigins,
    });
    const signer = new iam.Role(this, 'UrlSigner', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Signs presigned upload URLs for the web app',
    });
    uploads.grantPresign(signer, 'incoming/*');
    Validations.of(signer).acknowledge(uploads.presignAcknowledgement('incoming/*', 'Upload keys are chosen when a URL is signed.'));
  }
}

/** What many public reports set up: CachingOptimized with CORS-S3Origin in front of a CORS bucket. */
class PlainStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const bucket = new s3.Bucket(this, 'SiteBucket', {
      cors: [{ allowedOrigins: ['https://app.example.com/'], allowedMethods: [s3.HttpMethods.GET] }],
    });
    new cloudfront.Distribution(this, 'SiteCdn', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
      },
    });
  }
}

const app = new App();
Validations.of(app).addPlugins(new S3CorsChecks());
new WebStorageStack(app, 'WebStorage-dev', { stage: 'dev' });
new WebStorageStack(app, 'WebStorage-prod', { stage: 'prod' });
new PlainStack(app, 'Plain');
app.synth();
