// What `lint` reports, whatever it read: the JSON schema of
// docs/lint-output.md, SARIF 2.1.0, and its text lines, which ./print.ts
// writes (finding lines and escaping are the printer's). Loads no template or YAML code.
import { findingLine, printable } from './print';

export type LintSeverity = 'error' | 'warning' | 'info';

/** One finding as printed. */
export interface LintFinding {
  readonly ruleId: string;
  readonly severity: LintSeverity;
  /** The logical id of the resource, or null for a CORS file. */
  readonly resource: string | null;
  /** Property path such as Resources.Bucket.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins[1], or null. */
  readonly path: string | null;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly fix: string | null;
}

export type LintFileKind = 'cors' | 'cloudformation' | 'skipped' | 'unreadable';

/** What lint made of one file. */
export interface LintFile {
  readonly file: string;
  readonly kind: LintFileKind;
  /** Why a file was skipped or could not be read. */
  readonly reason?: string;
  readonly findings: LintFinding[];
  /** Findings acknowledged in the resource's Metadata, not printed. */
  readonly suppressed: number;
}

export interface LintReport {
  readonly version: 1;
  readonly files: LintFile[];
  readonly summary: { files: number; errors: number; warnings: number; infos: number; suppressed: number };
}

export function report(files: LintFile[]): LintReport {
  const count = (s: LintSeverity) => files.reduce((n, f) => n + f.findings.filter(x => x.severity === s).length, 0);
  return {
    version: 1,
    files,
    summary: {
      files: files.length,
      // A file that could not be read is an error: nothing in it was checked.
      errors: count('error') + files.filter(f => f.kind === 'unreadable').length,
      warnings: count('warning'),
      infos: count('info'),
      suppressed: files.reduce((n, f) => n + f.suppressed, 0),
    },
  };
}

/** file:line:col severity ruleId message, one line each; one summary line per file (for stderr). */
export function textLines(r: LintReport): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  for (const f of r.files) {
    const name = printable(f.file);
    if (f.kind === 'skipped' || f.kind === 'unreadable') {
      err.push(`${name}: ${f.kind === 'skipped' ? 'skipped' : 'error: cannot be read'} (${printable(f.reason ?? '')})`);
      continue;
    }
    for (const x of f.findings) {
      out.push(findingLine({ severity: x.severity, ruleId: x.ruleId, message: x.message, at: { file: f.file, line: x.line, column: x.column } }));
    }
    const n = (s: LintSeverity) => f.findings.filter(x => x.severity === s).length;
    const parts = [`${n('error')} error(s)`, `${n('warning')} warning(s)`];
    if (n('info') > 0) parts.push(`${n('info')} info`);
    if (f.suppressed > 0) parts.push(`${f.suppressed} suppressed`);
    err.push(f.findings.length === 0 ? `${name}: no problems found${f.suppressed > 0 ? ` (${f.suppressed} suppressed)` : ''}` : `${name}: ${parts.join(', ')}`);
  }
  return { out, err };
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF 2.1.0, as code-scanning dashboards read it (one run, one result per finding). */
export function sarif(r: LintReport, version: string, rules: ReadonlyArray<{ id: string; summary: string }>): unknown {
  const used = new Set(r.files.flatMap(f => f.findings.map(x => x.ruleId)));
  const known = new Map(rules.map(x => [x.id, x.summary]));
  const ruleIds = [...used].sort();
  const level = (s: LintSeverity) => (s === 'info' ? 'note' : s);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk-s3-cors',
          version,
          rules: ruleIds.map(id => ({ id, shortDescription: { text: known.get(id) ?? id } })),
        },
      },
      results: r.files.flatMap(f => f.findings.map(x => ({
        ruleId: x.ruleId,
        ruleIndex: ruleIds.indexOf(x.ruleId),
        level: level(x.severity),
        message: { text: x.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file.split('\\').join('/') },
            region: { startLine: x.line, startColumn: x.column },
          },
          ...(x.path || x.resource ? { logicalLocations: [{ name: x.resource ?? '', fullyQualifiedName: x.path ?? x.resource ?? '' }] } : {}),
        }],
      }))),
      invocations: r.files.filter(f => f.kind === 'unreadable').length > 0 ? [{
        executionSuccessful: true,
        toolExecutionNotifications: r.files.filter(f => f.kind === 'unreadable').map(f => ({
          level: 'error',
          message: { text: `${f.file}: ${f.reason ?? 'cannot be read'}` },
        })),
      }] : undefined,
    }],
  };
}
