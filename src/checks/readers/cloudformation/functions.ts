// What a CloudFront Function's code does for CORS, read from the parsed
// program (acorn), never from its words: comments and strings that are only
// read never count. Three questions, each answered 'yes', 'no' or 'unknown'
// with why:
//
// - does the viewer-request code return a response (an object with
//   statusCode) for OPTIONS requests: a return of such an object guarded by a
//   comparison of a value with "OPTIONS" (if/else, an early return on
//   !== "OPTIONS", switch case, ?:), directly or through a helper function or
//   variable of the program;
// - does the viewer-response code write Access-Control-Allow-Origin, or Vary:
//   an assignment to that key (headers["vary"] = ..., headers.vary = ...), an
//   object literal with that key, or a write whose key runs over the keys of
//   an object or array literal of the program (for-in, for-of, forEach).
//
// 'no' only where no code path can do it: no statusCode anywhere in the
// program; no write of the header and no write whose key is computed from
// something this reader cannot see. Everything else it cannot follow (eval,
// Function, with, keys computed at run time, header names spelt with
// capitals, code it cannot parse or that is larger than it reads) is
// 'unknown'. Names built from pieces at run time ("status" + "Code") are not
// followed: this reads configuration mistakes, not code written to hide.
//
// Pure and bounded: the code's length and the number of nodes are capped, the
// walk is iterative, every recursion has a depth limit, and a parser that
// throws (including on exhausted stack) gives 'unknown'.
import { parse } from 'acorn';
import { quote } from '../../../common/quote';
import type { Tri } from '../../facts';

/** One answer about one function's code, with why (always said, one short clause). */
export interface CodeAnswer {
  readonly answer: Tri;
  readonly why: string;
}

/** What one function's code does, as far as the parsed program shows. */
export interface FunctionAnalysis {
  /** Whether it returns a response for OPTIONS requests (meaningful at viewer request). */
  readonly answersOptions: CodeAnswer;
  /** Whether it writes Access-Control-Allow-Origin (meaningful at viewer response). */
  readonly setsAllowOrigin: CodeAnswer;
  /** Whether it writes Vary (meaningful at viewer response). */
  readonly setsVary: CodeAnswer;
}

/** More characters than this are not read (CloudFront accepts 10 KB of code). */
export const MAX_CODE_CHARS = 64 * 1024;
/** More nodes than this are not walked. */
const MAX_NODES = 40_000;
/** How far any recursion over expressions goes. */
const MAX_DEPTH = 24;
/** How many ancestors a guard is looked for in. */
const MAX_ANCESTORS = 400;

type N = { readonly type: string; readonly [k: string]: unknown };
interface Up { readonly node: N; readonly key: string; readonly index: number }

const isNode = (v: unknown): v is N => typeof v === 'object' && v !== null && typeof (v as N).type === 'string';

/** The program's nodes with their parents, or why it cannot be read. */
function parseProgram(code: string): { nodes: N[]; parent: Map<N, Up> } | string {
  if (code.length > MAX_CODE_CHARS) return `its code is ${code.length} characters long, more than this check reads (${MAX_CODE_CHARS})`;
  let program: unknown;
  const options = { ecmaVersion: 'latest', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, allowHashBang: true, locations: true } as const;
  try {
    program = parse(code, { ...options, sourceType: 'script' });
  } catch (scriptError) {
    try {
      // cloudfront-js-2.0 code may import the cloudfront module (key value stores): a module, then.
      program = parse(code, { ...options, sourceType: 'module' });
    } catch {
      // A stack exhausted by deep nesting is a RangeError; the parser's own errors are SyntaxErrors.
      if (!(scriptError instanceof SyntaxError)) return 'it nests deeper than this check reads';
      return `it does not parse as JavaScript: ${quote(scriptError.message, 120)}`;
    }
  }
  const nodes: N[] = [];
  const parent = new Map<N, Up>();
  const stack: N[] = [program as N];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    if (nodes.length > MAX_NODES) return `it has more than ${MAX_NODES} syntax nodes, more than this check reads`;
    for (const key of Object.keys(node)) {
      const v = node[key];
      if (Array.isArray(v)) {
        v.forEach((c, index) => {
          if (isNode(c)) {
            parent.set(c, { node, key, index });
            stack.push(c);
          }
        });
      } else if (isNode(v)) {
        parent.set(v, { node, key, index: -1 });
        stack.push(v);
      }
    }
  }
  return { nodes, parent };
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Reads one parsed program: its constants, what it binds and the helpers below. */
class Program {
  /** Names bound exactly once (declaration or parameter) and never assigned, with their initial value. */
  private readonly constants = new Map<string, N | undefined>();
  readonly dynamic: string | undefined;

