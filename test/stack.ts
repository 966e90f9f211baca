import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A stack in an app whose cloud assembly goes to a temporary folder removed after the file's tests. */
export function newStack(id = 'Test'): Stack {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-test-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  return new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-1' } });
}
