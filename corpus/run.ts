// Measures `cdk-s3-cors lint` on templates other people wrote: lints every
// template of a folder with the BUILT executable (lib/cli/main.js; run
// `npx projen compile` first) and compares its findings with the judgement
// files written by hand, one per template (corpus/README.md says how to read
// them). Prints, per template, what was expected and found or missed, every
// error/warning nobody expected (a false positive), files refused or skipped;
// then precision, recall, false errors, crashes, refusals, skipped files.
//   npm run corpus -- <templates folder> <judgements folder> [--check] [--legacy]
// --check    exit 1 when a "must not appear" finding appears, a file is refused
//            or lint crashes (for CI, once main passes it)
// --legacy   read today's output (one `lint --json <file>` per file) even when
//            the new schema is available
// --cli=<main.js>  lint with another build (another worktree's lib/cli/main.js)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

let BIN = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
const TEMPLATE_EXT = /\.(json|ya?ml|template)$/i;

type Severity = 'error' | 'warning' | 'info';

/** One finding in the schema `lint --json` prints (version 1). */
interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly resource: string | null;
  readonly path: string | null;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** One file as `lint --json` reports it (version 1). */
interface FileReport {
  readonly file: string;
  readonly kind: 'cors' | 'cloudformation' | 'skipped' | 'unreadable' | 'crashed';
  readonly reason?: string;
  readonly findings: Finding[];
  readonly suppressed: number;
}

/** An expectation of a judgement file. */
interface Expectation {
  readonly ruleId: string;
  readonly resource?: string | null;
  readonly severity?: Severity | Severity[];
  readonly reason: string;
}

interface Judgement {
  readonly source?: { repository?: string; path?: string; commit?: string };
  /** Findings a correct lint reports (any severity may be named; info ones are not counted in recall). */
  readonly mustFind: Expectation[];
  /** Findings a correct lint never reports (a false error or warning). */
  readonly mustNotFind: Expectation[];
  /** Findings that are defensible either way: neither counted as true nor as false. */
  readonly mayFind: Expectation[];
  /** Distributions (or behaviours) that serve a CORS bucket: lint must say something about each, if only "not checked". */
  readonly inFrontOfCorsBucket: Array<{ readonly resource: string; readonly reason: string }>;
  /** Whether CloudFormation accepts the template (lint must then never refuse it). Default true. */
  readonly cloudFormationAccepts: boolean;
}

/** The rule id without the `cdk-s3-cors:` prefix, so judgements survive either spelling. */
function bareId(ruleId: string): string {
  return ruleId.replace(/^cdk-s3-cors:/, '');
}

function matches(e: Expectation, f: Finding): boolean {
  if (e.ruleId !== '*' && bareId(e.ruleId) !== bareId(f.ruleId)) return false;
  if (e.resource !== undefined && e.resource !== null && e.resource !== f.resource) return false;
  if (e.severity !== undefined && !(Array.isArray(e.severity) ? e.severity : [e.severity]).includes(f.severity)) return false;
  return true;
}

function describe(e: Expectation): string {
  const sev = e.severity === undefined ? '' : ` (${Array.isArray(e.severity) ? e.severity.join('|') : e.severity})`;
  return `${e.ruleId === '*' ? 'any finding' : bareId(e.ruleId)}${sev} on ${e.resource ?? 'any resource'}: ${e.reason}`;
}

