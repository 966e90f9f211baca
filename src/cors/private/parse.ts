import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { Node, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { CorsFinding, CorsJsonFormat } from '../types';
import { CorsField, FIELDS, fieldName, RULE_PROPERTY, rulesKey, suggestField } from './fields';
import { errorFinding, REJECTED, warningFinding, where } from './finding';

/** A 1-based position in the source text. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/** What the parser knows beyond the rules themselves. */
export interface ParsedConfiguration {
  readonly format: CorsJsonFormat;
  readonly rules: CorsRule[];
  /** Problems of shape (unknown keys, wrong types) found while reading. */
  readonly findings: CorsFinding[];
  /** Places already reported as the wrong type: `"i"` for a rule, `"i.Field"` for a field. */
  readonly malformed: Set<string>;
  /** Source positions keyed by `locationKey()`. */
  readonly locations: Map<string, SourceLocation>;
}

/** The key under which a place's source position is stored. */
export function locationKey(ruleIndex?: number, field?: string, valueIndex?: number): string {
  if (ruleIndex === undefined) return '';
  let k = `${ruleIndex}`;
  if (field !== undefined) k += `.${field}`;
  if (valueIndex !== undefined) k += `.${valueIndex}`;
  return k;
}

/**
 * The error thrown for text that is not JSON. `line` and `column` point at
 * the cause (for a trailing comma: at the comma).
 */
export class CorsJsonSyntaxError extends Error {
  constructor(public readonly line: number, public readonly column: number, public readonly reason: string) {
    super(`Invalid CORS configuration JSON at line ${line}, column ${column}: ${reason}`);
    this.name = 'CorsJsonSyntaxError';
  }
}

/** Parses any of the three JSON dialects; throws CorsJsonSyntaxError on text that is not JSON. */
export function parseCorsJson(text: string): ParsedConfiguration {
  const root = parseStrictJson(text);
  const lines = lineStarts(text);
  const at = (offset: number) => toLocation(lines, offset);
  const findings: CorsFinding[] = [];
  const malformed = new Set<string>();
  const locations = new Map<string, SourceLocation>();
  locations.set('', at(root.offset));

  let format = CorsJsonFormat.CONSOLE;
  let rulesNode: Node | undefined;
  if (root.type === 'array') {
    rulesNode = root;
  } else if (root.type === 'object') {
    for (const prop of lastProperties(root, findings, undefined, at)) {
      const key = prop.children![0].value as string;
      if (key === 'CORSRules' || key === 'CorsRules') {
        if (rulesNode) {
          findings.push(at2(errorFinding('unknown-field',
            `configuration: both "CORSRules" (s3api form) and "CorsRules" (CloudFormation form) are given; only "${key}" is read here and the other list is ignored, and S3 refuses the unknown key. Keep one list.`, {}, REJECTED), at(prop.offset)));
        }
        format = key === 'CORSRules' ? CorsJsonFormat.S3API : CorsJsonFormat.CLOUDFORMATION;
        rulesNode = prop.children![1];
      } else {
        const hint = /^cors_?rules$/i.test(key)
          ? ' Did you mean "CORSRules" (s3api) or "CorsRules" (CloudFormation)?'
          : ' The top level holds only "CORSRules" (s3api form) or "CorsRules" (CloudFormation form); the S3 console form is a bare array of rules.';
        findings.push(at2(errorFinding('unknown-field', `configuration: unknown key "${key}".${hint}`, {}, REJECTED), at(prop.offset)));
      }
    }
    if (rulesNode && rulesNode.type !== 'array') {
      findings.push(at2(errorFinding('invalid-type',
        `configuration: "${rulesKey(format)}" must be an array of rules, got ${describe(rulesNode)}. Write "${rulesKey(format)}": [ { ... } ].`, {}, REJECTED), at(rulesNode.offset)));
      rulesNode = undefined;
      malformed.add('');
    } else if (!rulesNode) {
      findings.push(at2(errorFinding('not-a-configuration',
        'configuration: no rules found. Write an array of rules (S3 console form), {"CORSRules": [...]} (s3api form) or {"CorsRules": [...]} (CloudFormation form).', {}, REJECTED), at(root.offset)));
      malformed.add('');
    }
  } else {
    findings.push(at2(errorFinding('not-a-configuration',
      `configuration: expected an array of rules (S3 console form) or an object with "CORSRules", got ${describe(root)}.`, {}, REJECTED), at(root.offset)));
    malformed.add('');
  }

  const rules: CorsRule[] = [];
  (rulesNode?.children ?? []).forEach((ruleNode, i) => {
    locations.set(locationKey(i), at(ruleNode.offset));
    rules.push(readRule(ruleNode, i, format, { findings, malformed, locations, at, text }));
  });
  return { format, rules, findings, malformed, locations };
}

interface ReadContext {
  readonly findings: CorsFinding[];
  readonly malformed: Set<string>;
  readonly locations: Map<string, SourceLocation>;
  readonly at: (offset: number) => SourceLocation;
  /** The source, for how a value was written (3000.0 is 3000 to JSON, not to the AWS CLI). */
  readonly text: string;
}

function readRule(node: Node, i: number, format: CorsJsonFormat, ctx: ReadContext): CorsRule {
  const rule: Record<string, unknown> = {};
  if (node.type !== 'object') {
    ctx.findings.push(at2(errorFinding('invalid-type', `rule ${i} must be an object such as {"AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"]}, got ${describe(node)}.`,
      { ruleIndex: i }, REJECTED), ctx.at(node.offset)));
    ctx.malformed.add(`${i}`);
    return { allowedMethods: [], allowedOrigins: [] };
  }
  const byName = new Map<string, CorsField>(FIELDS.map(f => [fieldName(f, format), f]));
  for (const prop of lastProperties(node, ctx.findings, i, ctx.at)) {
    const key = prop.children![0].value as string;
    const valueNode = prop.children![1];
    const field = byName.get(key);
    if (!field) {
      ctx.findings.push(at2(errorFinding('unknown-field', unknownFieldMessage(i, key, format), { ruleIndex: i }, REJECTED), ctx.at(prop.offset)));
      continue;
    }
    ctx.locations.set(locationKey(i, field), ctx.at(valueNode.offset));
    const value = readField(valueNode, i, field, ctx);
    if (value !== undefined) rule[RULE_PROPERTY[field]] = value;
  }
  return rule as unknown as CorsRule;
}

function readField(node: Node, i: number, field: CorsField, ctx: ReadContext): unknown {
  const bad = (message: string, offset = node.offset, valueIndex?: number) => {
    ctx.findings.push(at2(errorFinding('invalid-type', message, { ruleIndex: i, field, valueIndex }, REJECTED), ctx.at(offset)));
  };
  if (field === 'MaxAgeSeconds') {
    if (node.type !== 'number') {
      const hint = node.type === 'string' && /^\d+$/.test(node.value) ? ` Write ${node.value} without quotes.` : '';
      bad(`rule ${i} MaxAgeSeconds must be a whole number of seconds, got ${describe(node)}.${hint}`);
      ctx.malformed.add(`${i}.${field}`);
      return undefined;
    }
    const written = ctx.text.slice(node.offset, node.offset + node.length);
    if (!Number.isFinite(node.value)) {
      bad(`rule ${i} MaxAgeSeconds is ${written}, which is not a number S3 can store (a 32-bit whole number). Use a value from 0 to 7200, e.g. 3000.`);
      ctx.malformed.add(`${i}.${field}`);
      return undefined;
    }
    if (!Number.isInteger(node.value) || /[.eE]/.test(written)) {
      const whole = Math.round(node.value);
      bad(`rule ${i} MaxAgeSeconds must be written as a whole number of seconds, got ${written}${Number.isInteger(node.value) ? ' (the AWS CLI and S3 refuse a decimal point or exponent even when the value is whole)' : ''}. Write ${whole}.`);
      ctx.malformed.add(`${i}.${field}`);
      return undefined;
    }
    return node.value;
  }
  if (field === 'ID') {
    if (node.type !== 'string') {
      bad(`rule ${i} ID must be a string, got ${describe(node)}. Write "ID": "${String(node.value ?? 'my-rule')}".`);
      ctx.malformed.add(`${i}.${field}`);
      return undefined;
    }
    return node.value;
  }
  if (node.type !== 'array') {
    const fix = node.type === 'string' ? ` Write "${field}": [${JSON.stringify(node.value)}].` : ` Write "${field}": ["..."].`;
    bad(`rule ${i} ${field} must be a list of strings, got ${describe(node)}.${fix}`);
    ctx.malformed.add(`${i}.${field}`);
    return undefined;
  }
  const values: string[] = [];
  (node.children ?? []).forEach((item, k) => {
    if (item.type !== 'string') {
      bad(`${where({ ruleIndex: i, field, valueIndex: k })} must be a string, got ${describe(item)}. Put it in double quotes.`, item.offset, k);
      ctx.malformed.add(`${i}.${field}`);
      return;
    }
    ctx.locations.set(locationKey(i, field, values.length), ctx.at(item.offset));
    values.push(item.value);
  });
  return values;
}

function unknownFieldMessage(i: number, key: string, format: CorsJsonFormat): string {
  const suggestion = suggestField(key);
  const allowed = FIELDS.map(f => fieldName(f, format)).join(', ');
  const dialect = format === CorsJsonFormat.CLOUDFORMATION ? 'CloudFormation' : 'S3 console and s3api';
  if (suggestion) {
    const right = fieldName(suggestion, format);
    let why = '';
    if (/^(ExposedHeaders|MaxAge|Id)$/.test(key)) why = ` ("${key}" is CloudFormation's spelling)`;
    else if (/^(ExposeHeaders|MaxAgeSeconds|ID)$/.test(key)) why = ` ("${key}" is the S3 API's spelling)`;
    else if (/^(AllowedOrigin|AllowedMethod|AllowedHeader|ExposeHeader)$/.test(key)) why = ` ("${key}" is the singular XML element name)`;
    return `rule ${i}: unknown field "${key}"${why}; the ${dialect} JSON calls it "${right}". Rename it to "${right}".`;
  }
  return `rule ${i}: unknown field "${key}". A rule may have only ${allowed}. Remove it or rename it.`;
}

/** The properties of an object, keeping the last of duplicate keys (as JSON.parse does) and warning about the others. */
function lastProperties(node: Node, findings: CorsFinding[], ruleIndex: number | undefined, at: (o: number) => SourceLocation): Node[] {
  const byKey = new Map<string, Node>();
  for (const prop of node.children ?? []) {
    const key = prop.children![0].value as string;
    const earlier = byKey.get(key);
    if (earlier) {
      const loc = at(earlier.offset);
      findings.push(at2(warningFinding('duplicate-field',
        `${ruleIndex === undefined ? 'configuration' : `rule ${ruleIndex}`}: "${key}" appears more than once; only the last one (line ${at(prop.offset).line}) counts and the one at line ${loc.line} is ignored. Keep one.`,
        { ruleIndex }), loc));
      byKey.delete(key);
    }
    byKey.set(key, prop);
  }
  // A Map keeps insertion order, and a repeated key was deleted and set again: the values are in document order.
  return [...byKey.values()];
}

function describe(node: Node): string {
  switch (node.type) {
    case 'string': return `the string ${JSON.stringify(node.value)}`;
    case 'number': return `the number ${node.value}`;
    case 'boolean': return `${node.value}`;
    case 'null': return 'null';
    case 'array': return 'an array';
    default: return 'an object';
  }
}

function at2(f: CorsFinding, loc: SourceLocation): CorsFinding {
  return { ...f, line: loc.line, column: loc.column };
}

// ---------------------------------------------------------------------------
// Strict JSON with positions

/** A CORS configuration is 3 levels deep (4 in the s3api form); deeper text is refused before any recursive parser sees it. */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset where bracket nesting first exceeds `max`, skipping double-quoted
 * strings; one pass, no recursion. A stray closing bracket does not buy depth.
 * Also the template reader's guard (src/checks/template.ts).
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
 * mark); `maxDepth` and `tooDeep` let the template reader use it with its own
 * limit and wording, so both paths report a syntax error the same way.
 */
