import { UNRESOLVED } from './bucket-cors';

/** Joins what a behaviour's unknown values are and the rule they keep from being checked (rules/index.ts merges these per behaviour). */
export const NOT_CHECKED = '; this cannot be checked before deploy, so it is not checked by ';
import { TemplateFacts } from '../facts';
import { CorsBehaviour } from '../readers/cloudformation/behaviours';
import { TemplatePath } from '../readers/cloudformation/template';
import { CheckFinding, CheckRule, CheckSeverity } from '../rule';

/**
 * A rule about the cache behaviours in front of a CORS bucket. `test` returns
 * what is wrong with one behaviour as [path, message] (a path below the
 * behaviour, or from the top when it starts with "Resources"), or undefined,
 * or 'unknown' for what it cannot judge (one info line). The same finding
 * from two behaviours of one distribution is reported once.
 */
export function distributionRule(id: string, severity: CheckSeverity, summary: string,
  test: (b: CorsBehaviour) => [TemplatePath, string] | undefined | 'unknown'): CheckRule {
  return {
    id,
    ids: [id, UNRESOLVED],
    summary,
    check(facts: TemplateFacts): CheckFinding[] {
      const out: CheckFinding[] = [];
      const seen = new Set<string>();
      const add = (f: CheckFinding) => {
        const k = `${f.ruleId}\u0000${f.path.join('/')}\u0000${f.message}`;
        if (!seen.has(k)) out.push(f);
        seen.add(k);
      };
      for (const b of facts.behaviours) {
        const found = test(b);
        if (found === 'unknown') {
          add({ ruleId: UNRESOLVED, severity: 'info', logicalId: b.distributionId, path: b.path, message: `${b.distributionId} ${b.label}: ${b.unknowns.join('; ') || 'a value is known only at deploy time'}${NOT_CHECKED}${id}.` });
        } else if (found) {
          const path = found[0][0] === 'Resources' ? found[0] : [...b.path, ...found[0]];
          add({ ruleId: id, severity, logicalId: b.distributionId, path, message: `${b.distributionId} ${b.label} (origin: bucket ${b.bucketId}): ${found[1]}` });
        }
      }
      return out;
    },
  };
}
