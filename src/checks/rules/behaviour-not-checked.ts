import { CheckFinding, CheckRule } from '../rule';

export const BEHAVIOUR_NOT_CHECKED = 'cdk-s3-cors:behaviour-not-checked';

/** A behaviour the reader could not tie to one bucket, where the templates read have CORS buckets: said once, never silently skipped. */
export const behaviourNotChecked: CheckRule = {
  id: BEHAVIOUR_NOT_CHECKED,
  ids: [BEHAVIOUR_NOT_CHECKED],
  summary: 'a cache behaviour, where the templates read have CORS buckets, whose origin names more than one bucket or whose TargetOriginId names no origin: its CORS setup is not checked',
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
