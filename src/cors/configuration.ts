// CorsConfiguration, the model's centre: parse, validate, evaluate and render
// a bucket's CORS rules as S3 does. Pure: no constructs, no I/O, no browser.
import type { CorsRule } from 'aws-cdk-lib/aws-s3';
import { copyList, copyRule, copyRuleIfObject } from './private/copy';
import { evaluateRules } from './private/evaluate';
import { registerConfiguration } from './private/genuine';
import { locationKey, parseCorsJson, ParsedConfiguration } from './private/parse';
import { renderJson, renderXml } from './private/render';
import { validateRules } from './private/validate';
import { CorsEvaluation, CorsFinding, CorsJsonFormat, CorsRequest } from './types';
import { describeValue, ShapeCheck } from '../common/shapes';

/**
 * An S3 bucket CORS configuration: an ordered list of rules, the first match
 * of which S3 applies.
 *
 * The one model behind every construct and the CLI. It is pure (no constructs,
 * no I/O): parse it from the JSON people paste, validate it as PutBucketCors
 * would (and beyond, for rules that can never work), evaluate requests exactly
 * as S3 answers them, and render it for the console, the s3api CLI,
 * CloudFormation or the XML API.
 *
 * @example
 * const config = CorsConfiguration.fromJson('[{"AllowedMethods":["GET"],"AllowedOrigins":["https://example.com"]}]');
 * const answer = config.evaluate({ method: 'GET', origin: 'https://example.com' });
 * // answer.allowed === true, answer.headers['access-control-allow-origin'] === 'https://example.com'
 */
export class CorsConfiguration {
  /**
   * Parses a configuration from JSON: the S3 console form (an array of rules),
   * the s3api form (`{"CORSRules": [...]}`) or the CloudFormation form
   * (`{"CorsRules": [...]}` with `ExposedHeaders`, `MaxAge`, `Id`).
   *
   * Text that is not JSON throws an Error naming the line, the column and the
   * cause ("trailing comma" when that is it). JSON of the wrong shape (unknown
   * or misspelt field names, a string where a list belongs) does not throw: it
   * becomes findings of `validate()`, each with its line and column.
   */
  public static fromJson(text: string): CorsConfiguration {
    if (typeof text !== 'string') {
      const fix = typeof text === 'object' && text !== null ? ' To read a parsed value, pass JSON.stringify(value).' : '';
      throw new Error(`CorsConfiguration.fromJson(text): text must be the JSON text as a string, got ${describeValue(text)}.${fix}`);
    }
    return new CorsConfiguration(parseCorsJson(text));
  }

  /**
   * Wraps rules written with aws-cdk-lib's own `s3.CorsRule` type.
   */
  public static fromRules(rules: CorsRule[]): CorsConfiguration {
    const shape = new ShapeCheck('CorsConfiguration.fromRules(rules)');
    if (!Array.isArray(rules)) {
      shape.problems.push(`rules must be a list of s3.CorsRule objects, got ${describeValue(rules)}. Write [{ allowedMethods: [HttpMethods.GET], allowedOrigins: ['https://app.example.com'] }].`);
      shape.throwIfAny();
    }
    // Copied first, each rule's known fields read once, then the copy is checked: what is checked is what is kept,
    // whatever a getter of the caller's answers on a later read; no key of the caller's (an own __proto__) is copied.
    const copy = copyList(rules as unknown[]).map(copyRuleIfObject) as CorsRule[];
    copy.forEach((r, i) => {
      if (!shape.object(`rules[${i}]`, r, '{ allowedMethods: [HttpMethods.GET], allowedOrigins: [\'https://app.example.com\'] }')) return;
      // A missing list is a finding of validate(), as S3 would refuse it; a list of the wrong type is not a rule at all.
      shape.stringList(`rules[${i}].allowedMethods`, r.allowedMethods, '[HttpMethods.GET]', true);
      shape.stringList(`rules[${i}].allowedOrigins`, r.allowedOrigins, '["https://app.example.com"]', true);
      shape.stringList(`rules[${i}].allowedHeaders`, r.allowedHeaders, '["*"]', true);
      shape.stringList(`rules[${i}].exposedHeaders`, r.exposedHeaders, '["ETag"]', true);
      shape.number(`rules[${i}].maxAge`, r.maxAge, '3000', true);
      shape.string(`rules[${i}].id`, r.id, '"my-rule"', true);
    });
    shape.throwIfAny();
    return new CorsConfiguration({
      rules: copy, format: CorsJsonFormat.CONSOLE, findings: [], malformed: new Set(), locations: new Map(), validated: {},
    });
  }

