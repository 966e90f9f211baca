// The six fields of a CORS rule and their names in each dialect (console,
// s3api, CloudFormation, XML). Names only; no values are checked here.
import { CorsJsonFormat } from '../types';

/** The six members of a CORS rule, by the names the S3 API (console, s3api) uses. */
export type CorsField = 'AllowedHeaders' | 'AllowedMethods' | 'AllowedOrigins' | 'ExposeHeaders' | 'MaxAgeSeconds' | 'ID';

/** Console order; also the order used in every rendering. */
export const FIELDS: readonly CorsField[] = ['AllowedHeaders', 'AllowedMethods', 'AllowedOrigins', 'ExposeHeaders', 'MaxAgeSeconds', 'ID'];

/** The spelling of each field in each JSON dialect. */
export function fieldName(field: CorsField, format: CorsJsonFormat): string {
  if (format !== CorsJsonFormat.CLOUDFORMATION) return field;
  switch (field) {
    case 'ExposeHeaders': return 'ExposedHeaders';
    case 'MaxAgeSeconds': return 'MaxAge';
    case 'ID': return 'Id';
    default: return field;
  }
}

/** The XML element name of one entry of a field. */
export const XML_NAMES: Record<CorsField, string> = {
  AllowedHeaders: 'AllowedHeader',
  AllowedMethods: 'AllowedMethod',
  AllowedOrigins: 'AllowedOrigin',
  ExposeHeaders: 'ExposeHeader',
  MaxAgeSeconds: 'MaxAgeSeconds',
  ID: 'ID',
};

/** The top-level key that holds the rules, where the dialect has one. */
export function rulesKey(format: CorsJsonFormat): string | undefined {
  switch (format) {
    case CorsJsonFormat.S3API: return 'CORSRules';
    case CorsJsonFormat.CLOUDFORMATION: return 'CorsRules';
    default: return undefined;
  }
}

/** Where a field lives on aws-cdk-lib's `CorsRule`. */
export const RULE_PROPERTY: Record<CorsField, 'allowedHeaders' | 'allowedMethods' | 'allowedOrigins' | 'exposedHeaders' | 'maxAge' | 'id'> = {
  AllowedHeaders: 'allowedHeaders',
  AllowedMethods: 'allowedMethods',
  AllowedOrigins: 'allowedOrigins',
  ExposeHeaders: 'exposedHeaders',
  MaxAgeSeconds: 'maxAge',
  ID: 'id',
};

/**
 * The field a close-but-wrong key most likely meant: other dialects'
 * spellings, XML's singular names, and any change of case.
 */
export function suggestField(key: string): CorsField | undefined {
  const k = key.toLowerCase().replace(/[^a-z]/g, '');
  const aliases: Record<string, CorsField> = {
    allowedheaders: 'AllowedHeaders',
    allowedheader: 'AllowedHeaders',
    allowheaders: 'AllowedHeaders',
    allowedmethods: 'AllowedMethods',
    allowedmethod: 'AllowedMethods',
    allowmethods: 'AllowedMethods',
    allowedorigins: 'AllowedOrigins',
    allowedorigin: 'AllowedOrigins',
    alloworigins: 'AllowedOrigins',
    exposeheaders: 'ExposeHeaders',
    exposeheader: 'ExposeHeaders',
    exposedheaders: 'ExposeHeaders',
    exposedheader: 'ExposeHeaders',
    maxageseconds: 'MaxAgeSeconds',
    maxage: 'MaxAgeSeconds',
    maxagesecond: 'MaxAgeSeconds',
    id: 'ID',
  };
  // Own keys only: "constructor" is not a field, whatever Object.prototype says.
  return Object.prototype.hasOwnProperty.call(aliases, k) ? aliases[k] : undefined;
}