  constructor(readonly nodes: readonly N[], readonly parent: ReadonlyMap<N, Up>) {
    const bound = new Map<string, number>();
    const init = new Map<string, N | undefined>();
    const bind = (name: string, value: N | undefined) => {
      bound.set(name, (bound.get(name) ?? 0) + 1);
      init.set(name, value);
    };
    let dynamic: string | undefined;
    for (const n of nodes) {
      if (n.type === 'VariableDeclarator' && isIdentifier(n.id)) bind(n.id.name, n.init as N | undefined ?? undefined);
      else if (n.type === 'FunctionDeclaration' && isIdentifier(n.id)) bind(n.id.name, n);
      if (FUNCTION_TYPES.has(n.type)) {
        for (const p of n.params as N[]) if (isIdentifier(p)) bind(p.name, undefined);
      }
      // A name assigned anywhere is not a constant.
      const assigned = n.type === 'AssignmentExpression' ? n.left : n.type === 'UpdateExpression' ? n.argument : undefined;
      if (isIdentifier(assigned)) bound.set(assigned.name, 2);
      if (n.type === 'WithStatement') dynamic ??= 'it uses with';
      if (n.type === 'ImportExpression') dynamic ??= 'it imports code at run time';
      // eval or Function named anywhere as a value (called, aliased, (0, eval)(...)), not as a property name.
      if (isIdentifier(n) && (n.name === 'eval' || n.name === 'Function')) {
        const up = parent.get(n);
        const propertyName = up && ((up.node.type === 'MemberExpression' && up.key === 'property' && !up.node.computed)
          || (up.node.type === 'Property' && up.key === 'key' && !up.node.computed));
        if (!propertyName) dynamic ??= `it uses ${n.name}, which runs code this check cannot see`;
      }
    }
    for (const [name, count] of bound) if (count === 1) this.constants.set(name, init.get(name));
    this.dynamic = dynamic;
  }

  /** The string an expression always is: a literal, a template without holes, or a constant bound to one. */
  stringOf(e: unknown, depth = 0): string | undefined {
    if (!isNode(e) || depth > MAX_DEPTH) return undefined;
    if (e.type === 'Literal' && typeof e.value === 'string') return e.value;
    if (e.type === 'TemplateLiteral' && (e.expressions as N[]).length === 0) {
      const cooked = ((e.quasis as N[])[0]?.value as { cooked?: string } | undefined)?.cooked;
      return typeof cooked === 'string' ? cooked : undefined;
    }
    if (isIdentifier(e) && this.constants.has(e.name)) return this.stringOf(this.constants.get(e.name), depth + 1);
    return undefined;
  }

  /** The keys of an object literal (or a constant bound to one) when all are literal; undefined otherwise. */
  keysOfObject(e: unknown, depth = 0): string[] | undefined {
    if (!isNode(e) || depth > MAX_DEPTH) return undefined;
    if (isIdentifier(e) && this.constants.has(e.name)) return this.keysOfObject(this.constants.get(e.name), depth + 1);
    if (e.type !== 'ObjectExpression') return undefined;
    const keys: string[] = [];
    for (const p of e.properties as N[]) {
      const k = p.type === 'Property' ? this.propertyKey(p) : undefined;
      if (k === undefined) return undefined;
      keys.push(k);
    }
    return keys;
  }

