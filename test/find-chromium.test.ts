// The browser suite must never skip: find-chromium either names a browser or
// fails with the instruction to install one.
import { spawnSync } from 'child_process';
import * as path from 'path';

const SCRIPT = path.join(__dirname, 'e2e', 'find-chromium.js');

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

test('CHROMIUM_PATH wins when it names an executable', () => {
  const r = run({ CHROMIUM_PATH: process.execPath });
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(`find-chromium: using ${process.execPath}`);
});

test('fails loudly when CHROMIUM_PATH names nothing runnable', () => {
  const r = run({ CHROMIUM_PATH: '/nonexistent/chromium' });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('CHROMIUM_PATH is set to "/nonexistent/chromium", which is not an executable file');
});