  /** The rules, in the order S3 evaluates them (a copy: changing it changes nothing here). */
  public get rules(): CorsRule[] {
    return this.parsed.rules.map(copyRule);
  }

  /** The JSON dialect the configuration was parsed from (`CONSOLE` when built from rules). */
  public readonly sourceFormat: CorsJsonFormat;

  private readonly parsed: ParsedConfiguration;

  private constructor(parsed: ParsedConfiguration) {
    this.parsed = parsed;
    this.sourceFormat = parsed.format;
    registerConfiguration(this, parsed, p => new CorsConfiguration(p));
  }

  /**
   * Every problem at once: what PutBucketCors refuses (`s3Rejects`), what S3
   * accepts but can never match a browser's request (ERROR), and what is
   * risky (WARNING). Each finding names the rule, the field and the value,
   * and says the fix. A configuration parsed from JSON adds line and column.
   */
  public validate(): CorsFinding[] {
    // The rules never change, so they are validated once (a construct and a distribution in front of its bucket
    // both ask); each call answers with its own copies of the findings.
    const validated = this.parsed.validated;
    validated.findings ??= validateRules(this.parsed.rules, this.parsed.malformed);
    return [...this.parsed.findings, ...validated.findings].map(f => this.locate({ ...f }));
  }

  /**
   * What S3 answers to one request: whether the CORS headers are sent, which
   * rule matched, the exact headers, a preflight's status and S3's error text,
   * and a sentence that explains it.
   */
  public evaluate(request: CorsRequest): CorsEvaluation {
    const shape = new ShapeCheck('CorsConfiguration.evaluate(request)');
    if (shape.object('request', request, '{ method: "GET", origin: "https://app.example.com" }')) {
      shape.string('request.method', request.method, '"GET"');
      shape.string('request.origin', request.origin, '"https://app.example.com"', true);
      shape.string('request.accessControlRequestMethod', request.accessControlRequestMethod, '"PUT"', true);
      shape.string('request.accessControlRequestHeaders', request.accessControlRequestHeaders, '"content-type,x-amz-meta-owner"', true);
    }
    shape.throwIfAny();
    return evaluateRules(this.parsed.rules, request);
  }

  /**
   * The configuration as JSON, pretty-printed.
   * @param format which dialect; the S3 console's by default
   */
  public toJson(format: CorsJsonFormat = CorsJsonFormat.CONSOLE): string {
    const formats = Object.values(CorsJsonFormat) as string[];
    if (!formats.includes(format)) {
      const near = formats.find(f => typeof format === 'string' && f === format.toUpperCase());
      throw new Error(`CorsConfiguration.toJson(format): format must be a CorsJsonFormat (${formats.map(f => `CorsJsonFormat.${f}`).join(', ')}), got ${describeValue(format)}. Write CorsJsonFormat.${near ?? 'CONSOLE'}.`);
    }
    return renderJson(this.parsed.rules, format);
  }

  /** The `<CORSConfiguration>` XML document PutBucketCors takes. */
  public toXml(): string {
    return renderXml(this.parsed.rules);
  }

  private locate(f: CorsFinding): CorsFinding {
    if (f.line !== undefined || this.parsed.locations.size === 0) return f;
    const keys = [
      locationKey(f.ruleIndex, f.field, f.valueIndex),
      locationKey(f.ruleIndex, f.field),
      locationKey(f.ruleIndex),
      '',
    ];
    for (const k of keys) {
      const loc = this.parsed.locations.get(k);
      if (loc) return { ...f, line: loc.line, column: loc.column };
    }
    return f;
  }
}
