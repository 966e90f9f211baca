// What PutBucketCors refuses, and what can never match, as findings with the
// fix. Not evaluation of requests (evaluate.ts), not parsing (parse.ts).
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { CorsFinding, CorsFindingSeverity } from '../types';
import { ACCEPTED, errorFinding, INVALID_REQUEST, MALFORMED_XML, REJECTED, warningFinding, where } from './finding';
import { patternCovers } from './match';
import { renderXml } from './render';
import { S3_METHODS, WRITE_METHODS } from './vocabulary';
import { quote } from '../../common/quote';

/** The methods in a list that write (PUT, POST, DELETE): a `*` origin with these is risky. */
export function writeMethods(methods: readonly string[]): string[] {
  return methods.filter(m => WRITE_METHODS.includes(m));
}
/**
 * Why an AllowedOrigin pattern lets in origins that anyone can own, as "*"
 * does, or undefined when it does not. A "*" is safe only where the rest of
 * the pattern pins a domain the user controls (two labels or more after the
 * "*", as in "https://*.example.com"), or in the port. "https://*",
 * "https://*example.com" (also "https://evilexample.com") and "https://*.com"
 * are not. Public suffixes of two labels ("*.co.uk") are not detected.
 */
export function broadOriginReason(pattern: string): string | undefined {
  if (pattern === '*') return 'it matches every origin';
  const star = pattern.indexOf('*');
  if (star < 0) return undefined;
  const suffix = pattern.slice(star + 1);
  const schemeEnd = pattern.indexOf('://');
  // The "*" stands before "://": the host after it is pinned.
  if (schemeEnd > star) return undefined;
  // The "*" is the port: the host before it is pinned.
  if (/^[^*]*:\/\/[^/:*]+:$/.test(pattern.slice(0, star)) && suffix === '') return undefined;
  const tail = suffix.replace(/:(\d+|\*)$/, '');
  const domain = tail.includes('.') ? tail.slice(tail.indexOf('.') + 1) : '';
  if (domain.split('.').length >= 2 && domain.split('.').every(label => label.length > 0)) return undefined;
  // "http*", "https:*": the "*" stands for the rest of the scheme and "://" too.
  const before = pattern.slice(0, star);
  const scheme = schemeEnd < 0 && before !== '' ? ['https://', 'http://'].find(x => x.startsWith(before)) : undefined;
  const example = scheme ? `${scheme}${tail === '' ? 'attacker.example' : 'attacker'}${suffix}`.replace(/\*/g, '')
    : pattern.replace('*', tail === '' ? 'attacker.example' : 'attacker').replace(/\*/g, '');
  return tail === ''
    ? `it matches every host after "${pattern.slice(0, star)}", e.g. "${example}"`
    : `it also matches "${example}", a domain anyone can register`;
}

/**
 * What XML 1.0 cannot carry, even escaped: the C0 controls but tab, line feed
 * and carriage return; lone surrogates; U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const XML_ILLEGAL_ALL = new RegExp(XML_ILLEGAL.source, 'g');

const MAX_RULES = 100;
const MAX_DOCUMENT_BYTES = 64 * 1024;
const MAX_ID_LENGTH = 255;
/** MaxAgeSeconds is an xsd:int. */
export const MAX_INT32 = 2147483647;
/** Chromium (>= 76) caps Access-Control-Max-Age at 2 hours, Firefox at 24 hours. */
const CHROMIUM_MAX_AGE = 7200;
const FIREFOX_MAX_AGE = 86400;

/**
 * Every finding about a list of rules. `malformed` names places the parser
 * already reported (so a missing-field finding does not repeat a wrong-type one).
 */
