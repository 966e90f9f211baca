import { escapeControls, quote, quoteValue } from '../../src/common/quote';
import { describeValue, isCorsOriginLike, isDurationLike, originFix, ReferenceKind, ShapeCheck } from '../../src/common/shapes';
// The shape checks behind every public entry point, for plain-JavaScript
// callers: what they say about each kind of wrong value. (The constructs'
// use of them is in test/plain-javascript.test.ts.)

class Thing {}

describe('how a value is described', () => {
  test.each([
    [undefined, 'undefined'],
    [null, 'null'],
    ['x', 'the string "x"'],
    [3, 'the number 3'],
    [true, 'the boolean true'],
    [BigInt(2), 'the bigint 2'],
    [[1, 2], 'an array of 2'],
    [() => 1, 'a function'],
    [{}, 'an object'],
    [Object.create(null), 'an object'],
    [new Thing(), 'a Thing'],
    [{ constructor: { name: '' } }, 'an object'],
    [{ constructor: { name: 7 } }, 'an object'],
  ])('%p is %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  test('strings are JSON-quoted, escaped (line separators and lone surrogates too) and cut at 200 characters, saying how many more', () => {
    expect(quote('a"b\n')).toBe('"a\\"b\\n"');
    expect(quote('a\u2028b\u2029\u0085\ud800c\udfff')).toBe('"a\\u2028b\\u2029\\u0085\\ud800c\\udfff"');
    expect(quote('\u{1d4b3}')).toBe('"\u{1d4b3}"');
    expect(quote('x'.repeat(200))).toBe(`"${'x'.repeat(200)}"`);
    expect(quote('x'.repeat(201))).toBe(`"${'x'.repeat(200)}"…(1 more characters)`);
    expect(quote('*'.repeat(1e6))).toHaveLength(202 + '…(999800 more characters)'.length);
    expect(quote(`${'x'.repeat(199)}\u{1d4b3}`)).toBe(`"${'x'.repeat(199)}"…(2 more characters)`);
  });

  test('a long string is cut the same way whichever of the two shows it; a lone high surrogate as the 200th character is shown', () => {
    const long = 'x'.repeat(201);
    expect(quoteValue(long)).toBe(quote(long));
    expect(quoteValue(long)).toBe(`"${'x'.repeat(200)}"…(1 more characters)`);
    expect(quote(`${'x'.repeat(199)}\ud800`)).toBe(`"${'x'.repeat(199)}\\ud800"`);
  });

  test('a value of another type (from a template) is shown as its JSON text, escaped and cut the same way', () => {
    expect(quoteValue('a\n')).toBe('"a\\n"');
    expect(quoteValue(['GET', 'HEAD'])).toBe('["GET","HEAD"]');
    expect(quoteValue(7)).toBe('7');
    expect(quoteValue(undefined)).toBe('undefined');
    expect(quoteValue({ 'Fn::Sub': 'a\u0085\u2028' })).toBe('{"Fn::Sub":"a\\u0085\\u2028"}');
    // 100 items of "abc": 601 characters of JSON, the first 200 shown.
    expect(quoteValue(Array(100).fill('abc'))).toBe(`${`["abc",${'"abc",'.repeat(98)}"abc"]`.slice(0, 200)}…(401 more characters)`);
  });

  test('control characters, DEL, C1 and the line separators are escaped; line breaks kept only when asked', () => {
    expect(escapeControls('a\u0000b\u001b[1m\u007f\u0085\u2028\u2029\tc')).toBe('a\\u0000b\\u001b[1m\\u007f\\u0085\\u2028\\u2029\\u0009c');
    expect(escapeControls('a\nb')).toBe('a\\u000ab');
    expect(escapeControls('a\nb\rc', true)).toBe('a\nb\\u000dc');
    expect(escapeControls('plain ü text')).toBe('plain ü text');
    expect(escapeControls('a\ud800b\udc00c\ud83d\ude00')).toBe('a\\ud800b\\udc00c\ud83d\ude00');
  });
});

describe('duck types and fixes', () => {
  test('a CorsOrigin is an object with a string value and a boolean isDevelopment', () => {
    expect(isCorsOriginLike({ value: 'https://a.example', isDevelopment: false })).toBe(true);
    expect(isCorsOriginLike({ value: 'https://a.example' })).toBe(false);
    expect(isCorsOriginLike({ value: 1, isDevelopment: false })).toBe(false);
    expect(isCorsOriginLike('https://a.example')).toBe(false);
    expect(isCorsOriginLike(null)).toBe(false);
  });

  test('a Duration is an object with toSeconds()', () => {
    expect(isDurationLike({ toSeconds: () => 1 })).toBe(true);
    expect(isDurationLike({ toSeconds: 1 })).toBe(false);
    expect(isDurationLike(3000)).toBe(false);
    expect(isDurationLike(null)).toBe(false);
  });

  test.each([
    ['*', 'CorsOrigin.ANY'],
    ['https://app.example.com', 'CorsOrigin.https("app.example.com")'],
    ['https://app.example.com:8443', 'CorsOrigin.exact("https://app.example.com:8443")'],
    ['http://localhost:3000', 'CorsOrigin.exact("http://localhost:3000")'],
    ['xhttps://app.example.com', 'CorsOrigin.exact("xhttps://app.example.com")'],
    [42, 'CorsOrigin.https("app.example.com")'],
  ])('an origin written %p is written %s', (value, fix) => {
    expect(originFix(value)).toBe(fix);
  });
});

