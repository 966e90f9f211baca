// The CloudFormation reader: templates (JSON or YAML, SAM included; the
// templates of a cdk.out, read together as one set) into the facts the rules read.
import { corsBehaviours } from './behaviours';
import { conditionsIn, resolve } from './intrinsics';
import { CloudFormationTemplate } from './template';
import { TemplateSet } from './template-set';
import { CorsBucket, CorsVariant, TemplateFacts } from '../../facts';

/** At most this many conditions in one CorsConfiguration are enumerated (2^4 readings); further ones stay unresolved. */
const MAX_CONDITIONS = 4;

/** The facts of one template read alone. */
export function templateFacts(template: CloudFormationTemplate): TemplateFacts {
  return setFacts(TemplateSet.of(template)).get('')!;
}

/**
 * The facts of each template of a set read together: a distribution in one
 * template in front of a bucket in another (an export, a nested stack) is
 * checked, and reported on the distribution in its own template.
 */
export function setFacts(set: TemplateSet): Map<string, TemplateFacts> {
  return new Map(set.names.map(name => [name, facts(set, name)]));
}

function facts(set: TemplateSet, name: string): TemplateFacts {
  const template = set.template(name)!;
  const buckets: CorsBucket[] = [];
  for (const [logicalId, r] of template.resourcesOfType('AWS::S3::Bucket')) {
    const props = r.Properties;
    const cors = props !== null && typeof props === 'object' ? (props as Record<string, unknown>).CorsConfiguration : undefined;
    if (cors === undefined) continue;
    const path = ['Resources', logicalId, 'Properties', 'CorsConfiguration'];
    const conditions = conditionsIn(cors);
    const enumerated = conditions.slice(0, MAX_CONDITIONS);
    const variants: CorsVariant[] = [];
    for (let k = 0; k < 2 ** enumerated.length; k++) {
      // Reading k takes condition i as true when bit i of k is 0.
      const taken = enumerated.map((c, i) => [c, Math.floor(k / 2 ** i) % 2 === 0] as const);
      variants.push({ conditions: taken, resolution: resolve(template, cors, path, new Map(taken)) });
    }
    buckets.push({ logicalId, path, variants, conditionsNotEnumerated: conditions.slice(MAX_CONDITIONS) });
  }
  const { behaviours, skipped, unseen } = corsBehaviours(set, name);
  const unreadNestedStacks = set.unreadChildren(name)
    .map(c => ({ logicalId: c.resource, path: ['Resources', c.resource, 'Properties', 'TemplateURL'], file: c.file }));
  return {
    template, buckets, behaviours, skippedBehaviours: skipped, unseenBuckets: unseen, unreadNestedStacks, duplicateKeys: template.duplicateKeys,
  };
}

export { CloudFormationTemplate, TemplateSyntaxError, MAX_TEMPLATE_BYTES } from './template';
export { TemplateSet } from './template-set';
export type { NestedLink } from './template-set';
