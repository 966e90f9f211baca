import { IConstruct } from 'constructs';
import { escapeControls } from '../common/quote';

/**
 * Throws one Error listing every problem with a construct's props, each on
 * its own line, so a user fixes them all in one round. Whatever a problem
 * quotes from the input, no control character, line separator or lone
 * surrogate reaches the message raw.
 */
export function throwIfProblems(what: string, scope: IConstruct, problems: readonly string[]): void {
  if (problems.length === 0) return;
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  throw new Error(`${what} '${scope.node.path}': ${count}:\n${problems.map(p => `  - ${escapeControls(p)}`).join('\n')}`);
}
