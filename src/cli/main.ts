#!/usr/bin/env node
// cdk-s3-cors: generate, lint and check S3 CORS configurations from a terminal.
// Thin over the model: read arguments and files, call the model, print.
import { COMMANDS } from './commands';
import { CliError, Io, parse, processIo } from './io';
import { printError, printLines } from './print';
import { packageVersion } from '../common/package-version';
import { escapeControls, quote } from '../common/quote';

const USAGE = `Usage: cdk-s3-cors <command> [options]

Commands:
${COMMANDS.map(c => `  ${c.name.padEnd(11)}${c.summary}`).join('\n')}

Options:
  -h, --help     this help
  -v, --version  the version of cdk-s3-cors

Run "cdk-s3-cors <command> --help" for a command's options.`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  // "help lint" is "lint --help".
  if (command === 'help' && rest.length > 0) return main([rest[0], '--help'], io);
  if (command === '--version' || command === '-v') {
    printLines(io.stdout, [packageVersion()]);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    printLines(command === undefined ? io.stderr : io.stdout, [USAGE]);
    return command === undefined ? 2 : 0;
  }
  const cmd = COMMANDS.find(c => c.name === command);
  if (!cmd) {
    printLines(io.stderr, [`cdk-s3-cors: unknown command ${quote(command)}.\n\n${USAGE}`]);
    return 2;
  }
  // Commands print through ./print.ts, which escapes what came from the input. This is the second line of
  // defence, for anything written around it: control characters are escaped before they reach a terminal
  // (a command's own line breaks stay; a value that carries one is escaped where it is quoted).
  const safe: Io = { ...io, stdout: text => io.stdout(escapeControls(text, true)), stderr: text => io.stderr(escapeControls(text, true)) };
  try {
    const parsed = parse(rest, cmd.options, cmd.usage);
    if (parsed.values.help) {
      printLines(safe.stdout, [cmd.usage]);
      return 0;
    }
    return await cmd.run(parsed, safe);
  } catch (e) {
    if (e instanceof CliError) {
      printError(safe, command, e, rest.includes('--json'));
      return e.exitCode;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then(code => {
    process.exitCode = code;
  }, e => {
    process.stderr.write(`cdk-s3-cors: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 3;
  });
}
