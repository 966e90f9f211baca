// What a user writing plain JavaScript meets: TypeScript is not there to
// refuse a string where a CorsOrigin belongs, so every public entry point says
// what it expected and how to write it, instead of a TypeError from inside.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudFrontCorsDistribution, CorsConfiguration, CorsOrigin, PublicAssetsBucket, UploadBucket } from '../src';
import { newStack } from './stack';

const js = (v: unknown) => v as any;

describe('PublicAssetsBucket from plain JavaScript', () => {
  test('fails when an origin is a string, naming the factory to use', () => {
    const stack = newStack();
    expect(() => new PublicAssetsBucket(stack, 'Assets', js({ allowedOrigins: ['https://www.example.com'] })))
      .toThrow('allowedOrigins[0] must be a CorsOrigin (import { CorsOrigin } from \'cdk-s3-cors\'), got the string "https://www.example.com". Write CorsOrigin.https("www.example.com").');
  });

  test('fails when one origin is given instead of a list', () => {
    const stack = newStack();
    expect(() => new PublicAssetsBucket(stack, 'Assets', js({ allowedOrigins: CorsOrigin.https('www.example.com') })))
      .toThrow('allowedOrigins must be a list of CorsOrigin values, got a CorsOrigin. Write [CorsOrigin.https("www.example.com")].');
  });

  test('fails when maxAge is a number, naming Duration.seconds', () => {
    const stack = newStack();
    expect(() => new PublicAssetsBucket(stack, 'Assets', js({ allowedOrigins: [CorsOrigin.ANY], maxAge: 3000 })))
      .toThrow(/maxAge must be a Duration .*got the number 3000\. Write Duration\.seconds\(3000\)\./);
  });

  test('lists every shape problem at once, with the construct path', () => {
    const stack = newStack();
    let message = '';
    try {
      new PublicAssetsBucket(stack, 'Assets', js({ allowedOrigins: '*', allowedHeaders: 'Content-Type', publicReadAccess: 'yes' }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^PublicAssetsBucket 'Test\/Assets': 3 problems:/);
    expect(message).toContain('allowedOrigins must be a list of CorsOrigin values, got the string "*". Write [CorsOrigin.ANY].');
    expect(message).toContain('allowedHeaders must be a list of strings such as ["Content-Type"], got the string "Content-Type". Write ["Content-Type"].');
    expect(message).toContain('publicReadAccess must be true or false, got the string "yes".');
  });

  test('fails when props are missing altogether', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', js(undefined))).toThrow(/props must be an object such as \{ allowedOrigins: \[CorsOrigin.https\("app.example.com"\)\] \}, got undefined/);
  });

  test('a preset given by name is refused with the way to write it', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', js({ allowedOrigins: [CorsOrigin.ANY], preset: 'read-only' })))
      .toThrow('preset must be a CorsPreset, got the string "read-only". Write CorsPreset.READ_ONLY, or CorsPreset.fromName("read-only").');
  });

  test('every other prop of the wrong shape is named with what it takes', () => {
    let message = '';
    try {
      new PublicAssetsBucket(newStack(), 'Assets', js({
        allowedOrigins: [CorsOrigin.ANY],
        developmentOrigins: 'http://localhost:3000',
        exposedHeaders: 'ETag',
        additionalCorsRules: [
          'GET',
          { allowedMethods: ['GET'], allowedOrigins: 'https://b.example.com', allowedHeaders: 'x-a', exposedHeaders: 'ETag', maxAge: '60', id: 7 },
        ],
        preset: { name: 'read-only', rule: () => ({}), props: {} },
        bucketName: 5,
        serverAccessLogsPrefix: true,
      }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').slice(1)).toEqual([
      '  - developmentOrigins must be a list of CorsOrigin values, got the string "http://localhost:3000". Write [CorsOrigin.exact("http://localhost:3000")].',
      '  - exposedHeaders must be a list of strings such as ["ETag"], got the string "ETag". Write ["ETag"].',
      '  - additionalCorsRules[0] must be an object such as { allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ["https://other.example.com"] }, got the string "GET".',
      '  - additionalCorsRules[1].allowedOrigins must be a list of strings such as ["https://other.example.com"], got the string "https://b.example.com". Write ["https://b.example.com"].',
      '  - additionalCorsRules[1].allowedHeaders must be a list of strings such as ["*"], got the string "x-a". Write ["x-a"].',
      '  - additionalCorsRules[1].exposedHeaders must be a list of strings such as ["ETag"], got the string "ETag". Write ["ETag"].',
      '  - additionalCorsRules[1].maxAge must be a number such as 3000, got the string "60". Write 60 without quotes.',
      '  - additionalCorsRules[1].id must be a string such as "my-rule", got the number 7.',
      '  - preset must be a CorsPreset, got another value. Write CorsPreset.READ_ONLY, or CorsPreset.fromName("read-only").',
      '  - bucketName must be a string such as "my-assets", got the number 5.',
      '  - serverAccessLogsPrefix must be a string such as "logs/", got the boolean true.',
    ]);
  });

  test.each<[string, unknown]>([
    ['a name that is not a string', { name: 1, rule: () => ({}), props: { allowedMethods: ['GET'] } }],
    ['a rule that is not a function', { name: 'x', rule: {}, props: { allowedMethods: ['GET'] } }],
    ['no props', { name: 'x', rule: () => ({}) }],
    ['props without a list of methods', { name: 'x', rule: () => ({}), props: { allowedMethods: 'GET' } }],
    ['null', null],
  ])('a preset look-alike with %s is refused', (_what, preset) => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', js({ allowedOrigins: [CorsOrigin.ANY], preset })))
      .toThrow('preset must be a CorsPreset, got another value.');
  });

  test('additionalCorsRules that is not a list says how to write one', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', js({ allowedOrigins: [CorsOrigin.ANY], additionalCorsRules: { allowedMethods: ['GET'] } })))
      .toThrow('additionalCorsRules must be a list of s3.CorsRule objects, e.g. [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ["https://other.example.com"] }].');
  });

  test('the same props written correctly pass (the passing neighbour)', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')], maxAge: Duration.seconds(3000) })).not.toThrow();
  });
});

