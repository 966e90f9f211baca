// S3's wildcard matching for origins and headers, and pattern coverage. Not
// validation of the patterns themselves (validate.ts).
/**
 * Wildcard matching as S3 does it for AllowedOrigin and AllowedHeader: each
 * `*` matches any run of characters (the empty run too) and the pattern is
 * anchored at both ends. S3 allows one `*`; more are matched the same way so
 * that evaluating an invalid configuration still answers.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const parts = p.split('*');
  if (parts.length === 1) return p === v;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (v.length < first.length + last.length) return false;
  if (!v.startsWith(first) || !v.endsWith(last)) return false;
  let pos = first.length;
  const end = v.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = v.indexOf(middle, pos);
    if (found < 0 || found + middle.length > end) return false;
    pos = found + middle.length;
  }
  return true;
}

/**
 * Whether every string `inner` matches is also matched by `outer`, for
 * patterns with at most one `*` each. Conservative: false when unsure.
 */
export function patternCovers(outer: string, inner: string, ignoreCase = false): boolean {
  const o = ignoreCase ? outer.toLowerCase() : outer;
  const i = ignoreCase ? inner.toLowerCase() : inner;
  const oStars = o.split('*').length - 1;
  const iStars = i.split('*').length - 1;
  if (iStars === 0) return wildcardMatch(o, i);
  if (oStars === 0 || oStars > 1 || iStars > 1) return o === i;
  const [oPre, oSuf] = o.split('*');
  const [iPre, iSuf] = i.split('*');
  // What inner matches starts with iPre and ends with iSuf, hence with oPre and oSuf; and it is at least as long
  // as iPre + iSuf, which is at least as long as oPre + oSuf.
  return iPre.startsWith(oPre) && iSuf.endsWith(oSuf);
}
