import { IConstruct } from 'constructs';

/**
 * Throws one Error listing every problem with a construct's props, each on
 * its own line, so a user fixes them all in one round.
 */
export function throwIfProblems(what: string, scope: IConstruct, problems: readonly string[]): void {
  if (problems.length === 0) return;
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  throw new Error(`${what} '${scope.node.path}': ${count}:\n${problems.map(p => `  - ${p}`).join('\n')}`);
}
