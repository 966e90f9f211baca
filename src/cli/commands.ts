// The CLI's commands, in the order --help lists them. A new command is one
// file exporting a Command (see ./command.ts) and one line here.
import { CHECK } from './check';
import { Command } from './command';
import { GENERATE } from './generate';
import { LINT } from './lint';
import { PROBE } from './probe';

export const COMMANDS: readonly Command[] = [GENERATE, LINT, CHECK, PROBE];
