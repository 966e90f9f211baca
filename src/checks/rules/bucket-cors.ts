// Every bucket's CorsConfiguration through the model's validate(): the same
// findings, with the same ids, as the library's own constructs raise. Values
// CloudFormation converts (MaxAge: "3000") are converted first; values it
// refuses are errors naming the template property; a value known only at
// deploy time is one info finding at its own place, and the other fields of
// the rule are still checked. A configuration that depends on conditions is
// checked under each truth of them, and a finding that holds only under some
// says which.
import { CorsConfiguration, CorsFinding, CorsFindingSeverity, CorsJsonFormat } from '../../cors';
import { CorsField, fieldName, withCloudFormationRepeats } from '../../cors/internal';
import { CorsBucket, CorsVariant, TemplateFacts } from '../facts';
import { pathKey, Unresolved } from '../readers/cloudformation/intrinsics';
import { dotted, isObject, TemplatePath } from '../readers/cloudformation/template';
import { CheckFinding, CheckRule } from '../rule';
import { whenConditions } from './when';
import { quote, quoteValue } from '../../common/quote';

export const UNRESOLVED = 'cdk-s3-cors:unresolved-value';

/** Every code the model's validate() reports (test/checks/rule-ids.test.ts keeps it equal to the model's source). */
export const MODEL_CODES = [
  'cloudformation-duplicate-value', 'document-too-large', 'duplicate-field', 'duplicate-value', 'expose-header-wildcard', 'header-invalid-name',
  'header-multiple-wildcards', 'id-invalid-character', 'id-too-long', 'insecure-origin', 'invalid-max-age', 'invalid-type',
  'max-age-above-chromium-cap', 'max-age-above-firefox-cap', 'missing-allowed-methods', 'missing-allowed-origins',
  'negative-max-age', 'no-rules', 'not-a-configuration', 'null-origin', 'origin-default-port', 'origin-empty',
  'origin-has-path', 'origin-matches-any-site', 'origin-missing-scheme', 'origin-multiple-wildcards',
  'origin-trailing-slash', 'origin-uppercase', 'rule-shadowed', 'too-many-rules', 'unknown-field',
  'unsupported-method', 'wildcard-origin-write',
];

const LISTS = ['AllowedOrigins', 'AllowedMethods', 'AllowedHeaders', 'ExposedHeaders'];

export const bucketCors: CheckRule = {
  id: 'cdk-s3-cors:bucket-cors',
  ids: [...MODEL_CODES.map(c => `cdk-s3-cors:${c}`), UNRESOLVED],
  summary: 'every AWS::S3::Bucket CorsConfiguration, validated as S3 does: what S3 or CloudFormation refuses or can never match is an error, what is risky a warning, what is known only at deploy time an info line',
  check(facts: TemplateFacts): CheckFinding[] {
    return facts.buckets.flatMap(bucketFindings);
  },
};

function bucketFindings(bucket: CorsBucket): CheckFinding[] {
  const perVariant = bucket.variants.map(v => variantFindings(bucket.logicalId, v));
  const seen = new Map<string, { f: CheckFinding; in: number[] }>();
  perVariant.forEach((list, i) => {
    for (const f of list) {
      const k = `${f.ruleId}\u0000${pathKey(f.path)}\u0000${f.message}`;
      const e = seen.get(k);
      if (e) {
        if (!e.in.includes(i)) e.in.push(i);
      } else {
        seen.set(k, { f, in: [i] });
      }
    }
  });
  const out: CheckFinding[] = [];
  for (const { f, in: where } of seen.values()) {
    if (where.length === bucket.variants.length) {
      out.push(f);
      continue;
    }
    out.push({ ...f, message: `${f.message} ${whenConditions(bucket.variants.map(v => v.conditions), where)}` });
  }
  if (bucket.conditionsNotEnumerated.length > 0) {
    out.push({
      ruleId: UNRESOLVED,
      severity: 'info',
      logicalId: bucket.logicalId,
      path: bucket.path,
      message: `${bucket.logicalId} CorsConfiguration depends on more conditions than are checked one by one; the Fn::If on ${bucket.conditionsNotEnumerated.join(', ')} cannot be checked before deploy.`,
    });
  }
  return out;
}

