import { main } from '../../src/cli/main';

/** Runs a CLI command in-process, as the executable does minus process startup: exit code, stdout and stderr. */
export async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdinIsTerminal: false,
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    readStdin: async () => Buffer.alloc(0),
  };
  // A throw escapes: the executable would print a stack trace.
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
