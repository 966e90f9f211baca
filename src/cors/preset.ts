// CorsPreset: the rule shapes people deploy, rendered as one rule each. Not
// validation or evaluation: a preset's configuration goes through CorsConfiguration.
import type { CorsRule, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { CorsConfiguration } from './configuration';
import { ShapeCheck } from '../common/shapes';

/** Headers browsers and the AWS SDKs send with a presigned PUT or a multipart part. */
const UPLOAD_ALLOWED_HEADERS = ['Content-Type', 'Content-MD5', 'Content-Disposition', 'Cache-Control', 'x-amz-*'];
/** What upload code reads from the response: ETag (multipart needs it), SSE, version and request ids. */
const UPLOAD_EXPOSED_HEADERS = ['ETag', 'x-amz-server-side-encryption', 'x-amz-version-id', 'x-amz-request-id', 'x-amz-id-2'];

/**
 * What a preset puts in its rule, apart from the origins.
 */
export interface CorsPresetProps {
  /** The methods the rule allows: GET, PUT, HEAD, POST, DELETE. */
  readonly allowedMethods: HttpMethods[];
  /**
   * Request headers a preflight may ask for (`*` for any, one `*` per entry).
   * @default - none: only requests without non-safelisted headers pass
   */
  readonly allowedHeaders?: string[];
  /**
   * Response headers JavaScript may read beyond the safelisted ones.
   * @default - none (rendered as no ExposeHeaders field)
   */
  readonly exposedHeaders?: string[];
  /**
   * How long browsers may cache a preflight answer, in seconds.
   * @default - no Access-Control-Max-Age: browsers cache for 5 seconds
   */
  readonly maxAgeSeconds?: number;
  /**
   * The rule's ID.
   * @default - no ID
   */
  readonly id?: string;
}

/**
 * The CORS rule shapes people actually deploy. Each renders one rule; the
 * origins are given separately.
 *
 * | preset | methods | AllowedHeaders | ExposeHeaders | MaxAgeSeconds |
 * | --- | --- | --- | --- | --- |
 * | READ_ONLY | GET, HEAD | `*` | `[]` | 3000 |
 * | PRESIGNED_UPLOAD | PUT, POST | Content-Type, Content-MD5, Content-Disposition, Cache-Control, `x-amz-*` | ETag, x-amz-server-side-encryption, x-amz-version-id, x-amz-request-id, x-amz-id-2 | 3000 |
 * | PRESIGNED_UPLOAD_WITH_READ | GET, HEAD, PUT, POST | as PRESIGNED_UPLOAD | as PRESIGNED_UPLOAD | 3000 |
 * | FORM_POST | GET, HEAD, POST | Content-Type | x-amz-request-id | 3000 |
 *
 * @example
 * const config = CorsPreset.READ_ONLY.configuration(['*']);
 */
export class CorsPreset {
  /** Read-only assets (fonts, images, scripts): GET, HEAD; AllowedHeaders `*`; ExposeHeaders `[]`; MaxAgeSeconds 3000. */
  public static readonly READ_ONLY = new CorsPreset('read-only', {
    allowedMethods: methods('GET', 'HEAD'), allowedHeaders: ['*'], exposedHeaders: [], maxAgeSeconds: 3000,
  });

  /**
   * Browser uploads through presigned PUT URLs, presigned POST forms and
   * multipart uploads: PUT, POST; the headers SDKs send; ETag and the x-amz
   * response headers exposed; MaxAgeSeconds 3000.
   */
  public static readonly PRESIGNED_UPLOAD = new CorsPreset('upload', {
    allowedMethods: methods('PUT', 'POST'), allowedHeaders: UPLOAD_ALLOWED_HEADERS, exposedHeaders: UPLOAD_EXPOSED_HEADERS, maxAgeSeconds: 3000,
  });

  /** PRESIGNED_UPLOAD plus GET and HEAD, for apps that read back what they upload. */
  public static readonly PRESIGNED_UPLOAD_WITH_READ = new CorsPreset('upload-with-read', {
    allowedMethods: methods('GET', 'HEAD', 'PUT', 'POST'), allowedHeaders: UPLOAD_ALLOWED_HEADERS, exposedHeaders: UPLOAD_EXPOSED_HEADERS, maxAgeSeconds: 3000,
  });

  /** A form post with a header (AWS's second published example): GET, HEAD, POST; AllowedHeaders Content-Type; ExposeHeaders x-amz-request-id; MaxAgeSeconds 3000. */
  public static readonly FORM_POST = new CorsPreset('form-post', {
    allowedMethods: methods('GET', 'HEAD', 'POST'), allowedHeaders: ['Content-Type'], exposedHeaders: ['x-amz-request-id'], maxAgeSeconds: 3000,
  });

  /** Every named preset, for tools that choose one by name. */
  public static all(): CorsPreset[] {
    return [CorsPreset.READ_ONLY, CorsPreset.PRESIGNED_UPLOAD, CorsPreset.PRESIGNED_UPLOAD_WITH_READ, CorsPreset.FORM_POST];
  }

  /** The preset called `name` (`read-only`, `upload`, `upload-with-read`, `form-post`); throws listing the names otherwise. */
  public static fromName(name: string): CorsPreset {
    const shape = new ShapeCheck('CorsPreset.fromName(name)');
    shape.string('name', name, '"read-only"');
    shape.throwIfAny();
    const found = CorsPreset.all().find(p => p.name === name);
    if (!found) {
      throw new Error(`Unknown CORS preset "${name}". Choose one of: ${CorsPreset.all().map(p => p.name).join(', ')}.`);
    }
    return found;
  }

  /** An escape hatch: any rule shape. The model checks it like any other rule. */
  public static custom(name: string, props: CorsPresetProps): CorsPreset {
    const shape = new ShapeCheck('CorsPreset.custom(name, props)');
    shape.string('name', name, '"my-preset"');
    if (shape.object('props', props, '{ allowedMethods: [HttpMethods.GET] }')) {
      shape.stringList('props.allowedMethods', props.allowedMethods, '[HttpMethods.GET, HttpMethods.HEAD]');
      checkPresetFields(shape, 'props', props);
    }
    shape.throwIfAny();
    return new CorsPreset(name, props);
  }

  /** The preset's name, as the CLI's `--preset` takes it. */
  public readonly name: string;
  /** What the rule holds apart from the origins. */
  public readonly props: CorsPresetProps;

  private constructor(name: string, props: CorsPresetProps) {
    this.name = name;
    this.props = { ...props, allowedMethods: [...props.allowedMethods] };
  }

  /**
   * The same preset with some fields replaced: a field given in `changes`
   * replaces the preset's (an empty list clears it).
   */
  public withChanges(changes: CorsPresetChanges): CorsPreset {
    const shape = new ShapeCheck(`CorsPreset ${this.name}: withChanges(changes)`);
    if (shape.object('changes', changes, '{ maxAgeSeconds: 600 }')) {
      shape.stringList('changes.allowedMethods', changes.allowedMethods, '[HttpMethods.GET]', true);
      checkPresetFields(shape, 'changes', changes);
    }
    shape.throwIfAny();
    const p = this.props;
    return new CorsPreset(this.name, {
      allowedMethods: changes.allowedMethods ?? p.allowedMethods,
      allowedHeaders: changes.allowedHeaders ?? p.allowedHeaders,
      exposedHeaders: changes.exposedHeaders ?? p.exposedHeaders,
      maxAgeSeconds: changes.maxAgeSeconds ?? p.maxAgeSeconds,
      id: changes.id ?? p.id,
    });
  }

  /** The one rule this preset renders for these origins (AllowedOrigin strings). */
  public rule(origins: string[]): CorsRule {
    const shape = new ShapeCheck(`CorsPreset ${this.name}: rule(origins)`);
    shape.stringList('origins', origins, '["https://app.example.com"]');
    shape.throwIfAny();
    const p = this.props;
    const rule: Record<string, unknown> = { allowedMethods: [...p.allowedMethods], allowedOrigins: [...origins] };
    if (p.allowedHeaders !== undefined) rule.allowedHeaders = [...p.allowedHeaders];
    if (p.exposedHeaders !== undefined) rule.exposedHeaders = [...p.exposedHeaders];
    if (p.maxAgeSeconds !== undefined) rule.maxAge = p.maxAgeSeconds;
    if (p.id !== undefined) rule.id = p.id;
    return rule as unknown as CorsRule;
  }

  /** A one-rule configuration of this preset for these origins. */
  public configuration(origins: string[]): CorsConfiguration {
    return CorsConfiguration.fromRules([this.rule(origins)]);
  }
}

/**
 * Fields to replace in a preset; see `CorsPreset.withChanges()`.
 */
export interface CorsPresetChanges {
  /**
   * Replaces the methods.
   * @default - the preset's methods
   */
  readonly allowedMethods?: HttpMethods[];
  /**
   * Replaces AllowedHeaders; `[]` clears them.
   * @default - the preset's allowed headers
   */
  readonly allowedHeaders?: string[];
  /**
   * Replaces ExposeHeaders; `[]` renders an empty list.
   * @default - the preset's exposed headers
   */
  readonly exposedHeaders?: string[];
  /**
   * Replaces MaxAgeSeconds.
   * @default - the preset's max age
   */
  readonly maxAgeSeconds?: number;
  /**
   * Sets the rule's ID.
   * @default - the preset's ID
   */
  readonly id?: string;
}

function checkPresetFields(shape: ShapeCheck, name: string, p: CorsPresetChanges): void {
  shape.stringList(`${name}.allowedHeaders`, p.allowedHeaders, '["Content-Type"]', true);
  shape.stringList(`${name}.exposedHeaders`, p.exposedHeaders, '["ETag"]', true);
  shape.number(`${name}.maxAgeSeconds`, p.maxAgeSeconds, '3000', true);
  shape.string(`${name}.id`, p.id, '"my-rule"', true);
}

function methods(...names: string[]): HttpMethods[] {
  return names as HttpMethods[];
}
