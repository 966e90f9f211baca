// Hostile and odd input to the model: every case here was handled badly
// before (issue 9) and is pinned by behaviour a user relies on.
import { CorsConfiguration, CorsFindingSeverity } from '../../src/cors';
import { broadOriginReason } from '../../src/cors/private/validate';

const findings = (rules: object[]) => CorsConfiguration.fromJson(JSON.stringify(rules)).validate();
const codes = (rules: object[]) => findings(rules).map(f => f.code);

describe('origin patterns as open as "*"', () => {
  test.each([
    ['*', 'it matches every origin'],
    ['https://*', 'matches every host after "https://", e.g. "https://attacker.example"'],
    ['https://example.*', 'matches every host after "https://example.", e.g. "https://example.attacker.example"'],
    ['https://*example.com', 'also matches "https://attackerexample.com", a domain anyone can register'],
    ['https://*.com', 'also matches "https://attacker.com"'],
    ['*example.com', 'also matches "attackerexample.com"'],
  ])('%s is open: %s', (pattern, reason) => {
    expect(broadOriginReason(pattern)).toContain(reason);
  });

  test.each(['https://*.example.com', 'https://app-*.example.com', 'https://*-app.example.com', 'https://example.com:*', 'http://localhost:*', 'https://app.example.com', '*://example.com'])(
    '%s pins a domain or port and is not', pattern => {
      expect(broadOriginReason(pattern)).toBeUndefined();
    });

  test('a read rule with "https://*" warns that it is more permissive than "*"; with a write it also warns like "*"', () => {
    const read = findings([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://*'] }]);
    expect(read.map(f => [f.code, f.severity])).toEqual([['origin-matches-any-site', CorsFindingSeverity.WARNING]]);
    expect(read[0].message).toMatch(/Access-Control-Allow-Credentials: true, so this is more permissive than "\*"/);
    expect(codes([{ AllowedMethods: ['PUT'], AllowedOrigins: ['https://*example.com'] }]).sort()).toEqual(['origin-matches-any-site', 'wildcard-origin-write']);
    expect(codes([{ AllowedMethods: ['PUT'], AllowedOrigins: ['https://*.example.com'] }])).toEqual([]);
  });
});