  /** The strings of an array literal (or a constant bound to one) when all are strings. */
  stringsOfArray(e: unknown, depth = 0): string[] | undefined {
    if (!isNode(e) || depth > MAX_DEPTH) return undefined;
    if (isIdentifier(e) && this.constants.has(e.name)) return this.stringsOfArray(this.constants.get(e.name), depth + 1);
    if (e.type !== 'ArrayExpression') return undefined;
    const out: string[] = [];
    for (const x of e.elements as unknown[]) {
      const s = this.stringOf(x, depth + 1);
      if (s === undefined) return undefined;
      out.push(s);
    }
    return out;
  }

  /** The name of an object literal's property or a member access, when literal. */
  propertyKey(p: N): string | undefined {
    if (!p.computed && isIdentifier(p.key)) return p.key.name;
    if (!p.computed && isNode(p.key) && p.key.type === 'Literal') return String(p.key.value);
    return p.computed ? this.stringOf(p.key) : undefined;
  }

  memberKey(m: N): string | undefined {
    if (!m.computed && isIdentifier(m.property)) return m.property.name;
    return m.computed ? this.stringOf(m.property) : undefined;
  }

  /** Ancestors of a node, nearest first, with the field each child sits in; stops at maxAncestors. */
  *ancestors(n: N): Generator<[N, Up]> {
    let child = n;
    for (let i = 0; i < MAX_ANCESTORS; i++) {
      const up = this.parent.get(child);
      if (!up) return;
      yield [child, up];
      child = up.node;
    }
  }

  /** Whether `values` of an enumeration (Object.keys(x), Object.entries(x), an array) are known strings. */
  private enumerated(e: unknown, entries: boolean): string[] | undefined {
    if (!isNode(e)) return undefined;
    if (e.type === 'CallExpression' && isNode(e.callee) && e.callee.type === 'MemberExpression'
      && isIdentifier(e.callee.object) && e.callee.object.name === 'Object') {
      const method = this.memberKey(e.callee);
      if (method === (entries ? 'entries' : 'keys')) return this.keysOfObject((e.arguments as N[])[0]);
      return undefined;
    }
    return entries ? undefined : this.stringsOfArray(e);
  }

  /**
   * The strings a computed key can be: a literal or constant, or the variable
   * of a loop over the keys of an object literal or the strings of an array
   * literal (for-in, for-of, forEach). Undefined when this cannot be followed.
   */
  keysOf(key: unknown): string[] | undefined {
    const s = this.stringOf(key);
    if (s !== undefined) return [s];
    if (!isIdentifier(key)) return undefined;
    const name = key.name;
    const declares = (left: unknown, entries: boolean): boolean => {
      if (!isNode(left)) return false;
      if (left.type === 'VariableDeclaration') return (left.declarations as N[]).length === 1 && declares((left.declarations as N[])[0].id, entries);
      if (entries) return left.type === 'ArrayPattern' && isIdentifier((left.elements as unknown[])[0]) && ((left.elements as N[])[0] as N & { name: string }).name === name;
      return isIdentifier(left) && left.name === name;
    };
    for (const [, up] of this.ancestors(key)) {
      const a = up.node;
      if (a.type === 'ForInStatement' && declares(a.left, false)) return this.keysOfObject(a.right);
      if (a.type === 'ForOfStatement' && declares(a.left, false)) return this.enumerated(a.right, false);
      if (a.type === 'ForOfStatement' && declares(a.left, true)) return this.enumerated(a.right, true);
      if (FUNCTION_TYPES.has(a.type)) {
        const params = a.params as N[];
        const call = this.parent.get(a);
        const first = params[0];
        const binds = isIdentifier(first) ? first.name === name : declares(first, true);
        const bindsAnywhere = params.some(p => declares(p, false) || declares(p, true));
        if (!bindsAnywhere) continue; // bound further out
        if (!binds || !call || call.key !== 'arguments' || call.index !== 0 || call.node.type !== 'CallExpression') return undefined;
        const callee = call.node.callee;
        if (!isNode(callee) || callee.type !== 'MemberExpression' || this.memberKey(callee) !== 'forEach') return undefined;
        return this.enumerated(callee.object, !isIdentifier(first));
      }
    }
    return undefined;
  }
}

function isIdentifier(v: unknown): v is N & { readonly name: string } {
  return isNode(v) && v.type === 'Identifier';
}

