import * as fs from 'fs';
import { parseArgs, ParseArgsConfig } from 'util';

/** Where a command reads and writes; the real process, or a test's buffers. */
export interface Io {
  /** Whether standard input is a terminal (nobody is piping anything in). */
  readonly stdinIsTerminal: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input as bytes, at most `limit + 1` of them (so that "too large" can be told). */
  readStdin(limit: number): Promise<Buffer>;
}

/**
 * The most a command reads: S3's own limit on a CORS document is 64 KB;
 * CloudFormation templates are larger, so the bound leaves room for them.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export function processIo(): Io {
  return {
    stdout: text => process.stdout.write(`${text}\n`),
    stderr: text => process.stderr.write(`${text}\n`),
    stdinIsTerminal: process.stdin.isTTY === true,
    readStdin: async limit => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > limit) break;
      }
      return Buffer.concat(chunks);
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

/**
 * Reads a file, or standard input for "-", as bytes: at most MAX_INPUT_BYTES
 * (a larger input, or an endless one such as /dev/zero, is refused without
 * reading the rest).
 */
export async function readInputBytes(file: string, io: Io, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  let bytes: Buffer;
  if (file === '-') {
    if (io.stdinIsTerminal) io.stderr('reading a CORS configuration from standard input (paste it, then press Ctrl-D; Ctrl-C to stop) ...');
    bytes = await io.readStdin(limit);
  } else {
    bytes = readBounded(file, limit);
  }
  if (bytes.length > limit) {
    throw new CliError(`${file === '-' ? 'standard input' : file} is larger than ${limit / 1024 / 1024} MiB, so it was not read to the end. S3 takes a CORS configuration of at most 64 KB and CloudFormation a template of at most 1 MB; name the file that holds one.`, 2);
  }
  return bytes;
}

/** The text of an input, read as UTF-8; UTF-16 (what some Windows editors save) is named, not misread. */
export async function readInput(file: string, io: Io): Promise<string> {
  const bytes = await readInputBytes(file, io);
  const name = file === '-' ? 'standard input' : file;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
    || (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0)
    || (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0);
  if (utf16) {
    throw new CliError(`${name} is UTF-16 text; the S3 console and the AWS CLI take UTF-8. Save it as UTF-8 (without a byte order mark) and run again.`, 2);
  }
  return bytes.toString('utf8');
}

function readBounded(file: string, limit: number): Buffer {
  // Opening a FIFO blocks until something writes to it, and a device may never end: refuse both before opening.
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file);
  } catch {
    st = undefined; // the open below names the cause
  }
  if (st && !st.isFile() && !st.isDirectory()) {
    throw new CliError(`${file} is not a regular file (a FIFO, socket or device); name a file, or "-" to read standard input.`, 2);
  }
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`, 2);
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, limit + 1 - size));
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new CliError(`cannot read ${file}: ${code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`, 2);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      size += n;
      if (size > limit) break;
    }
    return Buffer.concat(chunks);
  } finally {
    fs.closeSync(fd);
  }
}

/** The single positional argument (a file or "-"). */
export function onePositional(positionals: string[], usage: string): string {
  if (positionals.length !== 1) {
    throw new CliError(positionals.length === 0 ? 'name a file, or "-" for standard input.' : `expected one file, got ${positionals.length}: ${positionals.join(' ')}`, 2, usage);
  }
  return positionals[0];
}
