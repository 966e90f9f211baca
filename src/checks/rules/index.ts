// The rule pack: every rule S3CorsChecks and `cdk-s3-cors lint` run on a
// template's facts, in the order findings are listed. docs/findings.md
// catalogues them; RULE_IDS is what S3CorsChecks advertises.
import { behaviourNotChecked } from './behaviour-not-checked';
import { bucketCors } from './bucket-cors';
import { aliasNotAllowed } from './distribution-alias-not-allowed';
import { browserCacheHazard } from './distribution-browser-cache-hazard';
import { bucketNotSeen } from './distribution-bucket-not-seen';
import { corsHeadersNotForwarded } from './distribution-cors-headers-not-forwarded';
import { functionNotUnderstood } from './distribution-function-not-understood';
import { optionsNotAllowed } from './distribution-options-not-allowed';
import { optionsNotCached } from './distribution-options-not-cached';
import { originNotInCacheKey } from './distribution-origin-not-in-cache-key';
import { refusedPreflightCached } from './distribution-refused-preflight-cached';
import { responsePolicyCors } from './distribution-response-policy-cors';
import { NOT_CHECKED } from './distribution-rule';
import { duplicateKey } from './duplicate-key';
import { nestedStackNotRead } from './nested-stack-not-read';
import { TemplateFacts } from '../facts';
import { CheckFinding, CheckRule } from '../rule';

export const RULES: readonly CheckRule[] = [
  duplicateKey,
  bucketCors,
  corsHeadersNotForwarded,
  originNotInCacheKey,
  optionsNotAllowed,
  optionsNotCached,
  refusedPreflightCached,
  responsePolicyCors,
  browserCacheHazard,
  functionNotUnderstood,
  aliasNotAllowed,
  behaviourNotChecked,
  bucketNotSeen,
  nestedStackNotRead,
];

/** Every id a finding of the pack can carry, generated from the rules. */
export const RULE_IDS: readonly string[] = [...new Set(RULES.flatMap(r => r.ids))].sort();

/** Every finding of every rule on one template's facts. */
export function checkFacts(facts: TemplateFacts): CheckFinding[] {
  // One unknown value of a behaviour is one info line, naming every rule it keeps from being checked.
  const out: CheckFinding[] = [];
  const merged = new Map<string, { at: number; rules: string[]; head: string }>();
  for (const f of RULES.flatMap(rule => rule.check(facts))) {
    const cut = f.message.indexOf(NOT_CHECKED);
    if (cut < 0) {
      out.push(f);
      continue;
    }
    const head = f.message.slice(0, cut);
    const k = `${f.path.join('\u0000')}\u0000${head}`;
    const rule = f.message.slice(cut + NOT_CHECKED.length).replace(/\.$/, '');
    const m = merged.get(k);
    if (m) {
      m.rules.push(rule);
      out[m.at] = { ...out[m.at], message: `${head}${NOT_CHECKED}${m.rules.join(', ')}.` };
    } else {
      merged.set(k, { at: out.length, rules: [rule], head });
      out.push(f);
    }
  }
  return out;
}
