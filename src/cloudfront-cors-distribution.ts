import { Annotations, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { quote } from './common/quote';
import { describeValue, ShapeCheck } from './common/shapes';
import { CorsConfiguration, CorsFindingSeverity, CorsOrigin } from './cors';
import { copyOfGenuine, CORS_REQUEST_HEADERS, edgeCorsFunctionCode, FUNCTION_CODE_LIMIT_BYTES, varyFunctionCode } from './cors/internal';
import { recordAcknowledgements } from './private/acknowledgements';
import { CorsBucketInfo, corsBucketInfo } from './private/cors-bucket';
import { reportFindings } from './private/cors-findings';
import { acknowledgeNag } from './private/nag';
import { throwIfProblems } from './private/problems';
import { BUCKET, CERTIFICATE } from './private/references';
import { isToken } from './private/tokens';

/** How the generated functions name what made them (no version: an upgrade alone must not redeploy them). */
const GENERATOR = 'cdk-s3-cors';

/**
 * Where a CloudFrontCorsDistribution answers CORS.
 *
 * | | S3 | EDGE |
 * | --- | --- | --- |
 * | who answers CORS | S3, from the bucket's rules | a CloudFront Function generated from the same rules |
 * | cache entries per object | one per distinct Origin, + 1 | 1 |
 * | preflights reaching S3 | one per Origin, method and headers, per TTL | none |
 * | CORS headers on responses >= 400 | yes (S3 adds them) | no (CloudFront does not run the function) |
 * | function invocations per request | 1 (viewer response: Vary) | 2 (viewer request and response) |
 * | limit | none | 10 KB of generated code (about 148 origins) |
 *
 * Both add `Vary: Origin` to every response below 400, so the browser's HTTP
 * cache never answers a CORS request with a copy made without CORS.
 */
export class DistributionCorsMode {
  /**
   * S3 answers CORS: Origin and Access-Control-Request-* are forwarded
   * (CORS-S3Origin) and in the cache key, OPTIONS is allowed and cached, and a
   * viewer-response function adds `Vary: Origin` to every response.
   */
  public static readonly S3 = new DistributionCorsMode('S3');
  /**
   * CloudFront answers CORS with a function generated from the bucket's CORS
   * rules: preflights at viewer request, exactly as S3 would; CORS headers and
   * `Vary` at viewer response. Origin and Access-Control-Request-* leave the
   * cache key and no longer reach S3, so each object is cached once.
   *
   * The rules are compiled into the function's code at synth, so every value
   * in them must be known then: a token (a `CfnParameter`, `Fn.importValue`,
   * a `Lazy`, `Token.asNumber` written into a string) or a CloudFormation
   * dynamic reference (`{{resolve:ssm:...}}`) in an origin, method, header or
   * max age is refused with an error. Use literal values, or `S3`, where S3
   * reads the rules at deploy.
   */
  public static readonly EDGE = new DistributionCorsMode('EDGE');

  /** `S3` or `EDGE`. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }
}

/**
 * Properties of a CloudFrontCorsDistribution.
 */
export interface CloudFrontCorsDistributionProps {
  /** The bucket to serve: a `PublicAssetsBucket`'s or `UploadBucket`'s `bucket`, or any other. */
  readonly bucket: s3.IBucket;
  /**
   * The origins whose pages will fetch through this distribution. When the
   * bucket is one of this library's, each must be allowed by the bucket's
   * CORS rule (an error names both otherwise). In `DistributionCorsMode.EDGE`
   * each must be a literal, not a token, so it can be checked against the
   * rules compiled into the function.
   * @default - the bucket's own origins when it is one of this library's
   */
  readonly allowedOrigins?: CorsOrigin[];
  /**
   * The CORS configuration of a bucket this library did not make, so the
   * distribution can cross-check and describe it. It is validated as the
   * bucket constructs validate theirs: what S3 would refuse, or what can never
   * match, is an error naming `corsConfiguration`; risky settings are
   * warnings. Not allowed when `bucket` is a `PublicAssetsBucket`'s or
   * `UploadBucket`'s: the distribution reads that bucket's own rules, so a
   * second description would be ignored (an error says so).
   * In `DistributionCorsMode.EDGE` every value must be a literal, not a token
   * (its rules are compiled into the function's code at synth).
   * @default - read from the bucket when it is one of this library's; otherwise unknown
   */
  readonly corsConfiguration?: CorsConfiguration;
  /**
   * Where CORS is answered: by S3 behind the distribution, or at the edge by
   * a CloudFront Function generated from the bucket's CORS rules. See
   * `DistributionCorsMode` for what each costs.
   * @default DistributionCorsMode.S3
   */
  readonly corsMode?: DistributionCorsMode;
  /**
   * Alternate domain names (CNAMEs); needs `certificate`.
   * @default - the distribution's cloudfront.net domain only
   */
  readonly domainNames?: string[];
  /**
   * An ACM certificate in us-east-1 covering `domainNames`.
   * @default - the default CloudFront certificate (*.cloudfront.net)
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Standard access logs.
   * @default true
   */
  readonly enableLogging?: boolean;
  /**
   * Where access logs go (a bucket with ACLs enabled, as CloudFront standard logging needs).
   * @default - a private, encrypted, SSL-only, retained log bucket is created
   */
  readonly logBucket?: s3.IBucket;
  /**
   * The price class.
   * @default cloudfront.PriceClass.PRICE_CLASS_100
   */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * The default time objects stay in CloudFront's cache.
   * @default Duration.days(1)
   */
  readonly defaultTtl?: Duration;
  /**
   * A WAF web ACL ARN (WAFv2) to associate.
   * @default - none (acknowledged for cdk-nag AwsSolutions-CFR2)
   */
  readonly webAclId?: string;
  /**
   * A comment on the distribution.
   * @default - none
   */
  readonly comment?: string;
}

/**
 * CloudFront in front of an S3 bucket that keeps S3's CORS rules working.
 *
 * - origin access control (never OAI, never a public bucket);
 * - the managed origin request policy CORS-S3Origin, forwarding `Origin`,
 *   `Access-Control-Request-Method` and `Access-Control-Request-Headers`;
 * - a cache policy whose key includes those three headers. The managed
 *   CachingOptimized policy does not: with it, CloudFront caches the answer
 *   for one origin (its `Access-Control-Allow-Origin`) and serves it to
 *   every other origin, whose browsers then block it;
 * - GET, HEAD and OPTIONS allowed and cached; viewers on HTTPS only;
 * - 400 and 403 answers (S3's refused preflights) not cached, so a CORS fix
 *   takes effect at once;
 * - standard access logging on.
 *
 * Uploads do not go through it: presigned URLs address S3's regional endpoint.
 *
 * @example
 * const cdn = new CloudFrontCorsDistribution(this, 'Cdn', { bucket: assets.bucket });
 */
export class CloudFrontCorsDistribution extends Construct {
  /** The distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The cache policy: keyed on Origin and the Access-Control-Request-* headers in S3 mode, on none of them in edge mode. */
  public readonly cachePolicy: cloudfront.CachePolicy;
  /**
   * The origin request policy: the managed CORS-S3Origin in S3 mode.
   * Undefined in edge mode, where S3 needs no request header.
   */
  public readonly originRequestPolicy?: cloudfront.IOriginRequestPolicy;
  /**
   * The CloudFront Function generated from the model: in S3 mode it adds
   * `Vary: Origin` at viewer response; in edge mode it answers CORS at viewer
   * request and viewer response.
   */
  public readonly corsFunction: cloudfront.Function;
  /** Where CORS is answered. */
  public readonly corsMode: DistributionCorsMode;
  /**
   * The bucket's CORS configuration, as far as it is known.
   * An empty configuration when the bucket is not one of this library's and
   * `corsConfiguration` was not given (a warning says so).
   */
  public readonly corsConfiguration: CorsConfiguration;
  /** The log bucket, when logging is on. */
  public readonly logBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: CloudFrontCorsDistributionProps) {
    super(scope, id);
    checkDistributionProps(this, props);
    const info = corsBucketInfo(props.bucket);
    // One snapshot, taken once and validated by this library, serves every check and the generated code: the
    // object given (plain JavaScript may pass a look-alike, or change its rules between reads) is not asked again.
    const given = info ? info.configuration : props.corsConfiguration;
    const known = given === undefined ? undefined : this.snapshot(given, info ? `the CORS of bucket ${info.owner.node.path}` : 'corsConfiguration');
    this.corsConfiguration = known ?? CorsConfiguration.fromRules([]);
    this.corsMode = props.corsMode ?? DistributionCorsMode.S3;
    const edge = this.corsMode.name === DistributionCorsMode.EDGE.name;
    // A configuration the user described is checked here; our buckets' own were checked by their constructs.
    const described = info ? undefined : known;
    const problems = this.checkOrigins(props, known, info);
    if (info && props.corsConfiguration) {
      problems.push(`corsConfiguration is given, but bucket is ${info.owner.node.path}'s, whose CORS rules the distribution reads itself, so corsConfiguration would be ignored. Remove corsConfiguration; to change the rules, change the props of ${info.owner.node.path}.`);
    }
    if (edge) problems.push(...deployTimeValues(props, known, info));
    if (props.domainNames && props.domainNames.length > 0 && !props.certificate) {
      problems.push(`domainNames [${props.domainNames.map(d => quote(d)).join(',')}] needs certificate: CloudFront serves alternate domain names only with an ACM certificate in us-east-1 that covers them. Pass certificate, or leave domainNames out to use the cloudfront.net domain.`);
    }
    if (props.logBucket && props.enableLogging === false) {
      problems.push('logBucket is given but enableLogging is false, so no log would ever be written to it (aws-cdk-lib\'s Distribution refuses this combination too). Remove logBucket, or remove enableLogging: false.');
    }
    // Code is generated only from rules that are all literal and valid (this library's validation of the snapshot,
    // a bucket's too: the mark that names it can be set on any bucket); otherwise the problems say why not.
    const ruleErrors = known?.validate().filter(f => f.severity === CorsFindingSeverity.ERROR) ?? [];
    const invalid = ruleErrors.length > 0;
    if (invalid && info) {
      problems.push(`the CORS rules of bucket ${info.owner.node.path} do not pass validation (${ruleErrors.map(f => f.message).join(' ')}), so the distribution cannot rely on them. Fix that bucket's CORS props.`);
    }
    const generate = problems.length === 0 && !invalid;
    const functionCode = this.functionCode(edge, known, problems, generate);
    if (described && described.rules.length > 0) {
      // Errors join the problems in one Error; warnings become acknowledgeable annotations.
      reportFindings(this, 'CloudFrontCorsDistribution', described, () => 'corsConfiguration', problems);
    } else {
      throwIfProblems('CloudFrontCorsDistribution', this, problems);
    }

    this.cachePolicy = new cloudfront.CachePolicy(this, 'CachePolicy', {
      comment: edge
        ? 'CORS is answered at the edge, so Origin and Access-Control-Request-* stay out of the key: one copy per object'
        : 'Keys the cache on Origin and Access-Control-Request-* so each origin gets its own CORS answer',
      headerBehavior: edge ? cloudfront.CacheHeaderBehavior.none() : cloudfront.CacheHeaderBehavior.allowList(...CORS_REQUEST_HEADERS),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      defaultTtl: props.defaultTtl ?? Duration.days(1),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
    });
    this.originRequestPolicy = edge ? undefined : cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN;
    this.corsFunction = new cloudfront.Function(this, 'CorsFunction', {
      code: cloudfront.FunctionCode.fromInline(functionCode),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: edge ? 'cdk-s3-cors: CORS answered at the edge from the bucket CORS rules' : 'cdk-s3-cors: adds Vary: Origin to every response',
    });
    const { VIEWER_REQUEST, VIEWER_RESPONSE } = cloudfront.FunctionEventType;
    const events = edge ? [VIEWER_REQUEST, VIEWER_RESPONSE] : [VIEWER_RESPONSE];

    const logging = props.enableLogging ?? true;
    if (logging) {
      this.logBucket = props.logBucket ?? this.createLogBucket();
    }

    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        // In edge mode OPTIONS never reaches the cache: the function answers it.
        cachedMethods: edge ? cloudfront.CachedMethods.CACHE_GET_HEAD : cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: this.cachePolicy,
        originRequestPolicy: this.originRequestPolicy,
        functionAssociations: events.map(eventType => ({ eventType, function: this.corsFunction })),
        compress: true,
      },
      domainNames: props.domainNames,
      certificate: props.certificate,
      // Only a custom certificate can carry a minimum TLS version; the default
      // *.cloudfront.net one cannot, and newer aws-cdk-lib warns if it is set.
      minimumProtocolVersion: props.certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: logging,
      logBucket: this.logBucket,
      webAclId: props.webAclId,
      comment: props.comment,
      // S3 refuses a preflight with 403 (400 without Origin). CloudFront would
      // cache that error for 10 s by default and keep refusing after a CORS fix.
      errorResponses: [400, 403].map(httpStatus => ({ httpStatus, ttl: Duration.seconds(0) })),
    });
    recordAcknowledgements(this.distribution.node.defaultChild as CfnResource);

    const acks = [{ id: 'AwsSolutions-CFR1', reason: 'Geo restriction is a business decision the library cannot make; add it through the distribution if your content needs it.' }];
    if (!props.webAclId) {
      acks.push({ id: 'AwsSolutions-CFR2', reason: 'WAF is opt-in (webAclId): a web ACL costs money and its rules depend on the application. Static, read-only assets behind origin access control.' });
    }
    if (!props.certificate) {
      acks.push({ id: 'AwsSolutions-CFR4', reason: 'The default *.cloudfront.net certificate cannot be given a minimum TLS version; pass certificate and domainNames to get TLSv1.2_2021.' });
    }
    acknowledgeNag(this.distribution, acks);
  }

  /**
   * A configuration of this library's own holding a copy of the given one's
   * rules: its state when this library made it, otherwise its `rules`, read
   * once, copied as plain data and checked as `CorsConfiguration.fromRules`
   * checks them. Its own `validate()` is never trusted.
   */
  private snapshot(given: CorsConfiguration, where: string): CorsConfiguration {
    const genuine = copyOfGenuine(given);
    if (genuine) return genuine;
    const rules: unknown = (given as unknown as { rules?: unknown }).rules;
    try {
      return CorsConfiguration.fromRules(rules as s3.CorsRule[]);
    } catch (e) {
      throw new Error(`CloudFrontCorsDistribution '${this.node.path}': ${where} is not a CorsConfiguration of this library, and its rules cannot be read as one: ${(e as Error).message} Write CorsConfiguration.fromJson(text) or CorsConfiguration.fromRules(rules).`);
    }
  }

  /** Problems with the origins this distribution is to serve, against the bucket's CORS; warns where it cannot check. */
  private checkOrigins(props: CloudFrontCorsDistributionProps, known: CorsConfiguration | undefined, info: CorsBucketInfo | undefined): string[] {
    const owner = info?.owner.node.path;
    if (!known) {
      Annotations.of(this).addWarningV2('cdk-s3-cors:unknown-bucket-cors',
        'bucket is not a PublicAssetsBucket or UploadBucket and no corsConfiguration was given, so the distribution cannot check that the bucket lets your origins through. Pass corsConfiguration describing the bucket\'s rules.');
      return [];
    }
    if (known.rules.length === 0) {
      return ['corsConfiguration has no rules, so S3 would send no CORS headers and browsers on other origins would be blocked. Give the bucket a CORS configuration (e.g. PublicAssetsBucket).'];
    }
    // A concrete origin a browser could send for each allowed origin ("*" stands for any).
    const asSent = (o: CorsOrigin) => (o.value === '*' ? 'https://any-origin.example' : o.value);
    if (!props.allowedOrigins && info) {
      const readable = info.origins.filter(o => known.evaluate({ method: 'GET', origin: asSent(o) }).allowed);
      if (readable.length === 0) {
        Annotations.of(this).addWarningV2('cdk-s3-cors:bucket-cors-disallows-reads',
          `the bucket ${info.owner.node.path} lets none of its origins GET (its rule allows ${known.rules.map(r => (r.allowedMethods ?? []).join(', ')).join('; ')}), so browsers on those origins cannot fetch through this distribution. Use a PublicAssetsBucket, or an UploadBucket with allowReads: true.`);
      }
    }
    const problems: string[] = [];
    // A deploy-time origin cannot be evaluated against the rules here: said, never skipped silently.
    const deployTime = (props.allowedOrigins ?? []).flatMap((o, k) => (isToken(o.value) ? [`allowedOrigins[${k}]`] : []));
    if (deployTime.length > 0) {
      Annotations.of(this).addWarningV2('cdk-s3-cors:origin-not-checked',
        `${deployTime.join(', ')} ${deployTime.length === 1 ? 'is a token' : 'are tokens'} (known only at deploy), so the distribution cannot check at synth that the bucket${owner ? ` ${owner}` : ''} lets ${deployTime.length === 1 ? 'it' : 'them'} through. After deploy, check each with \`cdk-s3-cors probe https://<distribution domain>/<object key> --origin <origin>\`, or write the origins as literals.`);
    }
    (props.allowedOrigins ?? []).forEach((o, k) => {
      if (isToken(o.value)) return;
      for (const method of ['GET', 'HEAD']) {
        const answer = known.evaluate({ method: 'OPTIONS', origin: asSent(o), accessControlRequestMethod: method });
        if (!answer.allowed) {
          // For "*" a stand-in origin was evaluated: name it as what it stands for.
          const why = answer.explanation.split(asSent(o)).join(o.value === '*' ? 'any origin' : o.value);
          problems.push(`allowedOrigins[${k}] ${quote(o.value)} cannot ${method} through this distribution: the bucket${owner ? ` ${owner}` : ''} does not allow it (${why}) Add it to the bucket's allowedOrigins, or remove it here.`);
          return;
        }
      }
    });
    return problems;
  }

  /**
   * The code of the CloudFront Function, generated by the model: S3 mode adds
   * Vary; edge mode answers CORS from the bucket's rules, which must be known
   * and fit CloudFront's 10 KB (problems otherwise).
   */
  private functionCode(edge: boolean, known: CorsConfiguration | undefined, problems: string[], generate: boolean): string {
    if (!edge) {
      if (known) this.warnAboutFragmentation(known);
      return varyFunctionCode(GENERATOR);
    }
    if (!known) {
      problems.push('corsMode is DistributionCorsMode.EDGE, which answers CORS at the edge from the bucket\'s CORS rules, but they are unknown: the bucket is not a PublicAssetsBucket or UploadBucket and no corsConfiguration was given. Pass corsConfiguration, or use corsMode: DistributionCorsMode.S3.');
      return varyFunctionCode(GENERATOR);
    }
    if (!generate) return varyFunctionCode(GENERATOR);
    const code = edgeCorsFunctionCode(known.rules, GENERATOR);
    // Second line: whatever slipped past the checks above, the code must resolve to itself, a plain string with
    // no Fn::Join or Ref into which CloudFormation could splice a deployed value.
    // Nor may it hold a dynamic reference, which CloudFormation substitutes at deploy (values write "{" as \u007b).
    if (!resolvesToItself(this, code) || isDynamicReference(code)) {
      throw new Error(`CloudFrontCorsDistribution '${this.node.path}': the CloudFront Function's code generated from the CORS rules would contain a token (a value resolved only at synth or deploy) or a dynamic reference ({{resolve:...}}), which CloudFormation would splice into the code unescaped. Use literal values in every CORS rule, or corsMode: DistributionCorsMode.S3.`);
    }
    const size = Buffer.byteLength(code, 'utf8');
    if (size > FUNCTION_CODE_LIMIT_BYTES) {
      problems.push(`corsMode is DistributionCorsMode.EDGE, but the function generated from the bucket's ${known.rules.length} CORS rule(s) is ${size} bytes and CloudFront allows ${FUNCTION_CODE_LIMIT_BYTES} (10 KB; about 148 origins of 27 characters fit). Cover origins with a wildcard such as CorsOrigin.subdomainsOf('example.com'), merge rules, or use corsMode: DistributionCorsMode.S3.`);
    }
    return code;
  }

  /** In S3 mode the cache is keyed on Origin: a wildcard lets the number of copies per object grow without bound. */
  private warnAboutFragmentation(known: CorsConfiguration): void {
    const wildcards = [...new Set(known.rules.flatMap(r => r.allowedOrigins ?? []).filter(o => o.includes('*') && !isToken(o)))];
    if (wildcards.length === 0) return;
    Annotations.of(this).addWarningV2('cdk-s3-cors:wildcard-origin-cache-fragmentation',
      `the bucket allows ${wildcards.map(o => quote(o)).join(', ')}, so any number of distinct origins can come through, and in corsMode S3 CloudFront keeps one copy of every object, and makes one fetch from S3, per distinct Origin. Use corsMode: DistributionCorsMode.EDGE (one copy per object whatever the origins), or acknowledge this if few origins will really come.`);
  }

  private createLogBucket(): s3.Bucket {
    const logs = new s3.Bucket(this, 'Logs', {
      // CloudFront standard logging writes through ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(logs, [{ id: 'AwsSolutions-S1', reason: 'This is the CloudFront access log bucket; logging its own access would need yet another bucket.' }]);
    return logs;
  }
}

/** A CloudFormation dynamic reference (`{{resolve:ssm:name}}`, secretsmanager, ssm-secure): a plain string to CDK, substituted at deploy. */
function isDynamicReference(v: unknown): boolean {
  return typeof v === 'string' && /\{\{\s*resolve:/i.test(v);
}

/** Whether CDK resolves the text to itself (no token in it); text it cannot resolve (an unknown token key) does not. */
function resolvesToItself(scope: Construct, text: string): boolean {
  try {
    return Stack.of(scope).resolve(text) === text;
  } catch {
    return false;
  }
}

/** The rule fields whose values are written into the edge function's code, as S3 names them. */
const CODE_FIELDS = [
  ['allowedOrigins', 'AllowedOrigins'],
  ['allowedMethods', 'AllowedMethods'],
  ['allowedHeaders', 'AllowedHeaders'],
  ['exposedHeaders', 'ExposeHeaders'],
  ['maxAge', 'MaxAgeSeconds'],
] as const;

/**
 * Edge mode compiles the rules into the function's code at synth. A token
 * there would become an Fn::Join splicing the deployed value into the
 * source, unescaped: whoever sets it would run code on every request. Each
 * one is refused, named after the prop it came from.
 */
function deployTimeValues(props: CloudFrontCorsDistributionProps, known: CorsConfiguration | undefined, info: CorsBucketInfo | undefined): string[] {
  const problems: string[] = [];
  const why = 'corsMode DistributionCorsMode.EDGE compiles the CORS rules into the CloudFront Function\'s code at synth, so a token (CfnParameter, Fn.importValue, another stack\'s attribute, Lazy, Token.asNumber written into a string) can neither be checked nor written into that code.';
  const fix = 'Use literal values, or corsMode: DistributionCorsMode.S3 (S3 reads the rules at deploy).';
  const dynamic = 'holds a CloudFormation dynamic reference ({{resolve:...}}): CloudFormation would substitute the stored value into the CloudFront Function\'s code at deploy, after the code was generated and checked, so it could neither be checked nor escaped. Write the value itself, or use corsMode: DistributionCorsMode.S3 (CloudFormation then substitutes it into the bucket\'s CORS rules, where it is data).';
  const source = info ? `the CORS of bucket ${info.owner.node.path} (from its props)` : 'corsConfiguration';
  (known?.rules ?? []).forEach((rule, i) => {
    for (const [prop, field] of CODE_FIELDS) {
      const value = (rule as unknown as Record<string, unknown>)[prop];
      const place = `${source} rule ${i} ${field}`;
      if (isToken(value)) {
        problems.push(`${place} is a token (a value resolved only at synth or deploy): ${why} ${fix}`);
      } else if (Array.isArray(value)) {
        value.forEach((item, k) => {
          if (isToken(item)) problems.push(`${place}[${k}] is a token (a value resolved only at synth or deploy): ${why} ${fix}`);
          else if (isDynamicReference(item)) problems.push(`${place}[${k}] ${quote(item as string)} ${dynamic}`);
        });
      }
    }
  });
  (props.allowedOrigins ?? []).forEach((o, k) => {
    if (isToken(o.value)) {
      problems.push(`allowedOrigins[${k}] is a token (a value resolved only at synth or deploy): corsMode DistributionCorsMode.EDGE checks each origin against the rules compiled into the CloudFront Function at synth, and a token cannot be checked. ${fix}`);
    }
  });
  return problems;
}

/** The shapes TypeScript would have checked, for callers in plain JavaScript. */
function checkDistributionProps(scope: Construct, props: CloudFrontCorsDistributionProps): void {
  const shape = new ShapeCheck(`CloudFrontCorsDistribution '${scope.node.path}'`);
  if (shape.object('props', props, '{ bucket: assets.bucket }')) {
    const bucket = props.bucket as unknown as { bucketName?: unknown; arnForObjects?: unknown } | undefined;
    if (typeof bucket !== 'object' || bucket === null || typeof bucket.bucketName !== 'string' || typeof bucket.arnForObjects !== 'function') {
      shape.problems.push(`bucket must be an s3.IBucket, got ${describeValue(props.bucket)}. Pass the bucket construct, e.g. assets.bucket (not the construct that holds it, nor its name).`);
    }
    shape.originList('allowedOrigins', props.allowedOrigins, true);
    const mode = props.corsMode as unknown as { name?: unknown } | undefined;
    if (mode !== undefined && (typeof mode !== 'object' || mode === null || !['S3', 'EDGE'].includes(mode.name as string))) {
      shape.problems.push(`corsMode must be DistributionCorsMode.S3 or DistributionCorsMode.EDGE, got ${describeValue(props.corsMode)}.`);
    }
    const cors = props.corsConfiguration as unknown as { evaluate?: unknown } | undefined;
    if (cors !== undefined && typeof cors?.evaluate !== 'function') {
      shape.problems.push(`corsConfiguration must be a CorsConfiguration, got ${describeValue(props.corsConfiguration)}. Write CorsConfiguration.fromJson(text) or CorsConfiguration.fromRules(rules).`);
    }
    shape.stringList('domainNames', props.domainNames, '["cdn.example.com"]', true);
    shape.boolean('enableLogging', props.enableLogging);
    shape.reference('logBucket', props.logBucket, BUCKET);
    shape.reference('certificate', props.certificate, CERTIFICATE);
    shape.duration('defaultTtl', props.defaultTtl);
    shape.string('webAclId', props.webAclId, '"arn:aws:wafv2:us-east-1:111111111111:global/webacl/name/id"', true);
    shape.string('comment', props.comment, '"assets for www.example.com"', true);
  }
  shape.throwIfAny();
}
