// Every finding's line:column points at what it is about, in any layout the
// text can have: generated configurations, written out with random
// indentation, key order and line endings ("\n", "\r\n", and a lone "\r" as
// old Mac files have). The test finds the offset from line:column on its own
// and reads the text there.
import * as fc from 'fast-check';
import { runs } from './runs';
import { CorsConfiguration, CorsFinding } from '../../src/cors';

const FIELDS = {
  AllowedOrigins: fc.array(fc.constantFrom('https://app.example.com', 'https://app.example.com/', 'HTTPS://app.example.com', 'https://*.example.com',
    'http://app.example.com', 'example.com', '*', 'https://a.example.com:443', 'null', ''), { minLength: 1, maxLength: 4 }),
  AllowedMethods: fc.array(fc.constantFrom('GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'get', 'PATCH', 'OPTIONS'), { minLength: 1, maxLength: 4 }),
  AllowedHeaders: fc.array(fc.constantFrom('*', 'Content-Type', 'content-type', 'x-amz-*', 'x-*-*', 'Bad: header', ''), { maxLength: 3 }),
  ExposeHeaders: fc.array(fc.constantFrom('ETag', 'etag', 'x-*', 'x-amz-request-id'), { maxLength: 3 }),
  MaxAgeSeconds: fc.constantFrom(0, 3000, -1, 7201, 90000),
  ID: fc.constantFrom('assets', 'x'.repeat(256)),
};
type Rule = Partial<Record<keyof typeof FIELDS, unknown>>;

const ruleArb: fc.Arbitrary<Rule> = fc.record(FIELDS, { requiredKeys: ['AllowedOrigins', 'AllowedMethods'] });
const layoutArb = fc.record({
  eol: fc.constantFrom('\n', '\r\n', '\r', ' '),
  indent: fc.constantFrom('', ' ', '  ', '\t'),
  keyOrder: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  lead: fc.constantFrom('', '\n', '\r\n\r\n  '),
});

/** JSON text of the rules, laid out as `layout` says. */
function write(rules: Rule[], layout: { eol: string; indent: string; keyOrder: number[]; lead: string }): string {
  const { eol, indent } = layout;
  const pad = (n: number) => indent.repeat(n);
  const ruleText = (r: Rule) => {
    const keys = Object.keys(r).sort((a, b) => layout.keyOrder[Object.keys(FIELDS).indexOf(a)] - layout.keyOrder[Object.keys(FIELDS).indexOf(b)]);
    const props = keys.map(k => {
      const v = (r as Record<string, unknown>)[k];
      const value = Array.isArray(v) ? `[${eol}${v.map(x => pad(4) + JSON.stringify(x)).join(`,${eol}`)}${eol}${pad(3)}]` : JSON.stringify(v);
      return `${pad(2)}${JSON.stringify(k)}:${indent}${value}`;
    });
    return `${pad(1)}{${eol}${props.join(`,${eol}`)}${eol}${pad(1)}}`;
  };
  return `${layout.lead}[${eol}${rules.map(ruleText).join(`,${eol}`)}${eol}]`;
}

/** The offset of a 1-based line and column, counting lines the way editors do. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const m = /\r\n|\r|\n/.exec(text.slice(offset));
    if (!m) throw new Error(`line ${line} is past the end`);
    offset += m.index + m[0].length;
  }
  // The column counts within its line: no line break may lie between the line's start and the position.
  expect(text.slice(offset, offset + column - 1)).not.toMatch(/[\r\n]/);
  return offset + column - 1;
}

/** What the text at a finding's position must start with. */
function expectedAt(rules: Rule[], f: CorsFinding): string {
  if (f.ruleIndex === undefined) return '[';
  const rule = rules[f.ruleIndex] as Record<string, unknown>;
  if (f.field === undefined || rule[f.field] === undefined) return '{';
  const value = rule[f.field];
  if (f.valueIndex !== undefined) return JSON.stringify((value as unknown[])[f.valueIndex]);
  return Array.isArray(value) ? '[' : JSON.stringify(value);
}

test('every finding points at its own value, field or rule', () => {
  let pointed = 0;
  fc.assert(fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 4 }), layoutArb, (rules, layout) => {
    const text = write(rules, layout);
    const findings = CorsConfiguration.fromJson(text).validate();
    for (const f of findings) {
      expect(f.line).toBeDefined();
      const at = text.slice(offsetOf(text, f.line!, f.column!));
      expect({ code: f.code, at: at.slice(0, 40) }).toEqual({ code: f.code, at: expect.stringMatching(new RegExp(`^${escape(expectedAt(rules, f).slice(0, 40))}`)) });
      pointed++;
    }
  }), runs(300, 20261127));
  // The generator must produce findings at every level for this to mean anything.
  expect(pointed).toBeGreaterThan(300);
});

test('a finding about the whole configuration points at its first bracket, after leading blank lines', () => {
  const text = '\r\n\r\n  []';
  const [f] = CorsConfiguration.fromJson(text).validate();
  expect([f.code, f.line, f.column]).toEqual(['no-rules', 3, 3]);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
