import { Lazy, Token } from 'aws-cdk-lib';
import { CorsOrigin } from '../../src';

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