describe('ShapeCheck', () => {
  const problems = (fill: (s: ShapeCheck) => void) => {
    const s = new ShapeCheck('Thing(x)');
    fill(s);
    return s.problems;
  };
  const BUCKET: ReferenceKind = {
    type: 'an s3.IBucket',
    module: 'import * as s3 from \'aws-cdk-lib/aws-s3\'',
    strings: ['bucketName', 'bucketArn'],
    functions: ['grantRead'],
    fromString: quoted => `s3.Bucket.fromBucketName(this, 'Bucket', ${quoted})`,
  };

  test('nothing wrong: no problems and no throw', () => {
    const s = new ShapeCheck('Thing(x)');
    expect(s.object('p', {}, '{}')).toBe(true);
    s.string('a', 'x', '"x"');
    s.boolean('b', true);
    s.number('n', 1, '1');
    s.duration('d', { toSeconds: () => 1 });
    s.stringList('l', ['a'], '["a"]');
    s.originList('o', [{ value: '*', isDevelopment: false }]);
    expect(s.problems).toEqual([]);
    expect(() => s.throwIfAny()).not.toThrow();
  });

  test('optional values may be undefined; required ones may not', () => {
    expect(problems(s => {
      s.object('p', undefined, '{}', true);
      s.string('a', undefined, '"x"', true);
      s.boolean('b', undefined);
      s.number('n', undefined, '1', true);
      s.duration('d', undefined);
      s.stringList('l', undefined, '["a"]', true);
      s.originList('o', undefined, true);
    })).toEqual([]);
    expect(problems(s => {
      s.object('p', undefined, '{ a: 1 }');
      s.string('a', undefined, '"x"');
      s.boolean('b', undefined, false);
      s.number('n', undefined, '1');
      s.duration('d', undefined, false);
      s.stringList('l', undefined, '["a"]');
      s.originList('o', undefined);
    })).toEqual([
      'p must be an object such as { a: 1 }, got undefined.',
      'a must be a string such as "x", got undefined.',
      'b must be true or false, got undefined.',
      'n must be a number such as 1, got undefined.',
      'd must be a Duration (import { Duration } from \'aws-cdk-lib\'), got undefined. Write Duration.seconds(3000).',
      'l must be a list of strings such as ["a"], got undefined. Write ["a"].',
      'o must be a list of CorsOrigin values, got undefined. Write [CorsOrigin.https("app.example.com")].',
    ]);
  });

  test('an array is not an object; null is neither', () => {
    expect(problems(s => {
      expect(s.object('p', [1], '{}')).toBe(false);
      expect(s.object('q', null, '{}')).toBe(false);
    })).toEqual(['p must be an object such as {}, got an array of 1.', 'q must be an object such as {}, got null.']);
  });

  test('each kind of wrong value gets its own fix', () => {
    expect(problems(s => {
      s.number('port', '3000', '3000');
      s.number('port', 'x', '3000');
      s.duration('maxAge', 3000);
      s.stringList('headers', 'ETag', '["ETag"]');
      s.stringList('headers', ['ETag', 1], '["ETag"]');
      s.originList('origins', ['*', { value: 'https://a.example', isDevelopment: false }]);
      s.originList('origins', { value: 'https://a.example', isDevelopment: false });
    })).toEqual([
      'port must be a number such as 3000, got the string "3000". Write 3000 without quotes.',
      'port must be a number such as 3000, got the string "x".',
      'maxAge must be a Duration (import { Duration } from \'aws-cdk-lib\'), got the number 3000. Write Duration.seconds(3000).',
      'headers must be a list of strings such as ["ETag"], got the string "ETag". Write ["ETag"].',
      'headers[1] must be a string, got the number 1.',
      'origins[0] must be a CorsOrigin (import { CorsOrigin } from \'cdk-s3-cors\'), got the string "*". Write CorsOrigin.ANY.',
      'origins must be a list of CorsOrigin values, got an object. Write [CorsOrigin.https("a.example")].',
    ]);
  });

  test('an optional object that is absent is not there to read (object() answers false)', () => {
    expect(new ShapeCheck('Thing(x)').object('p', undefined, '{}', true)).toBe(false);
  });

  test('a whole day is written as it is; null for a number gets no quote fix', () => {
    expect(problems(s => {
      s.duration('expiry', 1, true, 'days');
      s.number('port', null, '3000');
    })).toEqual([
      'expiry must be a Duration (import { Duration } from \'aws-cdk-lib\') (it takes whole days), got the number 1. Write Duration.days(1).',
      'port must be a number such as 3000, got null.',
    ]);
  });

  test('an optional value that is given is checked like a required one', () => {
    const s = new ShapeCheck('Thing(x)');
    expect(s.object('p', { a: 1 }, '{}', true)).toBe(true);
    expect(s.object('q', 'x', '{}', true)).toBe(false);
    s.stringList('l', 5, '["a"]', true);
    s.originList('o', 'https://a.example', true);
    s.reference('r', 'my-bucket', BUCKET);
    expect(s.problems).toEqual([
      'q must be an object such as {}, got the string "x".',
      'l must be a list of strings such as ["a"], got the number 5. Write ["a"].',
      'o must be a list of CorsOrigin values, got the string "https://a.example". Write [CorsOrigin.https("a.example")].',
      'r must be an s3.IBucket, got the string "my-bucket". A string is not read as one: import it with s3.Bucket.fromBucketName(this, \'Bucket\', "my-bucket") (import * as s3 from \'aws-cdk-lib/aws-s3\').',
    ]);
  });

  test('only a string of digits is told to drop its quotes', () => {
    expect(problems(s => {
      s.number('port', '3000x', '3000');
      s.number('port', 'x3000', '3000');
    })).toEqual([
      'port must be a number such as 3000, got the string "3000x".',
      'port must be a number such as 3000, got the string "x3000".',
    ]);
  });

  test('a number for a Duration is answered in the unit the prop counts in, with an amount that unit accepts', () => {
    expect(problems(s => {
      s.duration('expiry', 7, true, 'days');
      s.duration('expiry', 1.5, true, 'days');
      s.duration('expiry', 0, true, 'days');
      s.duration('expiry', '7', true, 'days');
      s.duration('maxAge', 1.5);
      s.duration('maxAge', 0);
      s.duration('maxAge', '600');
    })).toEqual([
      'expiry must be a Duration (import { Duration } from \'aws-cdk-lib\') (it takes whole days), got the number 7. Write Duration.days(7).',
      'expiry must be a Duration (import { Duration } from \'aws-cdk-lib\') (it takes whole days), got the number 1.5. Write Duration.days(7).',
      'expiry must be a Duration (import { Duration } from \'aws-cdk-lib\') (it takes whole days), got the number 0. Write Duration.days(7).',
      'expiry must be a Duration (import { Duration } from \'aws-cdk-lib\') (it takes whole days), got the string "7". Write Duration.days(7).',
      'maxAge must be a Duration (import { Duration } from \'aws-cdk-lib\'), got the number 1.5. Write Duration.seconds(1.5).',
      'maxAge must be a Duration (import { Duration } from \'aws-cdk-lib\'), got the number 0. Write Duration.seconds(0).',
      'maxAge must be a Duration (import { Duration } from \'aws-cdk-lib\'), got the string "600". Write Duration.seconds(3000).',
    ]);
    expect(problems(s => s.duration('expiry', 30, true, 'days'))[0]).toMatch(/Write Duration\.days\(30\)\.$/);
  });

  test('a resource reference is recognised by the members the library reads, each of its kind', () => {
    const bucket = { bucketName: 'b', bucketArn: 'arn:aws:s3:::b', grantRead: () => undefined };
    expect(problems(s => {
      s.reference('bucket', bucket, BUCKET);
      s.reference('bucket', undefined, BUCKET);
    })).toEqual([]);
    expect(problems(s => {
      s.reference('bucket', undefined, BUCKET, false);
      s.reference('bucket', null, BUCKET);
      s.reference('bucket', { bucketName: 'b', grantRead: () => undefined }, BUCKET);
      s.reference('bucket', { bucketName: 'b', bucketArn: 'arn', grantRead: 'yes' }, BUCKET);
      s.reference('bucket', { bucketName: () => 'b', bucketArn: 'arn', grantRead: () => undefined }, BUCKET);
    })).toEqual([
      'bucket must be an s3.IBucket, got undefined.',
      'bucket must be an s3.IBucket, got null.',
      'bucket must be an s3.IBucket, got an object.',
      'bucket must be an s3.IBucket, got an object.',
      'bucket must be an s3.IBucket, got an object.',
    ]);
  });

  test('one problem is thrown on one line; several as a list', () => {
    const one = new ShapeCheck('Thing(x)');
    one.string('a', 1, '"x"');
    expect(() => one.throwIfAny()).toThrow(new Error('Thing(x): a must be a string such as "x", got the number 1.'));
    const two = new ShapeCheck('Thing(x)');
    two.string('a', 1, '"x"');
    two.boolean('b', 'yes');
    expect(() => two.throwIfAny()).toThrow(new Error('Thing(x): 2 problems:\n  - a must be a string such as "x", got the number 1.\n  - b must be true or false, got the string "yes".'));
  });
});
