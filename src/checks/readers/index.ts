// The registry of readers: each turns one kind of input into the facts the
// rules read. `lint` and S3CorsChecks both go through it; a Terraform plan
// reader would be one more entry (and one more folder beside cloudformation/).
import { templateFacts } from './cloudformation';
import { TemplateFacts } from '../facts';
import { CloudFormationTemplate } from './cloudformation/template';

export interface Reader {
  /** The kind printed for files it reads, e.g. "cloudformation". */
  readonly kind: string;
  /** Whether a file with this name and text is this reader's input. */
  accepts(file: string, text: string): boolean;
  /** The facts of the input, and where each template path is written; throws TemplateSyntaxError on unreadable text. */
  read(text: string): { facts: TemplateFacts; positionOf: CloudFormationTemplate['positionOf'] };
}

export const cloudFormationReader: Reader = {
  kind: 'cloudformation',
  accepts: (file, text) => /\.(ya?ml|template)$/i.test(file) || /(^|[{,\s])"?(Resources|AWSTemplateFormatVersion)"?\s*:/m.test(text.slice(0, 64 * 1024)),
  read(text) {
    const template = CloudFormationTemplate.parse(text);
    return { facts: templateFacts(template), positionOf: p => template.positionOf(p) };
  },
};

export const READERS: readonly Reader[] = [cloudFormationReader];

/** The reader for an input, if any. */
export function readerFor(file: string, text: string): Reader | undefined {
  return READERS.find(r => r.accepts(file, text));
}
