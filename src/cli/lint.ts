import * as fs from 'fs';
import * as path from 'path';
import { CorsConfiguration, CorsFinding, CorsFindingSeverity } from '../cors';
import { Command, ParseArgsOptions } from './command';
import { CliError, Io, notAFile, ParsedArgs, readInput, refuseNonFile } from './io';
import { LintFile, LintFinding, report, sarif, textLines } from './lint-output';
import type * as LintTemplate from './lint-template';
import { print } from './print';
import { looksLikeCloudFormation } from '../checks/readers/cloudformation/looks-like';
import { packageVersion } from '../common/package-version';
import { quote } from '../common/quote';
import { CorsJsonSyntaxError } from '../cors/internal';

/** The template half of lint, loaded only when needed: a CORS file loads no YAML or template code. */
function templateLinter(): typeof LintTemplate {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./lint-template') as typeof LintTemplate;
}

/** Whether JSON text found in a folder is a CORS configuration (a list of rules, or {"CORSRules"|"CorsRules": ...}). */
function looksLikeCors(text: string): boolean {
  const t = text.replace(/^\ufeff/, '').trimStart();
  return t.startsWith('[') || /^\{\s*"(CORSRules|CorsRules)"\s*:/.test(t);
}

export const LINT_USAGE = `Usage: cdk-s3-cors lint <file | folder | -> ... [--json | --format text|json|sarif]

Reads every path given: a CORS configuration (S3 console JSON, s3api
{"CORSRules": [...]} or CloudFormation {"CorsRules": [...]}), a CloudFormation
or SAM template (JSON, or YAML with !Ref, !GetAtt, ...), or a folder: every
.json, .yaml, .yml and .template file in it and below (cdk.out with nested
stacks and stages included); a file in a folder that is neither a template nor
a CORS configuration is skipped with one line.

Templates get the checks of S3CorsChecks: every bucket's CORS rules, and every
CloudFront behaviour in front of a CORS bucket. The templates of one run are
read together: a distribution in one in front of a bucket in another (an
Export and its Fn::ImportValue, a nested stack and its parent) is checked,
and reported on the distribution's file. Intrinsics are resolved as far
as they are known before deploy (parameter defaults, Fn::If branches,
mappings, literal parts of Fn::Sub/Fn::Join); what is known only at deploy
time is one info line. Findings acknowledged in a resource's Metadata
(cdk-s3-cors: {acknowledge: [{id, reason}]}) are counted, not printed.

One line per finding on standard output:
  file:line:column severity rule-id message
and one summary line per file on standard error.

Exit status: 0 when nothing is an error, 1 when something is, 2 on bad usage.

Options:
  --json           print the JSON report (schema: docs/lint-output.md)
  --format FORMAT  text (default), json, or sarif (SARIF 2.1.0)
  -h, --help       this help`;

/** Folders are walked at most this deep (cdk.out nests stages in assembly-* folders); a symlink loop is cut. */
const MAX_FOLDER_DEPTH = 32;
const TEMPLATE_NAME = /\.(json|ya?ml|template)$/i;
const NOT_INPUT = new Set(['node_modules', '.git']);

interface Input {
  readonly file: string;
  /** Named by the user (a CORS file is linted as one) or found in a folder (skipped unless recognised). */
  readonly named: boolean;
  readonly skip?: string;
}

function inputs(paths: string[]): Input[] {
  const out: Input[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push({ file: '-', named: true });
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      throw new CliError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 2, LINT_USAGE);
    }
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile()) out.push({ file: p, named: true });
    else throw refuseNonFile(p, notAFile(st) ?? 'not a regular file');
  }
  return out;
}

function walk(root: string, out: Input[]): void {
  const seen = new Set<string>();
  const visit = (dir: string, depth: number) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    if (depth > MAX_FOLDER_DEPTH) {
      out.push({ file: dir, named: false, skip: `a folder nested more than ${MAX_FOLDER_DEPTH} levels deep below ${root}; name it to lint it` });
      return;
    }
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // A cdk.out (it has a manifest.json): its asset folders hold code and files to upload, not templates.
    const assembly = entries.some(e => e.name === 'manifest.json');
    for (const e of entries) {
      const p = path.join(dir, e.name);
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch (err) {
        out.push({ file: p, named: false, skip: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
        continue;
      }
      if (st.isDirectory()) {
        if (NOT_INPUT.has(e.name)) out.push({ file: p, named: false, skip: 'a folder of installed packages or version control' });
        else if (assembly && e.name.startsWith('asset.')) out.push({ file: p, named: false, skip: 'an asset folder of a cdk.out (code and files to upload, not templates)' });
        else visit(p, depth + 1);
      } else if (!TEMPLATE_NAME.test(e.name)) {
        out.push({ file: p, named: false, skip: 'not a .json, .yaml, .yml or .template file' });
      } else if (st.isFile()) {
        out.push({ file: p, named: false });
      } else {
        out.push({ file: p, named: false, skip: `${notAFile(st) ?? 'not a regular file'}, not a regular file` });
      }
    }
  };
  visit(root, 0);
}

/**
 * A cdk.out's asset manifest (<stack>.assets.json): its file assets, by hash, added to `out` as paths beside it.
 * Whether the text is one.
 */
function assetManifest(file: string, text: string, out: Map<string, string>): boolean {
  if (!/\.assets\.json$/i.test(file)) return false;
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return false;
  }
  const assets = typeof manifest === 'object' && manifest !== null ? (manifest as { files?: unknown }).files : undefined;
  if (typeof assets !== 'object' || assets === null) return false;
  for (const [hash, asset] of Object.entries(assets)) {
    const source = typeof asset === 'object' && asset !== null ? (asset as { source?: { path?: unknown } }).source : undefined;
    if (/^[0-9a-f]{64}$/.test(hash) && typeof source?.path === 'string') out.set(hash, path.join(path.dirname(file), source.path));
  }
  return true;
}

