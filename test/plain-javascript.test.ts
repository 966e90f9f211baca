// What a user writing plain JavaScript meets: TypeScript is not there to
// refuse a string where a CorsOrigin belongs, so every public entry point says
// what it expected and how to write it, instead of a TypeError from inside.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { Duration } from 'aws-cdk-lib';
import { CloudFrontCorsDistribution, CorsOrigin, PublicAssetsBucket, UploadBucket } from '../src';
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

  test('abortIncompleteMultipartUploadAfter as a number is refused with Duration named', () => {
    expect(() => new UploadBucket(newStack(), 'Uploads', js({ allowedOrigins: [CorsOrigin.https('app.example.com')], abortIncompleteMultipartUploadAfter: 7 })))
      .toThrow(/abortIncompleteMultipartUploadAfter must be a Duration .*got the number 7/);
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
