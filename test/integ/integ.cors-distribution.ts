// Integration test for a real AWS account: deploys a PublicAssetsBucket behind
// CloudFrontCorsDistribution in both corsModes and asks the deployed
// distributions, from two origins and without one, what a browser would ask.
// It settles what no local stand-in can: CloudFront's real behaviour around
// the generated functions, Vary and the cache key.
//
// For real (a maintainer with AWS credentials; any region):
//   npx cdk deploy --all --require-approval never --outputs-file integ-outputs.json \
//     --app "npx tsx test/integ/integ.cors-distribution.ts"
//   npx tsx test/integ/check-outputs.ts integ-outputs.json     # exit 1 on any failed assertion
//   npx cdk destroy --all --force --app "npx tsx test/integ/integ.cors-distribution.ts"
// Each assertion's result is a stack output AssertionResults... ({"status":"pass"|"fail"}),
// which integ-runner would read; integ-runner 2.197 (the newest) cannot read the cloud
// assembly schema 54 that aws-cdk-lib 2.258 writes, hence the CDK CLI and check-outputs.
// Offline, test/integ/integ.test.ts synthesizes this app and checks what it will ask.
import { ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CloudFrontCorsDistribution, CorsOrigin, DistributionCorsMode, PublicAssetsBucket } from '../../src';

const ORIGINS = ['https://a.example.com', 'https://b.example.com'];
const KEY = 'integ/probe.txt';

const app = new App();
const stack = new Stack(app, 'CdkS3CorsDistributionInteg');
const assets = new PublicAssetsBucket(stack, 'Assets', {
  allowedOrigins: ORIGINS.map(o => CorsOrigin.exact(o)),
  removalPolicy: RemovalPolicy.DESTROY,
});
const distributions = {
  S3: new CloudFrontCorsDistribution(stack, 'S3Mode', { bucket: assets.bucket, enableLogging: false }),
  EDGE: new CloudFrontCorsDistribution(stack, 'EdgeMode', { bucket: assets.bucket, enableLogging: false, corsMode: DistributionCorsMode.EDGE }),
};

const integ = new IntegTest(app, 'CorsDistribution', { testCases: [stack], diffAssets: false });
const put = integ.assertions.awsApiCall('S3', 'putObject', {
  Bucket: assets.bucket.bucketName, Key: KEY, Body: 'probe', ContentType: 'text/plain', CacheControl: 'max-age=300',
});

let last: IApiCall = put;
const then = (call: IApiCall) => {
  last.next(call);
  last = call;
};
const vary = Match.arrayWith([Match.stringLikeRegexp('Origin')]);

for (const [mode, cdn] of Object.entries(distributions)) {
  const url = `https://${cdn.distribution.distributionDomainName}/${KEY}`;
  // Without Origin first, as an <img> asks: it must already carry Vary: Origin.
  const plain = integ.assertions.httpApiCall(url);
  plain.expect(ExpectedResult.objectLike({ status: 200, headers: Match.objectLike({ vary }) }));
  then(plain);
  for (const origin of [...ORIGINS, ORIGINS[0]]) {
    const get = integ.assertions.httpApiCall(url, { headers: { Origin: origin } });
    get.expect(ExpectedResult.objectLike({ status: 200, headers: Match.objectLike({ 'access-control-allow-origin': [origin], vary }) }));
    then(get);
    const preflight = integ.assertions.httpApiCall(url, {
      method: 'OPTIONS', headers: { 'Origin': origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-trace-id' },
    });
    preflight.expect(ExpectedResult.objectLike({ status: 200, headers: Match.objectLike({ 'access-control-allow-origin': [origin] }) }));
    then(preflight);
  }
  const refused = integ.assertions.httpApiCall(url, { method: 'OPTIONS', headers: { 'Origin': 'https://evil.example.com', 'Access-Control-Request-Method': 'GET' } });
  refused.expect(ExpectedResult.objectLike({ status: 403 }));
  then(refused);
  void mode;
}
export const INTEG_ORIGINS = ORIGINS;

// Empty the bucket so the stack can be destroyed.
then(integ.assertions.awsApiCall('S3', 'deleteObject', { Bucket: assets.bucket.bucketName, Key: KEY }));
app.synth();
