import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

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
  Validations.of(cfn).acknowledge(...acks);
}
