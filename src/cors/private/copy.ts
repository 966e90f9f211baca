// Defensive copies of what callers hand in (lists, rules), read once each.
// No validation: it copies what it is given, checked or not.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';

/**
 * Copies of what callers hand in, made before anything checks or reads it:
 * each item read once, with index loops (no method of the caller's array is
 * called, an own `map` or `constructor` changes nothing), so what is checked
 * is what is used, however the original's getters answer later.
 */

/** The items of a list, read once each, in a new plain array. */
export function copyList<T>(list: readonly T[]): T[] {
  const out: T[] = [];
  const length = list.length;
  for (let i = 0; i < length; i++) out.push(list[i]);
  return out;
}

/** The fields of s3.CorsRule, the only ones a copy keeps. */
export const RULE_FIELDS = ['id', 'allowedMethods', 'allowedOrigins', 'allowedHeaders', 'exposedHeaders', 'maxAge'] as const;

/**
 * A rule as plain data: the known fields only, each read once, lists copied.
 * An own `__proto__` key (JSON.parse makes one) or any other key is not
 * copied, so the copy has no prototype of the caller's choosing.
 */
export function copyRule(rule: CorsRule): CorsRule {
  const copy: Record<string, unknown> = {};
  for (const k of RULE_FIELDS) {
    const v: unknown = (rule as unknown as Record<string, unknown>)[k];
    if (v !== undefined) copy[k] = Array.isArray(v) ? copyList(v) : v;
  }
  return copy as unknown as CorsRule;
}

/** A rule as copyRule makes it, or the value itself when it is not an object (for the shape check to name). */
export function copyRuleIfObject(rule: unknown): unknown {
  return typeof rule === 'object' && rule !== null && !Array.isArray(rule) ? copyRule(rule as CorsRule) : rule;
}
