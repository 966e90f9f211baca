import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct, MetadataOptions, Node } from 'constructs';

/** One cdk-nag rule acknowledged on one resource, with the reason a reviewer reads. */
export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
}

/**
 * Acknowledges cdk-nag rules on exactly one CloudFormation resource (never a
 * whole subtree), through aws-cdk-lib's own `Validations.acknowledge()`,
 * which cdk-nag 3 reads. The library needs no runtime dependency on cdk-nag.
 */
export function acknowledgeNag(construct: IConstruct, acks: NagAcknowledgement[]): void {
  const cfn = (construct instanceof CfnResource ? construct : construct.node.defaultChild) as CfnResource | undefined;
  if (!cfn) throw new Error(`acknowledgeNag: ${construct.node.path} has no CloudFormation resource`);
  withoutStackTraces(cfn.node, () => Validations.of(cfn).acknowledge(...acks));
}

/**
 * Runs `fn` while the node records metadata without a stack trace.
 * `acknowledge()` records each rule with `addMetadata(..., { stackTrace: true })`:
 * a trace of the whole call stack, every frame source-mapped when the app runs
 * under ts-node or tsx. For the acknowledgements this library makes itself,
 * that trace only leads into the library, and it was the library's largest
 * synth cost (six per PublicAssetsBucket + CloudFrontCorsDistribution +
 * UploadBucket; `npm run bench`). Everything else is aws-cdk-lib's own doing on
 * the real resource: the rule ids as it qualifies them, the metadata entries
 * cdk-nag reads, the app's acknowledgement registry. The node's own
 * `addMetadata` is shadowed for the synchronous call only (a Proxy around the
 * resource did the same, at the cost of a trap on every property aws-cdk-lib reads).
 */
function withoutStackTraces(node: Node, fn: () => void): void {
  const addMetadata = node.addMetadata;
  const own = Object.getOwnPropertyDescriptor(node, 'addMetadata');
  Object.defineProperty(node, 'addMetadata', {
    configurable: true,
    writable: true,
    value: (type: string, data: unknown, options?: MetadataOptions) => addMetadata.call(node, type, data, { ...options, stackTrace: false }),
  });
  try {
    fn();
  } finally {
    if (own) Object.defineProperty(node, 'addMetadata', own);
    else delete (node as unknown as { addMetadata?: unknown }).addMetadata;
  }
}
