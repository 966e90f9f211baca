// The Go twin of test/languages/typescript/app.ts: the same constructs with
// the same ids, through the cdk-s3-cors module built by jsii-pacmak (go.mod
// is written by the language test: a replace directive points the module at
// dist/go, aws-cdk-go at the same version as the JavaScript side's).
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-s3-cors/cdk-s3-cors-go/cdks3cors"
)

func newWebStorageStack(scope constructs.Construct, id string, stage string) {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)
	site := &[]cdks3cors.CorsOrigin{cdks3cors.CorsOrigin_Https(jsii.String("www.example.com"), nil), cdks3cors.CorsOrigin_Https(jsii.String("app.example.com"), nil)}
	developmentOrigins := &[]cdks3cors.CorsOrigin{}
	if stage == "dev" {
		developmentOrigins = &[]cdks3cors.CorsOrigin{cdks3cors.CorsOrigin_Localhost(jsii.Number(3000), nil), cdks3cors.CorsOrigin_Localhost(jsii.Number(5173), nil)}
	}

	assets := cdks3cors.NewPublicAssetsBucket(stack, jsii.String("Assets"), &cdks3cors.PublicAssetsBucketProps{
		AllowedOrigins:     site,
		DevelopmentOrigins: developmentOrigins,
	})
	cdks3cors.NewCloudFrontCorsDistribution(stack, jsii.String("AssetsCdn"), &cdks3cors.CloudFrontCorsDistributionProps{
		Bucket: assets.Bucket(),
	})
	cdks3cors.NewCloudFrontCorsDistribution(stack, jsii.String("AssetsEdgeCdn"), &cdks3cors.CloudFrontCorsDistributionProps{
		Bucket:   assets.Bucket(),
		CorsMode: cdks3cors.DistributionCorsMode_EDGE(),
	})

	uploads := cdks3cors.NewUploadBucket(stack, jsii.String("Uploads"), &cdks3cors.UploadBucketProps{
		AllowedOrigins:     &[]cdks3cors.CorsOrigin{cdks3cors.CorsOrigin_Https(jsii.String("app.example.com"), nil)},
		DevelopmentOrigins: developmentOrigins,
	})
	signer := awsiam.NewRole(stack, jsii.String("UrlSigner"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Signs presigned upload URLs for the web app"),
	})
	uploads.GrantPresign(signer, jsii.String("incoming/*"))
	awscdk.Validations_Of(signer).Acknowledge(uploads.PresignAcknowledgement(jsii.String("incoming/*"), jsii.String("Upload keys are chosen when a URL is signed.")))
}

// What many public reports set up: CachingOptimized with CORS-S3Origin in front of a CORS bucket.
func newPlainStack(scope constructs.Construct, id string) {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)
	bucket := awss3.NewBucket(stack, jsii.String("SiteBucket"), &awss3.BucketProps{
		Cors: &[]*awss3.CorsRule{{
			AllowedOrigins: jsii.Strings("https://app.example.com/"),
			AllowedMethods: &[]awss3.HttpMethods{awss3.HttpMethods_GET},
		}},
	})
	awscloudfront.NewDistribution(stack, jsii.String("SiteCdn"), &awscloudfront.DistributionProps{
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:              awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(bucket, nil),
			CachePolicy:         awscloudfront.CachePolicy_CACHING_OPTIMIZED(),
			OriginRequestPolicy: awscloudfront.OriginRequestPolicy_CORS_S3_ORIGIN(),
		},
	})
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	awscdk.Validations_Of(app).AddPlugins(cdks3cors.NewS3CorsChecks())
	newWebStorageStack(app, "WebStorage-dev", "dev")
	newWebStorageStack(app, "WebStorage-prod", "prod")
	newPlainStack(app, "Plain")
	app.Synth(nil)
}
