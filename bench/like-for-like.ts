// Are the two apps of bench/synth-overhead.ts like for like? Synthesizes one
// instance of each (bench/apps.ts with count 1) and compares the templates
// resource by resource, after naming every resource by its role and replacing
// the hashes CDK derives from construct paths. Prints each difference and
// exits 1 if there is one: a ratio over apps that synthesize different
// properties would measure the difference, not the library.
// Run: node -r tsx/cjs bench/like-for-like.ts
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { buildByHand, buildOurs } from './apps';

type Template = { Resources: Record<string, Record<string, unknown>>; [k: string]: unknown };

/** Which resource is which, by logical id (the ids differ only because the constructs nest one level deeper). */
const ROLES: Record<'ours' | 'hand', Array<[string, RegExp]>> = {
  ours: [
    ['assets bucket', /^Assets0[0-9A-F]{8}$/], ['assets bucket policy', /^Assets0Policy[0-9A-F]{8}$/],
    ['cache policy', /^Cdn0CachePolicy[0-9A-F]{8}$/], ['vary function', /^Cdn0CorsFunction[0-9A-F]{8}$/],
    ['log bucket', /^Cdn0Logs[0-9A-F]{8}$/], ['log bucket policy', /^Cdn0LogsPolicy[0-9A-F]{8}$/],
    ['origin access control', /^Cdn0Origin1S3OriginAccessControl[0-9A-F]{8}$/], ['distribution', /^Cdn0[0-9A-F]{8}$/],
    ['upload bucket', /^Uploads0[0-9A-F]{8}$/], ['upload bucket policy', /^Uploads0Policy[0-9A-F]{8}$/],
  ],
  hand: [
    ['assets bucket', /^Assets0[0-9A-F]{8}$/], ['assets bucket policy', /^Assets0Policy[0-9A-F]{8}$/],
    ['cache policy', /^CachePolicy0[0-9A-F]{8}$/], ['vary function', /^Vary0[0-9A-F]{8}$/],
    ['log bucket', /^Logs0[0-9A-F]{8}$/], ['log bucket policy', /^Logs0Policy[0-9A-F]{8}$/],
    ['origin access control', /^Cdn0Origin1S3OriginAccessControl[0-9A-F]{8}$/], ['distribution', /^Cdn0[0-9A-F]{8}$/],
    ['upload bucket', /^Uploads0[0-9A-F]{8}$/], ['upload bucket policy', /^Uploads0Policy[0-9A-F]{8}$/],
  ],
};

function synth(variant: 'ours' | 'hand'): Template {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-like-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bench');
    (variant === 'ours' ? buildOurs : buildByHand)(stack, 1);
    return app.synth().getStackByName('Bench').template as Template;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The resources by role, every logical id replaced by its role and every path-derived name (`...<8 hex>`) by `<hash>`. */
function byRole(variant: 'ours' | 'hand', template: Template, problems: string[]): Map<string, unknown> {
  const ids = new Map<string, string>();
  for (const id of Object.keys(template.Resources)) {
    const role = ROLES[variant].find(([, re]) => re.test(id))?.[0];
    if (!role) problems.push(`${variant}: resource ${id} has no role in bench/like-for-like.ts`);
    else ids.set(id, `<${role}>`);
  }
  const normal = (v: unknown): unknown => {
    if (typeof v === 'string') return ids.get(v) ?? v.replace(/^[A-Za-z0-9-]*?[0-9A-F]{8}(-?)$/, '<hash>$1');
    if (Array.isArray(v)) return v.map(normal);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)]));
    return v;
  };
  return new Map([...ids].map(([id, role]) => [role, normal(template.Resources[id])]));
}

/** Every path where two JSON values differ. */
function differences(a: unknown, b: unknown, at: string, out: string[]): void {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${at}: ours ${JSON.stringify(a)}, hand ${JSON.stringify(b)}`);
  }
}

const problems: string[] = [];
const [oursT, handT] = [synth('ours'), synth('hand')];
const ours = byRole('ours', oursT, problems);
const hand = byRole('hand', handT, problems);
for (const role of new Set([...ours.keys(), ...hand.keys()])) {
  differences(ours.get(role), hand.get(role), role, problems);
}
const rest = (t: Template) => Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'Resources'));
differences(rest(oursT), rest(handT), 'template', problems);
if (problems.length > 0) {
  console.log(`the two apps differ in ${problems.length} place(s):\n${problems.map(p => `  - ${p}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`like for like: the ${ours.size} resources of one instance of each app have the same properties (logical ids and path hashes aside)`);
}
