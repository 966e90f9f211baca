// A CloudFormation template as plain values, with the source position of
// every value, read from JSON or from YAML with CloudFormation's short-form
// tags (!Ref, !GetAtt, !Sub, ...), which plain YAML parsers refuse. It reads;
// it does not judge: what it notices on the way (a key written twice) is
// kept for the rules as a fact.
import { Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, isSeq, isAlias, LineCounter, Node as YamlNode, parseDocument, Document, YAMLError } from 'yaml';
import { indentFlowContinuations } from './flow-indent';
import { lineStarts, SourceLocation, toLocation } from '../../../common/positions';
import { describeValue } from '../../../common/shapes';
import { parseStrictJson, TextSyntaxError, tooDeepAt } from '../../../common/strict-json';

/** A 1-based line and column. */
export type Position = SourceLocation;

/** A path into a template, e.g. ["Resources", "Bucket", "Properties", "CorsConfiguration"]. */
export type TemplatePath = ReadonlyArray<string | number>;

/** A template that cannot be read, with where and why. */
export class TemplateSyntaxError extends TextSyntaxError {
  constructor(line: number, column: number, reason: string) {
    super(line, column, reason, `not a readable template at line ${line}, column ${column}: ${reason}`);
    this.name = 'TemplateSyntaxError';
  }
}

/** A key written twice in one mapping: CloudFormation (and cfn-lint, E0000) refuse it; a plain parser keeps the last. */
export interface DuplicateKey {
  readonly path: TemplatePath;
  readonly key: string;
  readonly first: Position;
  readonly second: Position;
}

/** Nesting beyond this is refused: real templates are a few dozen levels deep. */
const MAX_DEPTH = 200;
/**
 * The largest template read: CloudFormation accepts a template body of at most
 * 1 MB (from S3; 51,200 bytes inline). A larger file cannot be deployed, and
 * refusing it keeps memory bounded (a position per value).
 */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
/** YAML aliases may expand the document to at most this many values beyond what its text holds ("billion laughs"). */
const MAX_ALIAS_EXPANSION = 100_000;

export class CloudFormationTemplate {
  /** Reads JSON (when the text starts with "{") or YAML. */
  public static parse(text: string): CloudFormationTemplate {
    // A byte order mark is not part of the template (CloudFormation and cfn-lint read past it).
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_TEMPLATE_BYTES) {
      throw new TemplateSyntaxError(1, 1, `the template is ${bytes} bytes; CloudFormation accepts a template body of at most 1 MB (1,048,576 bytes, uploaded to S3), so this one cannot be deployed and is not read. Split it into nested stacks.`);
    }
    const start = text.search(/\S/);
    const deep = tooDeepAt(text, MAX_DEPTH);
    if (deep !== undefined) throw tooDeep(toLocation(lineStarts(text), deep));
    try {
      return start >= 0 && text[start] === '{' ? readJson(text) : readYaml(text);
    } catch (e) {
      // Block nesting in YAML is not bracketed; a parser that runs out of stack on it is a refusal, not a crash.
      if (e instanceof RangeError) throw new TemplateSyntaxError(1, 1, `nested too deeply to read (${e.message}); this is not a CloudFormation template`);
      throw e;
    }
  }

  /** Use parse(). */
  constructor(public readonly body: Record<string, unknown>, private readonly positions: Map<string, Position>,
    public readonly duplicateKeys: readonly DuplicateKey[] = []) {}

  /** The resources of one type, by logical id. */
  public resourcesOfType(type: string): Array<[string, Record<string, unknown>]> {
    const resources = isObject(this.body.Resources) ? this.body.Resources : {};
    return Object.entries(resources).filter((e): e is [string, Record<string, unknown>] => isObject(e[1]) && e[1].Type === type);
  }

  /** The resource with this logical id, if any. */
  public resource(logicalId: string): Record<string, unknown> | undefined {
    const resources = isObject(this.body.Resources) ? this.body.Resources : {};
    const r = Object.prototype.hasOwnProperty.call(resources, logicalId) ? resources[logicalId] : undefined;
    return isObject(r) ? r : undefined;
  }

  /** A top-level section (Parameters, Mappings, Conditions) as a mapping, or {}. */
  public section(name: string): Record<string, unknown> {
    const s = this.body[name];
    return isObject(s) ? s : {};
  }

  /** Where the value at `path` is written; the nearest enclosing value that has a position otherwise. */
  public positionOf(path: TemplatePath): Position | undefined {
    for (let n = path.length; n >= 0; n--) {
      const p = this.positions.get(key(path.slice(0, n)));
      if (p) return p;
    }
    return undefined;
  }
}

