import { Annotations as CdkAnnotations, CfnParameter, Duration, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CorsOrigin, CorsPreset, PublicAssetsBucket } from '../src';
import { newStack } from './stack';

describe('PublicAssetsBucket defaults', () => {
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
  const t = Template.fromStack(stack);

  test('GIVEN an origin WHEN synthesized THEN the read-only rule is exactly GET, HEAD, headers *, no exposed headers, 3000 s', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [{
          AllowedHeaders: ['*'],
          AllowedMethods: ['GET', 'HEAD'],
          AllowedOrigins: ['https://www.example.com'],
          ExposedHeaders: [],
          MaxAge: 3000,
        }],
      },
    });
  });

  test('the bucket is private, encrypted, owner-enforced and retained', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('SSL is enforced by the bucket policy, and TLS below 1.2 refused', () => {
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('warns when a localhost origin is in allowedOrigins: it would reach production', () => {
    const inProd = newStack();
    new PublicAssetsBucket(inProd, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com'), CorsOrigin.localhost(3000)] });
    Annotations.fromStack(inProd).hasWarning('/Test/Assets', Match.stringLikeRegexp('allowedOrigins\\[1\\] "http://localhost:3000" is a local development origin, so it reaches every stage.*Pass it in developmentOrigins'));
    // The same origin in developmentOrigins, where the README puts it, is not warned about.
    const inDev = newStack();
    new PublicAssetsBucket(inDev, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')], developmentOrigins: [CorsOrigin.localhost(3000)] });
    Annotations.fromStack(inDev).hasNoWarning('*', Match.anyValue());
  });

  test('exposes the model it rendered and the bucket under the id "Resource"', () => {
    expect(assets.corsConfiguration.rules[0].allowedOrigins).toEqual(['https://www.example.com']);
    expect(assets.bucket.node.id).toBe('Resource');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('PublicAssetsBucket overrides', () => {
  test('CorsOrigin.ANY renders the published read-only configuration', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY] });
    expect(JSON.stringify(JSON.parse(assets.corsConfiguration.toJson())))
      .toBe('[{"AllowedHeaders":["*"],"AllowedMethods":["GET","HEAD"],"AllowedOrigins":["*"],"ExposeHeaders":[],"MaxAgeSeconds":3000}]');
  });

  test('development origins come after the site origins', () => {
    const stack = newStack();
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')], developmentOrigins: [CorsOrigin.localhost(5173)] });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://www.example.com', 'http://localhost:5173'] })] },
    });
  });

  test('maxAge, headers, name, removal policy, KMS key and access logs', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const logs = new s3.Bucket(stack, 'Logs');
    new PublicAssetsBucket(stack, 'Assets', {
      allowedOrigins: [CorsOrigin.subdomainsOf('example.com')],
      maxAge: Duration.hours(1),
      allowedHeaders: ['Range'],
      exposedHeaders: ['Content-Range', 'ETag'],
      bucketName: 'my-assets',
      removalPolicy: RemovalPolicy.DESTROY,
      encryptionKey: key,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'assets/',
    });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketName: 'my-assets',
        CorsConfiguration: { CorsRules: [{ AllowedHeaders: ['Range'], AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['https://*.example.com'], ExposedHeaders: ['Content-Range', 'ETag'], MaxAge: 3600 }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }] },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'assets/' },
      }),
      DeletionPolicy: 'Delete',
    });
  });

  test('publicReadAccess opens the bucket policy only when asked by name, with a warning', () => {
    const stack = newStack();
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY], publicReadAccess: true });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    t.hasResourceProperties('AWS::S3::BucketPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' })]) } });
    Annotations.fromStack(stack).hasWarning('/Test/Assets', Match.stringLikeRegexp('publicReadAccess: true makes every object'));
  });
});

describe('PublicAssetsBucket escape hatch', () => {
  test('additional rules come after the preset\'s rule', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', {
      allowedOrigins: [CorsOrigin.https('www.example.com')],
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['https://partner.example.net'], allowedHeaders: ['Range'], exposedHeaders: ['Content-Range'] }],
    });
    expect(assets.corsConfiguration.rules.map(r => r.allowedOrigins)).toEqual([['https://www.example.com'], ['https://partner.example.net']]);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://www.example.com'] }), Match.objectLike({ AllowedOrigins: ['https://partner.example.net'], ExposedHeaders: ['Content-Range'] })] },
    });
  });

  test('a finding in an additional rule names that rule\'s prop', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', {
      allowedOrigins: [CorsOrigin.ANY],
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['https://partner.example.net/'] }],
    })).toThrow(/- additionalCorsRules\[0\].allowedOrigins\[0\]: rule 1 AllowedOrigins\[0\] "https:\/\/partner.example.net\/" ends with "\/"/);
  });

  test('fails when an additional rule is shadowed by the preset\'s rule', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', {
      allowedOrigins: [CorsOrigin.ANY],
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['https://partner.example.net'], maxAge: 60 }],
    })).toThrow(/- additionalCorsRules\[0\]: rule 1 can never be used: rule 0 comes first/);
  });

  test('fails when the preset or an additional rule writes', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')], preset: CorsPreset.FORM_POST }))
      .toThrow(/preset "form-post" allows POST: a PublicAssetsBucket is read-only. Use UploadBucket/);
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', {
      allowedOrigins: [CorsOrigin.https('www.example.com')],
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.DELETE], allowedOrigins: ['https://admin.example.com'] }],
    })).toThrow(/additionalCorsRules\[0\].allowedMethods has DELETE: a PublicAssetsBucket is read-only/);
  });

  test('a read-only custom preset is accepted', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', {
      allowedOrigins: [CorsOrigin.https('www.example.com')],
      preset: CorsPreset.custom('fonts', { allowedMethods: [s3.HttpMethods.GET], maxAgeSeconds: 7200 }),
    });
    expect(assets.corsConfiguration.rules).toEqual([{ allowedMethods: ['GET'], allowedOrigins: ['https://www.example.com'], maxAge: 7200 }]);
  });
});

