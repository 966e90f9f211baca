import { quote } from '../../common/quote';
import { CheckFinding, CheckRule } from '../rule';

export const DUPLICATE_KEY = 'cdk-s3-cors:duplicate-key';

/** A key written twice in one mapping: CloudFormation refuses the template (cfn-lint reports it as E0000). */
export const duplicateKey: CheckRule = {
  id: DUPLICATE_KEY,
  ids: [DUPLICATE_KEY],
  summary: 'a key written twice in one mapping of a template: CloudFormation refuses the template, a plain parser silently keeps the last',
  check(facts): CheckFinding[] {
    return facts.duplicateKeys.map(d => ({
      ruleId: DUPLICATE_KEY,
      severity: 'error',
      logicalId: d.path[0] === 'Resources' && typeof d.path[1] === 'string' && d.path.length > 2 ? d.path[1] : '',
      path: d.path,
      message: `${quote(d.key)} is written twice in one mapping (line ${d.first.line} and line ${d.second.line}); CloudFormation refuses the template, and tools that read it keep only the second. Keep one.`,
    }));
  },
};