/**
 * How a test splits requests by the method OPTIONS: pos when it is true for every OPTIONS request (its true branch
 * runs for all of them), neg when it is false for every one; exact when it is `method === "OPTIONS"` or its
 * negation itself, true or false for OPTIONS requests and only for them. The method is compared as written:
 * browsers send "OPTIONS" in capitals, and a test for "options" never holds.
 */
function optionsSense(p: Program, test: unknown, depth = 0): { pos: boolean; neg: boolean; exact: boolean } {
  const none = { pos: false, neg: false, exact: false };
  if (!isNode(test) || depth > MAX_DEPTH) return none;
  if (test.type === 'BinaryExpression' && ['==', '===', '!=', '!=='].includes(test.operator as string)) {
    const options = [test.left, test.right].some(x => p.stringOf(x) === 'OPTIONS');
    if (!options) return none;
    const equal = test.operator === '==' || test.operator === '===';
    return { pos: equal, neg: !equal, exact: true };
  }
  if (test.type === 'UnaryExpression' && test.operator === '!') {
    const inner = optionsSense(p, test.argument, depth + 1);
    return { pos: inner.neg, neg: inner.pos, exact: inner.exact };
  }
  if (test.type === 'LogicalExpression' && (test.operator === '&&' || test.operator === '||')) {
    const a = optionsSense(p, test.left, depth + 1);
    const b = optionsSense(p, test.right, depth + 1);
    // a && b is true for every OPTIONS request only when both are; false for every one when either is. || the reverse.
    return test.operator === '&&'
      ? { pos: a.pos && b.pos, neg: a.neg || b.neg, exact: false }
      : { pos: a.pos || b.pos, neg: a.neg && b.neg, exact: false };
  }
  return none;
}

/** Whether a statement always leaves its block (return or throw, or a block ending so). */
function exits(s: unknown, depth = 0): boolean {
  if (!isNode(s) || depth > MAX_DEPTH) return false;
  if (s.type === 'ReturnStatement' || s.type === 'ThrowStatement') return true;
  if (s.type === 'BlockStatement') {
    const body = s.body as N[];
    return body.length > 0 && exits(body[body.length - 1], depth + 1);
  }
  return false;
}

