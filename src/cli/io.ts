import * as fs from 'fs';
import { parseArgs, ParseArgsConfig } from 'util';
import { quote } from '../common/quote';

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
    tokens: true as const,
  };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    throw new CliError((e as Error).message, 2, usage);
  }
  // parseArgs keeps the last of a single-valued option given twice, silently; the user meant one of them.
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== 'string' || option.multiple) continue;
    const given = parsed.tokens.flatMap(t => (t.kind === 'option' && t.name === name ? [t.value ?? ''] : []));
    if (given.length > 1) {
      throw new CliError(`--${name} was given ${given.length} times (${given.map(g => quote(g)).join(', ')}); it takes one value: run once for each.`, 2, usage);
    }
  }
  return { values: parsed.values, positionals: parsed.positionals };
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

/** What a path is when it is not a regular file, in words; undefined for a regular file. */
export function notAFile(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** O_RDONLY | O_NONBLOCK (where the platform has it), without bitwise arithmetic. */
const NONBLOCKING_READ = fs.constants.O_RDONLY + (fs.constants.O_NONBLOCK ?? 0);

export function refuseNonFile(file: string, what: string): CliError {
  const fix = what === 'a directory'
    ? 'name the file in it'
    : `name a file, or give "-" and pipe the input in (e.g. cat ${file} | cdk-s3-cors <command> -)${what.startsWith('a FIFO') ? '; reading a FIFO waits until something writes to it, so it is not opened' : ''}`;
  return new CliError(`cannot read ${file}: it is ${what}, not a regular file: ${fix}.`, 2);
}

/**
 * Reads a regular file, at most `limit + 1` bytes. Anything else (a FIFO, a
 * directory, a device, a socket) is refused before it is opened, so that
 * nothing blocks; the open is non-blocking and checked again, in case the
 * path changed in between.
 */
function readBounded(file: string, limit: number): Buffer {
  let fd: number;
  try {
    const what = notAFile(fs.statSync(file));
    if (what) throw refuseNonFile(file, what);
    // Non-blocking, so that a path swapped for a FIFO since the stat above cannot block the open.
    fd = fs.openSync(file, NONBLOCKING_READ);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`, 2);
  }
  try {
    const what = notAFile(fs.fstatSync(fd));
    if (what) throw refuseNonFile(file, what);
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, limit + 1 - size));
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${(e as Error).message}`, 2);
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
