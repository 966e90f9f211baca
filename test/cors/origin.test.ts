import { Lazy, Token } from 'aws-cdk-lib';
import { CorsOrigin } from '../../src';
import { spellingOf } from '../../src/cors/internal';

describe('CorsOrigin', () => {
  test.each([
    [() => CorsOrigin.https('app.example.com'), 'https://app.example.com'],
    [() => CorsOrigin.https('app.example.com', 8443), 'https://app.example.com:8443'],
    [() => CorsOrigin.https('app.example.com', 443), 'https://app.example.com'],
    [() => CorsOrigin.localhost(3000), 'http://localhost:3000'],
    [() => CorsOrigin.localhost(8080, '127.0.0.1'), 'http://127.0.0.1:8080'],
    [() => CorsOrigin.subdomainsOf('example.com'), 'https://*.example.com'],
    [() => CorsOrigin.exact('https://example.com'), 'https://example.com'],
    [() => CorsOrigin.ANY, '*'],
  ])('builds %s', (make, value) => {
    expect(make().value).toBe(value);
  });

  test('development origins are marked', () => {
    expect(CorsOrigin.localhost(3000).isDevelopment).toBe(true);
    expect(CorsOrigin.exact('http://localhost:4200').isDevelopment).toBe(true);
    expect(CorsOrigin.https('app.example.com').isDevelopment).toBe(false);
  });

  test.each([
    [() => CorsOrigin.exact('https://example.com/'), /CorsOrigin.exact\("https:\/\/example.com\/"\): "https:\/\/example.com\/" ends with "\/".*Use "https:\/\/example.com"/],
    [() => CorsOrigin.exact('example.com'), /has no scheme.*Use "https:\/\/example.com"/],
    [() => CorsOrigin.exact('https://example.com:443'), /default port/],
    [() => CorsOrigin.exact('https://*.*.example.com'), /more than one wildcard/],
    [() => CorsOrigin.https('https://app.example.com/'), /CorsOrigin.https\("https:\/\/app.example.com\/"\): give the host without a scheme; drop the trailing slash.*Use CorsOrigin.https\("app.example.com"\)/],
    [() => CorsOrigin.https('App.Example.com'), /lower case/],
    [() => CorsOrigin.https('app.example.com:8443'), /pass the port as the second argument/],
    [() => CorsOrigin.localhost(0), /port 0 is not a TCP port/],
    [() => CorsOrigin.localhost(3000, 'dev.example.com'), /host must be "localhost"/],
    [() => CorsOrigin.subdomainsOf('*.example.com'), /without "\*"/],
  ])('fails when mistyped: %#', (make, message) => {
    expect(make).toThrow(message);
  });

  test('a token is accepted unchecked', () => {
    expect(CorsOrigin.exact('${Token[TOKEN.12]}').value).toBe('${Token[TOKEN.12]}');
  });
});

describe('factories against odd input (issue 9)', () => {
  test('subdomainsOf(".example.com") is refused with the fix, not turned into "https://*..example.com"', () => {
    expect(() => CorsOrigin.subdomainsOf('.example.com')).toThrow('CorsOrigin.subdomainsOf(".example.com"): a host name has no empty labels: remove the leading, trailing or doubled dot. Use CorsOrigin.subdomainsOf("example.com").');
  });

  test('a Unicode host is refused with its punycode form', () => {
    expect(() => CorsOrigin.https('bücher.example')).toThrow(/Use "https:\/\/xn--bcher-kva.example"/);
  });

  test('a number token as port says how to pass it, instead of "not a TCP port"', () => {
    const port = Token.asNumber(Lazy.number({ produce: () => 8443 }));
    expect(() => CorsOrigin.https('app.example.com', port)).toThrow(/the port is an unresolved number token \(Token.asNumber\).*Token\.asString\(port\)/);
    expect(() => CorsOrigin.https('app.example.com', 0)).toThrow(/port 0 is not a TCP port/);
  });
});

