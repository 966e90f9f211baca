// Positions in a source text: where each line starts and the 1-based line
// and column of an offset. Shared by every reader (the CORS JSON reader, the
// template reader); it knows nothing of what the text means.

/** A 1-based position in the source text. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/** Where each line starts: after "\n", "\r\n" or a lone "\r" (old Mac line endings). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let k = 0; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 0x0a || (ch === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) starts.push(k + 1);
  }
  return starts;
}

/** The 1-based line and column of an offset, given lineStarts(). */
export function toLocation(starts: number[], offset: number): SourceLocation {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}
