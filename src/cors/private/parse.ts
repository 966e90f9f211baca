// The CORS reader: rules, dialect, positions and shape findings from JSON
// text. Strict JSON itself is src/common/strict-json.ts; semantics are validate.ts.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { Node } from 'jsonc-parser';
import { CorsFinding, CorsJsonFormat } from '../types';
import { CorsField, FIELDS, fieldName, RULE_PROPERTY, rulesKey, suggestField } from './fields';
import { errorFinding, REJECTED, warningFinding, where } from './finding';
import { lineStarts, SourceLocation, toLocation } from '../../common/positions';
import { parseStrictJson, TextSyntaxError } from '../../common/strict-json';

/** What the parser knows beyond the rules themselves. */
export interface ParsedConfiguration {
  readonly format: CorsJsonFormat;
  readonly rules: CorsRule[];
  /** Problems of shape (unknown keys, wrong types) found while reading. */
  readonly findings: CorsFinding[];
  /**
   * Places already reported as the wrong type, so that validate() does not
   * report them again as missing: `""` for the list of rules, `"i"` for a
   * rule, `"i.Field"` for one of its lists.
   */
  readonly malformed: Set<string>;
  /** Source positions keyed by `locationKey()`. */
  readonly locations: Map<string, SourceLocation>;
  /**
   * What validating the rules found, once it has been worked out: the rules
   * never change after parsing, so it is computed once, and shared with every
   * copy of this state (copies hold equal rules).
   */
  readonly validated: { findings?: readonly CorsFinding[] };
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
export class CorsJsonSyntaxError extends TextSyntaxError {
  constructor(line: number, column: number, reason: string) {
    super(line, column, reason, `Invalid CORS configuration JSON at line ${line}, column ${column}: ${reason}`);
    this.name = 'CorsJsonSyntaxError';
  }
}

/** Parses any of the three JSON dialects; throws CorsJsonSyntaxError on text that is not JSON. */
export function parseCorsJson(text: string): ParsedConfiguration {
  const root = readStrictJson(text);
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
  return { format, rules, findings, malformed, locations, validated: {} };
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
      return undefined;
    }
    const written = ctx.text.slice(node.offset, node.offset + node.length);
    if (!Number.isFinite(node.value)) {
      bad(`rule ${i} MaxAgeSeconds is ${written}, which is not a number S3 can store (a 32-bit whole number). Use a value from 0 to 7200, e.g. 3000.`);
      return undefined;
    }
    if (!Number.isInteger(node.value) || /[.eE]/.test(written)) {
      const whole = Math.round(node.value);
      bad(`rule ${i} MaxAgeSeconds must be written as a whole number of seconds, got ${written}${Number.isInteger(node.value) ? ' (the AWS CLI and S3 refuse a decimal point or exponent even when the value is whole)' : ''}. Write ${whole}.`);
      return undefined;
    }
    return node.value;
  }
  if (field === 'ID') {
    if (node.type !== 'string') {
      bad(`rule ${i} ID must be a string, got ${describe(node)}. Write "ID": "${String(node.value ?? 'my-rule')}".`);
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

/** The strict JSON reader's answer, or its syntax error as a CorsJsonSyntaxError. */
function readStrictJson(text: string): Node {
  try {
    return parseStrictJson(text, MAX_JSON_DEPTH,
      `nested more than ${MAX_JSON_DEPTH} levels deep; a CORS configuration is 3 levels deep (4 with "CORSRules"). This is not a CORS configuration.`);
  } catch (e) {
    if (e instanceof TextSyntaxError) throw new CorsJsonSyntaxError(e.line, e.column, e.reason);
    throw e;
  }
}
