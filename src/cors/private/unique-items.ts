// CloudFormation's uniqueItems check on CORS lists, which S3 itself does not
// make. Not S3's duplicate-value warning (validate.ts).
/**
 * What CloudFormation refuses in a CORS rule that S3 itself would take:
 * repeated items. The registry schema of AWS::S3::Bucket marks a CorsRule's
 * AllowedHeaders, AllowedMethods, AllowedOrigins and ExposedHeaders as lists
 * of unique items ("uniqueItems": true), and CloudFormation validates every
 * resource against its schema before it creates anything: a template that
 * repeats one fails at deploy ("Properties validation failed ... array items
 * are not unique"; cfn-lint reports it as E3037). Items are compared as they
 * reach the template: exactly, so "ETag" and "etag" are two items there (and
 * one to S3: that stays the `duplicate-value` warning of validate()).
 */
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { CorsFinding, CorsJsonFormat } from '../types';
import { CorsField, fieldName, RULE_PROPERTY } from './fields';
import { ACCEPTED, errorFinding, where } from './finding';

/** The list fields CloudFormation's schema holds to unique items, in the order findings are listed. */
export const UNIQUE_ITEM_FIELDS: readonly CorsField[] = ['AllowedHeaders', 'AllowedMethods', 'AllowedOrigins', 'ExposeHeaders'];

/** One item that exactly repeats an earlier item of the same list. */
export interface ExactRepeat {
  readonly ruleIndex: number;
  readonly field: CorsField;
  /** The repeat. */
  readonly valueIndex: number;
  /** The earlier item it repeats (the first of its kind). */
  readonly firstIndex: number;
  /** The item as it reaches the template, JSON-quoted: `"https://app.example.com"`, or an intrinsic such as `{"Fn::Join":[...]}`. */
  readonly rendered: string;
}

/**
 * Every exact repeat in the rules' unique-item lists. An item may be a
 * string or, once tokens are resolved, an intrinsic (an object): two items
 * are the same when their JSON is, so two identical `Fn::Join`s repeat.
 */
export function exactRepeats(rules: readonly CorsRule[]): ExactRepeat[] {
  const out: ExactRepeat[] = [];
  rules.forEach((rule, ruleIndex) => {
    for (const field of UNIQUE_ITEM_FIELDS) {
      const items = (rule as unknown as Record<string, unknown>)?.[RULE_PROPERTY[field]];
      if (!Array.isArray(items)) continue;
      const seen = new Map<string, number>();
      items.forEach((item: unknown, valueIndex) => {
        const rendered = asJson(item);
        const firstIndex = seen.get(rendered);
        if (firstIndex === undefined) seen.set(rendered, valueIndex);
        else out.push({ ruleIndex, field, valueIndex, firstIndex, rendered });
      });
    }
  });
  return out;
}

/**
 * Why a repeat fails, in the words every face uses (the constructs put the
 * props they came from before it).
 */
export function repeatReason(field: CorsField): string {
  const name = fieldName(field, CorsJsonFormat.CLOUDFORMATION);
  return `CloudFormation refuses repeated items in a CORS rule's ${name} (AWS::S3::Bucket holds it to unique items), so the deploy would fail with "array items are not unique", although S3 itself would take it. Remove one.`;
}

/** The exact repeats as error findings, `cloudformation-duplicate-value`, each at the repeat. */
export function cloudFormationRepeatFindings(rules: readonly CorsRule[]): CorsFinding[] {
  return exactRepeats(rules).map(r => errorFinding('cloudformation-duplicate-value',
    `${where({ ruleIndex: r.ruleIndex, field: r.field, valueIndex: r.valueIndex })} ${clip(r.rendered)} repeats ${r.field}[${r.firstIndex}]: ${repeatReason(r.field)}`,
    { ruleIndex: r.ruleIndex, field: r.field, valueIndex: r.valueIndex }, ACCEPTED));
}

/**
 * validate()'s findings for a configuration that goes into a CloudFormation
 * template: each `duplicate-value` warning about an exact repeat becomes the
 * `cloudformation-duplicate-value` error (the deploy fails); repeats that
 * differ only in case stay warnings.
 */
export function withCloudFormationRepeats(rules: readonly CorsRule[], findings: readonly CorsFinding[]): CorsFinding[] {
  const errors = cloudFormationRepeatFindings(rules);
  const at = (f: CorsFinding) => `${f.ruleIndex}\u0000${f.field}\u0000${f.valueIndex}`;
  const byPlace = new Map(errors.map(e => [at(e), e]));
  const out: CorsFinding[] = [];
  for (const f of findings) {
    const error = f.code === 'duplicate-value' ? byPlace.get(at(f)) : undefined;
    if (error) byPlace.delete(at(f));
    out.push(error ?? f);
  }
  // Repeats validate() did not report (it skips a rule it could not read): at the end, in order.
  return [...out, ...errors.filter(e => byPlace.has(at(e)))];
}

/** The JSON of a value, as a short readable quote. */
export function clip(rendered: string, max = 120): string {
  return rendered.length > max ? `${rendered.slice(0, max)}…` : rendered;
}

function asJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
