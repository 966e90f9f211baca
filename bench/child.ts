// One measured synthesis in a fresh process, so each run has its own heap and
// peak RSS. Prints one JSON line (wall-clock and CPU milliseconds of the synthesis) for bench/synth-overhead.ts.
import { synthOnce } from './apps';

const variant = process.argv[2] as 'ours' | 'hand';
const { ms, cpuMs, resources } = synthOnce(variant);
process.stdout.write(`${JSON.stringify({ variant, ms, cpuMs, maxRssKb: process.resourceUsage().maxRSS, resources })}\n`);
