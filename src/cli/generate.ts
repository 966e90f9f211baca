import { CorsFindingSeverity, CorsJsonFormat, CorsPreset } from '../cors';
import { Command, ParseArgsOptions } from './command';
import { CliError, Io, ParsedArgs } from './io';
import { findingLine, printLines } from './print';
import { quote } from '../common/quote';
import { broadOriginReason, MAX_INT32, writeMethods } from '../cors/internal';

const FORMATS: Record<string, CorsJsonFormat | 'xml'> = {
  console: CorsJsonFormat.CONSOLE,
  s3api: CorsJsonFormat.S3API,
  cloudformation: CorsJsonFormat.CLOUDFORMATION,
  xml: 'xml',
};

export const GENERATE_USAGE = `Usage: cdk-s3-cors generate --preset <name> --origin <origin> [--origin <origin> ...] [options]

Prints a CORS configuration to paste into the S3 console (the default format).
For the AWS CLI, which wants {"CORSRules": [...]}, add --format s3api:
  cdk-s3-cors generate ... --format s3api > cors.json
  aws s3api put-bucket-cors --bucket <bucket> --cors-configuration file://cors.json

Options:
  --preset <name>          ${CorsPreset.all().map(p => p.name).join(' | ')}
  --origin <origin>        an origin browsers send, e.g. https://app.example.com or http://localhost:3000 (repeatable; "*" for any)
  --max-age <seconds>      Access-Control-Max-Age (default: the preset's, 3000)
  --expose-header <name>   replaces the preset's ExposeHeaders (repeatable)
  --allowed-header <name>  replaces the preset's AllowedHeaders (repeatable)
  --format <format>        console (default) | s3api | cloudformation | xml
  --allow-any-origin-for-writes
                           accept "*" with a preset that writes (refused otherwise)
  -h, --help               this help

Presets:
${CorsPreset.all().map(p => `  ${p.name.padEnd(18)} ${p.props.allowedMethods.join(', ')}`).join('\n')}`;

const GENERATE_OPTIONS: ParseArgsOptions = {
  'preset': { type: 'string' },
  'origin': { type: 'string', multiple: true },
  'max-age': { type: 'string' },
  'expose-header': { type: 'string', multiple: true },
  'allowed-header': { type: 'string', multiple: true },
  'format': { type: 'string', default: 'console' },
  'allow-any-origin-for-writes': { type: 'boolean', default: false },
};

/** cdk-s3-cors generate: a preset's configuration for given origins, in any of S3's forms. */
export const GENERATE: Command = {
  name: 'generate',
  summary: 'print a CORS configuration for a preset and origins',
  usage: GENERATE_USAGE,
  options: GENERATE_OPTIONS,
  run: generate,
};

async function generate({ values, positionals }: ParsedArgs, io: Io): Promise<number> {
  if (positionals.length > 0) throw new CliError(`unexpected argument ${quote(positionals[0])}.`, 2, GENERATE_USAGE);
  if (!values.preset) {
    const presets = CorsPreset.all();
    throw new CliError(`--preset is required: it names the kind of access browsers get, one of ${presets.map(p => `${p.name} (${p.props.allowedMethods.join(', ')})`).join(', ')}. `
      + `Add it, e.g. cdk-s3-cors generate --preset ${presets[0].name} --origin https://app.example.com.`, 2, GENERATE_USAGE);
  }
  const origins = (values.origin ?? []) as string[];
  if (origins.length === 0) throw new CliError('at least one --origin is required, e.g. --origin https://app.example.com.', 2, GENERATE_USAGE);
  const format = FORMATS[values.format as string];
  if (!format) throw new CliError(`--format ${quote(values.format as string)} is not one of: ${Object.keys(FORMATS).join(', ')}.`, 2, GENERATE_USAGE);

  let preset: CorsPreset;
  try {
    preset = CorsPreset.fromName(values.preset as string);
  } catch (e) {
    throw new CliError((e as Error).message, 2, GENERATE_USAGE);
  }
  let maxAgeSeconds: number | undefined;
  if (values['max-age'] !== undefined) {
    maxAgeSeconds = Number(values['max-age']);
    if (!/^\d+$/.test(values['max-age'] as string)) {
      throw new CliError(`--max-age ${quote(values['max-age'] as string)} is not a whole number of seconds; use e.g. --max-age 3000.`, 2, GENERATE_USAGE);
    }
    if (maxAgeSeconds > MAX_INT32) {
      throw new CliError(`--max-age ${values['max-age']} is beyond what S3 stores (a 32-bit whole number, at most ${MAX_INT32}); browsers cap it at 7200 (Chromium) or 86400 (Firefox) anyway. Use e.g. --max-age 3000.`, 2);
    }
  }
  preset = preset.withChanges({
    maxAgeSeconds,
    exposedHeaders: values['expose-header'] as string[] | undefined,
    allowedHeaders: values['allowed-header'] as string[] | undefined,
  });

  const writes = writeMethods(preset.props.allowedMethods).length > 0;
  const open = origins.find(o => broadOriginReason(o) !== undefined);
  if (writes && open !== undefined && !values['allow-any-origin-for-writes']) {
    const why = open === '*' ? '' : ` (as open as "*": ${broadOriginReason(open)})`;
    throw new CliError(`--origin ${quote(open)}${why} with the ${preset.name} preset lets any website make its visitors' browsers write to the bucket. List your web app's origins, or add --allow-any-origin-for-writes if that is really what you want.`, 1);
  }

  const config = preset.configuration(origins);
  const findings = config.validate();
  const errors = findings.filter(f => f.severity === CorsFindingSeverity.ERROR);
  // The findings are notes on standard error; the configuration, when S3 takes it, is the output.
  const notes = findings.map(f => findingLine({
    severity: f.severity.toLowerCase(),
    ruleId: f.code,
    // The user wrote --origin values, not AllowedOrigins[k]: name the flag.
    message: f.message.replace(/AllowedOrigins\[(\d+)\]/, (_, k) => `--origin #${Number(k) + 1}`),
  }));
  printLines(io.stderr, notes);
  if (errors.length > 0) return 1;
  printLines(io.stdout, [format === 'xml' ? config.toXml().trimEnd() : config.toJson(format)]);
  return 0;
}