export function validateRules(rules: readonly CorsRule[], malformed: ReadonlySet<string> = new Set()): CorsFinding[] {
  const findings: CorsFinding[] = [];
  if (rules.length === 0 && !malformed.has('')) {
    findings.push(errorFinding('no-rules',
      'configuration has no rules: PutBucketCors refuses an empty rule list (MalformedXML). Add at least one rule, or remove the CORS configuration altogether (DeleteBucketCors).',
      {}, MALFORMED_XML));
  }
  if (rules.length > MAX_RULES) {
    findings.push(errorFinding('too-many-rules',
      `configuration has ${rules.length} rules; S3 allows at most ${MAX_RULES}. Merge rules that share methods and headers (one rule can list many origins).`, {}, REJECTED));
  }
  rules.forEach((rule, i) => {
    if (!malformed.has(`${i}`)) findings.push(...validateRule(rule, i, malformed));
  });
  const bytes = Buffer.byteLength(renderXml(rules, false), 'utf8');
  const tooLarge = bytes > MAX_DOCUMENT_BYTES;
  // Comparing rules pairwise is quadratic; within S3's limits (100 rules, 64 KB) it is small.
  // Beyond them S3 refuses the configuration anyway, and the findings say so.
  if (rules.length <= MAX_RULES && !tooLarge) findings.push(...shadowedRules(rules, malformed));
  if (tooLarge) {
    findings.push(errorFinding('document-too-large',
      `configuration is ${bytes} bytes as the XML body PutBucketCors receives (compact, as the SDKs and the AWS CLI send it); S3 limits the CORS document to ${MAX_DOCUMENT_BYTES} bytes (64 KB). Use wildcard origins such as "https://*.example.com", or fewer rules.`, {}, REJECTED));
  }
  return findings;
}

