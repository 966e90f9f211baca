// Strict JSON, as the S3 console, the AWS CLI and CloudFormation read it, with
// friendly reasons for what people get wrong (a trailing comma, comments, a
// byte order mark, curly quotes, XML or YAML pasted instead). Shared by the
// CORS reader and the template reader. It parses; it does not know what a CORS
// rule or a template is.
import { Node, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { lineStarts, toLocation } from './positions';

/**
 * Text that cannot be read, with where and why. `line` and `column` (1-based)
 * point at the cause. Each reader throws its own subclass, with its own
 * message and name.
 */
export class TextSyntaxError extends Error {
  constructor(public readonly line: number, public readonly column: number, public readonly reason: string,
    message = `line ${line}, column ${column}: ${reason}`) {
    super(message);
    this.name = 'TextSyntaxError';
  }
}

/**
 * The offset where bracket nesting first exceeds `max`, skipping double-quoted
 * strings; one pass, no recursion. A stray closing bracket does not buy depth.
 * Also the template reader's guard (src/checks/readers/cloudformation/template.ts).
 */
export function tooDeepAt(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (inString) {
      if (ch === 0x5c) k++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return k;
    } else if (ch === 0x5d || ch === 0x7d) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/**
 * Strict JSON with friendly reasons ("trailing comma", comments, a byte order
 * mark). Text nested deeper than `maxDepth` is refused with `tooDeep` as the
 * reason, before any recursive parser sees it. Throws a TextSyntaxError whose
 * line and column point at the cause (for a trailing comma: at the comma);
 * each reader wraps it in its own error, so all say the same at the same place.
 */
export function parseStrictJson(text: string, maxDepth: number, tooDeep: string): Node {
  const deep = tooDeepAt(text, maxDepth);
  if (deep !== undefined) {
    const loc = toLocation(lineStarts(text), deep);
    throw new TextSyntaxError(loc.line, loc.column, tooDeep);
  }
  let nativeError: Error | undefined;
  try {
    JSON.parse(text);
  } catch (e) {
    nativeError = e as Error;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (!nativeError && root && errors.length === 0) return root;

  const lines = lineStarts(text);
  const notJson = whatItIs(text);
  if (notJson) throw new TextSyntaxError(notJson.line, notJson.column, notJson.reason);
  const first = errors[0];
  if (!first) {
    // jsonc-parser is more lenient than JSON.parse here; report what JSON.parse said.
    throw new TextSyntaxError(1, 1, nativeError?.message ?? 'not valid JSON');
  }
  const trailing = trailingCommaBefore(text, first.offset);
  const code = printParseErrorCode(first.error);
  if (trailing !== undefined && (code === 'ValueExpected' || code === 'PropertyNameExpected')) {
    const loc = toLocation(lines, trailing);
    const inArray = text[first.offset] === ']';
    throw new TextSyntaxError(loc.line, loc.column,
      `trailing comma after the last ${inArray ? 'element of an array' : 'property of an object'}. JSON does not allow it (the S3 console refuses it too): remove this comma.`);
  }
  const loc = toLocation(lines, first.offset);
  throw new TextSyntaxError(loc.line, loc.column, reasonFor(first, text));
}

/** Text that is not JSON at all, named: a byte order mark, S3's XML form, YAML. */
function whatItIs(text: string): { line: number; column: number; reason: string } | undefined {
  if (text.charCodeAt(0) === 0xfeff) {
    return { line: 1, column: 1, reason: 'the text starts with a byte order mark (U+FEFF), which the S3 console and the AWS CLI refuse: save the file as UTF-8 without a byte order mark.' };
  }
  const start = text.search(/\S/);
  if (start < 0) return undefined;
  const at = toLocation(lineStarts(text), start);
  if (text[start] === '<') {
    return {
      ...at,
      reason: /<CORSConfiguration[\s>]/.test(text)
        ? 'this is S3\'s XML form (<CORSConfiguration>); this command takes JSON: the S3 console form, an array of rules such as [{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"]}].'
        : 'this is XML or HTML, not JSON; a CORS configuration is a JSON array of rules such as [{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"]}].',
    };
  }
  if (!'[{"'.includes(text[start]) && /^(\s*(-\s|[A-Za-z_][\w-]*\s*:(\s|$))|---)/m.test(text)) {
    return { ...at, reason: 'this looks like YAML, not JSON; a CORS configuration for the S3 console or the AWS CLI is a JSON array of rules such as [{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"]}].' };
  }
  return undefined;
}

function trailingCommaBefore(text: string, offset: number): number | undefined {
  const ch = text[offset];
  if (ch !== ']' && ch !== '}') return undefined;
  let k = offset - 1;
  while (k >= 0 && /\s/.test(text[k])) k--;
  return text[k] === ',' ? k : undefined;
}

/** Characters that show as nothing (or as a plain space) in an editor, by their Unicode names. */
const INVISIBLE = new Map<string, string>(([
  [0x00AD, 'SOFT HYPHEN'], [0x180E, 'MONGOLIAN VOWEL SEPARATOR'], [0x2000, 'EN QUAD'], [0x2001, 'EM QUAD'], [0x2002, 'EN SPACE'],
  [0x2003, 'EM SPACE'], [0x2004, 'THREE-PER-EM SPACE'], [0x2005, 'FOUR-PER-EM SPACE'], [0x2006, 'SIX-PER-EM SPACE'],
  [0x2007, 'FIGURE SPACE'], [0x2008, 'PUNCTUATION SPACE'], [0x2009, 'THIN SPACE'], [0x200A, 'HAIR SPACE'], [0x200B, 'ZERO WIDTH SPACE'],
  [0x200C, 'ZERO WIDTH NON-JOINER'], [0x200D, 'ZERO WIDTH JOINER'], [0x200E, 'LEFT-TO-RIGHT MARK'], [0x200F, 'RIGHT-TO-LEFT MARK'],
  [0x2028, 'LINE SEPARATOR'], [0x2029, 'PARAGRAPH SEPARATOR'], [0x202A, 'LEFT-TO-RIGHT EMBEDDING'], [0x202B, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202C, 'POP DIRECTIONAL FORMATTING'], [0x202D, 'LEFT-TO-RIGHT OVERRIDE'], [0x202E, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x202F, 'NARROW NO-BREAK SPACE'], [0x205F, 'MEDIUM MATHEMATICAL SPACE'], [0x2060, 'WORD JOINER'], [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'], [0x2068, 'FIRST STRONG ISOLATE'], [0x2069, 'POP DIRECTIONAL ISOLATE'], [0x3000, 'IDEOGRAPHIC SPACE'],
  [0xFEFF, 'ZERO WIDTH NO-BREAK SPACE (byte order mark)'],
] as Array<[number, string]>).map(([c, name]) => [String.fromCharCode(c), name]));

function reasonFor(e: ParseError, text: string): string {
  const ch = text[e.offset];
  // jsonc-parser's ParseErrorCode is a const enum; its printed names are stable strings. It never reports
  // InvalidNumberFormat (its scanner reads only valid numbers) nor, with comments disallowed, UnexpectedEndOfComment.
  switch (printParseErrorCode(e.error)) {
    case 'InvalidSymbol':
      if (ch === "'") return 'strings must be in double quotes ("), not single quotes.';
      if (ch === '\u00a0') return 'a non-breaking space (U+00A0), as pasted from a web page or a chat: replace it with a plain space.';
      if (ch === '“' || ch === '”') return 'curly quotes are not JSON quotes: use straight double quotes (").';
      if (INVISIBLE.has(ch)) return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} ${INVISIBLE.get(ch)}, invisible (pasted from a web page, a chat or a word processor): delete the character at this position.`;
      return `unexpected ${JSON.stringify(text.substr(e.offset, Math.max(1, Math.min(e.length, 20))))}. Check for a missing quote, comma or bracket.`;
    case 'PropertyNameExpected': return 'expected a property name in double quotes, e.g. "AllowedOrigins".';
    case 'ValueExpected': return text.trim() === '' ? 'the text is empty; expected a JSON array of CORS rules.' : 'expected a value (a string, number, array or object).';
    case 'ColonExpected': return 'expected ":" after the property name.';
    case 'CommaExpected':
      // jsonc-parser reads "01" as 0, then a stray 1.
      if (/[^\d.eE+-]0$/.test(text.slice(Math.max(0, e.offset - 2), e.offset)) && /\d/.test(ch)) return 'a number cannot start with 0 (JSON has no leading zeros): write 1, not 01.';
      return 'expected "," between two elements: a comma is missing before this point.';
    case 'CloseBraceExpected': return 'expected "}": an object is not closed.';
    case 'CloseBracketExpected': return 'expected "]": an array is not closed.';
    case 'EndOfFileExpected': return 'unexpected text after the end of the JSON value. Paste one configuration only.';
    case 'InvalidCommentToken': return 'comments are not allowed in JSON; remove them.';
    case 'UnexpectedEndOfString': return 'a string is not closed: a double quote is missing.';
    case 'UnexpectedEndOfNumber': return 'a number is cut off.';
    case 'InvalidUnicode': return 'invalid \\u escape in a string.';
    case 'InvalidEscapeCharacter': return 'invalid escape in a string (only \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX are allowed).';
    case 'InvalidCharacter': return 'a control character (such as a raw tab or line break) inside a string; escape it or remove it.';
    default: return 'not valid JSON.';
  }
}

