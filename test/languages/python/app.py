# The Python twin of test/languages/typescript/app.ts: the same constructs with
# the same ids, through the cdk-s3-cors wheel built by jsii-pacmak.
from aws_cdk import App, Stack, Validations
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk_s3_cors import (
    CloudFrontCorsDistribution,
    CorsOrigin,
    DistributionCorsMode,
    PublicAssetsBucket,
    S3CorsChecks,
    UploadBucket,
)


class WebStorageStack(Stack):
    def __init__(self, scope: Construct, id: str, *, stage: str) -> None:
        super().__init__(scope, id)
        site = [CorsOrigin.https("www.example.com"), CorsOrigin.https("app.example.com")]
        development_origins = [CorsOrigin.localhost(3000), CorsOrigin.localhost(5173)] if stage == "dev" else []

        assets = PublicAssetsBucket(self, "Assets", allowed_origins=site, development_origins=development_origins)
        CloudFrontCorsDistribution(self, "AssetsCdn", bucket=assets.bucket)
        CloudFrontCorsDistribution(self, "AssetsEdgeCdn", bucket=assets.bucket, cors_mode=DistributionCorsMode.EDGE)

        uploads = UploadBucket(
            self,
            "Uploads",
            allowed_origins=[CorsOrigin.https("app.example.com")],
            development_origins=development_origins,
        )
        signer = iam.Role(
            self,
            "UrlSigner",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Signs presigned upload URLs for the web app",
        )
        uploads.grant_presign(signer, "incoming/*")
        Validations.of(signer).acknowledge(
            uploads.presign_acknowledgement("incoming/*", "Upload keys are chosen when a URL is signed.")
        )


class PlainStack(Stack):
    """What many public reports set up: CachingOptimized with CORS-S3Origin in front of a CORS bucket."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        bucket = s3.Bucket(
            self,
            "SiteBucket",
            cors=[s3.CorsRule(allowed_origins=["https://app.example.com/"], allowed_methods=[s3.HttpMethods.GET])],
        )
        cloudfront.Distribution(
            self,
            "SiteCdn",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(bucket),
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                origin_request_policy=cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
            ),
        )


app = App()
Validations.of(app).add_plugins(S3CorsChecks())
WebStorageStack(app, "WebStorage-dev", stage="dev")
WebStorageStack(app, "WebStorage-prod", stage="prod")
PlainStack(app, "Plain")
app.synth()