describe('UploadBucket and the distribution from plain JavaScript', () => {
  test('an additional rule with a string where a list belongs is named by prop', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', js({
      allowedOrigins: [CorsOrigin.https('app.example.com')],
      additionalCorsRules: [{ allowedMethods: 'GET', allowedOrigins: ['https://other.example.com'] }],
    }))).toThrow('additionalCorsRules[0].allowedMethods must be a list of strings such as [s3.HttpMethods.GET], got the string "GET". Write ["GET"].');
  });

  test('abortIncompleteMultipartUploadAfter as a number is refused with Duration.days named: the prop takes whole days', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', js({ allowedOrigins: [CorsOrigin.https('app.example.com')], abortIncompleteMultipartUploadAfter: 7 })))
      .toThrow('abortIncompleteMultipartUploadAfter must be a Duration (import { Duration } from \'aws-cdk-lib\') (it takes whole days), got the number 7. Write Duration.days(7).');
    // The advice itself passes: it is not refused next, as Duration.seconds(7) would be.
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')], abortIncompleteMultipartUploadAfter: Duration.days(7) })).not.toThrow();
    expect(() => new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')], abortIncompleteMultipartUploadAfter: Duration.seconds(7) })).toThrow(/whole days/);
  });

  test('grantPresign(fn.role) with an undefined role says to pass the function itself', () => {
    const uploads = new UploadBucket(newStack(), 'Uploads', { allowedOrigins: [CorsOrigin.https('app.example.com')] });
    expect(() => uploads.grantPresign(js(undefined), 'incoming/*')).toThrow(/grantee must be a role, user or function .*got undefined\. Pass the signing function itself rather than fn\.role/);
  });

  test('a distribution given the bucket construct instead of its bucket says which to pass', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY] });
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', js({ bucket: assets })))
      .toThrow('bucket must be an s3.IBucket, got a PublicAssetsBucket. Pass the bucket construct, e.g. assets.bucket');
  });

  test('a distribution lists every prop of the wrong shape at once, with its path', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    let message = '';
    try {
      new CloudFrontCorsDistribution(stack, 'Cdn', js({
        bucket: assets.bucket,
        allowedOrigins: 'https://www.example.com',
        corsMode: 'EDGE',
        corsConfiguration: '[]',
        domainNames: 'cdn.example.com',
        enableLogging: 'yes',
        webAclId: 7,
        comment: ['assets'],
      }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'CloudFrontCorsDistribution \'Test/Cdn\': 7 problems:',
      '  - allowedOrigins must be a list of CorsOrigin values, got the string "https://www.example.com". Write [CorsOrigin.https("www.example.com")].',
      '  - corsMode must be DistributionCorsMode.S3 or DistributionCorsMode.EDGE, got the string "EDGE".',
      '  - corsConfiguration must be a CorsConfiguration, got the string "[]". Write CorsConfiguration.fromJson(text) or CorsConfiguration.fromRules(rules).',
      '  - domainNames must be a list of strings such as ["cdn.example.com"], got the string "cdn.example.com". Write ["cdn.example.com"].',
      '  - enableLogging must be true or false, got the string "yes".',
      '  - webAclId must be a string such as "arn:aws:wafv2:us-east-1:111111111111:global/webacl/name/id", got the number 7.',
      '  - comment must be a string such as "assets for www.example.com", got an array of 1.',
    ]);
  });

  test.each<[string, unknown, string]>([
    ['no props', undefined, 'props must be an object such as { bucket: assets.bucket }, got undefined.'],
    ['a bucket name', { bucket: 'my-assets' }, 'bucket must be an s3.IBucket, got the string "my-assets". Pass the bucket construct'],
    ['null as bucket', { bucket: null }, 'bucket must be an s3.IBucket, got null.'],
    ['an object without arnForObjects', { bucket: { bucketName: 'b' } }, 'bucket must be an s3.IBucket, got an object.'],
    ['an object whose bucketName is not a string', { bucket: { bucketName: 1, arnForObjects: () => '' } }, 'bucket must be an s3.IBucket, got an object.'],
    ['a corsMode of another name', { corsMode: { name: 'BOTH' } }, 'corsMode must be DistributionCorsMode.S3 or DistributionCorsMode.EDGE, got an object.'],
    ['null as corsMode', { corsMode: null }, 'corsMode must be DistributionCorsMode.S3 or DistributionCorsMode.EDGE, got null.'],
    ['null as corsConfiguration', { corsConfiguration: null }, 'corsConfiguration must be a CorsConfiguration, got null.'],
  ])('a distribution given %s is refused, naming what it takes', (_what, props, expected) => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.https('www.example.com')] });
    const given = props && typeof props === 'object' && !('bucket' in props) ? { bucket: assets.bucket, ...props } : props;
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', js(given))).toThrow(`CloudFrontCorsDistribution 'Test/Cdn': ${expected}`);
  });

  test('a distribution given a number for defaultTtl names Duration', () => {
    const stack = newStack();
    const assets = new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [CorsOrigin.ANY] });
    expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', js({ bucket: assets.bucket, defaultTtl: 86400 }))).toThrow(/defaultTtl must be a Duration .*Write Duration\.seconds\(86400\)/);
  });
});

