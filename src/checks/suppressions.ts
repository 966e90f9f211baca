// Acknowledgements that travel with a template: a resource's Metadata
//   cdk-s3-cors: { acknowledge: [{ id: "cdk-s3-cors:<code>", reason: "..." }] }
// as cfn-lint and cdk-nag keep theirs. Our constructs and S3CorsChecks write
// it when the app acknowledges; `lint` honours it on any template.

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const METADATA_KEY = 'cdk-s3-cors';

/** The ids acknowledged on a resource (with and without the "cdk-s3-cors:" prefix). */
export function acknowledgedIds(resource: Record<string, unknown> | undefined): Set<string> {
  const out = new Set<string>();
  const meta = resource && isObject(resource.Metadata) ? resource.Metadata[METADATA_KEY] : undefined;
  const list = isObject(meta) && Array.isArray(meta.acknowledge) ? meta.acknowledge : [];
  for (const a of list) {
    const id = isObject(a) ? a.id : a;
    if (typeof id !== 'string') continue;
    out.add(id.startsWith('cdk-s3-cors:') ? id : `cdk-s3-cors:${id}`);
  }
  return out;
}
