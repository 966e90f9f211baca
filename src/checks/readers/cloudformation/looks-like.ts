// Whether an input is a CloudFormation or SAM template, from its name and its
// first 64 KB. Imports nothing, so that `lint` can sort its inputs without
// loading the template reader (or YAML) for a CORS file. Not a parser: the
// template reader decides what the text holds.

/** A .yaml/.yml/.template name, or a "Resources" or "AWSTemplateFormatVersion" key near the start. */
export function looksLikeCloudFormation(file: string, text: string): boolean {
  return /\.(ya?ml|template)$/i.test(file) || /(^|[{,\s])"?(Resources|AWSTemplateFormatVersion)"?\s*:/m.test(text.slice(0, 64 * 1024));
}
