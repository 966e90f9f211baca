import { CorsRule, HttpMethods } from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { runs, SCALE } from './runs';
import { CorsConfiguration, CorsFindingSeverity, CorsJsonFormat } from '../../src';

const RUNS = runs(300);

function parseOrSyntaxError(text: string): CorsConfiguration | undefined {
  try {
    return CorsConfiguration.fromJson(text);
  } catch (e) {
    // the one documented error: names line, column and cause
    expect((e as Error).message).toMatch(/^Invalid CORS configuration JSON at line \d+, column \d+: .+/);
    return undefined;
  }
}

test('arbitrary text never makes fromJson throw anything but the documented parse error', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), text => {
    parseOrSyntaxError(text)?.validate();
  }), RUNS);
});

test('arbitrary JSON never makes fromJson or validate throw', () => {
  fc.assert(fc.property(fc.jsonValue(), value => {
    const c = CorsConfiguration.fromJson(JSON.stringify(value));
    c.validate();
  }), RUNS);
});

const field = fc.oneof(fc.constantFrom('AllowedHeaders', 'AllowedMethods', 'AllowedOrigins', 'ExposeHeaders', 'MaxAgeSeconds', 'ID', 'ExposedHeaders', 'MaxAge'), fc.string());
const ruleish = fc.dictionary(field, fc.oneof(fc.jsonValue(), fc.array(fc.string())));
test('rule-shaped JSON of any types never throws and every finding names a place', () => {
  fc.assert(fc.property(fc.array(ruleish, { maxLength: 5 }), rules => {
    const c = CorsConfiguration.fromJson(JSON.stringify(rules, undefined, 1));
    for (const f of c.validate()) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.line).toBeGreaterThanOrEqual(1);
    }
  }), RUNS);
});

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const origin = fc.oneof(
  fc.constant('*'),
  fc.tuple(fc.constantFrom('https://', 'http://localhost:'), token).map(([s, h]) => (s.endsWith(':') ? `${s}${h.length + 3000}` : `${s}${h}.example.com`)),
  token.map(h => `https://*.${h}.example.com`),
);
const header = fc.oneof(token, fc.constant('*'), token.map(h => `x-amz-${h}*`));
const validRule: fc.Arbitrary<CorsRule> = fc.record({
  allowedMethods: fc.uniqueArray(fc.constantFrom(...Object.values(HttpMethods)), { minLength: 1 }),
  allowedOrigins: fc.uniqueArray(origin, { minLength: 1, maxLength: 4 }),
  allowedHeaders: fc.option(fc.uniqueArray(header, { maxLength: 3, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }), { nil: undefined }),
  exposedHeaders: fc.option(fc.uniqueArray(token, { maxLength: 3, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }), { nil: undefined }),
  maxAge: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
  id: fc.option(token, { nil: undefined }),
}, { requiredKeys: ['allowedMethods', 'allowedOrigins'] });

test('every configuration that validates clean round-trips through every format', () => {
  const xml = new XMLParser({ isArray: name => name !== 'CORSConfiguration' && name !== 'ID' && name !== 'MaxAgeSeconds', parseTagValue: false });
  let checked = 0;
  fc.assert(fc.property(fc.array(validRule, { minLength: 1, maxLength: 4 }), rules => {
    const c = CorsConfiguration.fromRules(rules);
    if (c.validate().some(f => f.severity === CorsFindingSeverity.ERROR)) return;
    checked++;
    for (const format of [CorsJsonFormat.CONSOLE, CorsJsonFormat.S3API, CorsJsonFormat.CLOUDFORMATION]) {
      expect(CorsConfiguration.fromJson(c.toJson(format)).rules).toEqual(c.rules);
    }
    const doc = xml.parse(c.toXml()).CORSConfiguration.CORSRule as Array<Record<string, unknown>>;
    const fromXml = doc.map(r => strip({
      id: r.ID,
      allowedOrigins: r.AllowedOrigin,
      allowedMethods: r.AllowedMethod,
      allowedHeaders: r.AllowedHeader,
      exposedHeaders: r.ExposeHeader,
      maxAge: r.MaxAgeSeconds === undefined ? undefined : Number(r.MaxAgeSeconds),
    }));
    // XML cannot tell an empty list from an absent one; S3 returns absent.
    const expected = c.rules.map(r => strip({ ...r, allowedHeaders: nonEmpty(r.allowedHeaders), exposedHeaders: nonEmpty(r.exposedHeaders) }));
    expect(fromXml).toEqual(expected);
  }), RUNS);
  expect(checked).toBeGreaterThan(50 * Math.min(1, SCALE));
});

const requestHeader = fc.oneof(fc.constant(undefined), fc.string(), fc.array(fc.oneof(token, header)).map(a => a.join(',')));
test('evaluate never throws, and a refused preflight carries S3\'s error while an allowed one carries Vary', () => {
  const method = fc.constantFrom('GET', 'PUT', 'OPTIONS', 'options', 'PATCH');
  const anyOrigin = fc.option(fc.oneof(origin, fc.string()), { nil: undefined });
  const acrmArb = fc.option(fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE'), { nil: undefined });
  fc.assert(fc.property(fc.array(validRule, { maxLength: 3 }), method, anyOrigin, acrmArb, requestHeader, (rules, m, o, acrm, acrh) => {
    const request = { method: m, origin: o, accessControlRequestMethod: acrm, accessControlRequestHeaders: acrh };
    const e = CorsConfiguration.fromRules(rules).evaluate(request);
    expect(e.explanation.length).toBeGreaterThan(0);
    if (e.allowed) {
      expect(e.headers.vary).toBe('Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
      expect(rules[e.matchedRuleIndex!]).toBeDefined();
    } else {
      expect(e.headers).toEqual({});
      if (e.preflight) expect([400, 403]).toContain(e.statusCode);
    }
  }), RUNS);
});

function nonEmpty<T>(a: T[] | undefined): T[] | undefined {
  return a && a.length > 0 ? a : undefined;
}
function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
