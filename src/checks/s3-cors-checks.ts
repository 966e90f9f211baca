import * as fs from 'fs';
import * as path from 'path';
import { Aspects, CfnElement, CfnResource, IAspect, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack, Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { cloudFormationReader } from './readers';
import { isObject } from './readers/cloudformation/template';
import type { NestedLink } from './readers/cloudformation/template-set';
import { CheckFinding } from './rule';
import { checkFacts, RULE_IDS } from './rules';
import { BUCKET_NOT_SEEN } from './rules/distribution-bucket-not-seen';
import { acknowledgedIds } from './suppressions';
import { packageVersion } from '../common/package-version';
import { recordAcknowledgements } from '../private/acknowledgements';

/**
 * The library's CORS checks for any CDK app, as a policy-validation plugin:
 * every bucket's CORS rules and every CloudFront behaviour in front of a CORS
 * bucket, read from the synthesized templates (so L1s, escape hatches and
 * overrides are seen too). The templates of the app are read together, nested
 * stacks included: a distribution in one stack in front of a bucket in another
 * (a cross-stack reference, a nested stack) is checked, and reported on the distribution.
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
    // Every template read as one set, so that a distribution in one stack in front of a bucket in another is checked.
    const { files, links } = templatesOf(context);
    const read = cloudFormationReader.readAll([...files].map(([name, file]) => ({ name, text: fs.readFileSync(file, 'utf8') })), links);
    [...files].forEach(([name, templatePath], i) => {
      const r = read[i];
      if (r instanceof Error) throw r;
      const facts = r.facts;
      for (const f of checkFacts(facts)) {
        // An info line goes to the report's metadata, which aws-cdk-lib prints only beside a violation; an S3 origin
        // whose bucket cannot be seen is a violation of severity info, so that its probe command is always printed.
        if (f.severity === 'info' && f.ruleId !== BUCKET_NOT_SEEN) {
          skipped.push(`${name}: ${f.message}`);
          continue;
        }
        const construct = constructs.get(`${name}\u0000${f.logicalId}`);
        if (construct && isAcknowledged(construct, f.ruleId)) continue;
        if (acknowledgedIds(facts.template.resource(f.logicalId)).has(f.ruleId)) continue;
        violations.push(violation(f, templatePath));
      }
    });
    return {
      success: !violations.some(v => v.severity === 'error'),
      violations,
      metadata: skipped.length > 0 ? { skipped: skipped.join('\n') } : undefined,
    };
  }
}

/**
 * The templates to read, by file name: the ones aws-cdk-lib names (every stack of every stage under the plugin),
 * and the nested stacks' templates, which it does not name, with the parent resource that deploys each.
 */
function templatesOf(context: IPolicyValidationContext): { files: Map<string, string>; links: NestedLink[] } {
  const files = new Map<string, string>();
  for (const p of context.templatePaths) files.set(path.basename(p), p);
  const links: NestedLink[] = [];
  for (const c of context.appConstruct.node.findAll()) {
    if (!Stack.isStack(c) || !c.nested || !c.nestedStackResource || !c.nestedStackParent) continue;
    // Only below a stack the plugin was given (a plugin added to one stage sees that stage's stacks).
    let top: Stack = c;
    while (top.nestedStackParent) top = top.nestedStackParent;
    const outdir = Stage.of(c)?.outdir;
    if (!files.has(top.templateFile) || outdir === undefined) continue;
    const file = path.join(outdir, c.templateFile);
    if (!fs.existsSync(file)) continue;
    files.set(c.templateFile, file);
    const parent = c.nestedStackParent;
    links.push({ parent: parent.templateFile, resource: parent.resolve(c.nestedStackResource.logicalId), child: c.templateFile });
  }
  return { files, links };
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
