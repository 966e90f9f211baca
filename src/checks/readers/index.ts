// The readers: each turns one kind of input into the facts the rules read.
// `lint` and S3CorsChecks both go through it; a Terraform plan reader would be
// one more Reader here (and one more folder beside cloudformation/).
// Inputs of one run are read together, so that what one takes from another
// (an export, a nested stack's parameters and outputs) is followed.
import { setFacts, TemplateSet } from './cloudformation';
import { TemplateFacts } from '../facts';
import { looksLikeCloudFormation } from './cloudformation/looks-like';
import { CloudFormationTemplate, TemplateSyntaxError } from './cloudformation/template';
import type { NestedLink } from './cloudformation/template-set';

/** What a reader made of one input. */
export interface ReadInput {
  readonly facts: TemplateFacts;
  /** Where each template path is written. */
  readonly positionOf: CloudFormationTemplate['positionOf'];
}

export interface Reader {
  /** The kind printed for files it reads, e.g. "cloudformation". */
  readonly kind: string;
  /** Whether a file with this name and text is this reader's input. */
  accepts(file: string, text: string): boolean;
  /** The facts of the input alone; throws TemplateSyntaxError on unreadable text. */
  read(text: string): ReadInput;
  /**
   * The facts of several inputs read together (by name), references between them followed;
   * for an input that cannot be read, its TemplateSyntaxError. `links` names nested stacks the caller knows;
   * `assetFiles` maps a cdk.out's asset hashes to template names (a nested stack without "aws:asset:path").
   */
  readAll(inputs: ReadonlyArray<{ readonly name: string; readonly text: string }>,
    links?: readonly NestedLink[], assetFiles?: ReadonlyMap<string, string>): Array<ReadInput | TemplateSyntaxError>;
}

export const cloudFormationReader: Reader = {
  kind: 'cloudformation',
  accepts: looksLikeCloudFormation,
  read(text) {
    const [r] = this.readAll([{ name: '', text }]);
    if (r instanceof TemplateSyntaxError) throw r;
    return r;
  },
  readAll(inputs, links = [], assetFiles = new Map()) {
    const parsed = inputs.map(({ name, text }) => {
      try {
        return [name, CloudFormationTemplate.parse(text)] as const;
      } catch (e) {
        if (e instanceof TemplateSyntaxError) return e;
        throw e;
      }
    });
    const readable = parsed.filter((p): p is readonly [string, CloudFormationTemplate] => !(p instanceof TemplateSyntaxError));
    const set = new TemplateSet(readable, links, assetFiles);
    const facts = setFacts(set);
    return parsed.map(p => {
      if (p instanceof TemplateSyntaxError) return p;
      const template = p[1];
      return { facts: facts.get(p[0])!, positionOf: path => template.positionOf(path) };
    });
  },
};

