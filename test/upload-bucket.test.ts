import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CorsOrigin, CorsPreset, UploadBucket } from '../src';
import { newStack } from './stack';

const APP = CorsOrigin.https('app.example.com');

describe('UploadBucket defaults', () => {
  const stack = newStack();
  const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP] });
  const t = Template.fromStack(stack);

  test('the rule allows PUT and POST from the listed origin with the SDK headers, ETag exposed', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [{
          AllowedMethods: ['PUT', 'POST'],
          AllowedOrigins: ['https://app.example.com'],
          AllowedHeaders: ['Content-Type', 'Content-MD5', 'Content-Disposition', 'Cache-Control', 'x-amz-*'],
          ExposedHeaders: ['ETag', 'x-amz-server-side-encryption', 'x-amz-version-id', 'x-amz-request-id', 'x-amz-id-2'],
          MaxAge: 3000,
        }],
      },
    });
  });

  test('a browser upload with a content type and metadata is let through, and JavaScript can read the ETag', () => {
    const preflight = uploads.corsConfiguration.evaluate({
      method: 'OPTIONS', origin: 'https://app.example.com', accessControlRequestMethod: 'PUT', accessControlRequestHeaders: 'content-type,x-amz-meta-owner',
    });
    expect(preflight.statusCode).toBe(200);
    const put = uploads.corsConfiguration.evaluate({ method: 'PUT', origin: 'https://app.example.com' });
    expect(put.headers['access-control-expose-headers']).toContain('ETag');
    expect(uploads.corsConfiguration.evaluate({ method: 'GET', origin: 'https://app.example.com' }).allowed).toBe(false);
  });

  test('unfinished multipart uploads are aborted after 7 days', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [{ Id: 'abort-incomplete-multipart-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }] },
    });
  });

  test('private, encrypted, retained', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
      DeletionPolicy: 'Retain',
    });
  });
});

describe('UploadBucket overrides', () => {
  test('allowReads adds GET and HEAD; abort time and removal policy are configurable', () => {
    const stack = newStack();
    new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP], allowReads: true, abortIncompleteMultipartUploadAfter: Duration.days(2), removalPolicy: RemovalPolicy.DESTROY });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['GET', 'HEAD', 'PUT', 'POST'] })] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } })] },
    });
    t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });

  test('"*" is accepted only by name, and still warned about', () => {
    const stack = newStack();
    new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.ANY], allowAnyOriginForWrites: true });
    Annotations.fromStack(stack).hasWarning('/Test/Uploads', Match.stringLikeRegexp('^allowedOrigins\\[0\\]: .*"\\*" while the rule allows PUT, POST.*\\[ack: cdk-s3-cors:wildcard-origin-write\\]'));
  });

  test('extra exposed headers replace the preset\'s list', () => {
    const stack = newStack();
    const u = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP], exposedHeaders: ['ETag', 'x-amz-checksum-crc32'] });
    expect(u.corsConfiguration.rules[0].exposedHeaders).toEqual(['ETag', 'x-amz-checksum-crc32']);
  });
});

