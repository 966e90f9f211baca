// A web app's storage, as a real CDK app would define it: assets served from
// CloudFront to the site and to local development, and a bucket the browser
// uploads to through presigned URLs. `npm run synth:example` synthesizes it
// with the real CDK CLI.
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CloudFrontCorsDistribution, CorsOrigin, PublicAssetsBucket, UploadBucket } from '../src';

interface WebStorageStackProps extends StackProps {
  readonly stage: 'dev' | 'prod';
}

class WebStorageStack extends Stack {
  constructor(scope: Construct, id: string, props: WebStorageStackProps) {
    super(scope, id, props);
    const site = [CorsOrigin.https('www.example.com'), CorsOrigin.https('app.example.com')];
    // localhost is allowed in the dev stage only
    const developmentOrigins = props.stage === 'dev' ? [CorsOrigin.localhost(3000), CorsOrigin.localhost(5173)] : [];

    const assets = new PublicAssetsBucket(this, 'Assets', { allowedOrigins: site, developmentOrigins });
    new CloudFrontCorsDistribution(this, 'AssetsCdn', { bucket: assets.bucket });

    const uploads = new UploadBucket(this, 'Uploads', {
      allowedOrigins: [CorsOrigin.https('app.example.com')],
      developmentOrigins,
    });
    // The backend role that signs presigned PUT/POST URLs for the browser.
    const signer = new iam.Role(this, 'UrlSigner', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Signs presigned upload URLs for the web app',
    });
    uploads.grantPresign(signer, 'incoming/*');
  }
}

const app = new App();
new WebStorageStack(app, 'WebStorage-dev', { stage: 'dev' });
new WebStorageStack(app, 'WebStorage-prod', { stage: 'prod' });
app.synth();
