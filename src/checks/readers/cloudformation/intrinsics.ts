// Intrinsic functions resolved as far as CloudFormation itself knows them
// before deploy: a Ref to a parameter with a Default (the default is assumed,
// and said), Fn::If under a chosen truth of each condition, Fn::FindInMap over
// literal mappings, Fn::Select over literal lists, Fn::Join and Fn::Sub (with
// the literal parts kept when a part is unknown). What stays unknown becomes
// an Unresolved value with its place in the template and why.
import { CloudFormationTemplate, isObject, TemplatePath } from './template';
import { quoteValue } from '../../../common/quote';

/** A value known only at deploy time, where it is written and why it is unknown. */
export class Unresolved {
  constructor(
    /** Where it is written in the template. */
    public readonly path: TemplatePath,
    /** Why, e.g. "Fn::GetAtt Site.DomainName is known only at deploy time". */
    public readonly reason: string,
    /** For Fn::Sub/Fn::Join: the literal parts, with null for each unknown part. */
    public readonly parts?: ReadonlyArray<string | null>,
    /** How each unknown part is written (e.g. "${Domain}"), in the order of the nulls in `parts`. */
    public readonly unknownParts?: readonly string[],
    /** For a Ref or Fn::GetAtt of a resource of the template: its logical id. */
    public readonly resource?: string,
  ) {}

  /** A short rendering: the literal parts with the unknown ones as written. */
  public get written(): string {
    if (!this.parts) return this.reason;
    let k = 0;
    return this.parts.map(p => p ?? this.unknownParts?.[k++] ?? '${?}').join('');
  }
}

/** `AWS::NoValue`: the property or list element is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** What resolving assumed, by the resolved value's path (key of path). */
export interface Resolution {
  /** The resolved value: literals, with Unresolved where something is unknown. */
  readonly value: unknown;
  /** For each resolved path (joined with "\0"), where it is written in the template. */
  readonly sources: ReadonlyMap<string, TemplatePath>;
  /** For each resolved path, the parameter defaults assumed to get it. */
  readonly assumed: ReadonlyMap<string, string>;
}

export function pathKey(path: TemplatePath): string {
  return path.map(String).join('\u0000');
}

const MAX_DEPTH = 50;

/**
 * Resolves `value`, written at `at` in `template`, with each condition in
 * `conditions` taken as given (a condition not in it leaves its Fn::If unresolved).
 */
