// Whether a value holds a CDK token, in every form the resolver replaces at
// synth: the one test the constructs use, so that a check cannot miss a form
// another check sees.
import { Token } from 'aws-cdk-lib';
import { containsTokenText } from '../cors/internal';

/**
 * A token: a string, number or list CDK resolves at synth (often to a value
 * known only at deploy), or an object it resolves. In a string that includes
 * a number token written into the text (`x-${Token.asNumber(p)}`), which
 * Token.isUnresolved does not see but the resolver replaces.
 */
export function isToken(v: unknown): boolean {
  if (typeof v === 'string') return Token.isUnresolved(v) || Token.isUnresolved([v]) || containsTokenText(v);
  return Token.isUnresolved(v);
}
