// What CloudFormation's YAML reader accepts and the yaml package refuses: a
// flow collection ({...} or [...]) whose continuation lines are indented no
// deeper than the line that opened it, e.g.
//
//   Tags: {
//   'Solutions:SolutionID': SO0000,
//   }
//
// PyYAML (cfn-lint) and CloudFormation read it as the mapping it looks like;
// the yaml package stops the collection at the first such line. This module
// indents those lines one column deeper than the opening line, so the yaml
// package reads the same values, and says how many spaces it added to each
// line so that positions are given in the user's columns. It only adds spaces
// at the start of lines inside a flow collection, never inside a quoted
// scalar or a block scalar (`|`, `>`), so no value changes.

/** The text with continuation lines indented, and the spaces added per 1-based line; undefined when nothing needed it. */
export function indentFlowContinuations(text: string): { text: string; added: ReadonlyMap<number, number> } | undefined {
  const lines = text.split('\n');
  const added = new Map<number, number>();
  let depth = 0;
  let openIndent = 0;
  let quote: '"' | '\'' | undefined;
  // A block scalar's lines are text, not YAML: skipped while deeper than its key's line.
  let blockIndent: number | undefined;
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n];
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '' || line.trim() === '\r';
    if (blockIndent !== undefined) {
      if (blank || indent > blockIndent) continue;
      blockIndent = undefined;
    }
    if (depth > 0 && quote === undefined && !blank && indent <= openIndent) {
      const pad = openIndent + 1 - indent;
      line = ' '.repeat(pad) + line;
      lines[n] = line;
      added.set(n + 1, pad);
    }
    const lineIndent = line.length - line.trimStart().length;
    for (let i = lineIndent; i < line.length; i++) {
      const c = line[i];
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = undefined;
        continue;
      }
      if (quote === '\'') {
        if (c === '\'' && line[i + 1] === '\'') i++;
        else if (c === '\'') quote = undefined;
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
      if ((c === '"' || c === '\'') && startsValue(line, i, lineIndent)) {
        quote = c;
      } else if (c === '[' || c === '{') {
        // The owning key's column: after the indentation and any "- " of a sequence entry.
        if (depth === 0) openIndent = lineIndent + (/^(-\s+)*/.exec(line.slice(lineIndent))?.[0].length ?? 0);
        depth++;
      } else if ((c === ']' || c === '}') && depth > 0) {
        depth--;
      } else if (depth === 0 && (c === '|' || c === '>') && startsValue(line, i, lineIndent) && restIsBlockHeader(line, i + 1)) {
        blockIndent = lineIndent;
        break;
      }
    }
  }
  return added.size === 0 ? undefined : { text: lines.join('\n'), added };
}

/**
 * Whether position i starts a value (so a quote there opens a quoted scalar, not one inside a plain
 * scalar like it's): at the indentation, after ":", "-", "[", "{", "," or "?",
 * or after a tag (!Sub). Looks back over one run of spaces and one token only, so a line
 * costs time linear in its length however many quotes it holds.
 */
function startsValue(line: string, i: number, indent: number): boolean {
  let j = i - 1;
  while (j >= indent && (line[j] === ' ' || line[j] === '\t')) j--;
  if (j < indent) return true;
  if (':-[{,?'.includes(line[j])) return true;
  if (j === i - 1) return false;
  let k = j;
  while (k >= indent && line[k] !== ' ' && line[k] !== '\t') k--;
  return line[k + 1] === '!';
}

const BLOCK_HEADER_REST = /[-+0-9]*[ \t]*(#.*)?\r?$/y;

/** Whether the rest of a line after "|" or ">" is a block scalar header: indicators, then spaces and a comment at most. */
function restIsBlockHeader(line: string, from: number): boolean {
  BLOCK_HEADER_REST.lastIndex = from;
  return BLOCK_HEADER_REST.test(line);
}
