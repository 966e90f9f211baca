// npm run bench: how much slower is `cdk synth` with this library's constructs
// than with the same resources written by hand? Runs both apps alternately,
// each synthesis in its own process, and prints the medians and the ratio of
// two figures, wall-clock time and CPU time (user + system of the synthesizing
// process, which other work on a shared machine disturbs less), and the peak
// memory. Numbers for a person to read; nothing here asserts a time.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { COUNT } from './apps';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
interface Sample { variant: 'ours' | 'hand'; ms: number; cpuMs: number; maxRssKb: number; resources: Record<string, number> }

function runChild(variant: 'ours' | 'hand'): Sample {
  const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'child.ts'), variant], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`synthesizing ${COUNT} PublicAssetsBucket + ${COUNT} CloudFrontCorsDistribution + ${COUNT} UploadBucket,`);
console.log(`and the same resources written with plain aws-cdk-lib; ${RUNS} runs each, alternating, one process per run\n`);
runChild('ours');
runChild('hand'); // warm-up: file-system caches
const samples: Sample[] = [];
for (let i = 0; i < RUNS; i++) {
  for (const variant of (i % 2 === 0 ? ['ours', 'hand'] : ['hand', 'ours']) as Array<'ours' | 'hand'>) {
    const s = runChild(variant);
    samples.push(s);
    console.log(`  run ${String(i + 1).padStart(2)} ${variant.padEnd(4)} wall ${s.ms.toFixed(0).padStart(6)} ms   cpu ${s.cpuMs.toFixed(0).padStart(6)} ms   peak RSS ${(s.maxRssKb / 1024).toFixed(0)} MiB`);
  }
}
const ours = samples.filter(s => s.variant === 'ours');
const hand = samples.filter(s => s.variant === 'hand');
const same = JSON.stringify(Object.entries(ours[0].resources).sort()) === JSON.stringify(Object.entries(hand[0].resources).sort());
console.log(`\nresources per template: ${Object.entries(ours[0].resources).map(([t, n]) => `${n} ${t.replace('AWS::', '')}`).join(', ')}`);
console.log(`hand-written template has the same resource types and counts: ${same ? 'yes' : `NO (${JSON.stringify(hand[0].resources)})`}`);
const wall = { ours: median(ours.map(s => s.ms)), hand: median(hand.map(s => s.ms)) };
const cpu = { ours: median(ours.map(s => s.cpuMs)), hand: median(hand.map(s => s.cpuMs)) };
console.log(`median synth wall-clock time: ours ${wall.ours.toFixed(0)} ms, hand-written ${wall.hand.toFixed(0)} ms`);
console.log(`median synth CPU time (user + system): ours ${cpu.ours.toFixed(0)} ms, hand-written ${cpu.hand.toFixed(0)} ms`);
console.log(`peak RSS (max over runs): ours ${(Math.max(...ours.map(s => s.maxRssKb)) / 1024).toFixed(0)} MiB, hand-written ${(Math.max(...hand.map(s => s.maxRssKb)) / 1024).toFixed(0)} MiB`);
if (!same) {
  // A ratio over different resource sets measures the difference in resources, not the library's cost.
  console.log('synth-overhead-ratio: not computed: the two apps do not define the same resources (fix bench/apps.ts first)');
  process.exitCode = 1;
} else {
  console.log(`synth-overhead-ratio (wall clock, median ours / median hand-written): ${(wall.ours / wall.hand).toFixed(3)}`);
  console.log(`synth-overhead-ratio (CPU time, median ours / median hand-written): ${(cpu.ours / cpu.hand).toFixed(3)}`);
  // Each round runs one of each back to back: the median of the rounds' ratios cancels load that drifts over the run.
  const paired = (pick: (s: Sample) => number) => median(ours.map((o, i) => pick(o) / pick(hand[i]))).toFixed(3);
  console.log(`synth-overhead-ratio (median of the ${RUNS} rounds' own ratios): wall clock ${paired(s => s.ms)}, CPU time ${paired(s => s.cpuMs)}`);
}
