// How a finding that holds only under some conditions says which.

/** "(when the condition A is true and B is false)": the conditions whose truth is the same in every reading listed. */
export function whenConditions(readings: ReadonlyArray<ReadonlyArray<readonly [string, boolean]>>, where: readonly number[]): string {
  const fixed = (readings[0] ?? []).flatMap(([name], c) => {
    const values = new Set(where.map(i => readings[i][c][1]));
    return values.size === 1 ? [`${name} is ${[...values][0]}`] : [];
  });
  return fixed.length > 0 ? `(when the condition ${fixed.join(' and ')})` : '';
}
