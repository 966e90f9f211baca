// Behaviour the mutation report showed no test would notice changing (issue 13):
// wildcard covering, parse errors and their positions, boundaries and case,
// the fixes explanations suggest, and rendering. Expected values come from
// docs/s3-cors.md and from what a user reads; messages are pinned by key words.
import { TextSyntaxError } from '../../src/common/strict-json';
import { CorsConfiguration, CorsFindingSeverity } from '../../src/cors';
import { patternCovers, wildcardMatch } from '../../src/cors/internal';

const config = (rules: object[]) => CorsConfiguration.fromJson(JSON.stringify(rules));
const codes = (rules: object[]) => config(rules).validate().map(f => f.code);
function parseError(text: string): string {
  try {
    CorsConfiguration.fromJson(text);
  } catch (e) {
    return (e as Error).message;
  }
  return 'parsed';
}

describe('wildcard matching (docs/s3-cors.md: one "*" anywhere, anchored, may match nothing)', () => {
  test.each([
    ['ab*ba', 'aba', false], // prefix and suffix overlap: too short
    ['ab*ba', 'abba', true],
    ['ab*ba', 'abxba', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['a*b*c', 'abbc', true],
    ['a*b*c', 'ac', false],
    ['*', '', true],
    ['x', 'X', false],
    ['a*', 'a', true],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a*b*c*d', 'abcxd', true],
    ['a*bc*cd', 'abcd', false], // middle part may not overlap the suffix
    ['*ab*ab*', 'xaby', false], // two middle parts may not overlap each other
    ['*ab*ab*', 'xabab', true],
  ])('%s matches %j: %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  test('header matching ignores case on both sides; origin matching does not', () => {
    expect(wildcardMatch('X-Amz-*', 'x-amz-date', true)).toBe(true);
    expect(wildcardMatch('x-amz-*', 'X-AMZ-DATE', true)).toBe(true);
    expect(wildcardMatch('X-Amz-*', 'x-amz-date')).toBe(false);
  });

  test.each([
    ['https://*.example.com', 'https://*.app.example.com', true],
    ['https://*.app.example.com', 'https://*.example.com', false],
    ['https://*', 'https://*.example.com', true],
    ['*', 'https://*.example.com', true],
    ['https://*.example.com', 'https://a.example.com', true],
    ['https://a.example.com', 'https://*.example.com', false],
    ['ab*', 'ab*', true],
    ['a*', 'ab*c', true],
    ['*c', 'ab*c', true],
    ['ab*', 'a*', false],
    ['*bc', '*c', false],
    ['a*b*c', 'a*b*c', true], // two stars each: only equal patterns are known to cover
    ['a*b*c', 'ab*c', false],
    ['X-Amz-*', 'x-amz-meta-*', false],
    ['*b', 'a*b*c', false], // "a*b*c" matches "abc", which does not end with "b"
    ['x*y*z', 'xa*y', false], // "xa*y" matches "xay", which does not end with "z"
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(patternCovers(outer, inner)).toBe(expected);
  });

  test('covering ignores case for headers when asked', () => {
    expect(patternCovers('X-Amz-*', 'x-amz-meta-*', true)).toBe(true);
    expect(patternCovers('Content-Type', 'content-type', true)).toBe(true);
    expect(patternCovers('Content-Type', 'content-type')).toBe(false);
  });
});

