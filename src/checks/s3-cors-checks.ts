import * as fs from 'fs';
import * as path from 'path';
import { Aspects, CfnElement, CfnResource, IAspect, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { cloudFormationReader } from './readers';
import { isObject } from './readers/cloudformation/template';
import { CheckFinding } from './rule';
import { checkFacts, RULE_IDS } from './rules';
import { acknowledgedIds } from './suppressions';
import { packageVersion } from '../common/package-version';
import { recordAcknowledgements } from '../private/acknowledgements';

/**
 * The library's CORS checks for any CDK app, as a policy-validation plugin:
 * every bucket's CORS rules and every CloudFront behaviour in front of a CORS
 * bucket, read from the synthesized templates (so L1s, escape hatches and
 * overrides are seen too).
 *
 * A finding is acknowledged per resource, as cdk-nag's are:
 * `Validations.of(bucket).acknowledge({ id: 'cdk-s3-cors:origin-matches-any-site', reason: '...' })`.
 *
 * To let `cdk-s3-cors lint cdk.out` agree with the synth about acknowledgements
 * on buckets and distributions that are not this library's constructs (which
 * do it themselves), call `S3CorsChecks.carryAcknowledgements(app)`.
 *
 * @example
 * Validations.of(app).addPlugins(new S3CorsChecks());
 */
export class S3CorsChecks implements IPolicyValidationPlugin {
  /**
   * Writes the app's cdk-s3-cors acknowledgements (`Annotations.acknowledgeWarning`,
   * `Validations.acknowledge`) on every bucket and distribution under `scope` into
   * the resource's Metadata (`cdk-s3-cors: {acknowledge: [{id, reason}]}`), where
   * `cdk-s3-cors lint` and cfn-lint-style tools read them. Resources without an
   * acknowledgement are unchanged.
   *
   * @param scope the app, a stage or a stack
   */
  public static carryAcknowledgements(scope: IConstruct): void {
    Aspects.of(scope).add(new CarryAcknowledgements());
  }

  public readonly name = 'S3CorsChecks';
  public readonly version?: string;
  public readonly ruleIds?: string[];

  constructor() {
    this.version = packageVersion();
    this.ruleIds = [...RULE_IDS];
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // Each resource's construct, by template file and logical id (path metadata may be turned off).
    const constructs = new Map<string, IConstruct>();
    for (const c of context.appConstruct.node.findAll()) {
      if (!CfnElement.isCfnElement(c)) continue;
      const stack = Stack.of(c);
      constructs.set(`${stack.templateFile}\u0000${stack.resolve(c.logicalId)}`, c);
    }
    const violations: PolicyViolation[] = [];
    const skipped: string[] = [];
    for (const templatePath of context.templatePaths) {
      const { facts } = cloudFormationReader.read(fs.readFileSync(templatePath, 'utf8'));
      for (const f of checkFacts(facts)) {
        if (f.severity === 'info') {
          skipped.push(`${path.basename(templatePath)}: ${f.message}`);
          continue;
        }
        const construct = constructs.get(`${path.basename(templatePath)}\u0000${f.logicalId}`);
        if (construct && isAcknowledged(construct, f.ruleId)) continue;
        if (acknowledgedIds(facts.template.resource(f.logicalId)).has(f.ruleId)) continue;
        violations.push(violation(f, templatePath));
      }
    }
    return {
      success: !violations.some(v => v.severity === 'error'),
      violations,
      metadata: skipped.length > 0 ? { skipped: skipped.join('\n') } : undefined,
    };
  }
}

function violation(f: CheckFinding, templatePath: string): PolicyViolation {
  return {
    ruleName: f.ruleId,
    description: f.message,
    severity: f.severity,
    violatingResources: [{ resourceLogicalId: f.logicalId, templatePath, locations: [f.path.slice(2).join('/')] }],
  };
}

/** Acknowledged on the resource or any construct above it; aws-cdk-lib writes the id with an "annotation::" prefix (its case varies by version). */
function isAcknowledged(construct: IConstruct, ruleId: string): boolean {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !isObject(entry.data)) continue;
      if (Object.keys(entry.data).some(k => k.replace(/^annotation::/i, '') === ruleId)) return true;
    }
  }
  return false;
}

/** The aspect behind S3CorsChecks.carryAcknowledgements(). */
class CarryAcknowledgements implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof CfnResource && (node.cfnResourceType === 'AWS::S3::Bucket' || node.cfnResourceType === 'AWS::CloudFront::Distribution')) {
      recordAcknowledgements(node);
    }
  }
}