export function parseStrictJson(text: string, maxDepth = MAX_JSON_DEPTH,
  tooDeep = `nested more than ${MAX_JSON_DEPTH} levels deep; a CORS configuration is 3 levels deep (4 with "CORSRules"). This is not a CORS configuration.`): Node {
  const deep = tooDeepAt(text, maxDepth);
  if (deep !== undefined) {
    const loc = toLocation(lineStarts(text), deep);
    throw new CorsJsonSyntaxError(loc.line, loc.column, tooDeep);
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
  if (notJson) throw new CorsJsonSyntaxError(notJson.line, notJson.column, notJson.reason);
  const first = errors[0];
  if (!first) {
    // jsonc-parser is more lenient than JSON.parse here; report what JSON.parse said.
    throw new CorsJsonSyntaxError(1, 1, nativeError?.message ?? 'not valid JSON');
  }
  const trailing = trailingCommaBefore(text, first.offset);
  const code = printParseErrorCode(first.error);
  if (trailing !== undefined && (code === 'ValueExpected' || code === 'PropertyNameExpected')) {
    const loc = toLocation(lines, trailing);
    const inArray = text[first.offset] === ']';
    throw new CorsJsonSyntaxError(loc.line, loc.column,
      `trailing comma after the last ${inArray ? 'element of an array' : 'property of an object'}. JSON does not allow it (the S3 console refuses it too): remove this comma.`);
  }
  const loc = toLocation(lines, first.offset);
  throw new CorsJsonSyntaxError(loc.line, loc.column, reasonFor(first, text));
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
