// The catalogues users read (docs/findings.md, the README's warning table)
// are checked against the ids the code can raise, in both directions: a new
// finding without a doc row fails, and so does a row for a finding that is gone.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [fs.readFileSync(p, 'utf8')] : [];
  });
}

const code = sources(path.join(ROOT, 'src')).join('\n');
const all = (re: RegExp) => new Set([...code.matchAll(re)].map(m => m[1]));
const modelErrors = all(/errorFinding\('([a-z0-9-]+)'/g);
const modelWarnings = all(/warningFinding\('([a-z0-9-]+)'/g);
const constructWarnings = all(/addWarningV2\('cdk-s3-cors:([a-z0-9-]+)'/g);
const cliCodes = all(/code: '([a-z0-9-]+)'/g);
const sorted = (s: Iterable<string>) => [...new Set(s)].sort();

/** The backticked first-column codes of the table under a heading. */
function tableCodes(text: string, heading: string): string[] {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n#+ /) >= 0 ? rest.search(/\n#+ /) : undefined);
  return [...section.matchAll(/^\| `(?:cdk-s3-cors:)?([a-z0-9-]+)` \|/gm)].map(m => m[1]);
}

test('the code raises findings at all (the scan works)', () => {
  expect(modelErrors.size).toBeGreaterThan(10);
  expect(modelWarnings.size).toBeGreaterThan(3);
  expect(constructWarnings.size).toBeGreaterThan(2);
});

test('docs/findings.md lists every warning and every error the library raises, and nothing else', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'findings.md'), 'utf8');
  expect(sorted(tableCodes(doc, '## Warnings (acknowledgeable at synth as `cdk-s3-cors:<code>`)'))).toEqual(sorted([...modelWarnings, ...constructWarnings]));
  expect(sorted(tableCodes(doc, '## Errors'))).toEqual(sorted([...modelErrors, ...cliCodes]));
});

test('the README lists every cdk-s3-cors:* warning id in one table', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(sorted(tableCodes(readme, '### Warning ids'))).toEqual(sorted([...modelWarnings, ...constructWarnings]));
});

test('the README links the docs, and every relative link in the README and docs/ resolves', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('](./docs/README.md)');
  const files = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map(f => path.join('docs', f))];
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const [, target] of text.matchAll(/\]\((\.{1,2}\/[^)#]+)(?:#[^)]*)?\)/g)) {
      expect([file, target, fs.existsSync(path.join(ROOT, path.dirname(file), target))]).toEqual([file, target, true]);
    }
  }
  expect(readme).not.toMatch(/shared project documents/);
});

test('docs/findings.md has a row for every id S3CorsChecks and lint can report', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RULE_IDS } = require('../src/checks/rules') as typeof import('../src/checks/rules');
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'findings.md'), 'utf8');
  const rows = new Set([...doc.matchAll(/^\| `(?:cdk-s3-cors:)?([a-z0-9-]+)` \|/gm)].map(m => m[1]));
  expect(RULE_IDS.map(id => id.replace(/^cdk-s3-cors:/, '')).filter(id => !rows.has(id))).toEqual([]);
});
