// Whatever the input, each command answers with findings or a message: no
// throw from the model other than the documented parse error, no stack trace
// from the CLI, and exit codes 0, 1 or 2 only. The commands run in-process
// (main() with buffers), which is the executable's code minus process startup.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { runInProcess } from './in-process';
import { CorsConfiguration } from '../../src/cors';

const RUNS = { numRuns: 150, seed: 9 };
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-props-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Arbitrary JSON up to 12 levels deep, and sometimes far deeper than any parser should recurse. */
const deepJson = fc.oneof(
  fc.jsonValue({ maxDepth: 12 }),
  fc.integer({ min: 60, max: 5000 }).map(depth => `${'['.repeat(depth)}${']'.repeat(depth)}`),
);
const names = [
  'AllowedHeaders', 'AllowedMethods', 'AllowedOrigins', 'ExposeHeaders', 'MaxAgeSeconds', 'ID', 'ExposedHeaders', 'MaxAge', 'constructor', '__proto__',
];
const field = fc.oneof(fc.constantFrom(...names), fc.string());
const ruleish = fc.dictionary(field, fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.string({ unit: 'binary' }))));
const configText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  deepJson.map(v => (typeof v === 'string' ? v : JSON.stringify(v))),
  fc.array(ruleish, { maxLength: 6 }).map(rules => JSON.stringify(rules, undefined, 1)),
  fc.array(ruleish, { maxLength: 4 }).map(rules => JSON.stringify({ CORSRules: rules })),
);

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const r = await runInProcess(args);
  return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
}

test('fromJson, validate and evaluate: no throw but the documented parse error', () => {
  fc.assert(fc.property(configText, fc.string(), fc.constantFrom('GET', 'OPTIONS', 'PUT', 'x'), (text, origin, method) => {
    let config: CorsConfiguration;
    try {
      config = CorsConfiguration.fromJson(text);
    } catch (e) {
      expect((e as Error).message).toMatch(/^Invalid CORS configuration JSON at line \d+, column \d+: .+/);
      return;
    }
    config.validate();
    config.evaluate({ method, origin, accessControlRequestMethod: 'PUT', accessControlRequestHeaders: origin });
  }), RUNS);
});

test('lint, check and generate: exit 0, 1 or 2, never a stack trace, whatever the file or arguments', async () => {
  let n = 0;
  const args = [fc.string({ maxLength: 40 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })] as const;
  await fc.assert(fc.asyncProperty(configText, ...args, async (text, origin, method, header) => {
    const file = path.join(dir, `c${++n}.json`);
    fs.writeFileSync(file, text);
    const results = [
      await run(['lint', file]),
      await run(['lint', file, '--json']),
      await run(['check', file, '--origin', origin, '--method', method, '--header', header]),
      await run(['check', file, '--origin', 'https://a.example', '--method', 'PUT', '--header', 'content-type: image/png', '--credentials', '--json']),
      await run(['generate', '--preset', 'upload', '--origin', origin, '--max-age', method]),
    ];
    for (const r of results) {
      expect([0, 1, 2]).toContain(r.code);
      expect(r.out).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
    }
  }), { numRuns: 100, seed: 9 });
});
