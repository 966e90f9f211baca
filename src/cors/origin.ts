// CorsOrigin: origins and origin patterns that cannot be mistyped, checked as
// S3 and browsers read them. Not a URL parser, and not about a bucket's rules.
import { spelled } from './private/spelling';
import { containsTokenText } from './private/tokens';
import { originProblems } from './private/validate';
import { quote } from '../common/quote';
import { ShapeCheck } from '../common/shapes';

/**
 * An origin a browser sends (`scheme://host[:port]`), or a pattern of them,
 * built so that it cannot be mistyped: every factory checks its argument the
 * way S3 and browsers will see it and throws with the fix.
 *
 * @example
 * const origins = [CorsOrigin.https('app.example.com'), CorsOrigin.subdomainsOf('example.com')];
 */
export class CorsOrigin {
  /** Any origin (`*`). S3 then answers `Access-Control-Allow-Origin: *`, which browsers refuse for credentialed requests. */
  public static readonly ANY = spelled(new CorsOrigin('*', false), 'CorsOrigin.ANY');

  /**
   * An origin written out in full, such as `https://app.example.com` or
   * `http://localhost:3000`. Fails on what can never match: a trailing slash
   * or path, no scheme, a default port, upper case, more than one `*`.
   * Unresolved tokens are accepted unchecked.
   */
  public static exact(origin: string): CorsOrigin {
    const shape = new ShapeCheck('CorsOrigin.exact(origin)');
    shape.string('origin', origin, '"https://app.example.com"');
    shape.throwIfAny();
    if (!isToken(origin)) {
      const errors = originProblems(origin).filter(p => p.error);
      if (errors.length > 0) {
        throw new Error(`CorsOrigin.exact(${quote(origin)}): ${errors.map(e => e.message).join(' ')}`);
      }
    }
    return spelled(new CorsOrigin(origin, /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin)), `CorsOrigin.exact(${quote(origin)})`);
  }

  /** `https://` plus a host name and an optional port, e.g. `CorsOrigin.https('app.example.com')`. */
  public static https(host: string, port?: number): CorsOrigin {
    const shape = new ShapeCheck('CorsOrigin.https(host, port)');
    shape.string('host', host, '"app.example.com"');
    shape.number('port', port, '8443', true);
    shape.throwIfAny();
    checkHost('CorsOrigin.https', host);
    if (port !== undefined) checkPort('CorsOrigin.https', port);
    const origin = CorsOrigin.exact(`https://${host}${port !== undefined && port !== 443 ? `:${port}` : ''}`);
    return spelled(new CorsOrigin(origin.value, origin.isDevelopment), `CorsOrigin.https(${quote(host)}${port === undefined ? '' : `, ${port}`})`);
  }

  /**
   * A local development server, `http://localhost:<port>`. Meant for
   * `developmentOrigins`, which a dev stage turns on.
   * @param port the port the dev server listens on, e.g. 3000 or 5173
   * @param host `localhost` or `127.0.0.1` (browsers treat them as different origins)
   */
  public static localhost(port: number, host: string = 'localhost'): CorsOrigin {
    const shape = new ShapeCheck('CorsOrigin.localhost(port, host)');
    shape.number('port', port, '3000');
    shape.string('host', host, '"localhost"');
    shape.throwIfAny();
    checkPort('CorsOrigin.localhost', port);
    if (!['localhost', '127.0.0.1', '[::1]'].includes(host)) {
      throw new Error(`CorsOrigin.localhost(${port}, ${quote(host)}): host must be "localhost", "127.0.0.1" or "[::1]". For another host use CorsOrigin.https(${quote(host)}).`);
    }
    return spelled(new CorsOrigin(`http://${host}${port === 80 ? '' : `:${port}`}`, true), `CorsOrigin.localhost(${port}${host === 'localhost' ? '' : `, ${quote(host)}`})`);
  }

  /**
   * Every subdomain of a domain over HTTPS, `https://*.example.com` (not the
   * bare domain itself: add `CorsOrigin.https('example.com')` for that).
   */
  public static subdomainsOf(domain: string): CorsOrigin {
    const shape = new ShapeCheck('CorsOrigin.subdomainsOf(domain)');
    shape.string('domain', domain, '"example.com"');
    shape.throwIfAny();
    checkHost('CorsOrigin.subdomainsOf', domain);
    if (domain.includes('*')) {
      throw new Error(`CorsOrigin.subdomainsOf(${quote(domain)}): give the domain without "*", e.g. "example.com"; the wildcard is added for you.`);
    }
    return spelled(new CorsOrigin(`https://*.${domain}`, false), `CorsOrigin.subdomainsOf(${quote(domain)})`);
  }

  /** The AllowedOrigin string S3 stores. */
  public readonly value: string;
  /** Whether this is a local development origin (http://localhost and friends). */
  public readonly isDevelopment: boolean;

  private constructor(value: string, isDevelopment: boolean) {
    this.value = value;
    this.isDevelopment = isDevelopment;
  }

  /** The origin as S3 stores it. */
  public toString(): string {
    return this.value;
  }
}

/** Any token CDK resolves in a string at synth: a marker, or a number token written into the text. */
function isToken(s: string): boolean {
  return containsTokenText(s);
}

function checkHost(factory: string, host: string): void {
  if (isToken(host)) return;
  const problems: string[] = [];
  const withoutScheme = host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostPort = withoutScheme.replace(/[/?#].*$/, '');
  if (withoutScheme !== host) problems.push('give the host without a scheme');
  if (hostPort !== withoutScheme) problems.push('drop the trailing slash or path: an origin has none');
  if (host !== host.toLowerCase()) problems.push('write it in lower case: browsers send host names lower-cased');
  if (/:\d+$/.test(hostPort)) problems.push('pass the port as the second argument');
  if (host.trim() === '' || /\s/.test(host)) problems.push('it must be a host name such as "app.example.com"');
  if (/^\.|\.$|\.\./.test(host.trim())) problems.push('a host name has no empty labels: remove the leading, trailing or doubled dot');
  if (problems.length > 0) {
    const bare = hostPort.replace(/:\d+$/, '').toLowerCase().trim().replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.');
    throw new Error(`${factory}(${quote(host)}): ${problems.join('; ')}. Use ${factory}(${quote(bare || 'app.example.com')}).`);
  }
}

/**
 * aws-cdk-lib encodes a number token (Token.asNumber) as a double near
 * -1.8881545897087626e+289; the model cannot depend on aws-cdk-lib to ask.
 */
function isNumberToken(n: number): boolean {
  return n < -1e289 && n > -1e290;
}

function checkPort(factory: string, port: number): void {
  if (isNumberToken(port)) {
    throw new Error(`${factory}: the port is an unresolved number token (Token.asNumber), but an origin is a string S3 compares as written, so its port must be known here. Pass it as a string token instead: CorsOrigin.exact(\`https://app.example.com:\${Token.asString(port)}\`), which is accepted unchecked.`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${factory}: port ${port} is not a TCP port; use a whole number from 1 to 65535, e.g. 3000.`);
  }
}
