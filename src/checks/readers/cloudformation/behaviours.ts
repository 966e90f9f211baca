// The cache behaviours of a template's distributions whose origin is a bucket
// of the same template with CORS rules, with what each behaviour forwards,
// keys its cache on, allows and runs. Everything the distribution rules
// read; what cannot be known from the template is `undefined`, with why.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { analyseFunctionCode, CodeAnswer, FunctionAnalysis } from './functions';
import { canonical, conditionsIn, pathKey, resolve, Unresolved } from './intrinsics';
import { CloudFormationTemplate, isObject, TemplatePath } from './template';
import { MAX_HOPS, TemplateSet } from './template-set';
import { quote, quoteValue } from '../../../common/quote';
import { CorsConfiguration } from '../../../cors';
import { CORS_REQUEST_HEADERS as S3_CORS_REQUEST_HEADERS, writeMethods } from '../../../cors/internal';
import type { CorsBehaviour, EdgeFact, EdgeFacts, HeaderSet, SkippedBehaviour, UnseenBucketOrigin } from '../../facts';
import { MANAGED_CACHE_POLICIES, MANAGED_ORIGIN_REQUEST_POLICIES, MANAGED_RESPONSE_HEADERS_POLICIES, MANAGED_RESPONSE_HEADERS_POLICIES_WITHOUT_CORS, ResponseCorsFacts } from '../../managed-policies';

const CF = ['Properties', 'DistributionConfig'];
/** At most this many conditions of one distribution are enumerated; further Fn::If stay unresolved. */
const MAX_CONDITIONS = 3;

/**
 * The behaviours of template `name` of a set in front of a CORS bucket (of
 * that template or another of the set), the behaviours that could not be tied
 * to one bucket (with why) while the set has CORS buckets, and the S3 origins
 * whose bucket is in no template of the set.
 */
export function corsBehaviours(set: TemplateSet, name: string):
{ behaviours: CorsBehaviour[]; skipped: SkippedBehaviour[]; unseen: UnseenBucketOrigin[] } {
  const t = set.template(name)!;
  const out: CorsBehaviour[] = [];
  const skipped: SkippedBehaviour[] = [];
  const unseen: UnseenBucketOrigin[] = [];
  const buckets = setIndex(set);
  const anyCors = set.names.some(n => set.template(n)!.resourcesOfType('AWS::S3::Bucket')
    .some(([, r]) => isObject(r.Properties) && r.Properties.CorsConfiguration !== undefined));
  const skippedSeen = new Set<string>();
  const skip = (b: SkippedBehaviour) => {
    const k = `${b.path.join('\u0000')}\u0000${b.reason}`;
    if (!skippedSeen.has(k)) skipped.push(b);
    skippedSeen.add(k);
  };
  const unseenSeen = new Set<string>();
  const notSeen = (u: UnseenBucketOrigin) => {
    const k = u.path.join('\u0000');
    if (!unseenSeen.has(k)) unseen.push(u);
    unseenSeen.add(k);
  };
  for (const [distributionId, resource] of t.resourcesOfType('AWS::CloudFront::Distribution')) {
    const raw = (resource.Properties as Record<string, unknown> | undefined)?.DistributionConfig;
    if (!isObject(raw)) continue;
    // Each truth of the conditions the distribution's Fn::If depend on is one reading (at most 2^3).
    const conditions = conditionsIn(raw).slice(0, MAX_CONDITIONS);
    for (let k = 0; k < 2 ** conditions.length; k++) {
      const taken = conditions.map((c, i) => [c, Math.floor(k / 2 ** i) % 2 === 0] as const);
      readDistribution(set, name, { distributionId, raw, taken, buckets, anyCors }, out, skip, notSeen);
    }
  }
  return { behaviours: out, skipped, unseen };
}