describe('UploadBucket escape hatch', () => {
  test('preset FORM_POST renders AWS\'s form-post example exactly', () => {
    const stack = newStack();
    new UploadBucket(stack, 'Uploads', { allowedOrigins: [CorsOrigin.https('example.com'), CorsOrigin.https('staging.example.com')], preset: CorsPreset.FORM_POST });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [{
          AllowedHeaders: ['Content-Type'],
          AllowedMethods: ['GET', 'HEAD', 'POST'],
          AllowedOrigins: ['https://example.com', 'https://staging.example.com'],
          ExposedHeaders: ['x-amz-request-id'],
          MaxAge: 3000,
        }],
      },
    });
  });

  test('additional rules follow the preset\'s rule', () => {
    const stack = newStack();
    const u = new UploadBucket(stack, 'Uploads', {
      allowedOrigins: [APP],
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.DELETE], allowedOrigins: ['https://admin.example.com'] }],
    });
    expect(u.corsConfiguration.rules[1]).toEqual({ allowedMethods: ['DELETE'], allowedOrigins: ['https://admin.example.com'] });
  });

  test('fails when an additional rule writes from "*" without the opt-in', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', {
      allowedOrigins: [APP],
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.PUT], allowedOrigins: ['*'] }],
    })).toThrow(/additionalCorsRules\[0\] allows PUT from "\*": an upload bucket refuses that unless allowAnyOriginForWrites: true/);
  });

  test('fails when the preset does not write, or is combined with allowReads', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], preset: CorsPreset.READ_ONLY }))
      .toThrow(/preset "read-only" allows only GET, HEAD: an UploadBucket needs PUT or POST/);
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], preset: CorsPreset.FORM_POST, allowReads: true }))
      .toThrow(/preset "form-post" and allowReads are both set/);
  });
});

describe('UploadBucket bad props', () => {
  test('fails when an origin is "*" without the opt-in, naming the prop and the way out', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP, CorsOrigin.ANY] }))
      .toThrow(/UploadBucket 'Test\/Uploads': a problem:\n {2}- allowedOrigins\[1\] is CorsOrigin.ANY \("\*"\): .*set allowAnyOriginForWrites: true/);
  });

  test('fails when a development origin is "*"', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], developmentOrigins: [CorsOrigin.ANY] })).toThrow(/developmentOrigins\[0\] is CorsOrigin.ANY/);
  });

  test('fails when there are no origins', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [] }))
      .toThrow(/a problem:\n {2}- allowedOrigins: rule 0 has no AllowedOrigins: .*Add the origins your pages are served from/);
  });

  test('reports its own problems and the CORS model\'s in one error', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [CorsOrigin.ANY], exposedHeaders: ['*'] }))
      .toThrow(/2 problems:\n {2}- allowedOrigins\[0\] is CorsOrigin.ANY[^\n]*\n {2}- exposedHeaders\[0\]: /);
  });

  test.each([
    ['0 days', Duration.days(0), 'Duration.days(1)'],
    ['a day and a half', Duration.hours(36), 'Duration.days(2)'],
  ])('the abort time of %s is refused at its boundary, with the whole days to write', (_what, after, fix) => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], abortIncompleteMultipartUploadAfter: after }))
      .toThrow(`S3 counts it in whole days, at least 1. Use e.g. ${fix}.`);
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], abortIncompleteMultipartUploadAfter: Duration.days(1) })).not.toThrow();
  });

  test('an additional rule may read from anywhere; writing from an origin as open as "*" is refused, saying why', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', {
      allowedOrigins: [APP], additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD], allowedOrigins: ['*'] }],
    })).not.toThrow();
    expect(() => new UploadBucket(newStack(), 'Uploads', {
      allowedOrigins: [APP],
      additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT, s3.HttpMethods.POST], allowedOrigins: ['https://a.example', 'https://*.com'] }],
    })).toThrow('additionalCorsRules[0] allows PUT, POST from "https://*.com" (as open as "*": it also matches "https://attacker.com", a domain anyone can register): '
      + 'an upload bucket refuses that unless allowAnyOriginForWrites: true.');
  });

  test('plain JavaScript: its own switches must be true or false, named with the construct\'s path', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], allowReads: 'yes', allowAnyOriginForWrites: 1 } as never)).toThrow(
      'UploadBucket \'Test/Uploads\': 2 problems:\n  - allowAnyOriginForWrites must be true or false, got the number 1.\n  - allowReads must be true or false, got the string "yes".');
  });

  test('a fractional maxAge reaches the model, which says how S3 takes it (not a Duration error from aws-cdk-lib)', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], maxAge: Duration.millis(1500) })).toThrow(/maxAge: rule 0 MaxAgeSeconds/);
  });

  test('fails when the abort time is not whole days', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], abortIncompleteMultipartUploadAfter: Duration.hours(12) }))
      .toThrow(/abortIncompleteMultipartUploadAfter is 12 hours: S3 counts it in whole days, at least 1. Use e.g. Duration.days\(1\)/);
  });
});