function answersOptions(p: Program): CodeAnswer {
  // Names of variables that hold a response, and of functions that return one (a fixpoint, a few rounds).
  const responseVars = new Set<string>();
  const responseFns = new Set<string>();
  const isResponse = (e: unknown, depth = 0): boolean => {
    if (!isNode(e) || depth > MAX_DEPTH) return false;
    switch (e.type) {
      case 'ObjectExpression':
        return (e.properties as N[]).some(x => x.type === 'Property' && p.propertyKey(x) === 'statusCode');
      case 'Identifier':
        return responseVars.has(e.name as string);
      case 'CallExpression':
        return isIdentifier(e.callee) && responseFns.has(e.callee.name);
      case 'AwaitExpression':
        return isResponse(e.argument, depth + 1);
      case 'ConditionalExpression':
        return isResponse(e.consequent, depth + 1) || isResponse(e.alternate, depth + 1);
      case 'LogicalExpression':
        return isResponse(e.left, depth + 1) || isResponse(e.right, depth + 1);
      case 'SequenceExpression': {
        const list = e.expressions as N[];
        return isResponse(list[list.length - 1], depth + 1);
      }
      default:
        return false;
    }
  };
  const enclosingFunction = (n: N): N | undefined => {
    for (const [, up] of p.ancestors(n)) if (FUNCTION_TYPES.has(up.node.type)) return up.node;
    return undefined;
  };
  const functionName = (f: N): string | undefined => {
    if (isIdentifier(f.id)) return f.id.name;
    const up = p.parent.get(f);
    return up && up.node.type === 'VariableDeclarator' && isIdentifier(up.node.id) ? up.node.id.name : undefined;
  };
  for (let round = 0; round < 6; round++) {
    const before = responseVars.size + responseFns.size;
    for (const n of p.nodes) {
      if (n.type === 'VariableDeclarator' && isIdentifier(n.id) && isResponse(n.init)) responseVars.add(n.id.name);
      if (n.type === 'AssignmentExpression' && isIdentifier(n.left) && isResponse(n.right)) responseVars.add(n.left.name);
      if (n.type === 'AssignmentExpression' && isNode(n.left) && n.left.type === 'MemberExpression'
        && isIdentifier(n.left.object) && p.memberKey(n.left) === 'statusCode') responseVars.add(n.left.object.name);
      const returned = n.type === 'ReturnStatement' ? n.argument
        : n.type === 'ArrowFunctionExpression' && n.expression ? n.body : undefined;
      if (returned !== undefined && isResponse(returned)) {
        const f = n.type === 'ArrowFunctionExpression' ? n : enclosingFunction(n);
        const name = f && functionName(f);
        if (name) responseFns.add(name);
      }
    }
    if (responseVars.size + responseFns.size === before) break;
  }

  // Per statement list, the index of its first `if (<not OPTIONS>) return ...;` (Infinity when none): computed once each.
  const earlyExits = new Map<N[], number>();
  const firstEarlyExit = (list: N[]): number => {
    let at = earlyExits.get(list);
    if (at === undefined) {
      // Only `if (method !== "OPTIONS") return ...;` leaves every other request out of what follows.
      at = list.findIndex(s => s.type === 'IfStatement' && !s.alternate && exits(s.consequent) && optionsSense(p, s.test).neg && optionsSense(p, s.test).exact);
      if (at < 0) at = Infinity;
      earlyExits.set(list, at);
    }
    return at;
  };
  // Whether a test depends on the path or query: a response under it answers preflights for some objects only.
  // Each test is walked once, however many returns sit below it.
  const pathTests = new Map<unknown, boolean>();
  const readsPath = (test: unknown): boolean => {
    let known = pathTests.get(test);
    if (known === undefined) {
      known = walksToPath(test);
      pathTests.set(test, known);
    }
    return known;
  };
  const walksToPath = (test: unknown): boolean => {
    const stack: unknown[] = [test];
    for (let seen = 0; stack.length > 0 && seen < 2_000; seen++) {
      const n = stack.pop();
      if (!isNode(n)) continue;
      if (n.type === 'MemberExpression' && ['uri', 'querystring'].includes(p.memberKey(n) ?? '')) return true;
      for (const v of Object.values(n)) {
        if (Array.isArray(v)) stack.push(...v);
        else if (isNode(v)) stack.push(v);
      }
    }
    return false;
  };
  // 'all': the return runs for every OPTIONS request that reaches it whatever its path; 'path': only for some paths; false: not an answer to OPTIONS.
  const guarded = (ret: N): 'all' | 'path' | false => {
    let found = false;
    let path = false;
    const arg = ret.argument;
    if (isNode(arg) && arg.type === 'ConditionalExpression') {
      const s = optionsSense(p, arg.test);
      if ((s.pos && isResponse(arg.consequent)) || (s.neg && isResponse(arg.alternate))) found = true;
      else if (readsPath(arg.test)) path = true;
    }
    for (const [, up] of p.ancestors(ret)) {
      const a = up.node;
      if (FUNCTION_TYPES.has(a.type)) break;
      if (a.type === 'IfStatement' && (up.key === 'consequent' || up.key === 'alternate')) {
        const s = optionsSense(p, a.test);
        if ((up.key === 'consequent' && s.pos) || (up.key === 'alternate' && s.neg)) found = true;
        else if (readsPath(a.test)) path = true;
      }
      if (a.type === 'SwitchCase' && up.key === 'consequent') {
        // This case, or a case above it with no statements of its own that falls into it, is "OPTIONS".
        const sw = p.parent.get(a)?.node;
        const cases = (sw?.cases ?? []) as N[];
        const at = cases.indexOf(a);
        for (let i = at; i >= 0; i--) {
          if (i < at && (cases[i].consequent as N[]).length > 0) break;
          if (p.stringOf(cases[i].test) === 'OPTIONS') found = true;
        }
        if (isNode(sw) && readsPath(sw.discriminant)) path = true;
      }
      // An earlier statement of the same block that returns unless the request is OPTIONS.
      if (up.index >= 0 && ['body', 'consequent'].includes(up.key) && up.index > firstEarlyExit(a[up.key] as N[])) found = true;
    }
    return found ? (path ? 'path' : 'all') : false;
  };
  // What a returned object literal says: its status and header names when written as literals.
  const literalResponse = (e: unknown): { status?: number; headers?: string[] } => {
    if (!isNode(e) || e.type !== 'ObjectExpression') return {};
    const props = (e.properties as N[]).filter(x => x.type === 'Property');
    const status = props.find(x => p.propertyKey(x) === 'statusCode')?.value;
    const headers = props.find(x => p.propertyKey(x) === 'headers')?.value;
    return {
      status: isNode(status) && status.type === 'Literal' && typeof status.value === 'number' ? status.value : undefined,
      // No headers at all is a literal answer too: none.
      headers: headers === undefined ? [] : isNode(headers) && headers.type === 'ObjectExpression' ? p.keysOfObject(headers) : undefined,
    };
  };
  const answers = p.nodes.filter(n => n.type === 'ReturnStatement' && isResponse(n.argument))
    .map(n => ({ n, how: guarded(n) })).filter(x => x.how !== false);
  if (answers.some(x => x.how === 'all')) {
    const shown = answers.map(x => literalResponse(x.n.argument));
    const ok = shown.filter(r => r.status === undefined || (r.status >= 200 && r.status < 300));
    if (ok.length === 0) {
      return { answer: 'unknown', why: `it answers OPTIONS requests itself, but only with status ${[...new Set(shown.map(r => r.status))].join(' or ')}: a browser takes a preflight answered so as refused` };
    }
    if (ok.every(r => r.headers !== undefined && !r.headers.includes('access-control-allow-origin'))) {
      return { answer: 'unknown', why: 'it answers OPTIONS requests itself, without Access-Control-Allow-Origin in that answer: a browser takes such a preflight as refused' };
    }
    return { answer: 'yes', why: 'it returns a response for requests whose method is OPTIONS' };
  }
  if (answers.length > 0) {
    return { answer: 'unknown', why: 'it answers OPTIONS requests itself only for some paths (its answer depends on the URI or query), and S3 answers the others' };
  }
  if (p.dynamic) return { answer: 'unknown', why: p.dynamic };
  const mentionsStatus = p.nodes.some(n => (isIdentifier(n) && n.name === 'statusCode')
    || (n.type === 'Literal' && typeof n.value === 'string' && n.value.includes('statusCode'))
    || (n.type === 'TemplateElement' && String((n.value as { raw?: string }).raw).includes('statusCode')));
  if (!mentionsStatus) return { answer: 'no', why: 'it never builds a response (nothing in it names statusCode)' };
  const mentionsOptions = p.nodes.some(n => (n.type === 'Literal' && typeof n.value === 'string' && n.value.trim().toUpperCase() === 'OPTIONS')
    || (n.type === 'Literal' && isNode(n) && typeof (n.regex as { pattern?: string } | undefined)?.pattern === 'string' && /options/i.test((n.regex as { pattern: string }).pattern))
    || (n.type === 'TemplateElement' && /options/i.test(String((n.value as { raw?: string }).raw))));
  const readsMethod = p.nodes.some(n => n.type === 'MemberExpression' && p.memberKey(n) === 'method');
  if (!mentionsOptions && !readsMethod) {
    return { answer: 'no', why: 'it builds a response whatever the request method, so not one for preflights (a redirect or a refusal, for example)' };
  }
  return { answer: 'unknown', why: 'it looks at the request method and builds a response, in a way this check does not follow' };
}