/** A plain mapping of the template (not a list, not a reader's Unresolved value). */
export function isObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function key(path: TemplatePath): string {
  return path.map(String).join('\u0000');
}

// ---------------------------------------------------------------------------
// JSON

function readJson(text: string): CloudFormationTemplate {
  const starts = lineStarts(text);
  let root: JsonNode;
  try {
    // The CORS reader's strict JSON: one wording ("trailing comma ...") for both.
    root = parseStrictJson(text, MAX_DEPTH, `nested more than ${MAX_DEPTH} levels deep; this is not a CloudFormation template`);
  } catch (e) {
    if (e instanceof TextSyntaxError) throw new TemplateSyntaxError(e.line, e.column, e.reason);
    throw e;
  }
  const positions = new Map<string, Position>();
  const duplicates: DuplicateKey[] = [];
  const build = (node: JsonNode, path: Array<string | number>): unknown => {
    if (path.length > MAX_DEPTH) throw tooDeep(toLocation(starts, node.offset));
    positions.set(key(path), toLocation(starts, node.offset));
    if (node.type === 'object') {
      const out: Record<string, unknown> = {};
      const seen = new Map<string, number>();
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const name = String(k.value);
        const earlier = seen.get(name);
        if (earlier !== undefined) {
          duplicates.push({ path: [...path, name], key: name, first: toLocation(starts, earlier), second: toLocation(starts, k.offset) });
        }
        seen.set(name, k.offset);
        define(out, name, build(v, [...path, name]));
      }
      return out;
    }
    if (node.type === 'array') return (node.children ?? []).map((c, i) => build(c, [...path, i]));
    return node.value;
  };
  const body = build(root, []);
  if (!isObject(body)) throw notATemplate(body);
  return new CloudFormationTemplate(body, positions, duplicates);
}

// ---------------------------------------------------------------------------
// YAML

