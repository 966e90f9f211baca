import { CorsConfiguration, CorsEvaluation } from '../cors';
import { CliError, Io, onePositional, parse, readInput } from './io';
import { browserPreflights, refusedWithCredentials } from '../cors/private/browser';
import { CorsJsonSyntaxError } from '../cors/private/parse';

export const CHECK_USAGE = `Usage: cdk-s3-cors check <file | -> --origin <origin> --method <method> [--header <name> ...] [options]

Says what S3 answers a browser's request under this configuration: allowed
or blocked, the preflight if the browser sends one, the CORS headers, the
rule that matched or why none did, and the fix for a near miss.

Exit status: 0 allowed, 1 blocked, 2 on bad usage or a file that is not JSON.

Options:
  --origin <origin>   the page's origin, e.g. https://app.example.com
  --method <method>   GET, HEAD, PUT, POST or DELETE
  --header <name>     a request header the page sets (repeatable), e.g. x-amz-meta-owner or
                      "content-type: text/plain" (content-type without a value counts as non-simple)
  --credentials       the request carries cookies or auth (fetch credentials: "include")
  --json              print the evaluation as JSON
  -h, --help          this help`;

export async function check(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    origin: { type: 'string' },
    method: { type: 'string' },
    header: { type: 'string', multiple: true },
    credentials: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  }, CHECK_USAGE);
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  const file = onePositional(positionals, CHECK_USAGE);
  if (!values.origin) throw new CliError('--origin is required, e.g. --origin https://app.example.com.', 2, CHECK_USAGE);
  if (!values.method) throw new CliError('--method is required, e.g. --method GET.', 2, CHECK_USAGE);
  const method = (values.method as string).toUpperCase();
  const given = ((values.header ?? []) as string[]).map(h => {
    const [name, ...value] = h.split(':');
    return { name: name.trim().toLowerCase(), value: value.join(':').trim().toLowerCase() };
  });
  const headers = given.map(h => h.name);
  const origin = values.origin as string;

  let config: CorsConfiguration;
  try {
    config = CorsConfiguration.fromJson(await readInput(file, io));
  } catch (e) {
    if (e instanceof CorsJsonSyntaxError) throw new CliError(`${file}:${e.line}:${e.column}: ${e.reason} (run "cdk-s3-cors lint ${file}" for details)`, 2);
    throw e;
  }

  // What the browser does: a preflight first unless the request is "simple".
  const needsPreflight = browserPreflights(method, given);
  const preflight = needsPreflight
    ? config.evaluate({ method: 'OPTIONS', origin, accessControlRequestMethod: method, accessControlRequestHeaders: headers.length ? headers.join(',') : undefined })
    : undefined;
  const actual = config.evaluate({ method, origin });
  const credentialBlock = values.credentials && refusedWithCredentials(actual);
  const allowed = (preflight?.allowed ?? true) && actual.allowed && !credentialBlock;
  const decisive: CorsEvaluation = preflight && !preflight.allowed ? preflight : actual;
  let why = decisive.explanation;
  if (allowed === false && credentialBlock && decisive.allowed) {
    why = `Rule ${actual.matchedRuleIndex} answers "Access-Control-Allow-Origin: *", which browsers refuse for a request with credentials: list "${origin}" in AllowedOrigins of a rule before it (S3 then echoes the origin and allows credentials).`;
  }

  if (values.json) {
    io.stdout(JSON.stringify({ allowed, preflight, actual, explanation: why }, undefined, 2));
    return allowed ? 0 : 1;
  }
  const lines = [`${allowed ? 'ALLOWED' : 'BLOCKED'}: ${method} from ${origin}${headers.length ? ` with ${headers.join(', ')}` : ''}`];
  if (preflight) {
    lines.push(`preflight: OPTIONS -> ${preflight.statusCode}${preflight.errorCode ? ` ${preflight.errorCode} "${preflight.errorMessage}"` : ''}`);
  } else {
    lines.push('preflight: none (a simple request: the browser sends it without asking first)');
  }
  if (decisive.matchedRuleIndex !== undefined) lines.push(`matched: rule ${decisive.matchedRuleIndex}`);
  const shown = preflight && !preflight.allowed ? {} : { ...actual.headers, ...preflight?.headers };
  if (Object.keys(shown).length > 0) {
    lines.push('response headers:');
    for (const [k, v] of Object.entries(shown)) lines.push(`  ${k}: ${v}`);
  } else {
    lines.push('response headers: no CORS headers');
  }
  lines.push(why);
  io.stdout(lines.join('\n'));
  return allowed ? 0 : 1;
}