test('control characters in a wrong value are escaped in the construct\'s error', () => {
  let message = '';
  try {
    new PublicAssetsBucket(newStack(), 'Assets', js({ allowedOrigins: ['https://a.example\n\u001b[2J'] }));
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('"https://a.example\\n\\u001b[2J"');
  expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
});

test('an origin look-alike with control characters, refused by the distribution\'s origin check, is escaped in its error', () => {
  const stack = newStack();
  const assets = new PublicAssetsBucket(stack, 'A', { allowedOrigins: [CorsOrigin.https('a.example.com')] });
  let message = '';
  try {
    new CloudFrontCorsDistribution(stack, 'C', { bucket: assets.bucket, allowedOrigins: [js({ value: 'https://z\u001b[2J\u2028.example.com', isDevelopment: false })] });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('allowedOrigins[0] "https://z\\u001b[2J\\u2028.example.com" cannot GET');
  expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u2028\u2029]/);
});

describe('resource references given as strings (a name or an ARN where a construct belongs)', () => {
  const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const CERT_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/1234abcd-12ab-34cd-56ef-1234567890ab';
  const APP = CorsOrigin.https('app.example.com');

  test('fails when encryptionKey is a key ARN (it would silently use the AWS-managed key), naming kms.Key.fromKeyArn', () => {
    for (const make of [
      (p: unknown) => new PublicAssetsBucket(newStack(), 'B', js(p)),
      (p: unknown) => new UploadBucket(newStack(), 'B', js(p)),
    ]) {
      expect(() => make({ allowedOrigins: [APP], encryptionKey: KEY_ARN }))
        .toThrow(`encryptionKey must be a kms.IKey, got the string "${KEY_ARN}". A string is not read as one: import it with kms.Key.fromKeyArn(this, 'Key', "${KEY_ARN}") (import * as kms from 'aws-cdk-lib/aws-kms').`);
    }
  });

  test('an alias name is answered with kms.Alias.fromAliasName', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'B', js({ allowedOrigins: [APP], encryptionKey: 'alias/assets' })))
      .toThrow('import it with kms.Alias.fromAliasName(this, \'Key\', "alias/assets")');
  });

  test('the passing neighbour and the token case: an imported key, also from a parameter, is used', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'KeyArn', { type: 'String' }).valueAsString;
    new PublicAssetsBucket(stack, 'B', { allowedOrigins: [APP], encryptionKey: kms.Key.fromKeyArn(stack, 'Key', arn) });
    new UploadBucket(stack, 'U', { allowedOrigins: [APP], encryptionKey: kms.Key.fromKeyArn(stack, 'Key2', KEY_ARN) });
    const buckets = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    const keys = buckets.map(b => b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID);
    expect(keys).toEqual([{ Ref: 'KeyArn' }, KEY_ARN]);
  });

  test('fails when serverAccessLogsBucket is a bucket name or ARN, naming s3.Bucket.fromBucketName / fromBucketArn', () => {
    expect(() => new PublicAssetsBucket(newStack(), 'B', js({ allowedOrigins: [APP], serverAccessLogsBucket: 'access-logs' })))
      .toThrow('serverAccessLogsBucket must be an s3.IBucket, got the string "access-logs". A string is not read as one: import it with s3.Bucket.fromBucketName(this, \'LogBucket\', "access-logs") (import * as s3 from \'aws-cdk-lib/aws-s3\').');
    expect(() => new UploadBucket(newStack(), 'B', js({ allowedOrigins: [APP], serverAccessLogsBucket: 'arn:aws:s3:::access-logs' })))
      .toThrow('import it with s3.Bucket.fromBucketArn(this, \'LogBucket\', "arn:aws:s3:::access-logs")');
  });

  test('the passing neighbour and the token case: an imported log bucket, also by a parameter, is used', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Logs', { type: 'String' }).valueAsString;
    expect(() => new PublicAssetsBucket(stack, 'B', { allowedOrigins: [APP], serverAccessLogsBucket: s3.Bucket.fromBucketName(stack, 'L', name) })).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } } });
  });

  describe('CloudFrontCorsDistribution', () => {
    const setup = () => {
      const stack = newStack();
      return { stack, bucket: new PublicAssetsBucket(stack, 'Assets', { allowedOrigins: [APP] }).bucket };
    };

    test('fails when logBucket is a bucket name, naming s3.Bucket.fromBucketName', () => {
      const { stack, bucket } = setup();
      expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', js({ bucket, logBucket: 'cdn-logs' })))
        .toThrow('logBucket must be an s3.IBucket, got the string "cdn-logs". A string is not read as one: import it with s3.Bucket.fromBucketName(this, \'LogBucket\', "cdn-logs")');
    });

    test('fails when certificate is an ARN (it would crash inside aws-cdk-lib), naming acm.Certificate.fromCertificateArn', () => {
      let n = 0;
      const { stack, bucket } = setup();
      const make = () => new CloudFrontCorsDistribution(stack, `Cdn${n++}`, js({ bucket, domainNames: ['cdn.example.com'], certificate: CERT_ARN }));
      expect(make).toThrow('certificate must be an acm.ICertificate (in us-east-1), got the string "arn:aws:acm:us-east-1:111111111111:certificate/');
      // The value shown is cut to a readable length; the call to write carries the whole ARN.
      expect(make).toThrow(`A string is not read as one: import it with acm.Certificate.fromCertificateArn(this, 'Certificate', "${CERT_ARN}") (import * as acm from 'aws-cdk-lib/aws-certificatemanager').`);
    });

    test('the passing neighbour and the token case: an imported certificate and log bucket, from parameters', () => {
      const { stack, bucket } = setup();
      const arn = new CfnParameter(stack, 'Cert', { type: 'String' }).valueAsString;
      const logs = s3.Bucket.fromBucketName(stack, 'Logs', new CfnParameter(stack, 'LogName', { type: 'String' }).valueAsString);
      new CloudFrontCorsDistribution(stack, 'Cdn', { bucket, domainNames: ['cdn.example.com'], certificate: acm.Certificate.fromCertificateArn(stack, 'C', arn), logBucket: logs });
      Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: { ViewerCertificate: { AcmCertificateArn: { Ref: 'Cert' } } },
      });
    });

    test('fails when logBucket is given with enableLogging: false (the bucket would be silently ignored)', () => {
      const { stack, bucket } = setup();
      const logBucket = s3.Bucket.fromBucketName(stack, 'Logs', 'cdn-logs');
      expect(() => new CloudFrontCorsDistribution(stack, 'Cdn', { bucket, logBucket, enableLogging: false }))
        .toThrow('logBucket is given but enableLogging is false, so no log would ever be written to it (aws-cdk-lib\'s Distribution refuses this combination too). Remove logBucket, or remove enableLogging: false.');
      expect(() => new CloudFrontCorsDistribution(stack, 'Cdn2', { bucket, logBucket, enableLogging: true })).not.toThrow();
      expect(() => new CloudFrontCorsDistribution(stack, 'Cdn3', { bucket, enableLogging: false })).not.toThrow();
    });
  });
});