function setsHeader(p: Program, header: string): CodeAnswer {
  let written = false;
  let capitals: string | undefined;
  let nested = false;
  let computed: string | undefined;
  const names = (keys: readonly string[]) => {
    for (const k of keys) {
      if (k === header) written = true;
      else if (k.toLowerCase() === header) capitals ??= k;
    }
  };
  const at = (n: N) => `line ${(n.loc as { start: { line: number } } | undefined)?.start.line ?? '?'} of its code`;
  for (const n of p.nodes) {
    if (n.type === 'AssignmentExpression' && isNode(n.left) && n.left.type === 'MemberExpression') {
      const m = n.left;
      const key = m.computed ? undefined : p.memberKey(m);
      // A private name (this.#x) is no header.
      const keys = m.computed ? p.keysOf(m.property) : key === undefined ? [] : [key];
      if (keys) names(keys);
      else computed ??= `it writes a key it computes at run time (${at(m)})`;
      // headers["access-control-allow-origin"].value = ...: changes the header only where the origin sent one.
      for (let o: unknown = m.object, d = 0; isNode(o) && o.type === 'MemberExpression' && d < MAX_DEPTH; o = o.object, d++) {
        const k = o.computed ? p.stringOf(o.property) : p.memberKey(o);
        if (k?.toLowerCase() === header) nested = true;
      }
    }
    if (n.type === 'Property' && isNode(p.parent.get(n)?.node) && p.parent.get(n)!.node.type === 'ObjectExpression') {
      const k = p.propertyKey(n);
      if (k !== undefined) names([k]);
      else computed ??= `it builds an object with a key it computes at run time (${at(n)})`;
    }
    if (n.type === 'SpreadElement' && p.parent.get(n)?.node.type === 'ObjectExpression') {
      // Copying the headers the function was given adds none; spreading anything else may.
      const arg = n.argument;
      if (!(isNode(arg) && arg.type === 'MemberExpression' && p.memberKey(arg) === 'headers')) {
        computed ??= `it spreads an object it does not build itself into another (${at(n)})`;
      }
    }
    if (n.type === 'CallExpression' && isNode(n.callee) && n.callee.type === 'MemberExpression'
      && isIdentifier(n.callee.object) && ['Object', 'Reflect'].includes(n.callee.object.name)) {
      const method = p.memberKey(n.callee);
      const args = n.arguments as N[];
      if (method === 'assign') {
        for (const a of args.slice(1)) {
          const keys = p.keysOfObject(a);
          if (keys) names(keys);
          else if (!(isNode(a) && a.type === 'MemberExpression' && p.memberKey(a) === 'headers')) computed ??= `it copies an object it does not build itself with Object.assign (${at(n)})`;
        }
      } else if (method === 'defineProperty' || method === 'set') {
        const keys = p.keysOf(args[1]);
        if (keys) names(keys);
        else computed ??= `it writes a key it computes at run time with ${n.callee.object.name}.${method} (${at(n)})`;
      } else if (method === 'fromEntries' || method === 'defineProperties' || method === 'setPrototypeOf') {
        computed ??= `it builds an object with Object.${method} (${at(n)})`;
      }
    }
  }
  const name = header === 'vary' ? 'Vary' : 'Access-Control-Allow-Origin';
  if (written) return { answer: 'yes', why: `it writes ${name}` };
  if (p.dynamic) return { answer: 'unknown', why: p.dynamic };
  if (capitals !== undefined) {
    return { answer: 'unknown', why: `it writes the header as ${JSON.stringify(capitals)}, and CloudFront's event object names headers in lower case: this check does not assume another spelling is the same header` };
  }
  if (nested) return { answer: 'unknown', why: `it changes ${name} only where the origin sent one` };
  if (computed) return { answer: 'unknown', why: computed };
  return { answer: 'no', why: `no code path in it writes ${name}` };
}

/** What a CloudFront Function's code does for CORS, each answer with why. Never throws. */
export function analyseFunctionCode(code: string): FunctionAnalysis {
  const parsed = typeof code === 'string' ? parseProgram(code) : 'its code is not text';
  if (typeof parsed === 'string') {
    const unknown = { answer: 'unknown', why: parsed } as const;
    return { answersOptions: unknown, setsAllowOrigin: unknown, setsVary: unknown };
  }
  try {
    const p = new Program(parsed.nodes, parsed.parent);
    return {
      answersOptions: answersOptions(p),
      setsAllowOrigin: setsHeader(p, 'access-control-allow-origin'),
      setsVary: setsHeader(p, 'vary'),
    };
  } catch (e) {
    // A defect of this analysis must not end the run: the code is then not understood, which is said.
    const unknown = { answer: 'unknown', why: `this check could not follow its code (${(e as Error).message})` } as const;
    return { answersOptions: unknown, setsAllowOrigin: unknown, setsVary: unknown };
  }
}
