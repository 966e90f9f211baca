// Every bucket's CorsConfiguration through the model's validate(): the same
// findings, with the same ids, as the library's own constructs raise.
import { CorsConfiguration, CorsFindingSeverity, CorsJsonFormat } from '../../cors';
import { CorsField, fieldName } from '../../cors/private/fields';
import { isLiteral } from '../behaviours';
import { CheckFinding, CheckRule } from '../rule';
import { CloudFormationTemplate } from '../template';

export const UNRESOLVED = 'cdk-s3-cors:unresolved-value';

export const bucketCors: CheckRule = {
  id: 'cdk-s3-cors:<model finding>',
  summary: 'every AWS::S3::Bucket CorsConfiguration, validated as S3 does: what S3 refuses or can never match is an error, what is risky a warning',
  check(t: CloudFormationTemplate): CheckFinding[] {
    const out: CheckFinding[] = [];
    for (const [id, r] of t.resourcesOfType('AWS::S3::Bucket')) {
      const cors = (r.Properties as Record<string, unknown> | undefined)?.CorsConfiguration;
      if (cors === undefined) continue;
      const base = ['Resources', id, 'Properties', 'CorsConfiguration'];
      if (!isLiteral(cors, 0)) {
        out.push({ ruleId: UNRESOLVED, severity: 'info', logicalId: id, path: base, message: `${id} CorsConfiguration holds values known only at deploy time (Ref, Fn::...); its rules are not checked.` });
        continue;
      }
      const config = CorsConfiguration.fromJson(JSON.stringify(cors));
      for (const f of config.validate()) {
        const path: Array<string | number> = [...base];
        if (f.ruleIndex !== undefined) path.push('CorsRules', f.ruleIndex);
        if (f.ruleIndex !== undefined && f.field !== undefined) path.push(fieldName(f.field as CorsField, CorsJsonFormat.CLOUDFORMATION));
        if (f.ruleIndex !== undefined && f.field !== undefined && f.valueIndex !== undefined) path.push(f.valueIndex);
        out.push({
          ruleId: `cdk-s3-cors:${f.code}`,
          severity: f.severity === CorsFindingSeverity.ERROR ? 'error' : 'warning',
          logicalId: id,
          path,
          message: `${id} CorsConfiguration ${f.message}`,
        });
      }
    }
    return out;
  },
};
