// The corpus measurement as a gate: `npm run corpus -- <folder> <judgements> --check`
// on templates other people wrote (../shared/corpus, present next to the
// repository in CI) and on our own reduced fixtures. It fails when lint
// reports an error-level finding judged false, a "must not appear" finding,
// passes over a distribution in front of a CORS bucket without a word, or
// crashes on, refuses or skips a file. Runs the built executable
// (lib/cli/main.js, compiled by the test task before jest), as users do.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
/** Where CI keeps the shared corpus; SHARED_CORPUS overrides it for a worktree that sits elsewhere. */
const SHARED_CORPUS = process.env.SHARED_CORPUS ?? path.join(ROOT, '..', 'shared', 'corpus');

function corpusCheck(folder: string, judgements: string): { status: number | null; problems: string[]; totals: string[] } {
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', path.join(ROOT, 'corpus', 'run.ts'), folder, judgements, '--check'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 150_000 });
  const lines = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n');
  return {
    status: r.status,
    // Every line the script marks as a failure, so that a red test says which template and why.
    problems: lines.filter(l => /^\s+(FALSE|SILENT|UNEXPECTED error)\b|\[(crashed|unreadable|skipped)/.test(l) || (/Error|missing/.test(l) && !/^\s/.test(l))),
    totals: lines.filter(l => /^\s+(false errors|distributions in front|crashes)/.test(l)).map(l => l.trim()),
  };
}

test.each([
  ['the shared corpus of public templates', SHARED_CORPUS, path.join(ROOT, 'corpus', 'judgements')],
  ['our reduced fixtures', path.join(ROOT, 'corpus', 'fixtures'), path.join(ROOT, 'corpus', 'judgements-fixtures')],
])('%s: no false error, no silent skip, every file read (--check)', (_name, folder, judgements) => {
  if (!fs.existsSync(folder)) {
    throw new Error(`The corpus folder ${folder} is missing. CI checks it out next to the repository (../shared/corpus); in another layout set SHARED_CORPUS to its path.`);
  }
  const templates = fs.readdirSync(folder).filter(f => /\.(json|ya?ml|template)$/i.test(f));
  // Every template has a judgement: an unjudged file would be measured by nobody.
  expect(templates.filter(f => !fs.existsSync(path.join(judgements, `${f}.yaml`)))).toEqual([]);
  expect(templates.length).toBeGreaterThan(0);
  const r = corpusCheck(folder, judgements);
  expect(r.problems).toEqual([]);
  expect(r.totals).toEqual([
    expect.stringMatching(/^false errors 0, false warnings \d+, templates with a "must not appear" finding 0$/),
    expect.stringMatching(/^distributions in front of a CORS bucket: [1-9]\d*, skipped silently \(no finding at all, not even info\): 0$/),
    'crashes 0, refusals 0 (of templates CloudFormation accepts: 0), skipped files 0',
  ]);
  expect(r.status).toBe(0);
}, 180_000);
