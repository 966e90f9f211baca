import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CorsConfiguration } from '../src/cors';

export interface Synthesized {
  readonly template: { Resources: Record<string, any> };
  /** The CORS configuration of the bucket at a construct path, read back from the template's CloudFormation names. */
  bucketCors(constructPath: string): CorsConfiguration | undefined;
  /** The logical id of the resource at a construct path. */
  logicalId(constructPath: string): string;
}

/** Synthesizes what `build` defines and reads the template back, as a deploy would see it. */
export function synthesize(build: (stack: Stack) => void): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-cors-e2e-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    const stack = new Stack(app, 'E2E', { env: { account: '111111111111', region: 'eu-west-1' } });
    build(stack);
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, any> };
    const logicalId = (constructPath: string) => {
      const found = Object.entries(template.Resources).find(([, r]) => r.Metadata?.['aws:cdk:path'] === `E2E/${constructPath}`);
      if (!found) throw new Error(`no resource at E2E/${constructPath}`);
      return found[0];
    };
    return {
      template,
      logicalId,
      bucketCors: constructPath => {
        const cors = template.Resources[logicalId(constructPath)].Properties?.CorsConfiguration;
        return cors === undefined ? undefined : CorsConfiguration.fromJson(JSON.stringify(cors));
      },
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
