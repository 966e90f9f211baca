// Properties that check meaning, not only the absence of exceptions: the
// model against a small reference written here, independently, from
// docs/s3-cors.md (regular expressions instead of the model's string
// matching; no shared code), and the shadowing check against brute force.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { runs, SCALE } from './runs';
import { CorsConfiguration, CorsOrigin } from '../../src/cors';

/** docs/s3-cors.md: a pattern's "*" matches any run of characters, the empty one too; anchored at both ends. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.split('*').map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** docs/s3-cors.md, "How a request is answered", as directly as it reads. */
interface Answer {
  allowed: boolean;
  status?: number;
  matchedRuleIndex?: number;
  headers: Record<string, string>;
}

function reference(rules: CorsRule[], method: string, origin?: string, acrm?: string, acrh?: string): Answer {
  const m = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS'].includes(method.toUpperCase()) ? method.toUpperCase() : method;
  const preflight = m === 'OPTIONS';
  if (origin === undefined) return preflight ? { allowed: false, status: 400, headers: {} } : { allowed: false, headers: {} };
  const wanted = acrm ?? m;
  const names = acrh === undefined ? [] : acrh.split(',').map(s => s.trim()).filter(s => s !== '');
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    const matched = (r.allowedOrigins ?? []).find(o => matches(o, origin, false));
    if (matched === undefined) continue;
    if (!((r.allowedMethods ?? []) as string[]).includes(wanted)) continue;
    if (!names.every(n => (r.allowedHeaders ?? []).some(p => matches(p, n, true)))) continue;
    const headers: Record<string, string> = { 'access-control-allow-origin': matched === '*' ? '*' : origin };
    if (matched !== '*') headers['access-control-allow-credentials'] = 'true';
    headers['access-control-allow-methods'] = (r.allowedMethods as string[]).join(', ');
    if (names.length > 0) headers['access-control-allow-headers'] = names.map(n => n.toLowerCase()).join(', ');
    if ((r.exposedHeaders ?? []).length > 0) headers['access-control-expose-headers'] = r.exposedHeaders!.join(', ');
    if (r.maxAge !== undefined) headers['access-control-max-age'] = `${r.maxAge}`;
    headers.vary = VARY;
    return { allowed: true, matchedRuleIndex: i, ...(preflight ? { status: 200 } : {}), headers };
  }
  return preflight ? { allowed: false, status: 403, headers: {} } : { allowed: false, headers: {} };
}

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const host = fc.array(label, { minLength: 1, maxLength: 4 }).map(ls => ls.join('.'));
const originPattern = fc.oneof(
  fc.constant('*'),
  host.map(h => `https://${h}`),
  host.map(h => `https://*.${h}`),
  fc.tuple(label, host).map(([a, h]) => `https://${a}*.${h}`),
  fc.tuple(label, label).map(([a, b]) => `http://${a}.${b}:*`),
  fc.tuple(label, label).map(([a, b]) => `${a}*${b}`), // odd, but S3 takes it: the reference must agree anyway
);
const headerPattern = fc.oneof(fc.constant('*'), label, label.map(l => `x-${l}-*`), label.map(l => l.toUpperCase()), label.map(l => `*-${l}`));
const rule: fc.Arbitrary<CorsRule> = fc.record({
  allowedOrigins: fc.array(originPattern, { minLength: 1, maxLength: 3 }),
  allowedMethods: fc.uniqueArray(fc.constantFrom('GET', 'PUT', 'HEAD', 'POST', 'DELETE'), { minLength: 1 }),
  allowedHeaders: fc.option(fc.array(headerPattern, { maxLength: 3 }), { nil: undefined }),
  exposedHeaders: fc.option(fc.array(label, { maxLength: 2 }), { nil: undefined }),
  maxAge: fc.option(fc.nat(7200), { nil: undefined }),
}, { requiredKeys: ['allowedOrigins', 'allowedMethods'] }) as unknown as fc.Arbitrary<CorsRule>;

/** Origins near the patterns: hosts under them, beside them, other schemes and ports, case changes. */
function requestOrigins(rules: CorsRule[]): fc.Arbitrary<string | undefined> {
  const fromRules = rules.flatMap(r => r.allowedOrigins).flatMap(o => [
    o.replace('*', ''), o.replace('*', 'a'), o.replace('*', 'x.y'), o.replace('*', 'evil'), o.toUpperCase(), `${o.replace('*', 'q')}/`,
    o.replace('https://', 'http://').replace('*', 'w'), o.replace(':*', ':8443'),
  ]);
  return fc.option(fc.oneof(fc.constantFrom(...fromRules), host.map(h => `https://${h}`)), { nil: undefined, freq: 8 });
}

