import { readConfiguration, readHeaders, readMethod, readOrigins } from './args';
import { Command, ParseArgsOptions } from './command';
import { CliError, Io, onePositional, ParsedArgs } from './io';
import { headerLines, print, verdictWord } from './print';
import { PageHeader, simulateFetch } from '../browser/fetch';
import { quote } from '../common/quote';
import { CorsFindingSeverity } from '../cors';
import { S3_METHODS } from '../cors/internal';

export const CHECK_USAGE = `Usage: cdk-s3-cors check <file | -> --origin <origin> --method <method> [--header <name[: value]> ...] [options]

Says what a browser does with a fetch() from a page on <origin> to a bucket with
this configuration: whether it sends a preflight, what S3 answers, whether the
browser lets the response through, the rule that matched or why none did, and
the fix for a near miss. The browser side follows the Fetch standard's CORS
rules (safelisted headers and their values, Access-Control-Request-Headers,
credentials on the preflight and the actual response).

Exit status: 0 allowed, 1 blocked (or S3 would refuse the configuration),
2 on bad usage (an unknown or repeated option, a method S3 does not know, a
file that is not a regular file), a file that is not JSON, or a request no
browser sends (a --header value with a line break, a control character or a
character beyond Latin-1, which fetch() refuses).

Options:
  --origin <origin>   the page's origin exactly as browsers send it, e.g. https://app.example.com
  --method <method>   the fetch() method: GET, PUT, HEAD, POST or DELETE (what S3 CORS rules
                      allow; PATCH and OPTIONS are answered, always blocked)
  --header <h>        a request header the page sets (repeatable): a name, or "name: value",
                      e.g. x-amz-meta-owner or "content-type: image/png" (a name without a
                      value counts as not safelisted, as an unknown value would)
  --credentials       the request carries cookies or auth (fetch credentials: "include")
  --json              print the result as JSON (errors too)
  -h, --help          this help

Not modelled: the browser's preflight cache, redirects, upload progress
listeners (which force a preflight), Private Network Access, CloudFront in
front of the bucket, and S3's answer to a missing bucket or object.`;

/** The page's request, read from the arguments; a request no browser sends is a usage error. */
function pageRequest(values: Record<string, unknown>): { origin: string; method: string; headers: PageHeader[] } {
  const origins = readOrigins(values, CHECK_USAGE);
  if (origins.length > 1) throw new CliError(`--origin was given ${origins.length} times; check takes one: run it once for each origin.`, 2);
  if (values.method === undefined) throw new CliError('--method is required, e.g. --method GET.', 2, CHECK_USAGE);
  return { origin: origins[0], method: readCheckMethod(values.method as string), headers: readHeaders(values) };
}

/** The methods S3 allows in a CORS rule, and the standard ones it answers (always refusing them). */
const KNOWN_METHODS = [...S3_METHODS, 'PATCH', 'OPTIONS'];

/** A --method for check: one S3 knows; any other name is most likely a typo. */
function readCheckMethod(method: string): string {
  readMethod(method);
  if (!KNOWN_METHODS.includes(method.toUpperCase())) {
    throw new CliError(`--method ${quote(method)} is not a method S3 knows: S3 CORS rules allow ${S3_METHODS.join(', ')} (and S3 answers PATCH and OPTIONS, always blocked). Give one of ${S3_METHODS.join(', ')}, e.g. --method GET.`, 2, CHECK_USAGE);
  }
  return method;
}

export const CHECK_OPTIONS: ParseArgsOptions = {
  origin: { type: 'string', multiple: true },
  method: { type: 'string' },
  header: { type: 'string', multiple: true },
  credentials: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
};

/** cdk-s3-cors check: what S3 answers a browser's request to a configuration, and why. */
export const CHECK: Command = {
  name: 'check',
  summary: 'say what S3 answers a browser request, and why',
  usage: CHECK_USAGE,
  options: CHECK_OPTIONS,
  run: check,
};

async function check({ values, positionals }: ParsedArgs, io: Io): Promise<number> {
  const file = onePositional(positionals, CHECK_USAGE);
  const { origin, method, headers } = pageRequest(values);
  const credentials = values.credentials === true;

  const config = await readConfiguration(file, io);
  // A configuration S3 refuses never reaches the bucket: say that first.
  const refused = config.validate().filter(f => f.severity === CorsFindingSeverity.ERROR && f.s3Rejects);

  // What the browser sends, what S3 answers, and what the browser makes of it.
  const { request, preflight, actual, allowed: browserAllows, explanation } = simulateFetch(config, origin, method, headers, credentials);
  const allowed = refused.length === 0 && browserAllows;

  print(io, values.json ? 'json' : 'text', {
    json: () => ({
      allowed,
      s3RefusesConfiguration: refused.length > 0,
      ...(refused.length > 0 ? { s3Refusals: refused.map(f => f.message) } : {}),
      request: {
        method: request.method,
        preflightSent: request.preflight,
        accessControlRequestHeaders: request.requestHeaders,
        droppedHeaders: request.dropped,
      },
      preflight,
      actual,
      explanation,
    }),
    lines: () => {
      const lines: string[] = [];
      if (refused.length > 0) {
        lines.push(`S3 WOULD REFUSE THIS CONFIGURATION (PutBucketCors fails, so the bucket keeps what it had): ${refused.map(f => f.message).join(' ')}`);
        lines.push(`If S3 accepted it as written: ${browserAllows ? 'allowed' : 'blocked'}.`);
      }
      lines.push(`${verdictWord(allowed)}: ${request.method} from ${origin}${headers.length ? ` with ${headers.map(h => h.name.toLowerCase()).join(', ')}` : ''}${credentials ? ', with credentials' : ''}`);
      if (request.dropped.length > 0) lines.push(`note: browsers do not let page code set ${request.dropped.join(', ')}; they are not sent`);
      if (preflight) {
        const asked = request.requestHeaders ? `, Access-Control-Request-Headers: ${request.requestHeaders}` : '';
        const status = `${preflight.statusCode}${preflight.errorCode ? ` ${preflight.errorCode} "${preflight.errorMessage}"` : ''}`;
        lines.push(`preflight: OPTIONS (Access-Control-Request-Method: ${request.method}${asked}) -> ${status}`);
      } else {
        lines.push('preflight: none (a simple request: the browser sends it without asking first)');
      }
      const decisive = preflight && !preflight.allowed ? preflight : actual ?? preflight;
      if (decisive?.matchedRuleIndex !== undefined) lines.push(`matched: rule ${decisive.matchedRuleIndex}`);
      const shown = { ...actual?.headers, ...(preflight?.allowed ? preflight.headers : {}) };
      if (Object.keys(shown).length > 0) lines.push('response headers:', ...headerLines(shown, '  '));
      else lines.push('response headers: no CORS headers');
      if (explanation) lines.push(explanation);
      return lines;
    },
  });
  return allowed ? 0 : 1;
}
