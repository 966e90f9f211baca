import { quote } from '../../common/quote';
import { CheckFinding, CheckRule } from '../rule';

export const NESTED_STACK_NOT_READ = 'cdk-s3-cors:nested-stack-not-read';

/**
 * A nested stack whose template was not read with its parent's: its buckets
 * and distributions are not checked, and that is said rather than passed over.
 */
export const nestedStackNotRead: CheckRule = {
  id: NESTED_STACK_NOT_READ,
  ids: [NESTED_STACK_NOT_READ],
  summary: 'a nested stack (AWS::CloudFormation::Stack) whose template is not among the templates read: its buckets and distributions are not checked',
  check(facts): CheckFinding[] {
    return facts.unreadNestedStacks.map(n => ({
      ruleId: NESTED_STACK_NOT_READ,
      severity: 'info',
      logicalId: n.logicalId,
      path: n.path,
      message: `nested stack ${n.logicalId}: ${n.file === undefined ? 'its template (TemplateURL)' : `its template ${quote(n.file)}`} is not among the templates read, so the buckets and distributions in it are not checked. `
        + 'Lint it together with this template (e.g. lint the whole cdk.out folder, or name both files).',
    }));
  },
};
