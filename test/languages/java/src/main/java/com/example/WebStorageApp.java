// The Java twin of test/languages/typescript/app.ts: the same constructs with
// the same ids, through the cdk-s3-cors artifact built by jsii-pacmak.
package com.example;

import io.github.cdks3cors.CloudFrontCorsDistribution;
import io.github.cdks3cors.CorsOrigin;
import io.github.cdks3cors.DistributionCorsMode;
import io.github.cdks3cors.PublicAssetsBucket;
import io.github.cdks3cors.S3CorsChecks;
import io.github.cdks3cors.UploadBucket;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.constructs.Construct;

public final class WebStorageApp {
  static final class WebStorageStack extends Stack {
    WebStorageStack(final Construct scope, final String id, final String stage) {
      super(scope, id);
      List<CorsOrigin> site = List.of(CorsOrigin.https("www.example.com"), CorsOrigin.https("app.example.com"));
      List<CorsOrigin> developmentOrigins = stage.equals("dev")
          ? List.of(CorsOrigin.localhost(3000), CorsOrigin.localhost(5173))
          : List.of();

      PublicAssetsBucket assets = PublicAssetsBucket.Builder.create(this, "Assets")
          .allowedOrigins(site)
          .developmentOrigins(developmentOrigins)
          .build();
      CloudFrontCorsDistribution.Builder.create(this, "AssetsCdn").bucket(assets.getBucket()).build();
      CloudFrontCorsDistribution.Builder.create(this, "AssetsEdgeCdn")
          .bucket(assets.getBucket())
          .corsMode(DistributionCorsMode.EDGE)
          .build();

      UploadBucket uploads = UploadBucket.Builder.create(this, "Uploads")
          .allowedOrigins(List.of(CorsOrigin.https("app.example.com")))
          .developmentOrigins(developmentOrigins)
          .build();
      Role signer = Role.Builder.create(this, "UrlSigner")
          .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
          .description("Signs presigned upload URLs for the web app")
          .build();
      uploads.grantPresign(signer, "incoming/*");
      Validations.of(signer).acknowledge(
          uploads.presignAcknowledgement("incoming/*", "Upload keys are chosen when a URL is signed."));
    }
  }

  /** What many public reports set up: CachingOptimized with CORS-S3Origin in front of a CORS bucket. */
  static final class PlainStack extends Stack {
    PlainStack(final Construct scope, final String id) {
      super(scope, id);
      Bucket bucket = Bucket.Builder.create(this, "SiteBucket")
          .cors(List.of(CorsRule.builder()
              .allowedOrigins(List.of("https://app.example.com/"))
              .allowedMethods(List.of(HttpMethods.GET))
              .build()))
          .build();
      Distribution.Builder.create(this, "SiteCdn")
          .defaultBehavior(BehaviorOptions.builder()
              .origin(S3BucketOrigin.withOriginAccessControl(bucket))
              .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
              .originRequestPolicy(OriginRequestPolicy.CORS_S3_ORIGIN)
              .build())
          .build();
    }
  }

  private WebStorageApp() {
  }

  public static void main(final String[] args) {
    App app = new App();
    Validations.of(app).addPlugins(new S3CorsChecks());
    new WebStorageStack(app, "WebStorage-dev", "dev");
    new WebStorageStack(app, "WebStorage-prod", "prod");
    new PlainStack(app, "Plain");
    app.synth();
  }
}