/** A value put in place of an unknown one so that the rest of the rule can be validated; findings about it are dropped. */
interface Placeholder {
  /** The text in the model's input. */
  readonly text: string;
  /** How the user wrote it, for messages (a partial origin only), or undefined: findings naming it are dropped. */
  readonly written?: string;
  /** For a partial origin: each stand-in token and the unknown part it stands for (e.g. "${Domain}"). */
  readonly tokens?: ReadonlyArray<readonly [string, string]>;
}

function variantFindings(logicalId: string, variant: CorsVariant): CheckFinding[] {
  const { value, sources, assumed } = variant.resolution;
  const out: CheckFinding[] = [];
  const src = (resolvedPath: TemplatePath): TemplatePath => {
    for (let n = resolvedPath.length; n >= 0; n--) {
      const s = sources.get(pathKey(resolvedPath.slice(0, n)));
      if (s) return s;
    }
    return [];
  };
  const assumptions = (resolvedPath: TemplatePath): string => {
    const found: string[] = [];
    for (const [k, what] of assumed) {
      const p = pathKey(resolvedPath);
      if (p === k || p.startsWith(`${k}\u0000`) || k.startsWith(`${p}\u0000`) || k === '') found.push(what);
    }
    return found.length > 0 ? ` (assuming ${[...new Set(found)].join('; ')})` : '';
  };
  const unresolved = (u: Unresolved, at: TemplatePath) => {
    out.push({
      ruleId: UNRESOLVED,
      severity: 'info',
      logicalId,
      path: u.path,
      message: `${logicalId} CorsConfiguration ${dotted(at)} is ${u.parts ? quoteValue(u.written) : 'not literal'} (${u.reason}): it cannot be checked before deploy.`,
    });
  };
  const refused = (at: TemplatePath, message: string) => {
    out.push({ ruleId: 'cdk-s3-cors:invalid-type', severity: 'error', logicalId, path: src(at), message: `${logicalId} CorsConfiguration ${message}` });
  };

  // !Ref AWS::NoValue (e.g. in an Fn::If branch): under these conditions the bucket has no CORS configuration.
  if (typeof value === 'symbol') return out;
  if (value instanceof Unresolved) {
    unresolved(value, []);
    return out;
  }
  if (!isObject(value) || !(value.CorsRules instanceof Unresolved || Array.isArray(value.CorsRules))) {
    // Not the shape CloudFormation reads: the model names what is wrong.
    return modelFindings(logicalId, value, src, assumptions, new Map(), out);
  }
  if (value.CorsRules instanceof Unresolved) {
    unresolved(value.CorsRules, ['CorsRules']);
    return out;
  }
  // Model input rule k is resolved rule ruleIndex[k]; per field, model index j is resolved index valueIndex[k][field][j].
  const modelRules: unknown[] = [];
  const ruleIndex: number[] = [];
  const valueIndex: Array<Map<string, number[]>> = [];
  const placeholders = new Map<string, Placeholder>();
  let n = 0;
  const placeholder = (field: string, written?: Unresolved): Placeholder => {
    n++;
    if (field === 'AllowedOrigins' && written?.parts) {
      let k = 0;
      const tokens: Array<[string, string]> = [];
      const text = written.parts.map(p => {
        if (p !== null) return p;
        const token = `u${n}-${k}-deploy-time`;
        tokens.push([token, written.unknownParts?.[k++] ?? '${?}']);
        return token;
      }).join('');
      return { text, written: written.written, tokens };
    }
    return { text: field === 'AllowedOrigins' ? `https://u${n}-deploy-time.invalid` : field === 'Id' ? `u${n}-deploy-time` : `x-u${n}-deploy-time` };
  };
  intrinsicRepeats(logicalId, value.CorsRules, src, out);
  value.CorsRules.forEach((rule, i) => {
    const at: TemplatePath = ['CorsRules', i];
    if (rule instanceof Unresolved) {
      unresolved(rule, at);
      return;
    }
    if (!isObject(rule)) {
      modelRules.push(rule);
      ruleIndex.push(i);
      valueIndex.push(new Map());
      return;
    }
    const modelRule: Record<string, unknown> = {};
    const indexes = new Map<string, number[]>();
    for (const [key, v] of Object.entries(rule)) {
      const fieldAt = [...at, key];
      if (key === 'MaxAge') {
        if (v instanceof Unresolved) unresolved(v, fieldAt);
        else if (typeof v === 'number' && Number.isInteger(v)) modelRule.MaxAge = v;
        else if (typeof v === 'string' && /^[-+]?\d+$/.test(v.trim())) modelRule.MaxAge = Number(v.trim());
        else refused(fieldAt, `rule ${i} MaxAge is ${quoteValue(v)}: CloudFormation accepts a whole number of seconds (a numeric string such as "3000" is converted) and refuses this at deploy. Write a whole number, e.g. 3000.`);
        continue;
      }
      if (key === 'Id') {
        if (v instanceof Unresolved) {
          // An unknown Id decides nothing a browser sees: validated with a stand-in.
          modelRule.Id = placeholder('Id').text;
        } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
          modelRule.Id = String(v);
        } else {
          refused(fieldAt, `rule ${i} Id is ${Array.isArray(v) ? 'a list' : 'a mapping'}: CloudFormation takes a string here and refuses this at deploy. Write "Id": "my-rule".`);
        }
        continue;
      }
      if (!LISTS.includes(key)) {
        modelRule[key] = v;
        continue;
      }
      if (v instanceof Unresolved) {
        unresolved(v, fieldAt);
        if (key === 'AllowedOrigins' || key === 'AllowedMethods') {
          const p = key === 'AllowedMethods' ? { text: 'GET' } : placeholder(key);
          placeholders.set(`${modelRules.length}\u0000${key}\u00000`, p);
          modelRule[key] = [p.text];
          indexes.set(key, [-1]);
        }
        continue;
      }
      if (!Array.isArray(v)) {
        refused(fieldAt, `rule ${i} ${key} is ${typeof v === 'string' ? `the string ${quote(v)}` : isObject(v) ? 'a mapping' : quoteValue(v)}: CloudFormation takes a list of strings here and refuses this at deploy. Write ${key}: [${typeof v === 'string' ? quote(v) : '"..."'}].`);
        continue;
      }
      const list: string[] = [];
      const idx: number[] = [];
      v.forEach((item, j) => {
        if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
          list.push(String(item));
          idx.push(j);
        } else if (item instanceof Unresolved) {
          const decisive = key === 'AllowedOrigins' && item.parts && /^https?:\/\//.test(item.parts[0] ?? '')
            && !item.parts.some((p, k) => p === null && k > 0 && /[^/]:$/.test(item.parts![k - 1] ?? ''));
          if (key === 'AllowedMethods') {
            unresolved(item, [...fieldAt, j]);
            return;
          }
          const p = placeholder(key, decisive ? item : undefined);
          if (!decisive) unresolved(item, [...fieldAt, j]);
          placeholders.set(`${modelRules.length}\u0000${key}\u0000${list.length}`, { ...p, written: decisive ? p.written : undefined });
          if (decisive) placeholders.set(`partial\u0000${modelRules.length}\u0000${key}\u0000${list.length}`, { text: p.text, written: JSON.stringify([...fieldAt, j]) });
          list.push(p.text);
          idx.push(j);
        } else {
          refused([...fieldAt, j], `rule ${i} ${key}[${j}] is ${Array.isArray(item) ? 'a list' : isObject(item) ? 'a mapping' : 'null'}: CloudFormation takes a string here and refuses this at deploy.`);
        }
      });
      if (list.length === 0 && key === 'AllowedMethods' && v.length > 0) {
        list.push('GET');
        placeholders.set(`${modelRules.length}\u0000${key}\u00000`, { text: 'GET' });
        idx.push(-1);
      }
      modelRule[key] = list;
      indexes.set(key, idx);
    }
    modelRules.push(modelRule);
    ruleIndex.push(i);
    valueIndex.push(indexes);
  });
  if (modelRules.length === 0) return out;
  const toResolved = (f: CorsFinding): TemplatePath | undefined => {
    if (f.ruleIndex === undefined) return [];
    const i = ruleIndex[f.ruleIndex];
    if (i === undefined) return ['CorsRules'];
    const p: Array<string | number> = ['CorsRules', i];
    if (f.field === undefined) return p;
    const key = fieldName(f.field as CorsField, CorsJsonFormat.CLOUDFORMATION);
    p.push(key);
    if (f.valueIndex === undefined) return p;
    if (placeholders.has(`${f.ruleIndex}\u0000${key}\u0000${f.valueIndex}`) && !placeholders.get(`${f.ruleIndex}\u0000${key}\u0000${f.valueIndex}`)!.written) return undefined;
    const j = valueIndex[f.ruleIndex]?.get(key)?.[f.valueIndex];
    if (j === undefined || j < 0) return undefined;
    p.push(j);
    return p;
  };
  return modelFindings(logicalId, { CorsRules: modelRules }, src, assumptions, placeholders, out, toResolved);
}