function validateRule(rule: CorsRule, i: number, malformed: ReadonlySet<string>): CorsFinding[] {
  const out: CorsFinding[] = [];
  const origins = rule.allowedOrigins ?? [];
  const methods = (rule.allowedMethods ?? []) as string[];

  if (origins.length === 0 && !malformed.has(`${i}.AllowedOrigins`)) {
    out.push(errorFinding('missing-allowed-origins',
      `rule ${i} has no AllowedOrigins: S3 refuses a rule without at least one origin (MalformedXML). Add the origins your pages are served from, e.g. ["https://app.example.com"].`,
      { ruleIndex: i, field: 'AllowedOrigins' }, MALFORMED_XML));
  }
  if (methods.length === 0 && !malformed.has(`${i}.AllowedMethods`)) {
    out.push(errorFinding('missing-allowed-methods',
      `rule ${i} has no AllowedMethods: S3 refuses a rule without at least one method (MalformedXML). Add the methods browsers use, e.g. ["GET", "HEAD"].`,
      { ruleIndex: i, field: 'AllowedMethods' }, MALFORMED_XML));
  }
  methods.forEach((m, k) => {
    if (!S3_METHODS.includes(m)) out.push(methodFinding(m, { ruleIndex: i, field: 'AllowedMethods', valueIndex: k }));
  });
  origins.forEach((o, k) => out.push(...originFindings(o, { ruleIndex: i, field: 'AllowedOrigins', valueIndex: k })));

  (rule.allowedHeaders ?? []).forEach((h, k) => {
    const bad = headerNameProblem(h, true);
    if (bad) {
      out.push(errorFinding('header-invalid-name', `${where({ ruleIndex: i, field: 'AllowedHeaders', valueIndex: k })} ${quote(h)} ${bad}`, { ruleIndex: i, field: 'AllowedHeaders', valueIndex: k }, ACCEPTED));
    }
    if (countStars(h) > 1) {
      out.push(errorFinding('header-multiple-wildcards',
        `${where({ ruleIndex: i, field: 'AllowedHeaders', valueIndex: k })} ${quote(h)} has ${countStars(h)} "*"; S3 allows at most one wildcard per header. Use a single prefix pattern such as "x-amz-*", or "*" for any header.`,
        { ruleIndex: i, field: 'AllowedHeaders', valueIndex: k }, REJECTED));
    }
  });
  (rule.exposedHeaders ?? []).forEach((h, k) => {
    const bad = h.includes('*') ? undefined : headerNameProblem(h, false);
    if (bad) {
      out.push(errorFinding('header-invalid-name', `${where({ ruleIndex: i, field: 'ExposeHeaders', valueIndex: k })} ${quote(h)} ${bad}`, { ruleIndex: i, field: 'ExposeHeaders', valueIndex: k }, ACCEPTED));
    }
    if (h.includes('*')) {
      out.push(errorFinding('expose-header-wildcard',
        `${where({ ruleIndex: i, field: 'ExposeHeaders', valueIndex: k })} ${quote(h)} contains "*": S3 supports no wildcard in ExposeHeaders (PutBucketCors is reported to refuse it). List each header JavaScript must read, e.g. "ETag", "x-amz-version-id".`,
        { ruleIndex: i, field: 'ExposeHeaders', valueIndex: k }, REJECTED));
    }
  });

  if (rule.maxAge !== undefined) {
    const place = { ruleIndex: i, field: 'MaxAgeSeconds' as const };
    if (!Number.isFinite(rule.maxAge) || Math.abs(rule.maxAge) > MAX_INT32) {
      out.push(errorFinding('invalid-max-age',
        `rule ${i} MaxAgeSeconds is ${rule.maxAge}, beyond what S3 stores (a 32-bit whole number, at most ${MAX_INT32}; the AWS CLI refuses it too). Use ${CHROMIUM_MAX_AGE} or less: browsers cap it anyway.`,
        place, REJECTED));
    } else if (!Number.isInteger(rule.maxAge)) {
      out.push(errorFinding('invalid-max-age',
        `rule ${i} MaxAgeSeconds is ${rule.maxAge}; S3 takes a whole number of seconds. Use ${Math.max(0, Math.round(rule.maxAge))}.`,
        place, REJECTED));
    } else if (rule.maxAge < 0) {
      out.push(errorFinding('negative-max-age',
        `rule ${i} MaxAgeSeconds is ${rule.maxAge}; browsers ignore a negative Access-Control-Max-Age and cache the preflight for only 5 seconds. Use a value from 0 to ${CHROMIUM_MAX_AGE}, e.g. 3000.`,
        place, ACCEPTED));
    } else if (rule.maxAge > FIREFOX_MAX_AGE) {
      out.push(warningFinding('max-age-above-firefox-cap',
        `rule ${i} MaxAgeSeconds is ${rule.maxAge}: Firefox caps preflight caching at ${FIREFOX_MAX_AGE} s and Chromium at ${CHROMIUM_MAX_AGE} s, so the extra time buys nothing. Use ${CHROMIUM_MAX_AGE} or less.`,
        place));
    } else if (rule.maxAge > CHROMIUM_MAX_AGE) {
      out.push(warningFinding('max-age-above-chromium-cap',
        `rule ${i} MaxAgeSeconds is ${rule.maxAge}: Chromium caps preflight caching at ${CHROMIUM_MAX_AGE} s, so Chrome and Edge users preflight every 2 hours anyway. Use ${CHROMIUM_MAX_AGE} or less unless Firefox is what you tune for.`,
        place));
    }
  }
  if (rule.id !== undefined && rule.id.length > MAX_ID_LENGTH) {
    out.push(errorFinding('id-too-long',
      `rule ${i} ID is ${rule.id.length} characters long; S3 allows at most ${MAX_ID_LENGTH}. Shorten it.`,
      { ruleIndex: i, field: 'ID' }, REJECTED));
  }
  const notXml = typeof rule.id === 'string' ? XML_ILLEGAL.exec(rule.id) : null;
  if (notXml) {
    const unit = `U+${notXml[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    out.push(errorFinding('id-invalid-character',
      `rule ${i} ID ${quote(rule.id ?? '')} contains ${unit}, a character no XML document can carry, so the CORS configuration cannot be sent to S3 (PutBucketCors answers MalformedXML). Remove it; an ID is a label, e.g. "${(rule.id ?? '').replace(XML_ILLEGAL_ALL, '') || 'assets'}".`,
      { ruleIndex: i, field: 'ID' }, MALFORMED_XML));
  }

  const writes = writeMethods(methods);
  const star = origins.findIndex(o => broadOriginReason(o) !== undefined);
  if (star >= 0 && writes.length > 0) {
    const o = origins[star];
    out.push(warningFinding('wildcard-origin-write',
      `rule ${i} AllowedOrigins[${star}] is ${quote(o)}${o === '*' ? '' : ` (${broadOriginReason(o)})`} while the rule allows ${writes.join(', ')}: any website can make its visitors' browsers write to this bucket wherever they hold a valid URL or credentials. List the origins of your own web app instead.`,
      { ruleIndex: i, field: 'AllowedOrigins', valueIndex: star }));
  }

  out.push(...duplicates(origins, i, 'AllowedOrigins', false));
  out.push(...duplicates(methods, i, 'AllowedMethods', false));
  out.push(...duplicates(rule.allowedHeaders ?? [], i, 'AllowedHeaders', true));
  out.push(...duplicates(rule.exposedHeaders ?? [], i, 'ExposeHeaders', true));
  return out;
}

/** Why a header name can never be one a browser sends or reads, or undefined. */
function headerNameProblem(h: string, wildcard: boolean): string | undefined {
  if (h === '') return 'is empty: no header has an empty name, so this never matches. Remove it.';
  const name = wildcard ? h.replace(/\*/g, '') : h;
  if (name !== '' && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    const fix = h.includes(':') ? ` Write the name only: "${h.slice(0, h.indexOf(':')).trim()}".` : /\s/.test(h) ? ` Remove the spaces: "${h.replace(/\s+/g, '')}".` : '';
    return `is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only: no spaces, colons or quotes), so it never matches.${fix}`;
  }
  return undefined;
}

