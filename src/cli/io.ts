import * as fs from 'fs';
import { parseArgs, ParseArgsConfig } from 'util';

/** Where a command reads and writes; the real process, or a test's buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

export function processIo(): Io {
  return {
    stdout: text => process.stdout.write(`${text}\n`),
    stderr: text => process.stderr.write(`${text}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** An error the user can fix: printed without a stack trace, with the command's usage when it is about arguments. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode = 2, public readonly usage?: string) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What parse() returns: option values by name, and the positional arguments. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  readonly positionals: string[];
}

/** Strict argument parsing: an unknown flag or a missing value is a usage error (exit 2). */
export function parse(args: string[], options: Options, usage: string): ParsedArgs {
  const config = {
    args,
    options: { ...options, help: { type: 'boolean' as const, short: 'h' } },
    allowPositionals: true as const,
    strict: true as const,
  };
  try {
    return parseArgs(config);
  } catch (e) {
    throw new CliError((e as Error).message, 2, usage);
  }
}

/** Reads a file, or standard input for "-". */
export async function readInput(file: string, io: Io): Promise<string> {
  if (file === '-') return io.readStdin();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 2);
  }
}

/** The single positional argument (a file or "-"). */
export function onePositional(positionals: string[], usage: string): string {
  if (positionals.length !== 1) {
    throw new CliError(positionals.length === 0 ? 'name a file, or "-" for standard input.' : `expected one file, got ${positionals.length}: ${positionals.join(' ')}`, 2, usage);
  }
  return positionals[0];
}