function modelFindings(logicalId: string, value: unknown, src: (p: TemplatePath) => TemplatePath,
  assumptions: (p: TemplatePath) => string, placeholders: Map<string, Placeholder>, out: CheckFinding[],
  toResolved: (f: CorsFinding) => TemplatePath | undefined = () => []): CheckFinding[] {
  const config = CorsConfiguration.fromJson(JSON.stringify(value));
  const partials = [...placeholders.entries()].filter(([k]) => k.startsWith('partial\u0000'));
  const partialsWithFinding = new Set<string>();
  // In a template an exact repeat is not S3's harmless duplicate but CloudFormation's refusal (unique-item lists).
  for (const f of withCloudFormationRepeats(config.rules, config.validate())) {
    let resolvedPath = toResolved(f);
    if (resolvedPath === undefined) continue;
    // An unknown key is named in the message: point at it. Its message names both spellings already.
    const unknownKey = f.code === 'unknown-field' ? /unknown field "([^"]*)"/.exec(f.message)?.[1] : undefined;
    if (unknownKey !== undefined && resolvedPath.length === 2) resolvedPath = [...resolvedPath, unknownKey];
    let message = f.code === 'unknown-field' ? f.message : renameFields(f.message);
    for (const [, p] of placeholders) {
      for (const [token, written] of p.tokens ?? []) message = message.split(token).join(written);
    }
    for (const [k] of partials) {
      const orig = placeholders.get(k.slice('partial\u0000'.length));
      if (orig && (orig.tokens ?? []).some(([token]) => f.message.includes(token))) partialsWithFinding.add(k);
    }
    // A finding that names a stand-in for an unknown value is about that value: its info line says so already.
    if (/u\d+(-\d+)?-deploy-time/.test(message)) continue;
    out.push({
      ruleId: `cdk-s3-cors:${f.code}`,
      severity: f.severity === CorsFindingSeverity.ERROR ? 'error' : 'warning',
      logicalId,
      path: src(resolvedPath),
      message: `${logicalId} CorsConfiguration ${message}${assumptions(resolvedPath)}`,
    });
  }
  for (const [k, p] of partials) {
    if (partialsWithFinding.has(k)) continue;
    const written = placeholders.get(k.slice('partial\u0000'.length))?.written ?? '';
    const at = JSON.parse(p.written!) as Array<string | number>;
    out.push({
      ruleId: UNRESOLVED,
      severity: 'info',
      logicalId,
      path: src(at),
      message: `${logicalId} CorsConfiguration ${dotted(at)} is ${quoteValue(written)}: its literal parts are fine, the rest is known only at deploy time and cannot be checked before deploy.`,
    });
  }
  return out;
}

