// How a message shows text from the input: control characters escaped, values
// quoted and cut. Every message that quotes input goes through here, so no
// input can colour a terminal or split a line of output.

/**
 * Control characters (C0, DEL, C1), the line and paragraph separators and
 * lone surrogates as \\uXXXX, so that a value can neither colour a terminal,
 * nor split a line of output in two, nor make the text invalid Unicode.
 */
export function escapeControls(text: string, keepLineBreaks = false): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, c =>
    (keepLineBreaks && c === '\n' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** How many characters of a value a message quotes before it cuts. */
export const QUOTE_LIMIT = 200;

/**
 * A value as a message quotes it: JSON-quoted, every control character,
 * line separator and lone surrogate escaped, and cut after `max`
 * characters, saying how many more there were. The one way messages quote
 * a value from the input.
 */
export function quote(s: string, max = QUOTE_LIMIT): string {
  return cut(JSON.stringify(s.slice(0, cutAt(s, max))), s.length - cutAt(s, max));
}

/**
 * A value of any type as a message shows it: a string as quote() shows it;
 * anything else (a list, a number, a mapping from a template) as its JSON
 * text, escaped and cut the same way.
 */
export function quoteValue(v: unknown, max = QUOTE_LIMIT): string {
  if (typeof v === 'string') return quote(v, max);
  const text = JSON.stringify(v) ?? String(v);
  return cut(text.slice(0, cutAt(text, max)), text.length - cutAt(text, max));
}

/** Where a text of more than `max` characters is cut: never in the middle of a surrogate pair. */
function cutAt(s: string, max: number): number {
  if (s.length <= max) return s.length;
  return /[\ud800-\udbff]/.test(s[max - 1]) ? max - 1 : max;
}

function cut(shown: string, more: number): string {
  return `${escapeControls(shown)}${more > 0 ? `…(${more} more characters)` : ''}`;
}