export function resolve(template: CloudFormationTemplate, value: unknown, at: TemplatePath,
  conditions: ReadonlyMap<string, boolean> = new Map()): Resolution {
  const sources = new Map<string, TemplatePath>();
  const assumed = new Map<string, string>();
  const parameters = template.section('Parameters');
  const mappings = template.section('Mappings');
  const resources = template.section('Resources');

  const note = (out: TemplatePath, what: string) => {
    const k = pathKey(out);
    const had = assumed.get(k);
    if (!had?.includes(what)) assumed.set(k, had ? `${had}; ${what}` : what);
  };

  /** A Ref's value: a parameter's default, or unknown. */
  const ref = (name: unknown, src: TemplatePath, out: TemplatePath): unknown => {
    if (typeof name !== 'string') return new Unresolved(src, `a Ref to ${quoteValue(name)}`);
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) return new Unresolved(src, `the pseudo parameter ${name} is known only at deploy time`);
    const p = parameters[name];
    if (isObject(p)) {
      if (p.Default === undefined) return new Unresolved(src, `the parameter ${name} has no Default; its value is given at deploy time`);
      const d = p.Default;
      note(out, `parameter ${name}'s default ${quoteValue(d)}`);
      const type = typeof p.Type === 'string' ? p.Type : '';
      if (typeof d === 'string' && (type === 'CommaDelimitedList' || type.startsWith('List<'))) return d.split(',').map(s => s.trim());
      return typeof d === 'number' || typeof d === 'boolean' ? String(d) : d;
    }
    if (Object.prototype.hasOwnProperty.call(resources, name)) return new Unresolved(src, `a Ref to the resource ${name} is known only at deploy time`, undefined, undefined, name);
    return new Unresolved(src, `a Ref to ${name}, which is neither a parameter nor a resource of this template`);
  };

  const go = (v: unknown, src: TemplatePath, out: TemplatePath, depth: number): unknown => {
    if (depth > MAX_DEPTH) return new Unresolved(src, 'nested too deeply to resolve');
    sources.set(pathKey(out), src);
    if (Array.isArray(v)) {
      const list: unknown[] = [];
      v.forEach((x, i) => {
        const r = go(x, [...src, i], [...out, list.length], depth + 1);
        if (r !== NO_VALUE) list.push(r);
      });
      return list;
    }
    if (!isObject(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [fn] = keys;
      const arg = v[fn];
      const argAt = [...src, fn];
      switch (fn) {
        case 'Ref': return ref(arg, src, out);
        case 'Fn::If': {
          if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return new Unresolved(src, 'an Fn::If that is not [condition, then, else]');
          const truth = conditions.get(arg[0]);
          if (truth === undefined) return new Unresolved(src, `Fn::If depends on the condition ${arg[0]}`);
          return go(arg[truth ? 1 : 2], [...argAt, truth ? 1 : 2], out, depth + 1);
        }
        case 'Fn::FindInMap': {
          if (!Array.isArray(arg) || arg.length < 3) return new Unresolved(src, 'an Fn::FindInMap that is not [map, key, key]');
          const names = arg.slice(0, 3).map((x, i) => go(x, [...argAt, i], [...out, '#FindInMap', i], depth + 1));
          if (!names.every(n => typeof n === 'string')) return new Unresolved(src, 'Fn::FindInMap with a key known only at deploy time');
          const [m, k1, k2] = names as string[];
          const top = mappings[m];
          const second = isObject(top) ? top[k1] : undefined;
          const found = isObject(second) && Object.prototype.hasOwnProperty.call(second, k2) ? second[k2] : undefined;
          if (found === undefined) return new Unresolved(src, `Fn::FindInMap [${m}, ${k1}, ${k2}] names no entry of Mappings`);
          return go(found, ['Mappings', m, k1, k2], out, depth + 1);
        }
        case 'Fn::Select': {
          if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved(src, 'an Fn::Select that is not [index, list]');
          const index = go(arg[0], [...argAt, 0], [...out, '#Select'], depth + 1);
          const list = go(arg[1], [...argAt, 1], [...out, '#Select', 1], depth + 1);
          // Only a whole index from 0 picks an item (-0.5, 1e-300 and -1 pick none: CloudFormation refuses them).
          const i = typeof index === 'number' ? (Number.isInteger(index) && index >= 0 ? index : undefined) : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : undefined;
          if (i === undefined || !Array.isArray(list) || i >= list.length) return new Unresolved(src, 'Fn::Select from a list known only at deploy time');
          return list[i];
        }
        case 'Fn::Split': {
          if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || arg[0] === '') return new Unresolved(src, 'an Fn::Split that is not [delimiter, string]');
          const text = go(arg[1], [...argAt, 1], [...out, '#Split'], depth + 1);
          if (typeof text !== 'string') return new Unresolved(src, 'Fn::Split of a string known only at deploy time');
          return text.split(arg[0]);
        }
        case 'Fn::Join': {
          if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return new Unresolved(src, 'an Fn::Join that is not [separator, list]');
          const list = go(arg[1], [...argAt, 1], [...out, '#Join'], depth + 1);
          if (!Array.isArray(list)) return new Unresolved(src, 'Fn::Join of a list known only at deploy time');
          const parts: Array<string | null> = [];
          const unknown: string[] = [];
          list.forEach((x, i) => {
            if (i > 0) parts.push(arg[0]);
            if (typeof x === 'string' || typeof x === 'number') {parts.push(String(x));} else if (x instanceof Unresolved && x.parts) {
              for (const part of x.parts) parts.push(part);
              unknown.push(...(x.unknownParts ?? []));
            } else {
              parts.push(null);
              unknown.push(x instanceof Unresolved ? `<${shortReason(x)}>` : '<?>');
            }
          });
          return joined(src, parts, unknown, 'Fn::Join');
        }
        case 'Fn::Sub': {
          const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined;
          if (text === undefined) return new Unresolved(src, 'an Fn::Sub that is not a string or [string, variables]');
          const vars = Array.isArray(arg) && isObject(arg[1]) ? arg[1] : {};
          const parts: Array<string | null> = [];
          const unknown: string[] = [];
          let last = 0;
          for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
            parts.push(text.slice(last, m.index));
            last = m.index! + m[0].length;
            const name = m[1].trim();
            if (name.startsWith('!')) {
              parts.push(`\${${name.slice(1)}}`);
              continue;
            }
            let x: unknown;
            if (Object.prototype.hasOwnProperty.call(vars, name)) x = go(vars[name], [...argAt, 1, name], [...out, '#Sub', name], depth + 1);
            else if (name.includes('.')) x = new Unresolved(src, `\${${name}} is an attribute known only at deploy time`);
            else x = ref(name, src, out);
            if (typeof x === 'string' || typeof x === 'number') {parts.push(String(x));} else {
              parts.push(null);
              unknown.push(m[0]);
            }
          }
          parts.push(text.slice(last));
          return joined(src, parts, unknown, 'Fn::Sub');
        }
        case 'Fn::GetAtt': {
          const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
          return new Unresolved(src, `Fn::GetAtt ${briefly(arg)} is known only at deploy time`, undefined, undefined, typeof target === 'string' ? target : undefined);
        }
        default:
          if (fn.startsWith('Fn::') || fn === 'Condition') return new Unresolved(src, `${fn} ${briefly(arg)} is known only at deploy time`);
      }
    }
    const obj: Record<string, unknown> = {};
    for (const k of keys) {
      const r = go(v[k], [...src, k], [...out, k], depth + 1);
      if (r !== NO_VALUE) Object.defineProperty(obj, k, { value: r, enumerable: true, writable: true, configurable: true });
    }
    return obj;
  };
  return { value: go(value, at, [], 0), sources, assumed };
}

