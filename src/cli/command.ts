// One command of the CLI, as the table in ./commands.ts lists it: main.ts
// builds --help and the dispatch from that table, so adding a command is one
// file (exporting a Command) and one line there.
import { ParseArgsConfig } from 'util';
import { Io, ParsedArgs } from './io';

/** The options a command takes, as util.parseArgs reads them (-h/--help is added for every command). */
export type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  /** What the user types: `cdk-s3-cors <name>`. */
  readonly name: string;
  /** One line for `cdk-s3-cors --help`. */
  readonly summary: string;
  /** The command's --help text, also printed after a usage error. */
  readonly usage: string;
  /** Its options; main.ts parses them strictly before run() (an unknown flag is a usage error). */
  readonly options: ParseArgsOptions;
  /** Runs the command on parsed arguments (never with --help); resolves to the exit status. */
  run(args: ParsedArgs, io: Io): Promise<number>;
}
