/**
 * How many runs a property test makes: `n` in npm test; scaled by FC_SCALE
 * when set (npm run test:mutation sets 0.1, since StrykerJS reruns the tests
 * for every mutant). Never fewer than 5.
 */
export const SCALE = Number(process.env.FC_SCALE ?? 1);

export function runs(n: number, seed?: number): { numRuns: number; seed?: number } {
  return { numRuns: Math.max(5, Math.round(n * SCALE)), ...(seed === undefined ? {} : { seed }) };
}
