// Every bucket's CorsConfiguration through the model's validate(): the same
// findings, with the same ids, as the library's own constructs raise.
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CorsConfiguration, CorsFindingSeverity, CorsJsonFormat } from '../../cors';
import { CorsField, fieldName } from '../../cors/private/fields';
import { cloudFormationRepeatFindings, withCloudFormationRepeats } from '../../cors/private/unique-items';
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
        // Two equal intrinsics are one value twice: CloudFormation refuses that whatever they resolve to.
        for (const f of cloudFormationRepeatFindings(rawRules(cors))) {
          out.push({ ruleId: `cdk-s3-cors:${f.code}`, severity: 'error', logicalId: id, path: [...base, 'CorsRules', f.ruleIndex!, fieldName(f.field as CorsField, CorsJsonFormat.CLOUDFORMATION), f.valueIndex!], message: `${id} CorsConfiguration ${f.message}` });
        }
        continue;
      }
      const config = CorsConfiguration.fromJson(JSON.stringify(cors));
      // In a template, an exact repeat is not S3's harmless duplicate but CloudFormation's refusal.
      for (const f of withCloudFormationRepeats(config.rules, config.validate())) {
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

/** The CorsRules of a CorsConfiguration holding intrinsics, with aws-cdk-lib's field names, for the repeat check only. */
function rawRules(cors: unknown): s3.CorsRule[] {
  const rules = (cors as { CorsRules?: unknown } | null)?.CorsRules;
  if (!Array.isArray(rules)) return [];
  return rules.map(r => {
    const rule = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const out = {
      allowedHeaders: rule.AllowedHeaders,
      allowedMethods: rule.AllowedMethods,
      allowedOrigins: rule.AllowedOrigins,
      exposedHeaders: rule.ExposedHeaders,
    };
    return out as unknown as s3.CorsRule;
  });
}