function methodFinding(m: string, place: { ruleIndex: number; field: 'AllowedMethods'; valueIndex: number }): CorsFinding {
  const s3Text = `S3 answers InvalidRequest "Found unsupported HTTP method in CORS config. Unsupported method is ${m}"`;
  let fix: string;
  if (S3_METHODS.includes(m.toUpperCase())) {
    fix = `Methods are case-sensitive: write "${m.toUpperCase()}".`;
  } else if (m.toUpperCase() === 'OPTIONS') {
    fix = 'S3 answers the browser\'s OPTIONS preflight by itself for every rule: remove "OPTIONS".';
  } else if (m === '*') {
    fix = 'S3 has no method wildcard: list the methods you need, e.g. "GET", "HEAD".';
  } else {
    fix = `Remove it; S3 CORS rules can allow only ${S3_METHODS.join(', ')}.`;
  }
  return errorFinding('unsupported-method',
    `${where(place)} ${quote(m)} is not a method S3 accepts (allowed: ${S3_METHODS.join(', ')}); ${s3Text}. ${fix}`, place, INVALID_REQUEST);
}

/**
 * What makes an origin one no browser can send, beyond case, slashes and
 * default ports: whitespace, user info, a bad port, no host, a file: page, a
 * host in Unicode (browsers send its punycode form), "null" in upper case.
 */
function malformedOrigin(o: string): { code: string; why: string; fix?: string } | undefined {
  if (/[\s\u0000-\u001f\u007f]/.test(o)) {
    const trimmed = o.trim();
    return { code: 'origin-whitespace', why: 'has spaces or control characters (often pasted along with it); browsers never send them,', fix: /\s/.test(trimmed) ? undefined : trimmed };
  }
  if (o.toLowerCase() === 'null' && o !== 'null') return { code: 'origin-uppercase', why: 'is not how browsers write the opaque origin: they send "null" in lower case,', fix: 'null' };
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(o);
  if (!m) {
    // "*.example.com": the "*" stands for the scheme and the start of the host, so what follows is the end of a host
    // (and port), and can hold nothing a host cannot ("[" and "]" aside: "*://[::1]:3000" is an IPv6 host).
    const forbidden = o.startsWith('*') ? /[%<>\\^|]/.exec(o.slice(1)) : null;
    return forbidden ? invalidHostCharacter(forbidden[0]) : undefined;
  }
  const scheme = m[1].toLowerCase();
  if (scheme === 'file') return { code: 'origin-file-scheme', why: 'is a file: URL; pages opened from files send "Origin: null", never this,' };
  let hostPort = m[2];
  if (hostPort.includes('@')) {
    return { code: 'origin-userinfo', why: 'has user info ("user@" or "user:password@"); browsers never put it in Origin,', fix: `${scheme}://${hostPort.slice(hostPort.lastIndexOf('@') + 1)}` };
  }
  let port: string | undefined;
  const ipv6 = /^(\[[^\]]*\])(?::(.*))?$/.exec(hostPort);
  if (ipv6) {
    [, hostPort, port] = ipv6;
  } else if (hostPort.includes(':')) {
    port = hostPort.slice(hostPort.lastIndexOf(':') + 1);
    hostPort = hostPort.slice(0, hostPort.lastIndexOf(':'));
  }
  if (hostPort === '') return { code: 'origin-empty-host', why: 'has no host name;' };
  if (port !== undefined && port !== '*' && !(/^[1-9]\d{0,4}$/.test(port) && Number(port) <= 65535)) {
    return { code: 'origin-invalid-port', why: `has the port "${port}"; browsers send a port from 1 to 65535, in decimal without leading zeros,`, fix: /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535 ? `${scheme}://${hostPort}:${Number(port)}` : undefined };
  }
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(hostPort)) {
    let ascii: string | undefined;
    try {
      ascii = hostPort.includes('*') ? undefined : new URL(`${scheme}://${hostPort}`).hostname;
    } catch {
      ascii = undefined;
    }
    return { code: 'origin-unicode-host', why: 'has a host name in Unicode; browsers send its ASCII (punycode, "xn--") form,', fix: ascii ? `${scheme}://${ascii}${port ? `:${port}` : ''}` : undefined };
  }
  // What the URL standard forbids in a host name ("*" is S3's wildcard, and legal).
  const forbidden = ipv6 ? null : /[%<>[\\\]^|]/.exec(hostPort);
  return forbidden ? invalidHostCharacter(forbidden[0]) : undefined;
}

