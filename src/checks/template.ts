// A CloudFormation template as plain values, with the source position of
// every value, read from JSON or from YAML with CloudFormation's short-form
// tags (!Ref, !GetAtt, !Sub, ...), which plain YAML parsers refuse.
import { Node as JsonNode, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { isMap, isScalar, isSeq, isAlias, LineCounter, Node as YamlNode, parseDocument, Document } from 'yaml';
import { lineStarts, SourceLocation, toLocation, tooDeepAt } from '../cors/private/parse';
import { describeValue } from '../cors/private/shapes';

/** A 1-based line and column. */
export type Position = SourceLocation;

/** A path into a template, e.g. ["Resources", "Bucket", "Properties", "CorsConfiguration"]. */
export type TemplatePath = ReadonlyArray<string | number>;

/** A template that cannot be read, with where and why. */
export class TemplateSyntaxError extends Error {
  constructor(public readonly line: number, public readonly column: number, public readonly reason: string) {
    super(`not a readable template at line ${line}, column ${column}: ${reason}`);
    this.name = 'TemplateSyntaxError';
  }
}

/** Nesting beyond this is refused: real templates are a few dozen levels deep. */
const MAX_DEPTH = 200;
/** YAML aliases expanded at most this many times (a "billion laughs" document is refused). */
const MAX_ALIASES = 1000;

export class CloudFormationTemplate {
  /** Reads JSON (when the text starts with "{") or YAML. */
  public static parse(text: string): CloudFormationTemplate {
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
  constructor(public readonly body: Record<string, unknown>, private readonly positions: Map<string, Position>) {}

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

  /** Where the value at `path` is written; the nearest enclosing value that has a position otherwise. */
  public positionOf(path: TemplatePath): Position | undefined {
    for (let n = path.length; n >= 0; n--) {
      const p = this.positions.get(key(path.slice(0, n)));
      if (p) return p;
    }
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function key(path: TemplatePath): string {
  return path.map(String).join('\u0000');
}

// ---------------------------------------------------------------------------
// JSON

function readJson(text: string): CloudFormationTemplate {
  const starts = lineStarts(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    const at = toLocation(starts, e?.offset ?? 0);
    throw new TemplateSyntaxError(at.line, at.column, `invalid JSON (${e ? printParseErrorCode(e.error) : 'empty'})`);
  }
  const positions = new Map<string, Position>();
  // An explicit stack instead of recursion: hostile nesting cannot overflow the call stack.
  const build = (node: JsonNode, path: Array<string | number>): unknown => {
    if (path.length > MAX_DEPTH) throw tooDeep(toLocation(starts, node.offset));
    positions.set(key(path), toLocation(starts, node.offset));
    if (node.type === 'object') {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        define(out, String(k.value), build(v, [...path, String(k.value)]));
      }
      return out;
    }
    if (node.type === 'array') return (node.children ?? []).map((c, i) => build(c, [...path, i]));
    return node.value;
  };
  const body = build(root, []);
  if (!isObject(body)) throw notATemplate(body);
  return new CloudFormationTemplate(body, positions);
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
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (e) {
    throw new TemplateSyntaxError(1, 1, `not YAML or JSON (${(e as Error).message})`);
  }
  const firstError = doc.errors[0];
  if (firstError) {
    const at = lineCounter.linePos(firstError.pos[0]);
    throw new TemplateSyntaxError(at.line, at.col, firstError.message.split('\n')[0]);
  }
  const positions = new Map<string, Position>();
  let aliases = 0;
  const build = (node: unknown, path: Array<string | number>): unknown => {
    if (path.length > MAX_DEPTH) throw tooDeep(rangeStart(node, lineCounter));
    if (isAlias(node)) {
      if (++aliases > MAX_ALIASES) throw new TemplateSyntaxError(1, 1, `more than ${MAX_ALIASES} YAML aliases; a template does not need them`);
      return build(node.resolve(doc), path);
    }
    const n = node as YamlNode | null | undefined;
    const tag = n && (isMap(n) || isSeq(n) || isScalar(n)) && n.tag?.startsWith('!') && !n.tag.startsWith('!!') ? n.tag : undefined;
    // A short form's contents sit under its long key: !Join [...] is {"Fn::Join": [...]}.
    const inner = tag ? [...path, longKey(tag)] : path;
    if (n?.range) {
      positions.set(key(path), rangeStart(n, lineCounter));
      positions.set(key(inner), rangeStart(n, lineCounter));
    }
    let value: unknown;
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      for (const pair of n.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
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
  return new CloudFormationTemplate(body, positions);
}

function rangeStart(node: unknown, lineCounter: LineCounter): Position {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  const at = lineCounter.linePos(range?.[0] ?? 0);
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
