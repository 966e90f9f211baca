// Recognises CDK token text inside strings without aws-cdk-lib. It does not
// resolve tokens; it only says one is there.
/**
 * What CDK resolves inside a string at synth, seen without aws-cdk-lib (the
 * model is pure): a string token's marker (`${Token[...]}`), a list token's
 * (`#{Token[...]}`), in any case, and a number token written into a string
 * (`${Token.asNumber(p)}` gives text like `-1.8881545897087626e+289`, which
 * the resolver replaces as it replaces the markers).
 */
export const TOKEN_TEXT = /[$#]\{token\[|-1\.\d{10,16}e\+289/i;

/** Whether CDK would treat any part of this string as a token at synth. */
export function containsTokenText(s: string): boolean {
  return TOKEN_TEXT.test(s);
}
