/**
 * Shape checks for callers in plain JavaScript: what TypeScript would have
 * refused at compile time, said at run time with the value and the way to
 * write it, instead of a TypeError from deep inside the library. Used by the
 * model and the constructs alike; it checks types, not CORS semantics.
 */
import { quote } from './quote';

/** A value as a message shows it: type and (shortened, escaped) content. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${quote(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `the ${typeof v} ${String(v)}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'function') return 'a function';
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'an object';
}

/** Duck-typed checks, so that two copies of a library in one app still pass. */
export const isCorsOriginLike = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { value?: unknown }).value === 'string' && typeof (v as { isDevelopment?: unknown }).isDevelopment === 'boolean';
export const isDurationLike = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { toSeconds?: unknown }).toSeconds === 'function';

/** How to write an origin given as a string. */
export function originFix(v: unknown): string {
  if (v === '*') return 'CorsOrigin.ANY';
  if (typeof v === 'string') {
    const https = /^https:\/\/([a-z0-9.-]+)$/.exec(v);
    return https ? `CorsOrigin.https(${quote(https[1])})` : `CorsOrigin.exact(${quote(v)})`;
  }
  return 'CorsOrigin.https("app.example.com")';
}

/** What a resource reference prop takes, and how to import one from the string given instead. */
export interface ReferenceKind {
  /** e.g. "an s3.IBucket". */
  readonly type: string;
  /** e.g. "import * as s3 from 'aws-cdk-lib/aws-s3'". */
  readonly module: string;
  /** Members that are strings on every such reference (tokens are strings too). */
  readonly strings: readonly string[];
  /** Members that are functions. */
  readonly functions: readonly string[];
  /** The call that imports the resource a string (already JSON-quoted) names. */
  fromString(quoted: string): string;
}

/**
 * Collects shape problems of one call, then throws them as one Error.
 * Each check names the argument or prop, the value it got, what it takes and
 * how to write it.
 */
export class ShapeCheck {
  public readonly problems: string[] = [];

  constructor(private readonly what: string) {}

  public object(name: string, v: unknown, example: string, optional = false): boolean {
    if (v === undefined && optional) return false;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    this.problems.push(`${name} must be an object such as ${example}, got ${describeValue(v)}.`);
    return false;
  }

  public string(name: string, v: unknown, example: string, optional = false): void {
    if ((v === undefined && optional) || typeof v === 'string') return;
    this.problems.push(`${name} must be a string such as ${example}, got ${describeValue(v)}.`);
  }

  public boolean(name: string, v: unknown, optional = true): void {
    if ((v === undefined && optional) || typeof v === 'boolean') return;
    this.problems.push(`${name} must be true or false, got ${describeValue(v)}.`);
  }

  public number(name: string, v: unknown, example: string, optional = false): void {
    if ((v === undefined && optional) || typeof v === 'number') return;
    const fix = typeof v === 'string' && /^\d+$/.test(v) ? ` Write ${v} without quotes.` : '';
    this.problems.push(`${name} must be a number such as ${example}, got ${describeValue(v)}.${fix}`);
  }

  /**
   * A Duration. `unit` is what the prop counts in, so that a bare number is
   * turned into the call that means it (`Duration.days(7)` for a prop that
   * takes whole days, not `Duration.seconds(7)`, which it would refuse next).
   */
  public duration(name: string, v: unknown, optional = true, unit: 'seconds' | 'days' = 'seconds'): void {
    if ((v === undefined && optional) || isDurationLike(v)) return;
    const example = unit === 'days' ? 7 : 3000;
    const amount = typeof v === 'number' && (unit === 'seconds' || (Number.isInteger(v) && v >= 1)) ? v : example;
    const counted = unit === 'days' ? ' (it takes whole days)' : '';
    this.problems.push(`${name} must be a Duration (import { Duration } from 'aws-cdk-lib')${counted}, got ${describeValue(v)}. Write Duration.${unit}(${amount}).`);
  }

  /**
   * A reference to a resource (an s3.IBucket, a kms.IKey, an
   * acm.ICertificate), recognised by the members the library reads. A
   * string in its place (a name or an ARN) is answered with the call that
   * imports it.
   */
  public reference(name: string, v: unknown, kind: ReferenceKind, optional = true): void {
    if (v === undefined && optional) return;
    const o = v as Record<string, unknown> | null;
    const like = typeof o === 'object' && o !== null
      && kind.strings.every(m => typeof o[m] === 'string') && kind.functions.every(m => typeof o[m] === 'function');
    if (like) return;
    const fix = typeof v === 'string' ? ` A string is not read as one: import it with ${kind.fromString(quote(v, 200))} (${kind.module}).` : '';
    this.problems.push(`${name} must be ${kind.type}, got ${describeValue(v)}.${fix}`);
  }

  public stringList(name: string, v: unknown, example: string, optional = false): void {
    if (v === undefined && optional) return;
    if (!Array.isArray(v)) {
      const fix = typeof v === 'string' ? ` Write [${quote(v)}].` : ` Write ${example}.`;
      this.problems.push(`${name} must be a list of strings such as ${example}, got ${describeValue(v)}.${fix}`);
      return;
    }
    v.forEach((item, k) => {
      if (typeof item !== 'string') this.problems.push(`${name}[${k}] must be a string, got ${describeValue(item)}.`);
    });
  }

  public originList(name: string, v: unknown, optional = false): void {
    if (v === undefined && optional) return;
    if (!Array.isArray(v)) {
      const fix = isCorsOriginLike(v) ? `[${originFix((v as { value: string }).value)}]` : `[${originFix(v)}]`;
      this.problems.push(`${name} must be a list of CorsOrigin values, got ${describeValue(v)}. Write ${fix}.`);
      return;
    }
    v.forEach((item, k) => {
      if (!isCorsOriginLike(item)) {
        this.problems.push(`${name}[${k}] must be a CorsOrigin (import { CorsOrigin } from 'cdk-s3-cors'), got ${describeValue(item)}. Write ${originFix(item)}.`);
      }
    });
  }

  /** Throws every problem found so far as one Error. */
  public throwIfAny(): void {
    if (this.problems.length === 0) return;
    if (this.problems.length === 1) throw new Error(`${this.what}: ${this.problems[0]}`);
    throw new Error(`${this.what}: ${this.problems.length} problems:\n${this.problems.map(p => `  - ${p}`).join('\n')}`);
  }
}
