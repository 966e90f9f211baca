// Acknowledgements that travel with the template: when the app acknowledges a
// cdk-s3-cors warning (Annotations.acknowledgeWarning or
// Validations.acknowledge) on one of our constructs or above it, the resource's
// Metadata says so (cdk-s3-cors: {acknowledge: [{id, reason}]}), so that
// `cdk-s3-cors lint cdk.out` and S3CorsChecks agree with the synth.
import { App, CfnResource, Lazy, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { METADATA_KEY } from '../checks/suppressions';

const PREFIX = 'cdk-s3-cors:';

/** Writes, at synthesis, the cdk-s3-cors acknowledgements that apply to `cfn` into its Metadata (nothing when there are none). */
export function recordAcknowledgements(cfn: CfnResource): void {
  cfn.addMetadata(METADATA_KEY, Lazy.any({
    produce: () => {
      const acks = acknowledged(cfn);
      return acks.length > 0 ? { acknowledge: acks } : undefined;
    },
  }));
}

/** The cdk-s3-cors ids acknowledged on a construct or any construct above it, with the reason given. */
export function acknowledged(construct: IConstruct): Array<{ id: string; reason: string }> {
  const found = new Map<string, string>();
  // The construct first, then each scope above it (one walk up the tree: this runs for every resource at synth).
  const chain = construct.node.scopes.reverse();
  // Validations.acknowledge() records {"annotation::<id>": reason} in the node's metadata (the prefix's case varies by version).
  for (const c of chain) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || typeof entry.data !== 'object' || entry.data === null) continue;
      for (const [k, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        const id = k.replace(/^annotation::/i, '');
        if (id.startsWith(PREFIX) && !found.has(id)) found.set(id, typeof reason === 'string' ? reason : '');
      }
    }
  }
  // Annotations.acknowledgeWarning() keeps its acknowledgements on the App, by construct path (no reason is recorded).
  // Its shape is aws-cdk-lib's own and has changed: a Set of ids per path (2.258), a Map from id to records (2.278).
  const app = App.of(construct) as unknown as Record<symbol, { acks?: Map<string, unknown> } | undefined> | undefined;
  const registry = app?.[Symbol.for('@aws-cdk/core.Acknowledgements')]?.acks;
  if (registry instanceof Map && registry.size > 0) {
    // Each scope's path is its own one less its last id: taken from the construct's path, not computed again per scope.
    let path = construct.node.path.replace(/^\//, '');
    for (const c of chain) {
      const entry = registry.get(path);
      const ids: unknown[] = entry instanceof Map ? [...entry.keys()] : entry instanceof Set ? [...entry] : [];
      for (const id of ids) {
        if (typeof id === 'string' && id.startsWith(PREFIX) && !found.has(id)) found.set(id, 'acknowledged with Annotations.acknowledgeWarning');
      }
      if (c.node.id) path = path.slice(0, Math.max(0, path.length - c.node.id.length - 1));
    }
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, reason]) => ({ id, reason }));
}
