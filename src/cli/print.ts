// The CLI's one printer: every command's findings, verdicts, JSON documents
// and errors go out through here, so that the wording of a finding line, the
// escaping of what came from the input and the JSON layout are written once.
// A command builds what it found (data and lines); this file decides how it
// reaches the terminal. It judges nothing.
import { CliError, Io } from './io';
import { escapeControls } from '../common/quote';

/** Characters that print nothing yet change what a terminal shows: zero-width ones, bidi controls, the BOM. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Text as a terminal line shows it: control characters (C0, DEL, C1), line
 * and paragraph separators, lone surrogates and invisible characters as
 * \uXXXX, never raw. With keepLineBreaks "\n" stays: the printer's own line
 * breaks, never a value's (a value is escaped where it is quoted, see quote()).
 */
export function printable(text: string, keepLineBreaks = false): string {
  return escapeControls(text, keepLineBreaks).replace(INVISIBLE, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How a command prints: lines of text, or one JSON document (--json). */
export type PrintFormat = 'text' | 'json';

/**
 * What a command has to say, in both forms; print() builds only the one asked
 * for. `lines` go to standard output, `notes` (summaries, warnings that are not
 * the result) to standard error.
 */
export interface Printout {
  json(): unknown;
  lines(): readonly string[];
  notes?(): readonly string[];
}

/** Prints a command's result as text or as JSON: the one place either reaches the terminal. */
export function print(io: Io, format: PrintFormat, out: Printout): void {
  if (format === 'json') {
    printJson(io, out.json());
    return;
  }
  printLines(io.stdout, out.lines());
  printLines(io.stderr, out.notes?.() ?? []);
}

/** One JSON document on standard output, indented by two spaces: the layout of every --json. */
export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, undefined, 2));
}

/** Lines of text, each made printable; nothing at all for no lines. */
export function printLines(write: (text: string) => void, lines: readonly string[]): void {
  if (lines.length > 0) write(lines.map(l => printable(l, true)).join('\n'));
}

/**
 * An error the user can fix, as the command's output: with --json the
 * document {"error": message, "exitCode": n} on standard output (--json means
 * JSON on stdout, errors included); otherwise "cdk-s3-cors <command>: message"
 * on standard error, followed by the command's usage when it is about arguments.
 */
export function printError(io: Io, command: string, e: CliError, json: boolean): void {
  if (json) printJson(io, { error: e.message, exitCode: e.exitCode });
  else printLines(io.stderr, [`cdk-s3-cors ${command}: ${e.message}${e.usage ? `\n\n${e.usage}` : ''}`]);
}

/** One finding as printed: where it is (a file and position, when it has one), how bad, which rule, and what. */
export interface PrintedFinding {
  readonly severity: string;
  readonly ruleId: string;
  readonly message: string;
  readonly at?: { readonly file: string; readonly line: number; readonly column: number };
}

/**
 * A finding as one line: "file:line:column severity rule-id message" for a
 * finding in a file (lint), "severity rule-id: message" for one without a
 * place (generate's findings about its own arguments). The file name and the
 * message are escaped whole, line breaks included: one finding, one line.
 */
export function findingLine(f: PrintedFinding): string {
  const message = printable(f.message);
  return f.at ? `${printable(f.at.file)}:${f.at.line}:${f.at.column} ${f.severity} ${f.ruleId} ${message}` : `${f.severity} ${f.ruleId}: ${message}`;
}

/** The word a verdict is printed with, the same in check and probe. */
export function verdictWord(allowed: boolean): 'ALLOWED' | 'BLOCKED' {
  return allowed ? 'ALLOWED' : 'BLOCKED';
}

/** Response headers, one "name: value" line each, indented as the caller lists them. */
export function headerLines(headers: Readonly<Record<string, string>>, indent: string): string[] {
  return Object.entries(headers).map(([k, v]) => `${indent}${k}: ${v}`);
}