function requestHeaders(rules: CorsRule[]): fc.Arbitrary<string | undefined> {
  const fromRules = rules.flatMap(r => r.allowedHeaders ?? []).flatMap(h => [h.replace(/\*/g, ''), h.replace(/\*/g, 'z').toUpperCase(), `${h.replace(/\*/g, '')}x`]);
  const name = fromRules.length > 0 ? fc.oneof(fc.constantFrom(...fromRules), label) : label;
  return fc.option(fc.array(name, { minLength: 1, maxLength: 3 }).chain(ns => fc.constantFrom(',', ', ', ',,').map(sep => ns.join(sep))), { nil: undefined, freq: 2 });
}

test('evaluate() agrees with the reference on generated configurations and requests', () => {
  const scenario = fc.array(rule, { minLength: 1, maxLength: 4 }).chain(rules => fc.record({
    rules: fc.constant(rules),
    requests: fc.array(fc.record({
      method: fc.constantFrom('GET', 'get', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'options', 'PATCH'),
      origin: requestOrigins(rules),
      acrm: fc.option(fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'put'), { nil: undefined, freq: 2 }),
      acrh: requestHeaders(rules),
    }), { minLength: 10, maxLength: 10 }),
  }));
  fc.assert(fc.property(scenario, ({ rules, requests }) => {
    const config = CorsConfiguration.fromRules(rules);
    for (const q of requests) {
      const e = config.evaluate({ method: q.method, origin: q.origin, accessControlRequestMethod: q.acrm, accessControlRequestHeaders: q.acrh });
      const expected = reference(rules, q.method, q.origin, q.acrm, q.acrh);
      expect({ q, allowed: e.allowed, status: e.statusCode, matched: e.matchedRuleIndex, headers: e.headers })
        .toEqual({ q, allowed: expected.allowed, status: expected.status, matched: expected.matchedRuleIndex, headers: expected.headers });
    }
  }), runs(400, 13));
});

test('subdomainsOf(x) lets in exactly the HTTPS hosts under x, and not x itself', () => {
  fc.assert(fc.property(host, fc.array(label, { maxLength: 3 }), host, (domain, sub, other) => {
    const config = CorsConfiguration.fromRules([{ allowedMethods: ['GET' as never], allowedOrigins: [CorsOrigin.subdomainsOf(domain).value] }]);
    const allowed = (h: string, scheme = 'https') => config.evaluate({ method: 'GET', origin: `${scheme}://${h}` }).allowed;
    const under = [...sub, 'www'].join('.');
    expect(allowed(`${under}.${domain}`)).toBe(true);
    expect(allowed(domain)).toBe(false);
    expect(allowed(`${under}.${domain}`, 'http')).toBe(false);
    expect(allowed(`${under}${domain}`)).toBe(false); // "wwwexample.com" is not under "example.com"
    expect(allowed(other)).toBe(other.endsWith(`.${domain}`));
  }), runs(300, 13));
});

test('a rule reported as shadowed is never the first match for any generated request (brute force)', () => {
  let shadowedSeen = 0;
  fc.assert(fc.property(fc.array(rule, { minLength: 2, maxLength: 3 }), rules => {
    const config = CorsConfiguration.fromRules(rules);
    const shadowed = config.validate().filter(f => f.code === 'rule-shadowed').map(f => f.ruleIndex!);
    shadowedSeen += shadowed.length;
    if (shadowed.length === 0) return;
    const origins = fc.sample(requestOrigins(rules).filter(o => o !== undefined), { numRuns: 25, seed: 1 }) as string[];
    const headers = fc.sample(requestHeaders(rules), { numRuns: 8, seed: 2 });
    for (const origin of origins) {
      for (const method of ['GET', 'PUT', 'HEAD', 'POST', 'DELETE']) {
        for (const h of headers) {
          const e = config.evaluate({ method: 'OPTIONS', origin, accessControlRequestMethod: method, accessControlRequestHeaders: h });
          expect(shadowed).not.toContain(e.matchedRuleIndex);
        }
      }
    }
  }), runs(150, 13));
  // The property is empty unless the generator makes shadowed rules: it does.
  expect(shadowedSeen).toBeGreaterThan(SCALE >= 1 ? 10 : 0);
});