/** CloudFormation's short forms: `!Ref x` is `{"Ref": x}`, `!GetAtt a.b` is `{"Fn::GetAtt": ["a", "b"]}`, `!X v` is `{"Fn::X": v}`. */
function longKey(tag: string): string {
  const name = tag.slice(1);
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function shortForm(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function readYaml(text: string): CloudFormationTemplate {
  const first = parseYaml(text);
  let { doc, firstError } = first;
  let linePos: LinePos = offset => first.lineCounter.linePos(offset);
  if (firstError?.code === 'BAD_INDENT' && /^Flow (sequence|map)/.test(firstError.message)) {
    // Flow continuation lines no deeper than their opening line: CloudFormation reads them; the yaml package
    // does once they are indented one column deeper. Positions stay in the user's columns.
    const indented = indentFlowContinuations(text);
    const again = indented && parseYaml(indented.text);
    if (indented && again && !again.firstError) {
      ({ doc, firstError } = again);
      const counter = again.lineCounter;
      linePos = offset => {
        const at = counter.linePos(offset);
        return { line: at.line, col: Math.max(1, at.col - (indented.added.get(at.line) ?? 0)) };
      };
    }
  }
  if (firstError) {
    const at = linePos(firstError.pos[0]);
    throw new TemplateSyntaxError(at.line, at.col, firstError.message.split('\n')[0]);
  }
  const positions = new Map<string, Position>();
  const duplicates: DuplicateKey[] = [];
  // Every value built counts; a value reached through an alias counts again. A document whose
  // aliases expand it far beyond its text is refused before it costs time or memory.
  const budget = text.length + MAX_ALIAS_EXPANSION;
  let built = 0;
  // Anchors by name as the walk (in document order) meets them: an alias names the latest one before it.
  // (The yaml package's own alias.resolve() searches the whole document each time.)
  const anchors = new Map<string, unknown>();
  const build = (node: unknown, path: Array<string | number>): unknown => {
    if (path.length > MAX_DEPTH) throw tooDeep(rangeStart(node, linePos));
    if (++built > budget) {
      throw new TemplateSyntaxError(1, 1, `YAML aliases (*name) expand this ${text.length}-character document to more than ${budget} values; a template does not need that, and reading it would cost unbounded time and memory. Write the values out, or use fewer aliases.`);
    }
    if (isAlias(node)) return build(anchors.get(node.source) ?? node.resolve(doc), path);
    const n = node as YamlNode | null | undefined;
    const anchor = (n as { anchor?: string } | null | undefined)?.anchor;
    if (anchor) anchors.set(anchor, n);
    const tag = n && (isMap(n) || isSeq(n) || isScalar(n)) && n.tag?.startsWith('!') && !n.tag.startsWith('!!') ? n.tag : undefined;
    // A short form's contents sit under its long key: !Join [...] is {"Fn::Join": [...]}.
    const inner = tag ? [...path, longKey(tag)] : path;
    if (n?.range) {
      positions.set(key(path), rangeStart(n, linePos));
      if (tag) positions.set(key(inner), rangeStart(n, linePos));
    }
    let value: unknown;
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      const seen = new Map<string, unknown>();
      for (const pair of n.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const earlier = seen.get(k);
        if (earlier !== undefined) {
          duplicates.push({ path: [...inner, k], key: k, first: rangeStart(earlier, linePos), second: rangeStart(pair.key, linePos) });
        }
        seen.set(k, pair.key);
        define(out, k, build(pair.value, [...inner, k]));
      }
      value = out;
    } else if (isSeq(n)) {
      value = n.items.map((item, i) => build(item, [...inner, i]));
    } else if (isScalar(n)) {
      value = n.value;
    } else {
      value = null;
    }
    return tag ? shortForm(tag, value) : value;
  };
  const body = build(doc.contents, []);
  if (!isObject(body)) throw notATemplate(body);
  return new CloudFormationTemplate(body, positions, duplicates);
}

/** The yaml package's reading of a text, and its first error that CloudFormation's reader would also make. */
function parseYaml(text: string): { doc: Document.Parsed; firstError: YAMLError | undefined; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (e) {
    throw new TemplateSyntaxError(1, 1, `not YAML or JSON (${(e as Error).message})`);
  }
  // Errors that CloudFormation's reader (PyYAML) does not make: a flow collection's closing bracket
  // at its parent key's indentation is read by PyYAML, cfn-lint and CloudFormation.
  // The yaml package reports it as BAD_INDENT plus an unexpected "]" (or "}") at the same place, and reads the value right.
  const closers = new Set(doc.errors.filter(e => e.code === 'UNEXPECTED_TOKEN' && /flow-(seq|map)-end/.test(e.message)).map(e => e.pos[0]));
  const lateClose = new Set(doc.errors.filter(e => e.code === 'BAD_INDENT' && /^Flow (sequence|mapping) in block collection/.test(e.message) && closers.has(e.pos[0])).map(e => e.pos[0]));
  const firstError = doc.errors.find(e => !lateClose.has(e.pos[0]) || (e.code !== 'BAD_INDENT' && !(e.code === 'UNEXPECTED_TOKEN' && /flow-(seq|map)-end/.test(e.message))));
  return { doc, firstError, lineCounter };
}

type LinePos = (offset: number) => { line: number; col: number };

function rangeStart(node: unknown, linePos: LinePos): Position {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  const at = linePos(range?.[0] ?? 0);
  return { line: at.line, column: at.col };
}

function notATemplate(body: unknown): TemplateSyntaxError {
  return new TemplateSyntaxError(1, 1, `the text is ${describeValue(body)}, but a template is a mapping with "Resources", e.g. {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}`);
}

function tooDeep(at: Position): TemplateSyntaxError {
  return new TemplateSyntaxError(at.line, at.column, `nested more than ${MAX_DEPTH} levels deep; this is not a CloudFormation template`);
}

/** Sets a key without letting "__proto__" in a hostile template reach the prototype. */
function define(out: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A template path as people write it: `Resources.Site.Properties.CorsConfiguration.CorsRules[0]`. */
export function dotted(path: ReadonlyArray<string | number>): string {
  return path.map(x => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('').replace(/^\./, '');
}