describe('values that change between reads, and keys JSON.parse makes', () => {
  /** A rule whose `field` answers `first` to the first `good` reads and `later` after. */
  function shifty(field: string, first: unknown, later: unknown, good = 1): Record<string, unknown> {
    let reads = 0;
    const rule: Record<string, unknown> = { allowedMethods: ['GET'], allowedOrigins: ['https://b.example.com'] };
    Object.defineProperty(rule, field, { enumerable: true, get: () => (++reads <= good ? first : later) });
    return rule;
  }

  test('CorsConfiguration.fromRules keeps what it checked: a max age read once, never the text a later read gives', () => {
    const config = CorsConfiguration.fromRules([js(shifty('maxAge', 3000, '"];x();//'))]);
    expect(config.rules[0].maxAge).toBe(3000);
    expect(() => CorsConfiguration.fromRules([js(shifty('maxAge', '"];x();//', 3000))])).toThrow(/rules\[0\]\.maxAge must be a number/);
  });

  test.each<[string, unknown]>([['an object', [{}]], ['a number', [42]], ['a symbol', [Symbol('s')]]])(
    'an additional rule whose exposedHeaders turns into a list with %s after the check: the construct uses what it checked, no TypeError', (_name, later) => {
      const stack = newStack();
      const assets = new PublicAssetsBucket(stack, 'A', { allowedOrigins: [CorsOrigin.https('a.example.com')], additionalCorsRules: [js(shifty('exposedHeaders', ['ETag'], later))] });
      expect(assets.corsConfiguration.rules[1].exposedHeaders).toEqual(['ETag']);
      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [{}, { ExposedHeaders: ['ETag'] }] } });
      // The other way round, the check sees the bad value and names it.
      expect(() => new PublicAssetsBucket(newStack(), 'A', { allowedOrigins: [CorsOrigin.https('a.example.com')], additionalCorsRules: [js(shifty('exposedHeaders', later, ['ETag']))] }))
        .toThrow(/additionalCorsRules\[0\]\.exposedHeaders\[0\] must be a string/);
    });

  test('an own "__proto__" key in a rule (JSON.parse makes one) is not copied: validate(), evaluate() and rules see one and the same rule', () => {
    const config = CorsConfiguration.fromRules([JSON.parse('{"__proto__":{"allowedOrigins":["https://a.example.com"],"maxAge":3000},"allowedMethods":["GET","HEAD"]}')]);
    expect(Object.getPrototypeOf(config.rules[0])).toBe(Object.prototype);
    expect(config.rules).toEqual([{ allowedMethods: ['GET', 'HEAD'] }]);
    expect(config.validate().map(f => f.code)).toContain('missing-allowed-origins');
    expect(config.evaluate({ method: 'GET', origin: 'https://a.example.com' }).allowed).toBe(false);
  });
});
