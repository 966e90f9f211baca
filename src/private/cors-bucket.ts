import { Annotations, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { CorsConfiguration, CorsFinding, CorsOrigin, CorsPreset } from '../cors';
import { clip, copyList, copyRuleIfObject, CorsField, exactRepeats, repeatReason, RULE_PROPERTY, spellingOf } from '../cors/internal';
import { CorsBucketProps } from '../cors-bucket-props';
import { recordAcknowledgements } from './acknowledgements';
import { reportFindings } from './cors-findings';
import { acknowledgeNag } from './nag';
import { BUCKET, KMS_KEY } from './references';
import { isToken } from './tokens';
import { escapeControls } from '../common/quote';
import { ShapeCheck } from '../common/shapes';

const MARK = Symbol.for('cdk-s3-cors.CorsBucket');

/** What a bucket made by one of our constructs carries: its CORS, its origins, and the construct. */
export interface CorsBucketInfo {
  readonly configuration: CorsConfiguration;
  readonly origins: CorsOrigin[];
  readonly owner: IConstruct;
}

interface Marked {
  [MARK]?: CorsBucketInfo;
}

/** The CORS of a bucket one of our constructs made; undefined for any other bucket. */
export function corsBucketInfo(bucket: s3.IBucket): CorsBucketInfo | undefined {
  return (bucket as unknown as Marked)[MARK];
}

/** Whether a value is a CorsPreset (duck-typed, so two copies of the library still agree). */
export function isPresetLike(v: unknown): boolean {
  const p = v as { name?: unknown; rule?: unknown; props?: { allowedMethods?: unknown } } | null;
  return typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.rule === 'function' && Array.isArray(p.props?.allowedMethods);
}

/**
 * Checks the shapes TypeScript would have checked, for callers in plain
 * JavaScript, before anything reads the props; throws one Error listing all.
 * `more` adds the construct's own props. Returns the copy that was checked,
 * which the construct reads from then on.
 */
export function checkCorsBucketProps<P extends CorsBucketProps>(
  what: string, scope: IConstruct, given: P, more: (shape: ShapeCheck, props: P) => void = () => {},
): P {
  const shape = new ShapeCheck(`${what} '${scope.node.path}'`);
  if (!shape.object('props', given, '{ allowedOrigins: [CorsOrigin.https("app.example.com")] }')) {
    shape.throwIfAny();
    return given;
  }
  // Copied first (every prop read once, the lists and additional rules as plain data), then the copy is checked and
  // used: a getter that answers the checks with strings and the construct with something else changes nothing.
  const props = copyProps(given);
  {
    shape.originList('allowedOrigins', props.allowedOrigins);
    shape.originList('developmentOrigins', props.developmentOrigins, true);
    shape.duration('maxAge', props.maxAge);
    shape.stringList('allowedHeaders', props.allowedHeaders, '["Content-Type"]', true);
    shape.stringList('exposedHeaders', props.exposedHeaders, '["ETag"]', true);
    if (props.additionalCorsRules !== undefined && !Array.isArray(props.additionalCorsRules)) {
      shape.problems.push('additionalCorsRules must be a list of s3.CorsRule objects, e.g. [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ["https://other.example.com"] }].');
    }
    (Array.isArray(props.additionalCorsRules) ? props.additionalCorsRules : []).forEach((r, k) => {
      const name = `additionalCorsRules[${k}]`;
      if (!shape.object(name, r, '{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ["https://other.example.com"] }')) return;
      shape.stringList(`${name}.allowedMethods`, r.allowedMethods, '[s3.HttpMethods.GET]');
      shape.stringList(`${name}.allowedOrigins`, r.allowedOrigins, '["https://other.example.com"]');
      shape.stringList(`${name}.allowedHeaders`, r.allowedHeaders, '["*"]', true);
      shape.stringList(`${name}.exposedHeaders`, r.exposedHeaders, '["ETag"]', true);
      shape.number(`${name}.maxAge`, r.maxAge, '3000', true);
      shape.string(`${name}.id`, r.id, '"my-rule"', true);
    });
    const preset = (props as { preset?: unknown }).preset;
    if (preset !== undefined && !isPresetLike(preset)) {
      shape.problems.push(`preset must be a CorsPreset, got ${typeof preset === 'string' ? `the string ${JSON.stringify(preset)}` : 'another value'}. Write CorsPreset.READ_ONLY, or CorsPreset.fromName("read-only").`);
    }
    shape.string('bucketName', props.bucketName, '"my-assets"', true);
    shape.string('serverAccessLogsPrefix', props.serverAccessLogsPrefix, '"logs/"', true);
    shape.reference('encryptionKey', props.encryptionKey, KMS_KEY);
    shape.reference('serverAccessLogsBucket', props.serverAccessLogsBucket, BUCKET);
    more(shape, props);
  }
  shape.throwIfAny();
  return props;
}

/**
 * The props with the lists read once and copied, additional rules copied to
 * their known fields; other props as given (the same prototype, so props
 * written as a class with getters still read).
 */
function copyProps<P extends CorsBucketProps>(given: P): P {
  const props = Object.assign(Object.create(Object.getPrototypeOf(given)), given) as Record<string, unknown>;
  const source = given as unknown as Record<string, unknown>;
  for (const k of ['allowedOrigins', 'developmentOrigins', 'allowedHeaders', 'exposedHeaders']) {
    const v = source[k];
    if (Array.isArray(v)) props[k] = copyList(v);
  }
  const rules = source.additionalCorsRules;
  if (Array.isArray(rules)) props.additionalCorsRules = copyList(rules).map(copyRuleIfObject);
  return props as unknown as P;
}

/** What both bucket constructs take, plus what each decides for itself. */
export interface SecureCorsBucketOptions extends CorsBucketProps {
  readonly preset: CorsPreset;
  readonly publicReadAccess?: boolean;
  readonly lifecycleRules?: s3.LifecycleRule[];
}

export interface CorsBucketParts {
  readonly bucket: s3.Bucket;
  readonly configuration: CorsConfiguration;
}

/**
 * A private, encrypted, SSL-only, retained bucket whose CORS is the preset's
 * rule for the origins, then any additional rules. The model's findings and
 * the construct's own `problems` become one synth error, or warnings.
 */
export function createCorsBucket(scope: Construct, what: string, o: SecureCorsBucketOptions, problems: readonly string[] = []): CorsBucketParts {
  const origins = [...o.allowedOrigins, ...(o.developmentOrigins ?? [])];
  const configuration = CorsConfiguration.fromRules([o.preset.rule(origins.map(x => x.value)), ...(o.additionalCorsRules ?? [])]);
  const n = o.allowedOrigins.length;
  reportFindings(scope, what, configuration, f => propName(f, n), [...problems, ...repeatProblems(scope, configuration, o, origins, false)]);
  // Values with tokens are compared once they are final: resolving a Lazy here would fix its value too early.
  // Rules of literals alone were compared in full above and cannot change, so they need no second look at synth.
  if (configuration.rules.some(rule => Object.values(rule).some(v => isToken(v) || (Array.isArray(v) && v.some(isToken))))) {
    scope.node.addValidation({ validate: () => repeatProblems(scope, configuration, o, origins, true) });
  }
  o.allowedOrigins.forEach((origin, k) => {
    if (origin.isDevelopment) {
      Annotations.of(scope).addWarningV2('cdk-s3-cors:development-origin-in-allowed-origins',
        `allowedOrigins[${k}] "${origin.value}" is a local development origin, so it reaches every stage's bucket, production included: any page a user runs on that port of their own machine may then read or write it. Pass it in developmentOrigins, and only for the stages that need it.`);
    }
  });

  const bucket = new s3.Bucket(scope, 'Resource', {
    bucketName: o.bucketName,
    blockPublicAccess: o.publicReadAccess ? s3.BlockPublicAccess.BLOCK_ACLS_ONLY : s3.BlockPublicAccess.BLOCK_ALL,
    publicReadAccess: o.publicReadAccess ?? false,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    encryption: o.encryption ?? (o.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED),
    encryptionKey: o.encryptionKey,
    bucketKeyEnabled: o.encryptionKey !== undefined || o.encryption === s3.BucketEncryption.KMS ? true : undefined,
    removalPolicy: o.removalPolicy ?? RemovalPolicy.RETAIN,
    serverAccessLogsBucket: o.serverAccessLogsBucket,
    serverAccessLogsPrefix: o.serverAccessLogsPrefix,
    cors: configuration.rules,
    lifecycleRules: o.lifecycleRules,
  });
  recordAcknowledgements(bucket.node.defaultChild as CfnResource);
  (bucket as unknown as Marked)[MARK] = { configuration, origins, owner: scope };

  if (!o.serverAccessLogsBucket) {
    acknowledgeNag(bucket, [{
      id: 'AwsSolutions-S1',
      reason: 'Server access logging is opt-in (serverAccessLogsBucket): a log bucket per bucket doubles the buckets in an account. Reads through CloudFrontCorsDistribution are logged there by default.',
    }]);
  }
  return { bucket, configuration };
}

function propName(f: CorsFinding, allowedCount: number): string {
  if (f.ruleIndex !== undefined && f.ruleIndex > 0) {
    const rule = `additionalCorsRules[${f.ruleIndex - 1}]`;
    if (!f.field) return rule;
    const prop = RULE_PROPERTY[f.field as CorsField];
    return `${rule}.${prop}${f.valueIndex === undefined ? '' : `[${f.valueIndex}]`}`;
  }
  switch (f.field) {
    case 'AllowedOrigins':
      if (f.valueIndex === undefined) return 'allowedOrigins';
      return f.valueIndex < allowedCount ? `allowedOrigins[${f.valueIndex}]` : `developmentOrigins[${f.valueIndex - allowedCount}]`;
    case 'AllowedHeaders': return f.valueIndex === undefined ? 'allowedHeaders' : `allowedHeaders[${f.valueIndex}]`;
    case 'ExposeHeaders': return f.valueIndex === undefined ? 'exposedHeaders' : `exposedHeaders[${f.valueIndex}]`;
    case 'MaxAgeSeconds': return 'maxAge';
    case 'AllowedMethods': return 'preset';
    default: return 'CORS rules';
  }
}

/**
 * Exact repeats in what reaches the template, which CloudFormation refuses
 * at deploy: items are compared after rendering, so two spellings of one
 * origin (CorsOrigin.https(host, 443) and CorsOrigin.https(host)) are one
 * item twice. Without `resolveTokens`, at construction: literal items, and a
 * token against the very same token. With it, at synth (a node validation,
 * when every Lazy has its final value): items holding tokens, resolved, so
 * that two identical Fn::Joins are one item twice; repeats of literals alone
 * were refused at construction already.
 * Every item of the rules comes from the user's props (the preset's lists are
 * replaced, not extended, by allowedHeaders and exposedHeaders), so a repeat
 * is refused naming both entries rather than dropped: dropping one would hide
 * which of the two the user meant to write.
 */
function repeatProblems(
  scope: IConstruct, configuration: CorsConfiguration, o: SecureCorsBucketOptions, origins: readonly CorsOrigin[], resolveTokens: boolean,
): string[] {
  const stack = Stack.of(scope);
  const resolve = (v: unknown): unknown => {
    if (!resolveTokens || typeof v !== 'string' || !isToken(v)) return v;
    try {
      return stack.resolve(v);
    } catch {
      return v;
    }
  };
  const rules = configuration.rules;
  const rendered = rules.map(rule => {
    const copy: Record<string, unknown> = { ...rule };
    for (const [k, v] of Object.entries(rule)) {
      if (Array.isArray(v)) copy[k] = v.map(resolve);
    }
    return copy as unknown as s3.CorsRule;
  });
  const item = (ruleIndex: number, field: CorsField, k: number): unknown =>
    ((rules[ruleIndex] as unknown as Record<string, unknown[]>)[RULE_PROPERTY[field]] ?? [])[k];
  const n = o.allowedOrigins.length;
  const entry = (ruleIndex: number, field: CorsField, k: number): string => {
    if (ruleIndex > 0) return `additionalCorsRules[${ruleIndex - 1}].${RULE_PROPERTY[field]}[${k}]`;
    switch (field) {
      case 'AllowedOrigins': {
        const name = k < n ? `allowedOrigins[${k}]` : `developmentOrigins[${k - n}]`;
        const spelling = spellingOf(origins[k]);
        return spelling ? `${name} ${spelling}` : name;
      }
      case 'AllowedHeaders': return o.allowedHeaders ? `allowedHeaders[${k}]` : `preset "${o.preset.name}" allowedHeaders[${k}]`;
      case 'ExposeHeaders': return o.exposedHeaders ? `exposedHeaders[${k}]` : `preset "${o.preset.name}" exposedHeaders[${k}]`;
      default: return `preset "${o.preset.name}" allowedMethods[${k}]`;
    }
  };
  return exactRepeats(rendered)
    .filter(r => !resolveTokens || [r.firstIndex, r.valueIndex].some(k => isToken(item(r.ruleIndex, r.field, k))))
    .map(r => escapeControls(
      `${entry(r.ruleIndex, r.field, r.firstIndex)} and ${entry(r.ruleIndex, r.field, r.valueIndex)} both render ${clip(r.rendered)}: ${repeatReason(r.field)}`));
}