function listOf(value: unknown, field: string, file: string): Expectation[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${file}: ${field} must be a list of {ruleId, resource, reason}, got ${JSON.stringify(value)}`);
  return value.map((v: any, i) => {
    if (typeof v?.ruleId !== 'string' || typeof v?.reason !== 'string') {
      throw new Error(`${file}: ${field}[${i}] needs a ruleId and a one-line reason, got ${JSON.stringify(v)}`);
    }
    return v as Expectation;
  });
}

function readJudgement(file: string): Judgement {
  const j = parseYaml(fs.readFileSync(file, 'utf8')) ?? {};
  return {
    source: j.source,
    mustFind: listOf(j.mustFind, 'mustFind', file),
    mustNotFind: listOf(j.mustNotFind, 'mustNotFind', file),
    mayFind: listOf(j.mayFind, 'mayFind', file),
    inFrontOfCorsBucket: listOf(j.inFrontOfCorsBucket?.map((d: any) => ({ ruleId: '*', ...d })), 'inFrontOfCorsBucket', file)
      .map(e => ({ resource: String(e.resource), reason: e.reason })),
    cloudFormationAccepts: j.cloudFormationAccepts !== false,
  };
}

function templatesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'licenses') walk(p);
      else if (e.isFile() && TEMPLATE_EXT.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'lint', '--json', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Every file in one invocation, in the schema lint prints from issue 18 on;
 * undefined if this lint does not speak it, or crashed on the batch (then
 * each file is linted alone, so that a crash is pinned to its file).
 */
function lintNew(files: string[]): FileReport[] | undefined {
  const r = run(files);
  let out: any;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    return undefined;
  }
  if (out?.version !== 1 || !Array.isArray(out.files)) return undefined;
  const byFile = new Map<string, FileReport>();
  for (const f of out.files) byFile.set(path.resolve(f.file), f as FileReport);
  // A file the output does not name was not read: say so rather than count it clean.
  return files.map(file => byFile.get(path.resolve(file)) ?? { file, kind: 'skipped', reason: 'not in lint\'s output', findings: [], suppressed: 0 });
}

/**
 * Adapter for the lint of main before issue 18: one path per invocation, and
 * two JSON shapes ({valid, findings: [{ruleId, logicalId, path: "a/b"}]} for
 * templates, {file, valid, findings: [{code, severity: "ERROR"}]} for CORS files).
 */
function lintLegacy(file: string): FileReport {
  const r = run([file]);
  let out: any;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    const why = r.status === 2 ? 'refused' : 'crashed';
    return { file, kind: r.status === 2 ? 'unreadable' : 'crashed', reason: `${why} (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' | ')}`, findings: [], suppressed: 0 };
  }
  // A lint that speaks the new schema but crashed on the batch: take its answer for this one file.
  if (out?.version === 1 && Array.isArray(out.files)) {
    return out.files[0] ?? { file, kind: 'skipped', reason: 'not in lint\'s output', findings: [], suppressed: 0 };
  }
  const isCorsFile = typeof out.file === 'string';
  const findings: Finding[] = (out.findings ?? []).map((f: any) => ({
    ruleId: f.ruleId ?? `cdk-s3-cors:${f.code}`,
    severity: String(f.severity).toLowerCase() as Severity,
    resource: f.logicalId || null,
    path: typeof f.path === 'string' ? f.path : null,
    line: f.line ?? 1,
    column: f.column ?? 1,
    message: f.message,
  }));
  const refusal = findings.find(f => ['invalid-template', 'invalid-json', 'not-a-configuration'].includes(bareId(f.ruleId)));
  if (refusal) return { file, kind: 'unreadable', reason: `${bareId(refusal.ruleId)} at ${refusal.line}:${refusal.column}: ${refusal.message}`, findings: [], suppressed: 0 };
  return { file, kind: isCorsFile ? 'cors' : 'cloudformation', findings, suppressed: 0 };
}

interface Totals {
  templates: number;
  judged: number;
  expected: number;
  found: number;
  truePositives: number;
  falsePositives: number;
  falseErrors: number;
  mustNotFound: number;
  infoExpected: number;
  infoFound: number;
  inFront: number;
  silentSkips: number;
  debatable: number;
  crashes: number;
  refusals: number;
  refusalsOfAccepted: number;
  skipped: number;
}

function main(argv: string[]): number {
  const cli = argv.find(a => a.startsWith('--cli='));
  if (cli) BIN = path.resolve(cli.slice('--cli='.length));
  const flags = new Set(argv.filter(a => a.startsWith('--') && a !== cli));
  const [folder, judgementsDir] = argv.filter(a => !a.startsWith('--'));
  if (!folder || !judgementsDir || [...flags].some(f => !['--check', '--legacy'].includes(f))) {
    console.error('Usage: npm run corpus -- <templates folder> <judgements folder> [--check] [--legacy] [--cli=<lib/cli/main.js>]');
    return 2;
  }
  if (!fs.existsSync(BIN)) {
    console.error(`${BIN} is missing: run "npx projen compile" first.`);
    return 2;
  }
  const files = templatesIn(folder);
  let reports = flags.has('--legacy') ? undefined : lintNew(files);
  const schema = reports ? 'lint --json, schema version 1, one invocation' : 'adapter for the lint before issue 18, one invocation per file';
  reports ??= files.map(lintLegacy);

  const t = Object.fromEntries(['judged', 'expected', 'found', 'truePositives', 'falsePositives', 'falseErrors', 'mustNotFound',
    'infoExpected', 'infoFound', 'inFront', 'silentSkips', 'debatable', 'crashes', 'refusals', 'refusalsOfAccepted', 'skipped'].map(k => [k, 0])) as unknown as Totals;
  t.templates = files.length;
  const lines: string[] = [`Corpus: ${folder} (${files.length} templates), judgements: ${judgementsDir}`, `Read with: ${schema}`, ''];
  const unjudged: string[] = [];

  reports.forEach((rep, i) => {
    const name = path.basename(files[i]);
    const jfile = path.join(judgementsDir, `${name}.yaml`);
    const j = fs.existsSync(jfile) ? readJudgement(jfile) : undefined;
    const counted = rep.findings.filter(f => f.severity !== 'info');
    lines.push(`${name}  [${rep.kind}${rep.reason ? `: ${rep.reason}` : ''}] ${counted.length} error/warning, ${rep.findings.length - counted.length} info`);
    if (rep.kind === 'crashed') t.crashes++;
    if (rep.kind === 'unreadable') {
      t.refusals++;
      if (j?.cloudFormationAccepts !== false) t.refusalsOfAccepted++;
    }
    if (rep.kind === 'skipped') t.skipped++;
    if (!j) {
      unjudged.push(name);
      lines.push('  (no judgement file)', '');
      return;
    }
    t.judged++;
    const used = new Set<Finding>();
    const judgedFalse = new Set<Finding>();
    for (const e of j.mustFind) {
      const hit = rep.findings.find(f => matches(e, f));
      const info = e.severity === 'info';
      if (info) t.infoExpected++; else t.expected++;
      if (hit) {
        if (info) t.infoFound++; else t.found++;
        for (const f of rep.findings) if (matches(e, f)) used.add(f);
      }
      lines.push(`  ${hit ? 'found  ' : 'MISSING'} ${describe(e)}`);
    }
    for (const d of j.inFrontOfCorsBucket) {
      t.inFront++;
      const said = rep.findings.some(f => f.resource === d.resource);
      if (!said) t.silentSkips++;
      lines.push(`  ${said ? 'read   ' : 'SILENT '} distribution ${d.resource} in front of a CORS bucket (${d.reason})`);
    }
    for (const e of j.mustNotFind) {
      const bad = rep.findings.filter(f => matches(e, f) && !used.has(f) && !judgedFalse.has(f));
      if (bad.length > 0) t.mustNotFound++;
      for (const f of bad) judgedFalse.add(f);
      for (const f of bad) lines.push(`  FALSE  ${f.severity} ${bareId(f.ruleId)} on ${f.resource ?? '-'} at ${f.line}:${f.column} (judged: ${e.reason})`);
      for (const f of bad) if (f.severity !== 'info') t.falsePositives++;
      for (const f of bad) if (f.severity === 'error') t.falseErrors++;
    }
    for (const f of counted) {
      if (judgedFalse.has(f)) continue;
      if (used.has(f)) {
        t.truePositives++;
        continue;
      }
      const may = j.mayFind.find(e => matches(e, f));
      if (may) {
        t.debatable++;
        lines.push(`  may    ${f.severity} ${bareId(f.ruleId)} on ${f.resource ?? '-'} (${may.reason})`);
        continue;
      }
      t.falsePositives++;
      if (f.severity === 'error') t.falseErrors++;
      lines.push(`  UNEXPECTED ${f.severity} ${bareId(f.ruleId)} on ${f.resource ?? '-'} at ${f.line}:${f.column}: ${f.message.slice(0, 160)}`);
    }
    lines.push('');
  });

  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${(100 * a / b).toFixed(1)}%`);
  lines.push(
    'Totals (precision and recall count error and warning findings only; info findings say what was not checked:',
    '  an expected info finding that is missing is a silent skip, and info findings are never false positives)',
    `  templates ${t.templates}, judged ${t.judged}${unjudged.length ? ` (${unjudged.length} without a judgement file)` : ''}`,
    `  precision ${pct(t.truePositives, t.truePositives + t.falsePositives)} (${t.truePositives} expected of ${t.truePositives + t.falsePositives} error/warning findings; ${t.debatable} judged debatable, not counted)`,
    `  recall    ${pct(t.found, t.expected)} (${t.found} of ${t.expected} expected error/warning findings)`,
    `  false errors ${t.falseErrors}, false warnings ${t.falsePositives - t.falseErrors}, templates with a "must not appear" finding ${t.mustNotFound}`,
    `  distributions in front of a CORS bucket: ${t.inFront}, skipped silently (no finding at all, not even info): ${t.silentSkips}`,
    `  expected info findings ("not checked"): ${t.infoFound} of ${t.infoExpected} present`,
    `  crashes ${t.crashes}, refusals ${t.refusals} (of templates CloudFormation accepts: ${t.refusalsOfAccepted}), skipped files ${t.skipped}`,
  );
  console.log(lines.join('\n'));
  const failed = t.mustNotFound > 0 || t.silentSkips > 0 || t.crashes > 0 || t.refusalsOfAccepted > 0 || t.falseErrors > 0;
  return flags.has('--check') && failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