function readDistribution(set: TemplateSet, name: string, d: DistributionReading, out: CorsBehaviour[],
  skip: (b: SkippedBehaviour) => void, notSeen: (u: UnseenBucketOrigin) => void): void {
  const t = set.template(name)!;
  const { distributionId, raw, taken, buckets, anyCors } = d;
  {
    // Parameter defaults, mappings and literal Sub/Join resolved; what stays unknown is an Unresolved value.
    const resolution = resolve(t, raw, ['Resources', distributionId, ...CF], new Map(taken));
    const config = resolution.value;
    if (!isObject(config)) return;
    // A value of the resolved configuration as written (inside an Fn::If branch, a mapping, ...): where resolving read it.
    const writtenAt = (p: TemplatePath): unknown => {
      const src = resolution.sources.get(pathKey(p));
      return src === undefined ? undefined : valueAt(t.body, src);
    };
    // Origin ids compared as CloudFormation would: resolved where possible, else two structurally equal intrinsics are one id.
    const idKey = (resolved: unknown, written: unknown) => (typeof resolved === 'string' ? JSON.stringify(resolved) : canonical(written));
    const origins = new Map<string, Record<string, unknown>>();
    const aliases = Array.isArray(config.Aliases) ? config.Aliases.filter((a): a is string => typeof a === 'string') : [];
    (Array.isArray(config.Origins) ? config.Origins : []).forEach((o, i) => {
      // The bucket is found from the DomainName as written (a Ref or GetAtt of it).
      if (!isObject(o)) return;
      const written = writtenAt(['Origins', i, 'DomainName']);
      const origin = { ...o, DomainName: written ?? o.DomainName };
      origins.set(idKey(o.Id, writtenAt(['Origins', i, 'Id'])), origin);
      // An S3 origin whose bucket no template of the set defines: its CORS cannot be seen (an imported bucket).
      if (isS3Origin(t, origin, o.DomainName) && bucketOf(set, name, buckets, origin.DomainName).size === 0) {
        notSeen({
          distributionId,
          path: ['Resources', distributionId, ...CF, 'Origins', i],
          originId: typeof o.Id === 'string' ? o.Id : describeWritten(o.Id),
          reason: unseenReason(set, name, origin.DomainName, o.DomainName),
          alias: aliases[0],
        });
      }
    });
    const behaviours: Array<[Record<string, unknown>, TemplatePath, string]> = [];
    if (isObject(config.DefaultCacheBehavior)) behaviours.push([config.DefaultCacheBehavior, ['Resources', distributionId, ...CF, 'DefaultCacheBehavior'], 'the default behaviour']);
    (Array.isArray(config.CacheBehaviors) ? config.CacheBehaviors : []).forEach((b, i) => {
      if (isObject(b)) behaviours.push([b, ['Resources', distributionId, ...CF, 'CacheBehaviors', i], `the behaviour for ${quoteValue(b.PathPattern)}`]);
    });
    for (const [b, path, label] of behaviours) {
      const last = path[path.length - 1];
      const origin = origins.get(idKey(b.TargetOriginId, writtenAt(typeof last === 'number' ? ['CacheBehaviors', last, 'TargetOriginId'] : ['DefaultCacheBehavior', 'TargetOriginId'])));
      if (!origin) {
        if (anyCors) skip({ distributionId, path, label, reason: `its TargetOriginId ${describeWritten(b.TargetOriginId)} names no origin of the distribution that this check can match` });
        continue;
      }
      const found = bucketOf(set, name, buckets, origin.DomainName);
      if (found.size !== 1) {
        // An origin that names no bucket of the set is not checked here: an S3 one is an info line of its own (above).
        if (found.size > 1 && anyCors) {
          skip({ distributionId, path, label, reason: `its origin's DomainName names more than one bucket (${[...found.values()].map(describeBucket).join(', ')})` });
        }
        continue;
      }
      const [where] = found.values();
      const bucketTemplate = set.template(where.template)!;
      const cors = (bucketTemplate.resource(where.bucketId)?.Properties as Record<string, unknown> | undefined)?.CorsConfiguration;
      if (cors === undefined) continue;
      out.push({
        ...describe(t, { distributionId, path, label, bucketId: where.bucketId, bucketTemplate, cors, config }, b),
        conditions: taken,
        ...(where.template !== name ? { bucketIn: where.template } : {}),
      });
    }
  }
}

/** The value written at a path of a template's body. */
function valueAt(body: unknown, path: TemplatePath): unknown {
  let v = body;
  for (const k of path) {
    if (Array.isArray(v) && typeof k === 'number') v = v[k];
    else if (isObject(v) && Object.prototype.hasOwnProperty.call(v, k)) v = v[k];
    else return undefined;
  }
  return v;
}

/**
 * Whether an origin is an S3 bucket: S3OriginConfig, a "<name>.s3..." host, or an origin access control
 * that signs for S3 (one of the template whose OriginAccessControlOriginType is "s3", or one this check cannot read;
 * an access control for Lambda, MediaStore or MediaPackage is not a bucket).
 */
function isS3Origin(t: CloudFormationTemplate, origin: Record<string, unknown>, resolvedDomain: unknown): boolean {
  if (origin.S3OriginConfig !== undefined) return true;
  const host = typeof resolvedDomain === 'string' ? resolvedDomain : resolvedDomain instanceof Unresolved ? resolvedDomain.written : '';
  if (/\.s3[.-]/.test(host) || /\.s3[.-]/.test(canonical(origin.DomainName))) return true;
  if (origin.OriginAccessControlId === undefined) return false;
  const config = referenced(t, origin.OriginAccessControlId, 'AWS::CloudFront::OriginAccessControl')?.OriginAccessControlConfig;
  const type = isObject(config) ? config.OriginAccessControlOriginType : undefined;
  return typeof type !== 'string' || type.toLowerCase() === 's3';
}

