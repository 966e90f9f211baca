// Rules as text: JSON in each dialect, and S3's XML. Output only; what it
// renders is checked elsewhere.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { CorsJsonFormat } from '../types';
import { FIELDS, fieldName, RULE_PROPERTY, rulesKey, XML_NAMES } from './fields';

/** One rule as a plain object with the dialect's field names, in the console's key order. */
function ruleToJsonObject(rule: CorsRule, format: CorsJsonFormat): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = (rule as unknown as Record<string, unknown>)[RULE_PROPERTY[field]];
    if (value !== undefined) out[fieldName(field, format)] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}

/** The whole configuration in one JSON dialect, pretty-printed with two spaces. */
export function renderJson(rules: readonly CorsRule[], format: CorsJsonFormat): string {
  const list = rules.map(r => ruleToJsonObject(r, format));
  const key = rulesKey(format);
  return JSON.stringify(key ? { [key]: list } : list, undefined, 2);
}

/**
 * The XML document PutBucketCors takes: indented for people, or compact, as
 * the SDKs and the AWS CLI send it (what S3's 64 KB limit is measured on).
 */
export function renderXml(rules: readonly CorsRule[], pretty = true): string {
  const indent = (n: number) => (pretty ? '  '.repeat(n) : '');
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'];
  for (const rule of rules) {
    lines.push(`${indent(1)}<CORSRule>`);
    if (rule.id !== undefined) lines.push(`${indent(2)}<ID>${escapeXml(rule.id)}</ID>`);
    for (const field of ['AllowedOrigins', 'AllowedMethods', 'AllowedHeaders', 'ExposeHeaders'] as const) {
      const values = (rule as unknown as Record<string, string[] | undefined>)[RULE_PROPERTY[field]] ?? [];
      for (const v of values) lines.push(`${indent(2)}<${XML_NAMES[field]}>${escapeXml(String(v))}</${XML_NAMES[field]}>`);
    }
    if (rule.maxAge !== undefined) lines.push(`${indent(2)}<MaxAgeSeconds>${rule.maxAge}</MaxAgeSeconds>`);
    lines.push(`${indent(1)}</CORSRule>`);
  }
  lines.push('</CORSConfiguration>');
  return pretty ? lines.join('\n') + '\n' : lines.join('');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
