// How an origin was written in code, for messages. Kept beside the object;
// not part of what the origin means.
/**
 * How a value was written in code (`CorsOrigin.https("app.example.com", 443)`),
 * so that an error can point at the entry a user wrote when two spellings
 * render the same string. Kept beside the object, not on it: the public
 * shape of `CorsOrigin` stays what jsii exports.
 */
const SPELLINGS = new WeakMap<object, string>();

/** Remembers how `value` was written; returns it. */
export function spelled<T extends object>(value: T, spelling: string): T {
  SPELLINGS.set(value, spelling);
  return value;
}

/** How `value` was written, if it was made by a factory that says so (a WeakMap answers undefined for any other value). */
export function spellingOf(value: unknown): string | undefined {
  return SPELLINGS.get(value as object);
}
