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
  if (s.length <= max) return escapeControls(JSON.stringify(s));
  // Never cut a surrogate pair in two.
  const end = /[\ud800-\udbff]/.test(s[max - 1]) ? max - 1 : max;
  return `${escapeControls(JSON.stringify(s.slice(0, end)))}…(${s.length - end} more characters)`;
}