function invalidHostCharacter(c: string): { code: string; why: string } {
  return { code: 'origin-invalid-host-character', why: `has "${c}" in its host name, which no URL host can contain (${c === '\\' ? 'browsers read "\\" there as "/"' : 'browsers refuse such a URL'}),` };
}

/** What a browser would send for the origin the user most likely meant. */
export function canonicalOrigin(origin: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(origin);
  if (!m) {
    if (/^[a-z0-9.-]+(:\d+)?\/?$/i.test(origin) && !origin.includes('*')) {
      const host = origin.replace(/\/$/, '').toLowerCase();
      const scheme = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https';
      return `${scheme}://${host}`;
    }
    return undefined;
  }
  const scheme = m[1].toLowerCase();
  let host = m[2].toLowerCase();
  if ((scheme === 'http' && host.endsWith(':80')) || (scheme === 'https' && host.endsWith(':443'))) {
    host = host.replace(/:\d+$/, '');
  }
  return `${scheme}://${host}`;
}

/** The problems of one origin on its own, worded without a rule ("\"x\" ends with ..."). */
export function originProblems(origin: string): Array<{ error: boolean; message: string }> {
  const place = { ruleIndex: 0, field: 'AllowedOrigins' as const, valueIndex: 0 };
  const prefix = `${where(place)} `;
  return originFindings(origin, place).map(f => ({
    error: f.severity === CorsFindingSeverity.ERROR,
    message: f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message,
  }));
}