function joined(src: TemplatePath, parts: Array<string | null>, unknown: string[], fn: string): string | Unresolved {
  if (parts.every(p => p !== null)) return parts.join('');
  // Merge neighbouring literal parts.
  const merged: Array<string | null> = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (p !== null && typeof prev === 'string') merged[merged.length - 1] = prev + p;
    else merged.push(p);
  }
  return new Unresolved(src, `${fn} with ${unknown.join(', ')} known only at deploy time`, merged, unknown);
}

function shortReason(u: Unresolved): string {
  return u.reason.replace(/ is known only at deploy time$/, '');
}

function briefly(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (Array.isArray(arg) && arg.every(a => typeof a === 'string')) return arg.join('.');
  return '(...)';
}

/** The names of the conditions that Fn::If in a value depends on, in order of appearance. */
export function conditionsIn(v: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > MAX_DEPTH) return found;
  if (Array.isArray(v)) {
    v.forEach(x => conditionsIn(x, found, depth + 1));
  } else if (isObject(v)) {
    const f = v['Fn::If'];
    if (Array.isArray(f) && typeof f[0] === 'string' && !found.includes(f[0])) found.push(f[0]);
    Object.values(v).forEach(x => conditionsIn(x, found, depth + 1));
  }
  return found;
}

/** A stable text for a value, so that two structurally equal intrinsics compare equal. */
export function canonical(v: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) return '…';
  if (Array.isArray(v)) return `[${v.map(x => canonical(x, depth + 1)).join(',')}]`;
  if (v instanceof Unresolved) return `?${pathKey(v.path)}`;
  if (isObject(v)) return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${canonical(v[k], depth + 1)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}