describe('grantPresign', () => {
  test('grants PutObject and AbortMultipartUpload on the key pattern, nothing more', () => {
    const stack = newStack();
    const u = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP] });
    const role = new iam.Role(stack, 'Signer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    u.grantPresign(role, 'incoming/*');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Uploads'), 'Arn'] }, '/incoming/*']] },
        }],
      },
    });
  });

  test('with a KMS key, also GenerateDataKey and Decrypt on that key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const u = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP], encryptionKey: key });
    const role = new iam.Role(stack, 'Signer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    u.grantPresign(role);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['s3:PutObject', 's3:AbortMultipartUpload'] }),
          Match.objectLike({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] } });
  });

  test('without a key pattern, every key: the object ARN with "/*"', () => {
    const stack = newStack();
    const u = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP] });
    u.grantPresign(new iam.Role(stack, 'Signer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Uploads'), 'Arn'] }, '/*']] } })] },
    });
  });

  test('plain JavaScript: a grantee without a principal, or a key pattern or reason that is not a string, is named', () => {
    const stack = newStack();
    const u = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP] });
    let message = '';
    try {
      u.grantPresign(null as never, 5 as never);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'UploadBucket \'Test/Uploads\': grantPresign(grantee, keyPattern): 2 problems:',
      '  - grantee must be a role, user or function (anything iam.IGrantable: a lambda.Function is one), got null. Pass the signing function itself rather than fn.role, '
        + 'which is undefined for a function imported without its role (import it with lambda.Function.fromFunctionAttributes(this, id, { functionArn, role }) to grant to it).',
      '  - keyPattern must be a string such as "uploads/*", got the number 5.',
    ]);
    expect(() => u.grantPresign({ grantPrincipal: null } as never)).toThrow(/grantee must be a role, user or function/);
    expect(() => u.presignAcknowledgement(5 as never, 6 as never)).toThrow(
      'UploadBucket \'Test/Uploads\': presignAcknowledgement(keyPattern, reason): 2 problems:\n  - keyPattern must be a string such as "uploads/*", got the number 5.\n'
      + '  - reason must be a string such as "Upload keys are chosen when a URL is signed.", got the number 6.');
  });

  test('with SSE-S3, no KMS statement', () => {
    const stack = newStack();
    const u = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP], encryption: s3.BucketEncryption.S3_MANAGED });
    const role = new iam.Role(stack, 'Signer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    u.grantPresign(role);
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    expect(JSON.stringify(policies)).not.toContain('kms:');
  });
});

describe('origins as open as "*" (issue 9)', () => {
  test.each([
    ['CorsOrigin.https("*")', () => CorsOrigin.https('*'), 'every host after "https://"'],
    ['CorsOrigin.subdomainsOf("com")', () => CorsOrigin.subdomainsOf('com'), '"https://attacker.com"'],
    ['CorsOrigin.exact("https://*example.com")', () => CorsOrigin.exact('https://*example.com'), '"https://attackerexample.com"'],
  ])('fails for %s as for "*", with the reason', (_name, make, reason) => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [make()] }))
      .toThrow(new RegExp(`allowedOrigins\\[0\\] "[^"]+" is as open as "\\*" \\(.*${reason.replace(/[.*()]/g, '\\$&')}.*allowAnyOriginForWrites: true`));
  });

  test('an additional rule that writes from "https://*" fails too; subdomains of your own domain pass', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', {
      allowedOrigins: [APP], additionalCorsRules: [{ allowedMethods: [s3.HttpMethods.PUT], allowedOrigins: ['https://*'] }],
    })).toThrow(/additionalCorsRules\[0\] allows PUT from "https:\/\/\*" \(as open as "\*"/);
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [CorsOrigin.subdomainsOf('example.com')] })).not.toThrow();
  });
});

describe('presignAcknowledgement', () => {
  const iam5 = (stack: ReturnType<typeof newStack>) => new AwsSolutionsChecks().validateScope(stack).violations
    .filter(v => v.ruleName.startsWith('AwsSolutions-IAM5')).map(v => v.ruleName);

  test('names exactly the IAM5 finding grantPresign leaves on a Lambda function, so acknowledging it clears it', () => {
    const stack = newStack();
    const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP] });
    const signer = new lambda.Function(stack, 'Signer', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    uploads.grantPresign(signer, 'incoming/*');
    const ack = uploads.presignAcknowledgement('incoming/*', 'Upload keys are chosen when a URL is signed.');
    expect(iam5(stack)).toEqual([ack.id]);
    Validations.of(signer).acknowledge(ack);
    expect(iam5(stack)).toEqual([]);
  });

  test('follows the key pattern and the bucket\'s logical id', () => {
    const stack = newStack();
    const uploads = new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP] });
    (uploads.bucket.node.defaultChild as s3.CfnBucket).overrideLogicalId('MyUploads');
    expect(uploads.presignAcknowledgement('user/*/avatar.png', 'r').id).toBe('AwsSolutions-IAM5[Resource::<MyUploads.Arn>/user/*/avatar.png]');
  });
});

describe('snapshots', () => {
  test('minimal', () => {
    const stack = newStack();
    new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP] });
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });

  test('maximal', () => {
    const stack = newStack();
    const u = new UploadBucket(stack, 'Uploads', {
      allowedOrigins: [APP, CorsOrigin.https('admin.example.com')],
      developmentOrigins: [CorsOrigin.localhost(5173)],
      allowReads: true,
      maxAge: Duration.minutes(10),
      allowedHeaders: ['Content-Type', 'x-amz-meta-*', 'x-amz-checksum-*'],
      exposedHeaders: ['ETag', 'x-amz-version-id'],
      abortIncompleteMultipartUploadAfter: Duration.days(1),
      bucketName: 'uploads-maximal',
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      serverAccessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs'),
    });
    u.grantPresign(new iam.Role(stack, 'Signer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }), 'incoming/*');
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});

describe('exact repeats, which CloudFormation refuses at deploy', () => {
  test('GIVEN exposedHeaders with ETag, which the preset exposes too WHEN synthesized THEN it replaces the preset\'s list: ETag once, nothing to refuse', () => {
    const stack = newStack();
    new UploadBucket(stack, 'Uploads', { allowedOrigins: [APP], exposedHeaders: ['ETag', 'x-amz-meta-owner'] });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ ExposedHeaders: ['ETag', 'x-amz-meta-owner'] })] },
    });
  });

  test('fails when exposedHeaders gives ETag twice, naming both entries', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], exposedHeaders: ['ETag', 'x-amz-version-id', 'ETag'] }))
      .toThrow('exposedHeaders[0] and exposedHeaders[2] both render "ETag": CloudFormation refuses repeated items in a CORS rule\'s ExposedHeaders (AWS::S3::Bucket holds it to unique items), so the deploy would fail with "array items are not unique", although S3 itself would take it. Remove one.');
  });

  test('fails when a custom upload preset repeats a method, and when a development origin repeats an allowed one', () => {
    const preset = CorsPreset.custom('uploads', { allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST, s3.HttpMethods.PUT] });
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], preset }))
      .toThrow('preset "uploads" allowedMethods[0] and preset "uploads" allowedMethods[2] both render "PUT"');
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [APP], developmentOrigins: [CorsOrigin.exact('https://app.example.com')] }))
      .toThrow('allowedOrigins[0] CorsOrigin.https("app.example.com") and developmentOrigins[0] CorsOrigin.exact("https://app.example.com") both render "https://app.example.com"');
  });
});
