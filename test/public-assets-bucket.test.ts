import { Annotations as CdkAnnotations, CfnParameter, Duration, Fn, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
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
    Annotations.fromStack(inProd).hasWarning('/Test/Assets', Match.stringLikeRegexp('allowedOrigins\\[1\\] "http://localhost:3000" is a local development origin, so it reaches every stage.*Pass it in developmentOrigins.*\\[ack: cdk-s3-cors:development-origin-in-allowed-origins\\]'));
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
    // Every write method is named, the preset's and the rule's.
    const writer = CorsPreset.custom('writer', { allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST] });
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', {
      allowedOrigins: [CorsOrigin.https('www.example.com')],
      preset: writer,
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.DELETE], allowedOrigins: ['https://admin.example.com'] }],
    })).toThrow(/preset "writer" allows PUT, POST: a PublicAssetsBucket is read-only\. Use UploadBucket for browser writes, or a read-only preset such as CorsPreset\.READ_ONLY\.\n.*additionalCorsRules\[0\]\.allowedMethods has PUT, DELETE: a PublicAssetsBucket is read-only\. Use GET and HEAD here, and UploadBucket for browser writes\./);
  });

  test('a finding names the prop it came from: a development origin by its own index, a list of an additional rule without one', () => {
    const stack = newStack();
    new PublicAssetsBucket(stack, 'Assets', {
      allowedOrigins: [CorsOrigin.https('www.example.com'), CorsOrigin.https('app.example.com')],
      developmentOrigins: [CorsOrigin.localhost(3000), CorsOrigin.exact('http://intranet.example.com')],
    });
    Annotations.fromStack(stack).hasWarning('/Test/Assets', Match.stringLikeRegexp('^developmentOrigins\\[1\\]: rule 0 AllowedOrigins\\[3\\] "http://intranet.example.com" uses http://'));
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', {
      allowedOrigins: [CorsOrigin.https('www.example.com')],
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: [] }],
    })).toThrow(/- additionalCorsRules\[0\]\.allowedOrigins: rule 1 has no AllowedOrigins/);
  });

  test('the publicReadAccess warning has its own id, so it can be acknowledged alone', () => {
    const stack = newStack();
    const open = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY], publicReadAccess: true });
    Annotations.fromStack(stack).hasWarning('/Test/Assets', Match.stringLikeRegexp('\\[ack: cdk-s3-cors:public-read-access\\]'));
    CdkAnnotations.of(open).acknowledgeWarning('cdk-s3-cors:public-read-access', 'public by design');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
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