describe('what each factory says, word for word, when called wrongly from plain JavaScript', () => {
  const call = (f: (...a: any[]) => unknown, ...args: unknown[]) => () => f(...args);
  test.each([
    [call(CorsOrigin.exact, 42), 'CorsOrigin.exact(origin): origin must be a string such as "https://app.example.com", got the number 42.'],
    [call(CorsOrigin.https, 'app.example.com', '8443'), 'CorsOrigin.https(host, port): port must be a number such as 8443, got the string "8443".'],
    [call(CorsOrigin.localhost, 3000, 1), 'CorsOrigin.localhost(port, host): host must be a string such as "localhost", got the number 1.'],
    [call(CorsOrigin.subdomainsOf, null), 'CorsOrigin.subdomainsOf(domain): domain must be a string such as "example.com", got null.'],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('host checks name every problem and give the host to write instead', () => {
  test.each([
    ['HTTPS://App.Example.com:8443/x?y', 'give the host without a scheme; drop the trailing slash or path: an origin has none; write it in lower case: browsers send host names lower-cased; pass the port as the second argument. Use CorsOrigin.https("app.example.com")'],
    ['app.example.com:8443', 'pass the port as the second argument. Use CorsOrigin.https("app.example.com")'],
    ['app.example.com/', 'drop the trailing slash or path: an origin has none. Use CorsOrigin.https("app.example.com")'],
    ['app.example.com#top', 'drop the trailing slash or path: an origin has none. Use CorsOrigin.https("app.example.com")'],
    ['app..example.com.', 'a host name has no empty labels: remove the leading, trailing or doubled dot. Use CorsOrigin.https("app.example.com")'],
    ['...app.example.com', 'a host name has no empty labels: remove the leading, trailing or doubled dot. Use CorsOrigin.https("app.example.com")'],
    ['app example.com', 'it must be a host name such as "app.example.com". Use CorsOrigin.https("app example.com")'],
    ['   ', 'it must be a host name such as "app.example.com". Use CorsOrigin.https("app.example.com")'],
    ['', 'it must be a host name such as "app.example.com". Use CorsOrigin.https("app.example.com")'],
  ])('CorsOrigin.https(%j)', (host, message) => {
    expect(() => CorsOrigin.https(host)).toThrow(`CorsOrigin.https(${JSON.stringify(host)}): ${message}.`);
  });

  test('a host with a colon that is not a port is not told to pass the port separately', () => {
    expect(() => CorsOrigin.https('app.example.com:x')).not.toThrow(/second argument/);
  });

  test('subdomainsOf names itself in its fix', () => {
    expect(() => CorsOrigin.subdomainsOf('https://example.com')).toThrow('CorsOrigin.subdomainsOf("https://example.com"): give the host without a scheme. Use CorsOrigin.subdomainsOf("example.com").');
  });
});

describe('ports and development origins', () => {
  test.each([1, 3000, 65535])('port %d is a TCP port', port => {
    expect(CorsOrigin.https('app.example.com', port).value).toBe(`https://app.example.com:${port}`);
    expect(CorsOrigin.localhost(port).value).toBe(`http://localhost:${port}`);
  });

  test.each([0, -1, 65536, 1.5, NaN, -1e300, Number.NEGATIVE_INFINITY])('port %d is refused as not a TCP port', port => {
    expect(() => CorsOrigin.https('app.example.com', port)).toThrow(`CorsOrigin.https: port ${port} is not a TCP port; use a whole number from 1 to 65535, e.g. 3000.`);
    expect(() => CorsOrigin.localhost(port)).toThrow(`CorsOrigin.localhost: port ${port} is not a TCP port`);
  });

  test('port 80 on localhost is the default and left out, as browsers do', () => {
    expect(CorsOrigin.localhost(80).value).toBe('http://localhost');
    expect(CorsOrigin.localhost(80, '[::1]').value).toBe('http://[::1]');
  });

  test.each([
    ['http://localhost', true],
    ['http://localhost:3000', true],
    ['http://127.0.0.1:8080', true],
    ['http://[::1]:5173', true],
    ['https://localhost:3000', false],
    ['http://localhost.example.com', false],
    ['http://my-localhost:3000', false],
  ])('exact(%j).isDevelopment is %s', (origin, dev) => {
    expect(CorsOrigin.exact(origin).isDevelopment).toBe(dev);
  });

  test('subdomainsOf and ANY are not development origins; toString() is the stored value', () => {
    expect(CorsOrigin.subdomainsOf('example.com').isDevelopment).toBe(false);
    expect(CorsOrigin.ANY.isDevelopment).toBe(false);
    expect(`${CorsOrigin.subdomainsOf('example.com')}`).toBe('https://*.example.com');
  });

  test('exact() refuses only what can never match: a risky but working origin is accepted', () => {
    expect(CorsOrigin.exact('http://app.example.com').value).toBe('http://app.example.com');
    expect(CorsOrigin.exact('null').value).toBe('null');
  });

  test('exact() words its problems without a rule number, and lists them all', () => {
    expect(() => CorsOrigin.exact('HTTPS://App.example.com:443/')).toThrow(
      'CorsOrigin.exact("HTTPS://App.example.com:443/"): "HTTPS://App.example.com:443/" ends with "/": browsers send origins without a trailing slash, so this rule would never match. Use "https://app.example.com". '
      + '"HTTPS://App.example.com:443/" has upper-case letters');
  });
});

describe('how an origin was written, kept for messages that point at the entry a user wrote', () => {
  test.each([
    ['https without a port', () => CorsOrigin.https('app.example.com'), 'CorsOrigin.https("app.example.com")'],
    ['https with the default port', () => CorsOrigin.https('app.example.com', 443), 'CorsOrigin.https("app.example.com", 443)'],
    ['https with a port', () => CorsOrigin.https('app.example.com', 8443), 'CorsOrigin.https("app.example.com", 8443)'],
    ['localhost', () => CorsOrigin.localhost(3000), 'CorsOrigin.localhost(3000)'],
    ['localhost on port 80', () => CorsOrigin.localhost(80), 'CorsOrigin.localhost(80)'],
    ['127.0.0.1', () => CorsOrigin.localhost(8080, '127.0.0.1'), 'CorsOrigin.localhost(8080, "127.0.0.1")'],
    ['exact', () => CorsOrigin.exact('https://a.example'), 'CorsOrigin.exact("https://a.example")'],
    ['subdomainsOf', () => CorsOrigin.subdomainsOf('example.com'), 'CorsOrigin.subdomainsOf("example.com")'],
  ])('%s', (_name, make, spelling) => {
    expect(spellingOf(make())).toBe(spelling);
  });

  test('a look-alike object, a string or null has no spelling', () => {
    expect(spellingOf({ value: 'https://a.example', isDevelopment: false })).toBeUndefined();
    expect(spellingOf('https://a.example')).toBeUndefined();
    expect(spellingOf(null)).toBeUndefined();
  });

  test('the port is part of the value only when it is not the scheme\'s default', () => {
    expect(CorsOrigin.localhost(3000).value).toBe('http://localhost:3000');
    expect(CorsOrigin.localhost(8080, '127.0.0.1').value).toBe('http://127.0.0.1:8080');
    expect(CorsOrigin.https('a.example', 443).value).toBe('https://a.example');
  });

  test('a token as host is accepted unchecked (its value is known only at deploy)', () => {
    const host = Token.asString(Lazy.string({ produce: () => 'App.Example.com' }));
    expect(CorsOrigin.https(host).value).toBe(`https://${host}`);
  });

  test('the suggested host drops every leading and trailing dot', () => {
    expect(() => CorsOrigin.https('app.example.com..')).toThrow('Use CorsOrigin.https("app.example.com").');
  });
});
