// The folder picture of docs/architecture.md, checked against the imports of
// src/: no import cycles, and each room imports only the rooms below it. The
// graph is read from the sources' import/export/require lines (relative ones;
// packages are not rooms). Two graphs: the run-time one, and one with the
// type-only imports too (erased by the compiler, so they cannot cycle at run
// time, but a type cycle still ties two files so that neither reads alone).
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** A module specifier resolved to a source file, as TypeScript would (file.ts, or folder/index.ts). */
function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find(f => fs.existsSync(f));
}

/**
 * The imports of every source file, by path relative to src/: the run-time
 * ones, or with `types` also `import type`, `export type ... from` and
 * `typeof import('...')`.
 */
function importGraph(types = false): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const specs = [
      ...[...text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\s+from\s+'(\.[^']*)'/gms)].filter(m => types || !m[1]).map(m => m[2]),
      ...[...text.matchAll(/^import\s+'(\.[^']*)'/gm)].map(m => m[1]),
      ...[...text.matchAll(/require\('(\.[^']*)'\)/g)].map(m => m[1]),
      ...(types ? [...text.matchAll(/\bimport\('(\.[^']*)'\)/g)].map(m => m[1]) : []),
    ];
    const targets = specs.map(s => resolve(file, s)).filter((f): f is string => f !== undefined);
    graph.set(path.relative(SRC, file), targets.map(t => path.relative(SRC, t)));
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the files around it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** The room a file lives in: its first folder under src/, or "top" for the constructs and their helpers. */
const room = (file: string) => (file.includes(path.sep) && !file.startsWith(`private${path.sep}`) ? file.split(path.sep)[0] : 'top');

const graph = importGraph();
const withTypes = importGraph(true);
const edges = [...graph].flatMap(([from, tos]) => tos.map(to => ({ from, to })));

test('the graph is read: the CLI table, the model and the readers are in it', () => {
  // A reader of imports that found nothing would make every test below pass.
  expect(graph.size).toBeGreaterThan(60);
  expect(graph.get(path.join('cli', 'main.ts'))).toContain(path.join('cli', 'commands.ts'));
  expect(graph.get(path.join('cors', 'private', 'parse.ts'))).toContain(path.join('common', 'strict-json.ts'));
  // A require() (the lazily loaded template linter) is an edge too.
  expect(graph.get(path.join('cli', 'lint.ts'))).toContain(path.join('cli', 'lint-template.ts'));
});

test('src has no import cycles', () => {
  expect(cycles(graph).map(c => c.join(' -> '))).toEqual([]);
});

test('the graph with types has the type-only imports too', () => {
  // rule.ts imports facts.ts for its types only: an edge of this graph, not of the run-time one.
  expect(graph.get(path.join('checks', 'rule.ts'))).not.toContain(path.join('checks', 'facts.ts'));
  expect(withTypes.get(path.join('checks', 'rule.ts'))).toContain(path.join('checks', 'facts.ts'));
  // `import type * as X from` (lint's lazily loaded half) is one too.
  expect(withTypes.get(path.join('cli', 'lint.ts'))).toContain(path.join('cli', 'lint-template.ts'));
});

test('src has no import cycles through type-only imports either', () => {
  expect(cycles(withTypes).map(c => c.join(' -> '))).toEqual([]);
});

test('the cycle finder finds a cycle when there is one', () => {
  expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
});

test.each<[string, string[]]>([
  // Plumbing any reader uses; it knows no CORS model, browser, checks or CLI.
  ['common', ['common']],
  // The S3 model stands only on the plumbing.
  ['cors', ['cors', 'common']],
  // The browser is a client of the model.
  ['browser', ['browser', 'cors', 'common']],
  // Facts, rules, readers and the plugin (whose acknowledgements are shared with the constructs).
  ['checks', ['checks', 'cors', 'common', 'top']],
  ['cli', ['cli', 'checks', 'browser', 'cors', 'common']],
])('src/%s imports only from %j', (from, allowed) => {
  const wrong = edges.filter(e => room(e.from) === from && !allowed.includes(room(e.to)));
  expect(wrong.map(e => `${e.from} -> ${e.to}`)).toEqual([]);
});

test('outside src/cors, the model is used through its public face (index.ts) or its inner face (internal.ts)', () => {
  const inside = (f: string) => room(f) === 'cors';
  const wrong = edges.filter(e => !inside(e.from) && inside(e.to)
    && ![path.join('cors', 'index.ts'), path.join('cors', 'internal.ts')].includes(e.to));
  expect(wrong.map(e => `${e.from} -> ${e.to}`)).toEqual([]);
});

test('no room below imports a construct (src/*.ts)', () => {
  const construct = (f: string) => !f.includes(path.sep) && f !== 'index.ts';
  const wrong = edges.filter(e => room(e.from) !== 'top' && construct(e.to));
  expect(wrong.map(e => `${e.from} -> ${e.to}`)).toEqual([]);
});

test('the benchmark, the stand-ins, the corpus and the examples import nothing from test/', () => {
  const root = path.join(__dirname, '..');
  const wrong = ['bench', 'standins', 'corpus', 'examples'].flatMap(dir => sources(path.join(root, dir)))
    .flatMap(file => [...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\()'(\.[^']*)'/g)]
      .map(m => path.relative(root, path.resolve(path.dirname(file), m[1])))
      .filter(target => target === 'test' || target.startsWith(`test${path.sep}`))
      .map(target => `${path.relative(root, file)} -> ${target}`));
  expect(wrong).toEqual([]);
});

test('each rule of the pack is in the file named by its id, so a finding leads to its code', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RULES } = require('../src/checks/rules') as typeof import('../src/checks/rules');
  const dir = path.join(__dirname, '..', 'src', 'checks', 'rules');
  const missing = RULES.map(r => `${r.id.replace(/^cdk-s3-cors:/, '')}.ts`).filter(f => !fs.existsSync(path.join(dir, f)));
  expect(missing).toEqual([]);
  // And the file defines that rule: its id is written there.
  const elsewhere = RULES.filter(r => !fs.readFileSync(path.join(dir, `${r.id.replace(/^cdk-s3-cors:/, '')}.ts`), 'utf8').includes(r.id.replace(/^cdk-s3-cors:/, '')));
  expect(elsewhere.map(r => r.id)).toEqual([]);
});
