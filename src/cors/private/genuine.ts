// The configurations this copy of the library made, so constructs can trust a
// copy of their state. Not validation; a look-alike object is simply not genuine.
import { copyList, copyRule } from './copy';
import type { ParsedConfiguration } from './parse';

/**
 * The configurations this copy of the library made, with their state. A
 * construct given a CorsConfiguration works on a copy of that state rather
 * than on what the object's own methods or getters answer (plain JavaScript
 * can replace them, or hand in a look-alike).
 */
const STATE = new WeakMap<object, ParsedConfiguration>();
let make: ((parsed: ParsedConfiguration) => object) | undefined;

/** Called by CorsConfiguration: remembers each configuration's state, and how to make one. */
export function registerConfiguration(config: object, parsed: ParsedConfiguration, maker: (parsed: ParsedConfiguration) => object): void {
  STATE.set(config, parsed);
  make = maker;
}

/**
 * A new configuration with a copy of the given one's state, if this library
 * made it; undefined for anything else. Typed as an object so that this file
 * needs nothing of ../configuration (no import cycle): ../internal.ts gives
 * it its type.
 */
export function genuineCopy(config: unknown): object | undefined {
  // A WeakMap answers undefined for a key it never held, objects or not.
  const parsed = STATE.get(config as object);
  if (!parsed || !make) return undefined;
  return make({
    format: parsed.format,
    rules: copyList(parsed.rules).map(copyRule),
    findings: copyList(parsed.findings),
    malformed: new Set(parsed.malformed),
    locations: new Map(parsed.locations),
    // Equal rules validate alike: the copy shares what validating them found.
    validated: parsed.validated,
  });
}
