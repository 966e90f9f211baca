// The argument readers that check and probe share: a configuration file, the
// page's origins, method and headers. Each refuses, as a usage error (exit 2),
// what no browser would send; it reads arguments, it does not judge CORS.
import { CliError, Io, readInput } from './io';
import { FORBIDDEN_METHODS, isToken, PageHeader } from '../browser/fetch';
import { quote } from '../common/quote';
import { CorsConfiguration } from '../cors';
import { CorsJsonSyntaxError, originProblems } from '../cors/internal';

/** A CORS configuration from a file or standard input; text that is not JSON is a usage error (also for probe --config). */
export async function readConfiguration(file: string, io: Io): Promise<CorsConfiguration> {
  try {
    return CorsConfiguration.fromJson(await readInput(file, io));
  } catch (e) {
    if (e instanceof CorsJsonSyntaxError) throw new CliError(`${file}:${e.line}:${e.column}: ${e.reason} (run "cdk-s3-cors lint ${file}" for details)`, 2);
    throw e;
  }
}

/** The --origin values, each one a browser can send (also for probe). */
export function readOrigins(values: Record<string, unknown>, usage: string): string[] {
  const origins = (values.origin ?? []) as string[];
  if (origins.length === 0) throw new CliError('--origin is required, e.g. --origin https://app.example.com.', 2, usage);
  for (const origin of origins) {
    const wrong = origin === 'null' ? [] : originProblems(origin).filter(p => p.error);
    if (wrong.length > 0 || origin.includes('*')) {
      const why = origin.includes('*') ? `${quote(origin)} has "*": an Origin header is one origin, never a pattern.` : wrong.map(p => p.message).join(' ');
      throw new CliError(`--origin: a browser never sends this origin: ${why}`, 2);
    }
  }
  return origins;
}

/** A --method a browser can send. */
export function readMethod(method: string): string {
  if (!isToken(method)) throw new CliError(`--method ${quote(method)} is not an HTTP method name (letters, digits and !#$%&'*+-.^_\`|~ only), e.g. GET or PUT.`, 2);
  if (FORBIDDEN_METHODS.includes(method.toUpperCase())) throw new CliError(`--method ${method}: browsers refuse to send ${method.toUpperCase()} (fetch() throws a TypeError).`, 2);
  return method;
}

/** Why a header value is one that fetch() or Node's HTTP client refuses to send, or undefined. */
function badHeaderValue(value: string): string | undefined {
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c === 0x0d || c === 0x0a) return 'a line break (CR or LF), which would end the header: fetch() throws a TypeError';
    if (c === 0) return 'a NUL character: fetch() throws a TypeError';
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return `a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')}), which no HTTP client sends in a header`;
    if (c > 0xff) return `${quote(ch)} (U+${c.toString(16).toUpperCase().padStart(4, '0')}), outside Latin-1: a header value is bytes, and fetch() throws a TypeError for it; percent-encode it`;
  }
  return undefined;
}

/** The --header values as the page sets them; a value no browser can send is a usage error. */
export function readHeaders(values: Record<string, unknown>): PageHeader[] {
  return ((values.header ?? []) as string[]).map(h => {
    const colon = h.indexOf(':');
    const name = (colon < 0 ? h : h.slice(0, colon)).trim();
    if (!isToken(name)) {
      throw new CliError(`--header ${quote(h)}: ${name === '' ? 'the header name is empty' : `${quote(name)} is not a header name (no spaces, colons or quotes)`}. Write --header x-amz-meta-owner or --header "content-type: image/png".`, 2);
    }
    const value = colon < 0 ? undefined : h.slice(colon + 1).trim();
    const bad = value === undefined ? undefined : badHeaderValue(value);
    if (bad) throw new CliError(`--header ${quote(h)}: the value has ${bad}. Give a value of printable characters, e.g. --header "content-type: image/png".`, 2);
    // Without a value the header cannot be judged safelisted: count it as not (a control byte makes sure).
    return { name, value: value ?? '\u0000' };
  });
}
