import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Runs CloudFront Function code under Duktape (the `duk` command), a strict
 * ECMAScript 5.1 engine with nothing in common with V8: an independent view of
 * the generated code, beside Node's `vm`. One `duk` process per call: the
 * code, then a driver that hands every event to `handler` and prints all the
 * results as one JSON line.
 */

const INSTALL = 'Install it: apt-get install duktape (Debian/Ubuntu; .ci/run does this).';

let found = false;

/** The `duk` command; fails loudly when it is missing (the tests need it, they never skip). */
export function dukCommand(): string {
  if (found) return 'duk';
  const probe = spawnSync('duk', ['-e', 'print(1)'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0 || probe.stdout.trim() !== '1') {
    throw new Error(`Duktape's duk command is missing or broken (${probe.error?.message ?? `exit ${probe.status}: ${probe.stderr.trim()}`}): the generated CloudFront Function is tested under it. ${INSTALL}`);
  }
  found = true;
  return 'duk';
}

/** Text that is pure ASCII: every other UTF-16 unit as \uXXXX (so U+2028 and U+2029 too), valid in JSON and ES5 source. */
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What `handler` returned for each event, or the error it threw, as Duktape ran it. */
export type DuktapeResult = { ok: unknown } | { error: string };

const DRIVER = `
;(function () {
  var out = [];
  for (var i = 0; i < EVENTS.length; i++) {
    try {
      out.push({ ok: handler(EVENTS[i]) });
    } catch (e) {
      out.push({ error: String(e) });
    }
  }
  print(JSON.stringify(out).replace(/[^\\x20-\\x7e]/g, function (c) {
    return '\\\\u' + ('0000' + c.charCodeAt(0).toString(16)).slice(-4);
  }));
})();
`;

/** Runs `handler` of the code on each event under Duktape, in strict mode as cloudfront-js-2.0 is. */
export function runInDuktape(code: string, events: readonly unknown[]): DuktapeResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-duk-'));
  try {
    const file = path.join(dir, 'function.js');
    fs.writeFileSync(file, `'use strict';\n${code}\nvar EVENTS = ${ascii(JSON.stringify(events))};\n${DRIVER}`);
    const run = spawnSync(dukCommand(), [file], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
    if (run.error || run.status !== 0) {
      throw new Error(`duk failed on the generated code (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr.slice(0, 2000)}${run.stdout.slice(0, 2000)}`);
    }
    const results = JSON.parse(run.stdout) as DuktapeResult[];
    if (results.length !== events.length) throw new Error(`duk answered ${results.length} events of ${events.length}`);
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