/**
 * Two structurally equal intrinsics in one list are one value twice, whatever
 * they resolve to: CloudFormation refuses the stack (unique-item lists). A
 * repeat of literal values is the model's to find; this finds the rest.
 */
function intrinsicRepeats(logicalId: string, rules: unknown[], src: (p: TemplatePath) => TemplatePath, out: CheckFinding[]): void {
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    for (const key of LISTS) {
      const list = rule[key];
      if (!Array.isArray(list)) continue;
      const first = new Map<string, number>();
      list.forEach((item, j) => {
        if (!(item instanceof Unresolved)) return;
        const k = JSON.stringify([item.reason, item.parts ?? null, item.unknownParts ?? null, item.resource ?? null]);
        const before = first.get(k);
        if (before === undefined) {
          first.set(k, j);
          return;
        }
        out.push({
          ruleId: 'cdk-s3-cors:cloudformation-duplicate-value',
          severity: 'error',
          logicalId,
          path: src(['CorsRules', i, key, j]),
          message: `${logicalId} CorsConfiguration rule ${i} ${key}[${j}] ${quoteValue(item.written)} repeats ${key}[${before}]: two equal intrinsics are one value twice, and CloudFormation refuses a repeated item in this list ("array items are not unique"), so the deploy fails. Remove one.`,
        });
      });
    }
  });
}

/** The model names S3's API fields; a template's reader knows them by CloudFormation's names. */
function renameFields(message: string): string {
  return message.replace(/\bMaxAgeSeconds\b/g, 'MaxAge').replace(/\bExposeHeaders\b/g, 'ExposedHeaders').replace(/\bID\b/g, 'Id');
}
