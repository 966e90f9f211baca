import { UNRESOLVED } from './bucket-cors';
import { whenConditions } from './when';
import { escapeControls } from '../../common/quote';

/** Joins what a behaviour's unknown values are and the rule they keep from being checked (rules/index.ts merges these per behaviour). */
export const NOT_CHECKED = '; this cannot be checked before deploy, so it is not checked by ';
import { CorsBehaviour, TemplateFacts } from '../facts';
import { TemplatePath } from '../readers/cloudformation/template';
import { CheckFinding, CheckRule, CheckSeverity } from '../rule';

/**
 * A rule about the cache behaviours in front of a CORS bucket. `test` returns
 * what is wrong with one behaviour as [path, message] (a path below the
 * behaviour, or from the top when it starts with "Resources"), with a third
 * item when this finding is less (or more) severe than the rule's default, or undefined,
 * or 'unknown' for what it cannot judge (one info line). The same finding
 * from two behaviours of one distribution is reported once. A distribution
 * read once per truth of its conditions gets a finding once, saying under
 * which conditions it holds when it does not hold under all.
 */
export function distributionRule(id: string, severity: CheckSeverity, summary: string,
  test: (b: CorsBehaviour) => [TemplatePath, string] | [TemplatePath, string, CheckSeverity] | undefined | 'unknown'): CheckRule {
  return {
    id,
    ids: [id, UNRESOLVED],
    summary,
    check(facts: TemplateFacts): CheckFinding[] {
      // The readings of one behaviour, in order.
      const groups = new Map<string, CorsBehaviour[]>();
      for (const b of facts.behaviours) {
        const k = `${b.distributionId}\u0000${b.path.join('\u0000')}`;
        groups.set(k, [...(groups.get(k) ?? []), b]);
      }
      const out: CheckFinding[] = [];
      const seen = new Set<string>();
      for (const readings of groups.values()) {
        const found = new Map<string, { f: CheckFinding; in: number[] }>();
        readings.forEach((b, i) => {
          const result = test(b);
          let f: CheckFinding | undefined;
          if (result === 'unknown') {
            f = { ruleId: UNRESOLVED, severity: 'info', logicalId: b.distributionId, path: b.path, message: `${b.distributionId} ${b.label}: ${b.unknowns.join('; ') || 'a value is known only at deploy time'}${NOT_CHECKED}${id}.` };
          } else if (result) {
            const path = result[0][0] === 'Resources' ? result[0] : [...b.path, ...result[0]];
            f = { ruleId: id, severity: result[2] ?? severity, logicalId: b.distributionId, path, message: `${b.distributionId} ${b.label} (origin: bucket ${b.bucketId}${b.bucketIn === undefined ? '' : ` of ${escapeControls(b.bucketIn)}`}): ${result[1]}` };
          }
          if (!f) return;
          const k = `${f.ruleId}\u0000${f.path.join('/')}\u0000${f.message}`;
          const e = found.get(k);
          if (e) e.in.push(i);
          else found.set(k, { f, in: [i] });
        });
        for (const { f, in: where } of found.values()) {
          const when = where.length === readings.length ? '' : whenConditions(readings.map(r => r.conditions), where);
          const finding = when ? { ...f, message: f.message.includes(NOT_CHECKED) ? f.message.replace(NOT_CHECKED, ` ${when}${NOT_CHECKED}`) : `${f.message} ${when}` } : f;
          const k = `${finding.ruleId}\u0000${finding.path.join('/')}\u0000${finding.message}`;
          if (!seen.has(k)) out.push(finding);
          seen.add(k);
        }
      }
      return out;
    },
  };
}