describe('PublicAssetsBucket bad props', () => {
  test('fails when maxAge is not a whole number of seconds, naming the prop, the value and the fix', () => {
    const stack = newStack();
    expect(() => new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY], maxAge: Duration.millis(1500) }))
      .toThrow(/PublicAssetsBucket 'Test\/Assets': a problem:\n {2}- maxAge: rule 0 MaxAgeSeconds is 1.5; S3 takes a whole number of seconds. Use 2./);
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', { allowedOrigins: [CorsOrigin.ANY], maxAge: Duration.millis(2000) })).not.toThrow();
  });

  test('fails when an exposed header is a wildcard; a named header passes', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', { allowedOrigins: [CorsOrigin.ANY], exposedHeaders: ['*'] })).toThrow(/exposedHeaders\[0\]: .*"\*"/);
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', { allowedOrigins: [CorsOrigin.ANY], exposedHeaders: ['ETag'] })).not.toThrow();
  });

  test('collects every problem into one error', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', { allowedOrigins: [], allowedHeaders: ['x-*-*'] }))
      .toThrow(/2 problems[\s\S]*allowedOrigins: rule 0 has no AllowedOrigins[\s\S]*allowedHeaders\[0\]/);
  });

  test('warns (acknowledgeably) on a max age above Chromium\'s cap and on http origins', () => {
    const stack = newStack();
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.exact('http://intranet.example.com')], maxAge: Duration.hours(3) });
    const a = Annotations.fromStack(stack);
    a.hasWarning('/Test/Assets', Match.stringLikeRegexp('^maxAge: rule 0 MaxAgeSeconds is 10800: Chromium caps .*\\[ack: cdk-s3-cors:max-age-above-chromium-cap\\]'));
    a.hasWarning('/Test/Assets', Match.stringLikeRegexp('^allowedOrigins\\[0\\]: .*uses http://.*\\[ack: cdk-s3-cors:insecure-origin\\]'));
  });

  test('a warning can be acknowledged by its id', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY], maxAge: Duration.hours(3) });
    CdkAnnotations.of(assets).acknowledgeWarning('cdk-s3-cors:max-age-above-chromium-cap', 'we tune for Firefox');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a token max age is not rejected', () => {
    const stack = newStack();
    const seconds = Token.asNumber(Lazy.number({ produce: () => 600 }));
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY], maxAge: Duration.seconds(seconds) });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.objectLike({ MaxAge: 600 })] } });
  });

  test('a token origin is not rejected', () => {
    const stack = newStack();
    const origin = Lazy.string({ produce: () => 'https://from-a-token.example.com' });
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.exact(origin)] });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://from-a-token.example.com'] })] } });
  });

  test('a whole list of origins known only at deploy (CfnParameter.valueAsList) is not rejected', () => {
    const stack = newStack();
    const origins = new CfnParameter(stack, 'Origins', { type: 'CommaDelimitedList' }).valueAsList;
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')], additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: origins }] });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.anyValue(), Match.objectLike({ AllowedOrigins: { Ref: 'Origins' } })] } });
  });
});

describe('snapshots', () => {
  test('minimal', () => {
    const stack = newStack();
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY] });
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });

  test('maximal', () => {
    const stack = newStack();
    new PublicAssetsBucket(stack, 'Assets', {
      allowedOrigins: [CorsOrigin.https('www.example.com'), CorsOrigin.subdomainsOf('example.org')],
      developmentOrigins: [CorsOrigin.localhost(3000)],
      maxAge: Duration.hours(2),
      allowedHeaders: ['Range', 'If-None-Match'],
      exposedHeaders: ['ETag', 'Content-Range'],
      bucketName: 'assets-maximal',
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      serverAccessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs'),
      serverAccessLogsPrefix: 'assets/',
    });
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});