/** Why a nested stack's template may not be found in a cdk.out. */
const NO_ASSET_PATH = '; a nested stack resource names its template in the Metadata "aws:asset:path", which the CDK CLI writes but a plain app.synth() writes only with the context aws:cdk:enable-asset-metadata set to true, '
  + 'or through the asset manifest (<stack>.assets.json) when the whole cdk.out is linted';

/** Why an S3 origin's bucket is in no template of the set, from where its DomainName comes from. */
function unseenReason(set: TemplateSet, name: string, written: unknown, resolvedDomain: unknown): string {
  const [end] = set.follow(name, written);
  const v = end?.value;
  const t = end ? set.template(end.template) : undefined;
  if (end && set.step(end.template, v).length > 0) {
    return `its DomainName is passed on through more than ${MAX_HOPS} exports, nested stack parameters or outputs, and the check follows no further`;
  }
  if (isObject(v) && 'Fn::ImportValue' in v) {
    const exportName = t ? resolve(t, v['Fn::ImportValue'], []).value : undefined;
    return typeof exportName === 'string'
      ? `its DomainName is imported (Fn::ImportValue ${quote(exportName)}) from a stack whose template is not among those read`
      : 'its DomainName is imported (Fn::ImportValue) under an export name known only at deploy time';
  }
  const getAtt = isObject(v) ? v['Fn::GetAtt'] : undefined;
  const [resource, attribute] = Array.isArray(getAtt) ? getAtt : [];
  if (t && typeof resource === 'string' && typeof attribute === 'string' && attribute.startsWith('Outputs.')
    && t.resource(resource)?.Type === 'AWS::CloudFormation::Stack') {
    return `its DomainName is the output ${quote(attribute.slice('Outputs.'.length))} of the nested stack ${resource}, whose template is not among those read${NO_ASSET_PATH}`;
  }
  if (isObject(v) && typeof v.Ref === 'string' && t && isObject(t.section('Parameters')[v.Ref])) {
    const p = t.section('Parameters')[v.Ref] as Record<string, unknown>;
    if (p.Default === undefined) {
      // CDK names the parameters by which a parent passes values to a nested stack "referenceto...".
      const nested = /^referenceto/.test(v.Ref) || set.parentsOf(end!.template).length > 0;
      return `its DomainName is the parameter ${quote(v.Ref)}, given at deploy time${nested ? ` (a nested stack's parameter, and no template read deploys this one with it)${NO_ASSET_PATH}` : ''}`;
    }
  }
  const host = typeof resolvedDomain === 'string' ? resolvedDomain : resolvedDomain instanceof Unresolved ? resolvedDomain.written : canonical(written);
  // "<name>.s3...": the bucket's name is known, only its definition is elsewhere.
  const bucket = /^([a-z0-9][a-z0-9.-]*?)\.s3[.-]/.exec(host)?.[1];
  const imported = '(a bucket imported with Bucket.fromBucketName or Bucket.fromBucketArn is configured elsewhere)';
  if (bucket !== undefined) return `its DomainName names the bucket ${quote(bucket)}, which no template read defines ${imported}`;
  return `its DomainName ${quote(host)} names no bucket defined in the templates read ${imported}`;
}
interface DistributionReading {
  readonly distributionId: string;
  readonly raw: Record<string, unknown>;
  readonly taken: ReadonlyArray<readonly [string, boolean]>;
  readonly buckets: SetIndex;
  readonly anyCors: boolean;
}

function describeWritten(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (v instanceof Unresolved) return `(${v.reason})`;
  return canonical(v);
}

interface Where {
  readonly distributionId: string;
  readonly path: TemplatePath;
  readonly label: string;
  readonly bucketId: string;
  /** The template the bucket is written in (its rules are resolved there). */
  readonly bucketTemplate: CloudFormationTemplate;
  readonly cors: unknown;
  readonly config: Record<string, unknown>;
}

function describe(t: CloudFormationTemplate, where: Where, b: Record<string, unknown>): Omit<CorsBehaviour, 'conditions'> {
  const { distributionId, path, label, bucketId, cors, config } = where;
  const unknowns: string[] = [];
  let forwarded: HeaderSet | undefined;
  let cacheKey: HeaderSet | undefined;
  let caches: boolean | undefined;
  if (b.CachePolicyId !== undefined) {
    const policy = cachePolicy(t, b.CachePolicyId, unknowns);
    cacheKey = policy?.headers;
    caches = policy?.caches;
    const request = b.OriginRequestPolicyId === undefined ? new Set<string>() : originRequestPolicy(t, b.OriginRequestPolicyId, unknowns);
    forwarded = cacheKey === undefined || request === undefined ? undefined : union(cacheKey, request);
  } else if (isObject(b.ForwardedValues)) {
    // The legacy settings: every forwarded header is in the cache key; forwarding all headers turns caching off.
    const headers = Array.isArray(b.ForwardedValues.Headers) ? b.ForwardedValues.Headers : [];
    if (headers.every(h => typeof h === 'string')) {
      cacheKey = headers.includes('*') ? 'all' : new Set(headers.map(h => (h as string).toLowerCase()));
      forwarded = cacheKey;
      caches = !headers.includes('*') && !(b.MaxTTL === 0 && (b.DefaultTTL === 0 || b.DefaultTTL === undefined));
    } else {
      unknowns.push(`${label} forwards headers that are not literal (ForwardedValues.Headers)`);
    }
  }
  const methods = (v: unknown, field: string): string[] | undefined => {
    if (v === undefined) return ['GET', 'HEAD'];
    if (Array.isArray(v) && v.every(m => typeof m === 'string')) return (v as string[]).map(m => m.toUpperCase());
    unknowns.push(`${field} is not literal${v instanceof Unresolved ? ` (${v.reason})` : ''}`);
    return undefined;
  };
  const rules = literalRules(where.bucketTemplate, cors, bucketId);
  if (rules === undefined) unknowns.push(`the CORS rules of bucket ${bucketId} hold values known only at deploy time`);
  return {
    distributionId,
    path,
    label,
    bucketId,
    legacy: b.CachePolicyId === undefined,
    rules,
    forwarded,
    cacheKey,
    caches,
    allowedMethods: methods(b.AllowedMethods, 'AllowedMethods'),
    cachedMethods: methods(b.CachedMethods, 'CachedMethods'),
    edge: edgeFacts(t, b),
    responseHeadersPolicySetsVary: b.ResponseHeadersPolicyId === undefined ? 'none' : responseHeadersSetVary(t, b.ResponseHeadersPolicyId),
    responseCors: b.ResponseHeadersPolicyId === undefined ? 'none' : responseCors(t, b.ResponseHeadersPolicyId, unknowns),
    aliases: config.Aliases === undefined ? [] : Array.isArray(config.Aliases) && config.Aliases.every(a => typeof a === 'string') ? config.Aliases as string[] : null,
    aliasesPath: ['Resources', distributionId, ...CF, 'Aliases'],
    errorCachingTtl403: errorCachingTtl(config, 403),
    errorPage403: errorPage(config, 403),
    unknowns,
  };
}

/** A template's buckets, by logical id and by literal BucketName. */
interface BucketIndex {
  readonly ids: ReadonlySet<string>;
  readonly byName: ReadonlyMap<string, string>;
  /** Buckets whose BucketName is an intrinsic (e.g. !Ref WebsiteBucketName), by its canonical form. */
  readonly byNameIntrinsic: ReadonlyMap<string, string>;
  /** Buckets whose BucketName is a Ref to a parameter, by the parameter's name (as ${Name} in an Fn::Sub). */
  readonly byNameParameter: ReadonlyMap<string, string>;
}

function bucketIndex(t: CloudFormationTemplate): BucketIndex {
  const buckets = t.resourcesOfType('AWS::S3::Bucket');
  const byName = new Map<string, string>();
  const byNameIntrinsic = new Map<string, string>();
  const byNameParameter = new Map<string, string>();
  for (const [id, r] of buckets) {
    const name = (r.Properties as Record<string, unknown> | undefined)?.BucketName;
    if (typeof name === 'string') byName.set(name, id);
    else if (isObject(name)) byNameIntrinsic.set(canonical(name), id);
    if (isObject(name) && typeof name.Ref === 'string') byNameParameter.set(name.Ref, id);
  }
  return { ids: new Set(buckets.map(([id]) => id)), byName, byNameIntrinsic, byNameParameter };
}

/** A bucket of the set: the template it is written in and its logical id. */
interface BucketAt {
  readonly template: string;
  readonly bucketId: string;
}

/** The buckets of a set: each template's index, and the literal BucketNames of all. */
interface SetIndex {
  readonly perTemplate: ReadonlyMap<string, BucketIndex>;
  readonly byName: ReadonlyMap<string, BucketAt[]>;
}

const setIndexes = new WeakMap<TemplateSet, SetIndex>();

function setIndex(set: TemplateSet): SetIndex {
  const known = setIndexes.get(set);
  if (known) return known;
  const perTemplate = new Map<string, BucketIndex>();
  const byName = new Map<string, BucketAt[]>();
  for (const name of set.names) {
    const index = bucketIndex(set.template(name)!);
    perTemplate.set(name, index);
    for (const [bucketName, bucketId] of index.byName) {
      const list = byName.get(bucketName) ?? [];
      list.push({ template: name, bucketId });
      byName.set(bucketName, list);
    }
  }
  const made = { perTemplate, byName };
  setIndexes.set(set, made);
  return made;
}

function describeBucket(b: BucketAt): string {
  return b.template === '' ? b.bucketId : `${b.bucketId} (${b.template})`;
}

/** At most this many values of a DomainName are looked at, however its references branch. */
const MAX_VISITS = 10_000;

/**
 * The buckets an origin's DomainName (written in template `name`) names:
 * GetAtt/Ref/Sub of a bucket, or a literal "<name>.s3..." host; a value taken
 * from another template of the set (an export, a nested stack's parameter or
 * output) is looked at where it is written.
 */
function bucketOf(set: TemplateSet, name: string, index: SetIndex, domainName: unknown): Map<string, BucketAt> {
  const found = new Map<string, BucketAt>();
  const add = (template: string, bucketId: string) => found.set(`${template}\u0000${bucketId}`, { template, bucketId });
  let budget = MAX_VISITS;
  const visit = (tpl: string, v: unknown, depth: number, hops = 0): void => {
    if (depth > 20 || --budget < 0) return;
    const buckets = index.perTemplate.get(tpl)!;
    if (typeof v === 'string') {
      // "<name>.s3.<region>.amazonaws.com", "<name>.s3-website-<region>...": the name is what comes before ".s3".
      // A bucket of this template by that name, else one of another template of the set.
      for (const m of v.matchAll(/\.s3[.-]/g)) {
        const bucketName = v.slice(0, m.index);
        const local = buckets.byName.get(bucketName);
        if (local) add(tpl, local);
        else for (const at of index.byName.get(bucketName) ?? []) add(at.template, at.bucketId);
      }
      return;
    }
    if (Array.isArray(v)) return v.forEach(x => visit(tpl, x, depth + 1, hops));
    if (!isObject(v)) return;
    // A value another template of the set gives (Fn::ImportValue, a nested stack's parameter or output): looked at there.
    const moved = set.step(tpl, v);
    if (moved.length > 0) {
      if (hops < MAX_HOPS) moved.forEach(m => visit(m.template, m.value, 0, hops + 1));
      return;
    }
    // The bucket's name written the same way (!Ref WebsiteBucketName in both places).
    const named = buckets.byNameIntrinsic.get(canonical(v));
    if (named) add(tpl, named);
    if (typeof v.Ref === 'string' && buckets.ids.has(v.Ref)) add(tpl, v.Ref);
    const getAtt = v['Fn::GetAtt'];
    const target = Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined;
    if (typeof target === 'string' && buckets.ids.has(target)) add(tpl, target);
    const sub = v['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    for (const m of subText?.matchAll(/\$\{([^}.!]+)(\.[^}]*)?\}/g) ?? []) {
      // ${Bucket.RegionalDomainName} is the bucket's host; ${Bucket} (its name) only as the whole label before ".s3":
      // "${Media}-replica.s3..." is another bucket.
      const start = m.index === 0 || subText!.startsWith('://', m.index - 3);
      const nameLabel = start && !m[2] && S3_AFTER.test(subText!.slice(m.index + m[0].length, m.index + m[0].length + 4));
      if (buckets.ids.has(m[1])) {
        if (nameLabel || (m[2] !== undefined && /^\.(Regional|DualStack)?DomainName$/.test(m[2]))) add(tpl, m[1]);
      } else if (nameLabel && buckets.byNameParameter.has(m[1])) {
        add(tpl, buckets.byNameParameter.get(m[1])!);
      }
    }
    for (const x of Object.values(v)) visit(tpl, x, depth + 1, hops);
  };
  visit(name, domainName, 0);
  return found;
}

/** What follows a bucket's name in its S3 host: ".s3." or ".s3-". */
const S3_AFTER = /^\.s3[.-]/;

/** The rules of a CorsConfiguration when every value in them is known before deploy (parameter defaults assumed). */
export function literalRules(t: CloudFormationTemplate, cors: unknown, bucketId: string): CorsRule[] | undefined {
  const resolved = resolve(t, cors, ['Resources', bucketId, 'Properties', 'CorsConfiguration']).value;
  if (!isLiteral(resolved, 0)) return undefined;
  // CloudFormation converts a numeric string for MaxAge.
  const rules = isObject(resolved) && Array.isArray(resolved.CorsRules) ? resolved.CorsRules : [];
  for (const r of rules) if (isObject(r) && typeof r.MaxAge === 'string' && /^-?\d+$/.test(r.MaxAge)) r.MaxAge = Number(r.MaxAge);
  return CorsConfiguration.fromJson(JSON.stringify(resolved)).rules;
}

/** Whether a value holds no intrinsic function or Ref anywhere. */
export function isLiteral(v: unknown, depth: number): boolean {
  if (depth > 20 || v instanceof Unresolved) return false;
  if (Array.isArray(v)) return v.every(x => isLiteral(x, depth + 1));
  if (!isObject(v)) return true;
  return Object.entries(v).every(([k, x]) => k !== 'Ref' && !k.startsWith('Fn::') && isLiteral(x, depth + 1));
}

function union(a: HeaderSet, b: HeaderSet): HeaderSet {
  return a === 'all' || b === 'all' ? 'all' : new Set([...a, ...b]);
}

/** A Ref to a resource of this template of the given type, as its properties. */
function referenced(t: CloudFormationTemplate, v: unknown, type: string): Record<string, unknown> | undefined {
  const id = v instanceof Unresolved ? v.resource
    : isObject(v) && typeof v.Ref === 'string' ? v.Ref
      : isObject(v) && Array.isArray(v['Fn::GetAtt']) && typeof v['Fn::GetAtt'][0] === 'string' ? v['Fn::GetAtt'][0] : undefined;
  const r = id === undefined ? undefined : t.resource(id);
  return r?.Type === type && isObject(r.Properties) ? r.Properties : undefined;
}

function headerList(config: unknown): string[] | undefined {
  const headers = isObject(config) ? config.Headers : undefined;
  if (headers === undefined) return [];
  return Array.isArray(headers) && headers.every(h => typeof h === 'string') ? headers.map(h => (h as string).toLowerCase()) : undefined;
}

function cachePolicy(t: CloudFormationTemplate, id: unknown, unknowns: string[]): { headers: HeaderSet; caches: boolean } | undefined {
  if (typeof id === 'string') {
    const managed = MANAGED_CACHE_POLICIES[id];
    if (managed) return { headers: new Set(managed.headers), caches: managed.caches };
    unknowns.push(`the cache policy ${id} is not one this check knows`);
    return undefined;
  }
  const config = referenced(t, id, 'AWS::CloudFront::CachePolicy')?.CachePolicyConfig;
  if (!isObject(config)) {
    unknowns.push('the cache policy is not a literal id or a CachePolicy of this template');
    return undefined;
  }
  const params = isObject(config.ParametersInCacheKeyAndForwardedToOrigin) ? config.ParametersInCacheKeyAndForwardedToOrigin : {};
  const hc = params.HeadersConfig;
  const headers = isObject(hc) && hc.HeaderBehavior === 'whitelist' ? headerList(hc) : [];
  if (headers === undefined) {
    unknowns.push('the cache policy lists headers that are not literal');
    return undefined;
  }
  // A policy whose TTLs are all 0 (as CachingDisabled's) caches nothing.
  const caches = !(config.MaxTTL === 0 || (config.DefaultTTL === 0 && config.MaxTTL === undefined && config.MinTTL === 0));
  return { headers: new Set(headers), caches };
}

function originRequestPolicy(t: CloudFormationTemplate, id: unknown, unknowns: string[]): HeaderSet | undefined {
  if (typeof id === 'string') {
    const managed = MANAGED_ORIGIN_REQUEST_POLICIES[id];
    if (managed) return managed.headers === 'all' ? 'all' : new Set(managed.headers);
    unknowns.push(`the origin request policy ${id} is not one this check knows`);
    return undefined;
  }
  const config = referenced(t, id, 'AWS::CloudFront::OriginRequestPolicy')?.OriginRequestPolicyConfig;
  const hc = isObject(config) ? config.HeadersConfig : undefined;
  if (!isObject(hc)) {
    unknowns.push('the origin request policy is not a literal id or an OriginRequestPolicy of this template');
    return undefined;
  }
  const listed = headerList(hc);
  if (listed === undefined) {
    unknowns.push('the origin request policy lists headers that are not literal');
    return undefined;
  }
  switch (hc.HeaderBehavior) {
    case 'whitelist':
    case 'allViewerAndWhitelistCloudFront':
      return hc.HeaderBehavior === 'whitelist' ? new Set(listed) : 'all';
    case 'allViewer':
      return 'all';
    case 'allExcept':
      // Every header but the listed ones: only a listed CORS header is missing.
      return new Set(['origin', 'access-control-request-headers', 'access-control-request-method'].filter(h => !listed.includes(h)));
    default:
      return new Set();
  }
}

/** What runs at one event of a behaviour, one answer per question of FunctionAnalysis, with who and where. */
interface Runner {
  readonly event: string;
  readonly who: string;
  readonly path: TemplatePath;
  readonly analysis: FunctionAnalysis;
}

/** Analyses by code, so a function attached to many behaviours is parsed once (a few entries kept). */
const analyses = new Map<string, FunctionAnalysis>();

function analyse(code: string): FunctionAnalysis {
  let a = analyses.get(code);
  if (!a) {
    if (analyses.size >= 32) analyses.clear();
    a = analyseFunctionCode(code);
    analyses.set(code, a);
  }
  return a;
}

function unknownAnalysis(why: string): FunctionAnalysis {
  const u: CodeAnswer = { answer: 'unknown', why };
  return { answersOptions: u, setsAllowOrigin: u, setsVary: u };
}

/** How a message names a function ARN that is not a function of this template. */
function describeArn(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (v instanceof Unresolved && v.resource) return v.resource;
  return v instanceof Unresolved ? `(${v.reason})` : quote(canonical(v));
}

/** The CloudFront Functions and Lambda@Edge functions of a (resolved) behaviour, each with what its code does. */
function runners(t: CloudFormationTemplate, b: Record<string, unknown>): Runner[] {
  const out: Runner[] = [];
  const EVENTS = ['viewer-request', 'viewer-response', 'origin-request', 'origin-response'];
  if (b.FunctionAssociations !== undefined && !Array.isArray(b.FunctionAssociations)) {
    for (const event of EVENTS) out.push({ event, who: 'the CloudFront Functions', path: ['FunctionAssociations'], analysis: unknownAnalysis('FunctionAssociations is not literal') });
  }
  (Array.isArray(b.FunctionAssociations) ? b.FunctionAssociations : []).forEach((a, i) => {
    const path = ['FunctionAssociations', i];
    const arn = isObject(a) ? a.FunctionARN : undefined;
    const id = arn instanceof Unresolved ? arn.resource : isObject(arn) && typeof arn.Ref === 'string' ? arn.Ref : undefined;
    const fn = referenced(t, arn, 'AWS::CloudFront::Function');
    const who = fn && id ? `the CloudFront Function ${id}` : `the CloudFront Function ${describeArn(arn)}`;
    const events = isObject(a) && typeof a.EventType === 'string' ? [a.EventType] : EVENTS;
    let analysis: FunctionAnalysis;
    if (!fn) {
      analysis = unknownAnalysis('it is not a CloudFront Function of this template, so its code cannot be read');
    } else {
      const code = resolve(t, fn.FunctionCode, ['Resources', id ?? '', 'Properties', 'FunctionCode']).value;
      analysis = typeof code === 'string' ? analyse(code) : unknownAnalysis('its FunctionCode is not literal in the template');
    }
    if (!(isObject(a) && typeof a.EventType === 'string')) analysis = unknownAnalysis('its EventType is not literal');
    for (const event of events) out.push({ event, who: `${who} (${event})`, path, analysis });
  });
  if (b.LambdaFunctionAssociations !== undefined && !Array.isArray(b.LambdaFunctionAssociations)) {
    for (const event of EVENTS) out.push({ event, who: 'the Lambda@Edge functions', path: ['LambdaFunctionAssociations'], analysis: unknownAnalysis('LambdaFunctionAssociations is not literal') });
  }
  (Array.isArray(b.LambdaFunctionAssociations) ? b.LambdaFunctionAssociations : []).forEach((a, i) => {
    const events = isObject(a) && typeof a.EventType === 'string' ? [a.EventType] : EVENTS;
    const who = `the Lambda@Edge function ${describeArn(isObject(a) ? a.LambdaFunctionARN : undefined)}`;
    for (const event of events) {
      out.push({ event, who: `${who} (${event})`, path: ['LambdaFunctionAssociations', i], analysis: unknownAnalysis('the code of a Lambda@Edge function is never in the template') });
    }
  });
  return out;
}

/** One question over the functions that run at the given events: yes if one does it, else unknown if one may, else no. */
function edgeFact(all: readonly Runner[], events: readonly string[], question: keyof FunctionAnalysis): EdgeFact {
  const runs = all.filter(r => events.includes(r.event));
  const said = (rs: readonly Runner[]): EdgeFact['why'] => rs.map(r => `${r.who}: ${r.analysis[question].why}`).join('; ');
  for (const answer of ['yes', 'unknown'] as const) {
    const rs = runs.filter(r => r.analysis[question].answer === answer);
    if (rs.length > 0) return { answer, why: said(rs), path: rs[0].path };
  }
  return { answer: 'no', why: said(runs), path: runs[0]?.path ?? ['FunctionAssociations'] };
}

function edgeFacts(t: CloudFormationTemplate, b: Record<string, unknown>): EdgeFacts {
  const all = runners(t, b);
  // Preflights are answered before the cache (viewer request) or on a miss (origin request); headers are added
  // to what goes back (viewer response, or origin response before caching).
  const request = ['viewer-request', 'origin-request'];
  const response = ['viewer-response', 'origin-response'];
  return {
    answersPreflight: edgeFact(all, request, 'answersOptions'),
    setsAllowOrigin: edgeFact(all, response, 'setsAllowOrigin'),
    setsVary: edgeFact(all, response, 'setsVary'),
  };
}

/** The error caching TTL of a status in a DistributionConfig: undefined when not set (10 s), null when not literal. */
function errorCachingTtl(config: Record<string, unknown>, code: number): number | undefined | null {
  const responses = Array.isArray(config.CustomErrorResponses) ? config.CustomErrorResponses : [];
  const r = responses.find(x => isObject(x) && String(x.ErrorCode) === String(code));
  if (!isObject(r) || r.ErrorCachingMinTTL === undefined) return undefined;
  if (typeof r.ErrorCachingMinTTL === 'string' && /^\d+$/.test(r.ErrorCachingMinTTL)) return Number(r.ErrorCachingMinTTL);
  return typeof r.ErrorCachingMinTTL === 'number' ? r.ErrorCachingMinTTL : null;
}

/** The page and status CustomErrorResponses serve instead of an origin's error, when both are literal. */
function errorPage(config: Record<string, unknown>, code: number): { status: string; page: string } | undefined {
  const responses = Array.isArray(config.CustomErrorResponses) ? config.CustomErrorResponses : [];
  // CloudFormation converts a numeric string for ErrorCode and ResponseCode.
  const r = responses.find(x => isObject(x) && String(x.ErrorCode) === String(code));
  if (!isObject(r) || typeof r.ResponsePagePath !== 'string' || (typeof r.ResponseCode !== 'string' && typeof r.ResponseCode !== 'number')) return undefined;
  return { status: String(r.ResponseCode), page: r.ResponsePagePath };
}

function responseHeadersSetVary(t: CloudFormationTemplate, id: unknown): boolean | undefined {
  if (typeof id === 'string' && (MANAGED_RESPONSE_HEADERS_POLICIES[id] || MANAGED_RESPONSE_HEADERS_POLICIES_WITHOUT_CORS[id])) return false;
  const config = referenced(t, id, 'AWS::CloudFront::ResponseHeadersPolicy')?.ResponseHeadersPolicyConfig;
  if (!isObject(config)) return undefined;
  const custom = isObject(config.CustomHeadersConfig) && Array.isArray(config.CustomHeadersConfig.Items) ? config.CustomHeadersConfig.Items : [];
  return custom.some(h => isObject(h) && typeof h.Header === 'string' && h.Header.toLowerCase() === 'vary');
}

/** Whether the rules can let through a request a browser preflights: a write method, or a header beyond the safelisted ones. */
export function rulesAllowPreflights(rules: readonly CorsRule[]): boolean {
  return rules.some(r => writeMethods(r.allowedMethods ?? []).length > 0 || (r.allowedHeaders ?? []).length > 0);
}

/** Whether a header set holds a (lower-case) header. */
export function has(set: HeaderSet, header: string): boolean {
  return set === 'all' || set.has(header);
}

/** The request headers S3 needs to answer CORS, lower case as policies list them. */
export const CORS_REQUEST_HEADERS = S3_CORS_REQUEST_HEADERS.map(h => h.toLowerCase());
/** Their usual spelling, by lower-case name. */
export const HEADER_NAMES: Record<string, string> = Object.fromEntries(S3_CORS_REQUEST_HEADERS.map(h => [h.toLowerCase(), h]));

/** What a response headers policy's CorsConfig answers: a managed policy by id, or a ResponseHeadersPolicy of the template. */
function responseCors(t: CloudFormationTemplate, id: unknown, unknowns: string[]): ResponseCorsFacts | 'none' | undefined {
  if (typeof id === 'string') {
    if (MANAGED_RESPONSE_HEADERS_POLICIES[id]) return MANAGED_RESPONSE_HEADERS_POLICIES[id];
    if (MANAGED_RESPONSE_HEADERS_POLICIES_WITHOUT_CORS[id]) return 'none';
    unknowns.push(`the response headers policy ${id} is not one this check knows (it may answer CORS itself)`);
    return undefined;
  }
  const config = referenced(t, id, 'AWS::CloudFront::ResponseHeadersPolicy')?.ResponseHeadersPolicyConfig;
  if (!isObject(config)) {
    unknowns.push('the response headers policy is not a literal id or a ResponseHeadersPolicy of this template (it may answer CORS itself)');
    return undefined;
  }
  const cors = resolve(t, config.CorsConfig, []).value;
  if (cors === undefined) return 'none';
  const items = (v: unknown): string[] | undefined => {
    const list = isObject(v) ? v.Items : undefined;
    return Array.isArray(list) && list.every(x => typeof x === 'string') ? list as string[] : undefined;
  };
  const origins = isObject(cors) ? items(cors.AccessControlAllowOrigins) : undefined;
  const methods = isObject(cors) ? items(cors.AccessControlAllowMethods) : undefined;
  // CloudFormation converts "true"/"false" for Boolean properties.
  const bool = (v: unknown) => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined);
  const override = isObject(cors) ? bool(cors.OriginOverride) : undefined;
  const credentials = isObject(cors) ? bool(cors.AccessControlAllowCredentials) : undefined;
  if (!isObject(cors) || !origins || !methods || override === undefined || credentials === undefined) {
    unknowns.push('the CorsConfig of the response headers policy holds values known only at deploy time');
    return undefined;
  }
  return {
    allowOrigins: origins,
    allowCredentials: credentials,
    allowMethods: methods.includes('ALL') ? ['GET', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] : methods.map(m => m.toUpperCase()),
    originOverride: override,
  };
}