const LINT_OPTIONS: ParseArgsOptions = {
  json: { type: 'boolean', default: false },
  format: { type: 'string' },
};

/** cdk-s3-cors lint: every problem in CORS configurations and synthesized templates. */
export const LINT: Command = {
  name: 'lint',
  summary: 'report every problem in a CORS configuration file',
  usage: LINT_USAGE,
  options: LINT_OPTIONS,
  run: lint,
};

async function lint({ values, positionals }: ParsedArgs, io: Io): Promise<number> {
  if (positionals.length === 0) throw new CliError('name a file or folder, or "-" for standard input.', 2, LINT_USAGE);
  const format = values.json ? 'json' : (values.format as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new CliError(`--format is ${quote(format)}; it takes text, json or sarif.`, 2, LINT_USAGE);
  if (values.json && values.format !== undefined && values.format !== 'json') throw new CliError('--json and --format are both given; use one.', 2, LINT_USAGE);

  const files: LintFile[] = [];
  // Templates are read together after the loop (one set: exports, nested stacks), each in its place in `files`.
  const templates: Array<{ at: number; name: string; text: string }> = [];
  // A cdk.out's file assets (hash -> file), to find a nested stack's template when its "aws:asset:path" metadata is missing.
  const assetFiles = new Map<string, string>();
  for (const input of inputs(positionals)) {
    const name = input.file === '-' ? '<stdin>' : input.file;
    if (input.skip) {
      files.push({ file: name, kind: 'skipped', reason: input.skip, findings: [], suppressed: 0 });
      continue;
    }
    let text: string;
    try {
      text = await readInput(input.file, io);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      if (input.named && positionals.length === 1) throw e;
      files.push({ file: name, kind: 'unreadable', reason: e.message, findings: [], suppressed: 0 });
      continue;
    }
    if (looksLikeCloudFormation(input.file, text)) {
      templates.push({ at: files.length, name, text });
      files.push({ file: name, kind: 'cloudformation', findings: [], suppressed: 0 });
    } else if (input.named || looksLikeCors(text)) {
      files.push(lintCors(name, text));
    } else if (assetManifest(input.file, text, assetFiles)) {
      files.push({ file: name, kind: 'skipped', reason: 'an asset manifest of a cdk.out: read to find the template of each nested stack, not checked', findings: [], suppressed: 0 });
    } else {
      files.push({ file: name, kind: 'skipped', reason: 'neither a CloudFormation template nor a CORS configuration', findings: [], suppressed: 0 });
    }
  }

  if (templates.length > 0) {
    templateLinter().lintTemplates(templates, assetFiles).forEach((f, i) => { files[templates[i].at] = f; });
  }

  const r = report(files);
  const text = format === 'text' ? textLines(r) : undefined;
  print(io, format === 'text' ? 'text' : 'json', {
    // SARIF names the rules used; their summaries come with the template linter, loaded only when a template was read.
    json: () => (format === 'sarif' ? sarif(r, packageVersion(), files.some(f => f.kind === 'cloudformation') ? templateLinter().ruleSummaries() : []) : r),
    lines: () => text?.out ?? [],
    notes: () => text?.err ?? [],
  });
  return r.summary.errors > 0 ? 1 : 0;
}

function lintCors(name: string, text: string): LintFile {
  let found: CorsFinding[];
  try {
    found = CorsConfiguration.fromJson(text).validate();
  } catch (e) {
    if (!(e instanceof CorsJsonSyntaxError)) throw e;
    found = [{ severity: CorsFindingSeverity.ERROR, code: 'invalid-json', message: e.reason, s3Rejects: true, line: e.line, column: e.column }];
  }
  const findings: LintFinding[] = [...found]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .map(f => ({
      ruleId: `cdk-s3-cors:${f.code}`,
      severity: f.severity === CorsFindingSeverity.ERROR ? 'error' : 'warning',
      resource: null,
      path: null,
      line: f.line ?? 1,
      column: f.column ?? 1,
      message: f.message,
      fix: null,
    }));
  return { file: name, kind: 'cors', findings, suppressed: 0 };
}