describe('exact repeats, which CloudFormation refuses at deploy', () => {
  // AWS::S3::Bucket holds a CORS rule's lists to unique items: a template that
  // repeats one passes `cdk synth` but fails at deploy. Items are compared as
  // they reach the template, after rendering.
  const refused = /CloudFormation refuses repeated items in a CORS rule's (\w+) .*"array items are not unique".* Remove one\./;
  const make = (props: Partial<ConstructorParameters<typeof PublicAssetsBucket>[2]>) => () =>
    new PublicAssetsBucket(newStack(), 'Assets', { allowedOrigins: [CorsOrigin.https('app.example.com')], ...props });

  test.each([
    ['exact() beside https()', [CorsOrigin.exact('https://app.example.com'), CorsOrigin.https('app.example.com')],
      'allowedOrigins[0] CorsOrigin.exact("https://app.example.com") and allowedOrigins[1] CorsOrigin.https("app.example.com") both render "https://app.example.com"'],
    ['https(host, 443) beside https(host)', [CorsOrigin.https('app.example.com', 443), CorsOrigin.https('app.example.com')],
      'allowedOrigins[0] CorsOrigin.https("app.example.com", 443) and allowedOrigins[1] CorsOrigin.https("app.example.com") both render "https://app.example.com"'],
    ['localhost(80) beside exact("http://localhost")', [CorsOrigin.localhost(80), CorsOrigin.exact('http://localhost')],
      'allowedOrigins[0] CorsOrigin.localhost(80) and allowedOrigins[1] CorsOrigin.exact("http://localhost") both render "http://localhost"'],
    ['the same subdomainsOf twice', [CorsOrigin.subdomainsOf('example.com'), CorsOrigin.https('x.example.com'), CorsOrigin.subdomainsOf('example.com')],
      'allowedOrigins[0] CorsOrigin.subdomainsOf("example.com") and allowedOrigins[2] CorsOrigin.subdomainsOf("example.com") both render "https://*.example.com"'],
    ['ANY twice', [CorsOrigin.ANY, CorsOrigin.ANY], 'allowedOrigins[0] CorsOrigin.ANY and allowedOrigins[1] CorsOrigin.ANY both render "*"'],
  ])('fails when allowedOrigins repeat one origin: %s', (_, allowedOrigins, names) => {
    expect(make({ allowedOrigins })).toThrow(names);
    expect(make({ allowedOrigins })).toThrow(refused);
  });

  test('fails when a development origin repeats an allowed one', () => {
    expect(make({ allowedOrigins: [CorsOrigin.localhost(3000)], developmentOrigins: [CorsOrigin.localhost(3000)] }))
      .toThrow('allowedOrigins[0] CorsOrigin.localhost(3000) and developmentOrigins[0] CorsOrigin.localhost(3000) both render "http://localhost:3000": CloudFormation refuses repeated items in a CORS rule\'s AllowedOrigins');
  });

  test('the passing neighbour: distinct origins, and a development origin on another port', () => {
    expect(make({ allowedOrigins: [CorsOrigin.https('app.example.com'), CorsOrigin.https('app.example.com', 8443)], developmentOrigins: [CorsOrigin.localhost(3000)] })).not.toThrow();
  });

  test('fails when the same token is given twice', () => {
    const stack = newStack();
    const host = new CfnParameter(stack, 'Host', { type: 'String' });
    const same = CorsOrigin.exact(`https://${host.valueAsString}`);
    expect(() => new PublicAssetsBucket(stack, 'A', { allowedOrigins: [same, same] }))
      .toThrow(/allowedOrigins\[0\] CorsOrigin.exact\("https:\/\/\$\{Token\[.*\]\}"\) and allowedOrigins\[1\] .* both render "https:\/\/\$\{Token\[.*\]\}": CloudFormation refuses/);
  });

  test('fails at synth when two equal Fn::Joins render one value (tokens are compared once final)', () => {
    const stack = newStack();
    const host = new CfnParameter(stack, 'Host', { type: 'String' }).valueAsString;
    const twice = [Fn.join('', ['https://', host]), Fn.join('', ['https://', host])];
    expect(twice[0]).not.toBe(twice[1]);
    new PublicAssetsBucket(stack, 'B', { allowedOrigins: [...twice.map(o => CorsOrigin.exact(o)), CorsOrigin.https('app.example.com')] });
    expect(() => Template.fromStack(stack))
      .toThrow(/\[Test\/B\] allowedOrigins\[0\] CorsOrigin.exact\(.*\) and allowedOrigins\[1\] CorsOrigin.exact\(.*\) both render \{"Fn::Join":\["",\["https:\/\/",\{"Ref":"Host"\}\]\]\}: CloudFormation refuses/);
  });

  test('a Lazy origin is not resolved before it is final: a value it produces later is the one compared and rendered', () => {
    const stack = newStack();
    let later = 'https://not-yet.example.com';
    const lazy = CorsOrigin.exact(Lazy.string({ produce: () => later }));
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [lazy, CorsOrigin.https('www.example.com')] });
    later = 'https://www.example.com';
    expect(() => Template.fromStack(stack)).toThrow(/allowedOrigins\[0\] CorsOrigin.exact\(.*\) and allowedOrigins\[1\] CorsOrigin.https\("www.example.com"\) both render "https:\/\/www.example.com"/);
    const fine = newStack();
    let value = 'https://not-yet.example.com';
    new PublicAssetsBucket(fine, 'Assets', { allowedOrigins: [CorsOrigin.exact(Lazy.string({ produce: () => value })), CorsOrigin.https('www.example.com')] });
    value = 'https://app.example.com';
    Template.fromStack(fine).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://app.example.com', 'https://www.example.com'] })] },
    });
  });

  test('a token beside another token, or beside a literal, does not throw (they may differ)', () => {
    const stack = newStack();
    const a = new CfnParameter(stack, 'A', { type: 'String' }).valueAsString;
    const b = new CfnParameter(stack, 'B', { type: 'String' }).valueAsString;
    expect(() => new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.exact(a), CorsOrigin.exact(b), CorsOrigin.https('app.example.com')] })).not.toThrow();
  });

  test('fails when allowedHeaders or exposedHeaders repeat a header, naming both entries', () => {
    expect(make({ allowedHeaders: ['Content-Type', 'Range', 'Content-Type'] }))
      .toThrow('allowedHeaders[0] and allowedHeaders[2] both render "Content-Type": CloudFormation refuses repeated items in a CORS rule\'s AllowedHeaders');
    expect(make({ exposedHeaders: ['Content-Length', 'Content-Length'] }))
      .toThrow('exposedHeaders[0] and exposedHeaders[1] both render "Content-Length": CloudFormation refuses repeated items in a CORS rule\'s ExposedHeaders');
  });

  test('headers that differ only in case stay the duplicate-value warning (distinct to CloudFormation, one header to S3)', () => {
    const stack = newStack();
    new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('app.example.com')], allowedHeaders: ['Range', 'range'] });
    Annotations.fromStack(stack).hasWarning('/Test/Assets', Match.stringLikeRegexp('allowedHeaders\\[1\\]: .*"range" repeats AllowedHeaders\\[0\\].*\\[ack: cdk-s3-cors:duplicate-value\\]'));
    expect(Template.fromStack(stack).toJSON().Resources).toBeDefined();
    // Synthesized, with both spellings kept: a warning, not an error.
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedHeaders: ['Range', 'range'] })] } });
  });

  test('fails when a CorsPreset.custom(...) repeats a method or header', () => {
    const preset = CorsPreset.custom('mine', { allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.GET], allowedHeaders: ['x-a', 'x-a'] });
    let message = '';
    try {
      make({ preset })();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('preset "mine" allowedHeaders[0] and preset "mine" allowedHeaders[1] both render "x-a"');
    expect(message).toContain('preset "mine" allowedMethods[0] and preset "mine" allowedMethods[1] both render "GET"');
  });

  test('fails when an additional rule repeats an origin or method', () => {
    expect(make({ additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['https://b.example.com', 'https://b.example.com'] }] }))
      .toThrow('additionalCorsRules[0].allowedOrigins[0] and additionalCorsRules[0].allowedOrigins[1] both render "https://b.example.com"');
    expect(make({ additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.HEAD, s3.HttpMethods.HEAD], allowedOrigins: ['https://b.example.com'] }] }))
      .toThrow('additionalCorsRules[0].allowedMethods[0] and additionalCorsRules[0].allowedMethods[1] both render "HEAD"');
  });
});
