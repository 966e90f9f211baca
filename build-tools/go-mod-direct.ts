// After `jsii-pacmak --target go --code-only`: keep only the direct
// requirements in the Go module's go.mod.
//
// jsii-pacmak lists every transitive npm dependency of aws-cdk-lib as an
// `// indirect` Go requirement at the version npm installed (e.g.
// @aws-cdk/cloud-assembly-schema 54.26.0 -> cloud-assembly-schema-go v54.26.0),
// but the Go module proxy does not carry every such version, and then no
// consumer can build the module ("This module version is not available").
// Those modules are requirements of aws-cdk-go's own go.mod already, which
// names versions that exist: without the indirect lines, Go's minimal version
// selection takes them from there.
import * as fs from 'fs';
import * as path from 'path';

const dist = path.join(__dirname, '..', 'dist', 'go');
const modules = fs.readdirSync(dist).map(d => path.join(dist, d, 'go.mod')).filter(f => fs.existsSync(f));
if (modules.length === 0) {
  throw new Error(`no go.mod under ${dist}: run jsii-pacmak --target go first`);
}
for (const file of modules) {
  const before = fs.readFileSync(file, 'utf8');
  const after = before.split('\n').filter(line => !/^\s+\S+\s+v\S+\s+\/\/ indirect\s*$/.test(line)).join('\n');
  fs.writeFileSync(file, after);
  console.log(`${path.relative(process.cwd(), file)}: ${before.split('\n').length - after.split('\n').length} indirect requirement(s) removed`);
}
