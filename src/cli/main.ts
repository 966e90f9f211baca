#!/usr/bin/env node
// cdk-s3-cors: generate, lint and check S3 CORS configurations from a terminal.
// Thin over the model: read arguments and files, call the model, print.
import { check } from './check';
import { generate } from './generate';
import { CliError, Io, processIo } from './io';
import { lint } from './lint';
import { probe } from './probe';
import { escapeControls } from '../common/quote';

const USAGE = `Usage: cdk-s3-cors <command> [options]

Commands:
  generate   print a CORS configuration for a preset and origins
  lint       report every problem in a CORS configuration file
  check      say what S3 answers a browser request, and why
  probe      ask a deployed bucket or distribution, and say what browsers will do

Options:
  -h, --help     this help
  -v, --version  the version of cdk-s3-cors

Run "cdk-s3-cors <command> --help" for a command's options.`;

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = { generate, lint, check, probe };

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  // "help lint" is "lint --help".
  if (command === 'help' && rest.length > 0) return main([rest[0], '--help'], io);
  if (command === '--version' || command === '-v') {
    io.stdout(version());
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`cdk-s3-cors: unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
    return 2;
  }
  // Whatever a command prints quotes its input: control characters are escaped before they reach a terminal.
  // A command's own line breaks stay; a value that carries one is escaped where it is quoted.
  const safe: Io = { ...io, stdout: text => io.stdout(escapeControls(text, true)), stderr: text => io.stderr(escapeControls(text, true)) };
  try {
    return await run(rest, safe);
  } catch (e) {
    if (e instanceof CliError) {
      if (rest.includes('--json')) {
        // --json means JSON on stdout, errors included.
        io.stdout(JSON.stringify({ error: e.message, exitCode: e.exitCode }, undefined, 2));
      } else {
        safe.stderr(`cdk-s3-cors ${command}: ${e.message}${e.usage ? `\n\n${e.usage}` : ''}`);
      }
      return e.exitCode;
    }
    throw e;
  }
}

/** The package's version, from the package.json beside lib/ (the same file npm installed). */
function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then(code => {
    process.exitCode = code;
  }, e => {
    process.stderr.write(`cdk-s3-cors: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 3;
  });
}