function originFindings(o: string, place: { ruleIndex: number; field: 'AllowedOrigins'; valueIndex: number }): CorsFinding[] {
  const out: CorsFinding[] = [];
  const w = `${where(place)} ${quote(o)}`;
  const fixed = canonicalOrigin(o);
  const use = fixed && fixed !== o ? ` Use "${fixed}".` : '';
  if (o === '') {
    return [errorFinding('origin-empty', `${where(place)} is empty: S3 stores it, but no browser sends an empty Origin, so it never matches. Remove it or write the origin, e.g. "https://app.example.com".`, place, ACCEPTED)];
  }
  if (countStars(o) > 1) {
    out.push(errorFinding('origin-multiple-wildcards',
      `${w} has ${countStars(o)} "*"; S3 answers InvalidRequest "AllowedOrigin ${quote(o)} can not have more than one wildcard." Use one, e.g. "https://*.example.com".`, place, INVALID_REQUEST));
  }
  if (o === '*') return out;
  const malformed = malformedOrigin(o);
  if (malformed) {
    out.push(errorFinding(malformed.code, `${w} ${malformed.why} so it never matches.${malformed.fix ? ` Use "${malformed.fix}".` : ''}`, place, ACCEPTED));
    return out;
  }
  // A pattern with no scheme that its "*" cannot stand for never matches (origin-missing-scheme below), so it lets no site in.
  const beforeStar = o.includes('*') ? o.slice(0, o.indexOf('*')) : undefined;
  const starCoversScheme = beforeStar !== undefined && (beforeStar === '' || ['http://', 'https://'].some(s => s.startsWith(beforeStar)));
  const broad = o.includes('://') || starCoversScheme ? broadOriginReason(o) : undefined;
  if (broad) {
    out.push(warningFinding('origin-matches-any-site',
      `${w} lets in sites you do not control: ${broad}. S3 echoes such an origin with Access-Control-Allow-Credentials: true, so this is more permissive than "*". List your origins, or pin your domain: "https://*.your-domain.com".`, place));
  }
  if (o === 'null') {
    out.push(warningFinding('null-origin',
      `${w}: browsers send "Origin: null" from sandboxed iframes, file: pages and some redirects, so any such page anywhere matches. Remove it unless you serve exactly such pages.`, place));
    return out;
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(o);
  if (!m) {
    // A "*" right after a start of "http://" or "https://" ("http*", "https:*") stands for the "://" too, so the
    // pattern matches browser origins (every site: origin-matches-any-site above says so); it does not lack a scheme.
    if (!starCoversScheme) {
      out.push(errorFinding('origin-missing-scheme',
        `${w} has no scheme: browsers send the full origin such as "https://example.com", and S3 compares strings, so this never matches.${use || ' Add "https://" or "http://".'}`, place, ACCEPTED));
    }
    return out;
  }
  const [, scheme, rest] = m;
  const slash = rest.search(/[/?#]/);
  const hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  if (slash >= 0) {
    const tail = rest.slice(slash);
    if (tail === '/') {
      out.push(errorFinding('origin-trailing-slash',
        `${w} ends with "/": browsers send origins without a trailing slash, so this rule would never match.${use}`, place, ACCEPTED));
    } else {
      out.push(errorFinding('origin-has-path',
        `${w} has a path ("${tail}"): an origin is only scheme://host[:port] and browsers never send a path, so this never matches. CORS in S3 is bucket-wide and cannot be limited to a prefix.${use}`, place, ACCEPTED));
    }
  }
  if (scheme !== scheme.toLowerCase() || hostPort !== hostPort.toLowerCase()) {
    out.push(errorFinding('origin-uppercase',
      `${w} has upper-case letters: browsers send the scheme and host in lower case and S3 compares strings exactly, so this never matches.${use}`, place, ACCEPTED));
  }
  const s = scheme.toLowerCase();
  if ((s === 'http' && /:80$/.test(hostPort)) || (s === 'https' && /:443$/.test(hostPort))) {
    out.push(errorFinding('origin-default-port',
      `${w} names the default port: browsers leave the default port out of Origin and S3 compares strings exactly, so this never matches.${use}`, place, ACCEPTED));
  }
  const host = hostPort.toLowerCase().replace(/:(\d+|\*)$/, '');
  if (s === 'http' && !['localhost', '127.0.0.1', '[::1]'].includes(host)) {
    out.push(warningFinding('insecure-origin',
      `${w} uses http://: pages served over plain HTTP can be altered in transit, so anything on the network can act as this origin. Use "${(fixed ?? o).replace(/^http:/, 'https:')}" unless this is a local development host.`, place));
  }
  return out;
}

function duplicates(values: readonly string[], i: number, field: 'AllowedOrigins' | 'AllowedMethods' | 'AllowedHeaders' | 'ExposeHeaders', ignoreCase: boolean): CorsFinding[] {
  const seen = new Map<string, number>();
  const out: CorsFinding[] = [];
  values.forEach((v, k) => {
    const key = ignoreCase ? v.toLowerCase() : v;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, k);
      return;
    }
    out.push(warningFinding('duplicate-value',
      `${where({ ruleIndex: i, field, valueIndex: k })} ${quote(v)} repeats ${field}[${first}]${ignoreCase ? ' (header names ignore case)' : ''}. Remove the duplicate.`,
      { ruleIndex: i, field, valueIndex: k }));
  });
  return out;
}

/** A rule every request of which an earlier rule already matches can never be used: S3 takes the first match. */
function shadowedRules(rules: readonly CorsRule[], malformed: ReadonlySet<string>): CorsFinding[] {
  const out: CorsFinding[] = [];
  const usable = (r: CorsRule, i: number) => !malformed.has(`${i}`) && (r.allowedOrigins ?? []).length > 0 && (r.allowedMethods ?? []).length > 0;
  rules.forEach((later, j) => {
    if (!usable(later, j)) return;
    for (let i = 0; i < j; i++) {
      const earlier = rules[i];
      if (!usable(earlier, i) || !covers(earlier, later)) continue;
      out.push(errorFinding('rule-shadowed',
        `rule ${j} can never be used: rule ${i} comes first and matches every request rule ${j} matches (same or wider origins, methods and headers), and S3 applies only the first matching rule. Remove rule ${j}, or move it before rule ${i} if its settings (headers, exposed headers, max age) are the ones you want.`,
        { ruleIndex: j }, ACCEPTED));
      return;
    }
  });
  return out;
}

function covers(earlier: CorsRule, later: CorsRule): boolean {
  const originsCovered = later.allowedOrigins.every(o => earlier.allowedOrigins.some(e => patternCovers(e, o)));
  const methodsCovered = (later.allowedMethods as string[]).every(m => (earlier.allowedMethods as string[]).includes(m));
  const headersCovered = (later.allowedHeaders ?? []).every(h => (earlier.allowedHeaders ?? []).some(e => patternCovers(e, h, true)));
  return originsCovered && methodsCovered && headersCovered;
}

function countStars(s: string): number {
  return s.split('*').length - 1;
}
