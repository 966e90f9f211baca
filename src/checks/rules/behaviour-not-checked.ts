import { CheckFinding, CheckRule } from '../rule';

export const BEHAVIOUR_NOT_CHECKED = 'cdk-s3-cors:behaviour-not-checked';

/** A behaviour the reader could not tie to one bucket, in a template with CORS buckets: said once, never silently skipped. */
export const behaviourNotChecked: CheckRule = {
  id: BEHAVIOUR_NOT_CHECKED,
  ids: [BEHAVIOUR_NOT_CHECKED],
  summary: 'a cache behaviour in a template with CORS buckets whose origin cannot be tied to one bucket of the template: its CORS setup is not checked',
  check(facts): CheckFinding[] {
    return facts.skippedBehaviours.map(b => ({
      ruleId: BEHAVIOUR_NOT_CHECKED,
      severity: 'info',
      logicalId: b.distributionId,
      path: b.path,
      message: `${b.distributionId} ${b.label}: not checked, because ${b.reason}.`,
    }));
  },
};
