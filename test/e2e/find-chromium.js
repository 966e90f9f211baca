#!/usr/bin/env node
// Finds the Chromium the browser suite drives: $CHROMIUM_PATH, then the usual
// install locations. With --install, running as root on Debian, it installs
// Debian's `chromium` package when none is found. Otherwise it fails with the
// exact instruction. It never lets the suite skip.
'use strict';
const fs = require('fs');
const { execFileSync } = require('child_process');

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`CHROMIUM_PATH is set to "${fromEnv}", which is not an executable file. Point it at a Chromium or Chrome binary, or unset it.`);
    }
    return fromEnv;
  }
  return CANDIDATES.find(isExecutable);
}

const INSTRUCTION = 'No Chromium found for the browser suite. Install it (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium/Chrome binary.';

function ensureChromium({ install }) {
  let found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && fs.existsSync('/etc/debian_version')) {
    console.error('find-chromium: no Chromium found; installing Debian\'s chromium package (apt-get) ...');
    // The same install that was tried on these machines (docs/toolchain.md): recommends included.
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
    found = findChromium();
    if (found) return found;
  }
  throw new Error(INSTRUCTION);
}

module.exports = { findChromium, ensureChromium };

if (require.main === module) {
  try {
    console.log(`find-chromium: using ${ensureChromium({ install: process.argv.includes('--install') })}`);
  } catch (e) {
    console.error(`find-chromium: ${e.message}`);
    process.exit(1);
  }
}