describe('shadowing: a rule is shadowed only when an earlier one covers every origin, method and header', () => {
  const later = { AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example', 'https://b.example'], AllowedHeaders: ['x-one'] };
  test.each([
    ['covers all', { AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['https://*.example', 'https://b.example'], AllowedHeaders: ['X-*'] }, true],
    ['shares only one origin', { AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'], AllowedHeaders: ['*'] }, false],
    ['lacks a method', { AllowedMethods: ['HEAD'], AllowedOrigins: ['*'], AllowedHeaders: ['*'] }, false],
    ['lacks the header', { AllowedMethods: ['GET'], AllowedOrigins: ['*'], AllowedHeaders: ['x-two'] }, false],
    ['has no headers', { AllowedMethods: ['GET'], AllowedOrigins: ['*'] }, false],
    ['matches the header in another case', { AllowedMethods: ['GET'], AllowedOrigins: ['*'], AllowedHeaders: ['X-ONE'] }, true],
  ])('an earlier rule that %s: shadowed %s', (_what, earlier, shadowed) => {
    const found = config([earlier, later]).validate().filter(f => f.code === 'rule-shadowed');
    expect(found.map(f => f.ruleIndex)).toEqual(shadowed ? [1] : []);
    if (shadowed) expect(found[0].message).toMatch(/^rule 1 can never be used: rule 0 comes first and matches every request rule 1 matches/);
  });

  test('a later rule without headers is shadowed by an earlier one with any headers; malformed rules are not compared', () => {
    expect(codes([{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }, { AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'] }])).toContain('rule-shadowed');
    expect(codes([{ AllowedMethods: 'GET', AllowedOrigins: ['*'] }, { AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'] }])).not.toContain('rule-shadowed');
    expect(codes([{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }, { AllowedOrigins: ['https://a.example'] }])).not.toContain('rule-shadowed');
  });
});

describe('parse errors name the cause at the cause', () => {
  test.each([
    ['[{"a": 1},]', /column 10: trailing comma after the last element of an array/],
    ['[{"a": 1,}]', /column 9: trailing comma after the last property of an object/],
    ['[{"a": }]', /column 8: expected a value/],
    ["[{'a': 1}]", /column 3: strings must be in double quotes/],
    ['[{“a”: 1}]', /column 3: curly quotes are not JSON quotes/],
    ['[{"a": 01}]', /column 9: a number cannot start with 0/],
    ['[{"a": "\\x"}]', /invalid escape in a string/],
    ['[{"a": "b', /a string is not closed/],
    ['[{"a": 1}', /column 10: expected "]": an array is not closed|expected "\]"/],
    ['[{"a": 1', /expected "}": an object is not closed/],
    ['[{"a" 1}]', /expected ":" after the property name/],
    ['[{"a": 1} {"b": 2}]', /expected "," between two elements/],
    ['[] []', /unexpected text after the end of the JSON value/],
    ['[/* c */]', /comments are not allowed in JSON/],
    ['', /the text is empty/],
    ['[{"a": "\t"}]', /a control character .* inside a string/],
    ['[{"a": "\\u12"}]', /invalid \\u escape/],
    ['[{1: 2}]', /column 3: expected a property name in double quotes/],
    ['[/* open', /column 2: comments are not allowed in JSON/],
    ['[1.]', /column 2: a number is cut off/],
    ['[1,,2]', /column 4: expected a value/],
    ['[{”a”: 1}]', /column 3: curly quotes are not JSON quotes/],
    ['[{"a":\u200b 1}]', /column 7: U\+200B ZERO WIDTH SPACE, invisible \(pasted from a web page, a chat or a word processor\): delete the character at this position\./],
    ['[{"a": 1}\u2060]', /column 10: U\+2060 WORD JOINER, invisible/],
    ['[nul]', /column 2: unexpected "nul"\. Check for a missing quote, comma or bracket\./],
    [`[${'x'.repeat(30)}]`, new RegExp(`column 2: unexpected "${'x'.repeat(20)}"\\. Check`)],
    [' \n\t ', /the text is empty; expected a JSON array of CORS rules/],
    ['[ 0"a"]', /column 4: expected "," between two elements/],
    ['[ 01]', /column 4: a number cannot start with 0/],
  ])('parse error %#', (text, expected) => {
    expect(parseError(text)).toMatch(expected);
  });

  test('the syntax error both readers share says line, column and reason, and names itself', () => {
    const e = new TextSyntaxError(2, 5, 'a reason');
    expect([e.name, e.message, e.line, e.column, e.reason]).toEqual(['TextSyntaxError', 'line 2, column 5: a reason', 2, 5, 'a reason']);
    expect(e).toBeInstanceOf(Error);
  });

  test('nesting counts again after a string closes (an escaped backslash ends it too), braces count like brackets, and stray closers buy no depth', () => {
    const nested = /nested more than 64 levels/;
    expect(parseError(`["a", ${'['.repeat(65)}${']'.repeat(65)}]`)).toMatch(nested);
    expect(parseError(`["a\\\\", ${'['.repeat(65)}${']'.repeat(65)}]`)).toMatch(nested);
    expect(parseError(`[${'{"a":'.repeat(65)}1${'}'.repeat(65)}]`)).toMatch(nested);
    expect(parseError(`${'[0,'.repeat(65)}0${']'.repeat(65)}`)).toMatch(nested);
    expect(parseError(`${']'.repeat(10)}${'['.repeat(65)}`)).toMatch(nested);
    expect(parseError(`${'}'.repeat(10)}${'['.repeat(65)}`)).toMatch(nested);
  });

  test('nesting is counted outside strings only: brackets in a value, even after an escaped quote, and closed siblings do not add up', () => {
    const deepInString = `[{"AllowedOrigins": ["\\"${'['.repeat(100)}", "${'{'.repeat(100)}"], "AllowedMethods": ["GET"]}]`;
    expect(CorsConfiguration.fromJson(deepInString).rules[0].allowedOrigins).toHaveLength(2);
    expect(() => CorsConfiguration.fromJson(`[${'[],'.repeat(99)}{}]`)).not.toThrow();
    expect(() => CorsConfiguration.fromJson(`[${'{},'.repeat(99)}{}]`)).not.toThrow();
    expect(() => CorsConfiguration.fromJson(`${'['.repeat(64)}${']'.repeat(64)}`)).not.toThrow(/nested/);
    expect(() => CorsConfiguration.fromJson(`${'['.repeat(65)}${']'.repeat(65)}`)).toThrow(/nested more than 64 levels/);
  });

  test('a finding points at its own value, also when it is not the last in the document', () => {
    const text = '[\n  {\n    "AllowedOrigins": ["https://a.example/", "https://b.example"],\n    "AllowedMethods": ["GET", "get"],\n    "MaxAgeSeconds": -1\n  }\n]';
    const at = (code: string) => CorsConfiguration.fromJson(text).validate().filter(f => f.code === code).map(f => [f.line, f.column]);
    expect(at('origin-trailing-slash')).toEqual([[3, 24]]);
    expect(at('unsupported-method')).toEqual([[4, 31]]);
    expect(at('negative-max-age')).toEqual([[5, 22]]);
  });

  test('a repeated key is a warning at the ignored one, naming both lines', () => {
    const f = CorsConfiguration.fromJson('[{\n"AllowedMethods": ["PUT"],\n"AllowedMethods": ["GET"],\n"AllowedOrigins": ["*"]}]').validate().find(x => x.code === 'duplicate-field')!;
    expect(f).toMatchObject({ severity: CorsFindingSeverity.WARNING, line: 2, ruleIndex: 0 });
    expect(f.message).toBe('rule 0: "AllowedMethods" appears more than once; only the last one (line 3) counts and the one at line 2 is ignored. Keep one.');
    expect(CorsConfiguration.fromJson('[{\n"AllowedMethods": ["PUT"],\n"AllowedMethods": ["GET"],\n"AllowedOrigins": ["*"]}]').rules[0].allowedMethods).toEqual(['GET']);
  });
});

describe('boundaries and case', () => {
  test('MaxAgeSeconds 0 is fine; 7200 and 86400 are the caps', () => {
    const at = (maxAge: number) => codes([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://a.example'], MaxAgeSeconds: maxAge }]);
    expect(at(0)).toEqual([]);
    expect(at(7200)).toEqual([]);
    expect(at(7201)).toEqual(['max-age-above-chromium-cap']);
    expect(at(86400)).toEqual(['max-age-above-chromium-cap']);
    expect(at(86401)).toEqual(['max-age-above-firefox-cap']);
    expect(at(-1)).toEqual(['negative-max-age']);
  });

  test('a port that is not the scheme\'s default is kept; the default one is an error', () => {
    const origin = (o: string) => codes([{ AllowedMethods: ['GET'], AllowedOrigins: [o] }]);
    expect(origin('https://x.example:80')).toEqual([]);
    expect(origin('http://x.example:443')).toEqual(['insecure-origin']);
    expect(origin('https://x.example:443')).toEqual(['origin-default-port']);
    expect(origin('http://x.example:80')).toEqual(['origin-default-port', 'insecure-origin']);
  });

  test('local development hosts over http are not called insecure; others are', () => {
    const origin = (o: string) => codes([{ AllowedMethods: ['GET'], AllowedOrigins: [o] }]);
    for (const o of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]', 'http://[::1]:5173']) expect([o, origin(o)]).toEqual([o, []]);
    expect(origin('http://app.example')).toEqual(['insecure-origin']);
  });

  test('upper case in the scheme alone, or the host alone, is an error with the fix', () => {
    const one = (o: string) => config([{ AllowedMethods: ['GET'], AllowedOrigins: [o] }]).validate();
    expect(one('HTTPS://x.example')[0]).toMatchObject({ code: 'origin-uppercase' });
    expect(one('HTTPS://x.example')[0].message).toContain('Use "https://x.example"');
    expect(one('https://X.example')[0].message).toContain('Use "https://x.example"');
  });

  test.each([['get', 'write "GET"'], ['Put', 'write "PUT"'], ['delete', 'write "DELETE"'], ['options', 'remove "OPTIONS"'], ['*', 'S3 has no method wildcard'], ['PATCH', 'can allow only GET, PUT, HEAD, POST, DELETE']])(
    'method %j: %s', (method, fix) => {
      const [f] = config([{ AllowedMethods: [method], AllowedOrigins: ['*'] }]).validate().filter(x => x.code === 'unsupported-method');
      expect(f).toMatchObject({ s3Rejects: true, s3ErrorCode: 'InvalidRequest' });
      expect(f.message).toContain(`Unsupported method is ${method}`);
      expect(f.message).toContain(fix);
    });

  test('write methods from "*" warn for POST alone and DELETE alone too', () => {
    for (const m of ['POST', 'DELETE', 'PUT']) {
      const [f] = config([{ AllowedMethods: ['GET', m], AllowedOrigins: ['https://a.example', '*'] }]).validate().filter(x => x.code === 'wildcard-origin-write');
      expect([m, f.message]).toEqual([m, expect.stringContaining(`rule 0 AllowedOrigins[1] is "*" while the rule allows ${m}`)]);
    }
    expect(codes([{ AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['*'] }])).toEqual([]);
  });
});

describe('explanations suggest the fix that applies', () => {
  const rules = [{ AllowedMethods: ['GET'], AllowedOrigins: ['https://www.example.com', 'http://app.example', 'https://api.example:8443'], AllowedHeaders: ['x-a', 'X-B*'] }];
  const explain = (origin: string, method = 'GET', headers?: string) => config(rules).evaluate({ method: 'OPTIONS', origin, accessControlRequestMethod: method, accessControlRequestHeaders: headers }).explanation;
  test.each([
    ['https://app.example', 'lists "http://app.example", but the page is served from https://app.example (the scheme is part of the origin); add "https://app.example"'],
    ['https://example.com', 'lists "https://www.example.com", a different origin (www. and the port count); add "https://example.com"'],
    ['https://api.example', 'lists "https://api.example:8443", a different origin (www. and the port count); add "https://api.example"'],
    ['https://other.example', 'No rule allows origin https://other.example; add "https://other.example" to AllowedOrigins of the rule that should apply.'],
  ])('origin %s', (origin, expected) => {
    expect(explain(origin)).toContain(expected);
  });

  test('a missing method names the rules for the origin and where to add it', () => {
    expect(explain('https://www.example.com', 'PUT')).toBe('rule 0 allows GET; PUT is in no rule for this origin: add "PUT" to AllowedMethods of rule 0.');
  });

  test('missing headers are listed, and only the missing ones', () => {
    expect(explain('https://www.example.com', 'GET', 'x-a,x-c,x-b-1,X-D')).toBe('Rule 0 allows GET from this origin but has AllowedHeaders ["x-a","X-B*"], and the browser asks to send x-c, X-D: add "x-c", "X-D" to AllowedHeaders of rule 0.');
    const none = CorsConfiguration.fromJson('[{"AllowedMethods":["GET"],"AllowedOrigins":["*"]}]').evaluate({ method: 'OPTIONS', origin: 'https://a.example', accessControlRequestMethod: 'GET', accessControlRequestHeaders: 'x-a' });
    expect(none.explanation).toContain('has no AllowedHeaders');
  });

  test('an allowed answer through "*" says credentialed requests are still blocked; through a listed origin it does not', () => {
    const any = CorsConfiguration.fromJson('[{"AllowedMethods":["GET"],"AllowedOrigins":["*"]}]').evaluate({ method: 'GET', origin: 'https://a.example' });
    expect(any.explanation).toBe('Rule 0 allows GET from https://a.example (through "*", so credentialed requests are still blocked by the browser).');
    const listed = config(rules).evaluate({ method: 'GET', origin: 'https://www.example.com', accessControlRequestHeaders: 'x-a' });
    expect(listed.explanation).toBe('Rule 0 allows GET from https://www.example.com with headers x-a.');
  });
});

describe('rendering', () => {
  test('XML: the prolog, the namespace, the closing tag and every escape', () => {
    const xml = CorsConfiguration.fromRules([{ allowedMethods: ['GET' as never], allowedOrigins: ['https://a.example'], id: '<&>"\'' }]).toXml();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n')).toBe(true);
    expect(xml.endsWith('</CORSRule>\n</CORSConfiguration>\n')).toBe(true);
    expect(xml).toContain('<ID>&lt;&amp;&gt;&quot;&apos;</ID>');
  });

  test('JSON renders only the fields a rule has, in the console\'s order', () => {
    const json = CorsConfiguration.fromRules([{ maxAge: 5, allowedOrigins: ['*'], allowedMethods: ['GET' as never] }]).toJson();
    expect(json).toBe('[\n  {\n    "AllowedMethods": [\n      "GET"\n    ],\n    "AllowedOrigins": [\n      "*"\n    ],\n    "MaxAgeSeconds": 5\n  }\n]');
  });
});

describe('survivors of the first mutation run (test/mutation/SURVIVORS.md)', () => {
  test('a middle part found at the very start still matches: "*a*b" matches "ab"', () => {
    expect(wildcardMatch('*a*b', 'ab')).toBe(true);
    expect(wildcardMatch('*a*b', 'ba')).toBe(false);
  });

  test('toXml() is indented for people: two spaces per level', () => {
    const xml = CorsConfiguration.fromRules([{ allowedMethods: ['GET' as never], allowedOrigins: ['*'], maxAge: 1 }]).toXml();
    expect(xml.split('\n').slice(2, 7)).toEqual(['  <CORSRule>', '    <AllowedOrigin>*</AllowedOrigin>', '    <AllowedMethod>GET</AllowedMethod>', '    <MaxAgeSeconds>1</MaxAgeSeconds>', '  </CORSRule>']);
  });

  test('a method S3 can never allow is explained as such, not as a method to add', () => {
    const e = CorsConfiguration.fromJson('[{"AllowedMethods":["GET"],"AllowedOrigins":["*"]}]').evaluate({ method: 'OPTIONS', origin: 'https://a.example', accessControlRequestMethod: 'PATCH' });
    expect(e.explanation).toBe('S3 CORS rules can allow only GET, PUT, HEAD, POST and DELETE, so a PATCH request from https://a.example is never let through; use one of those methods.');
  });
});
