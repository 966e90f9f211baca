// How the model builds a finding: place, wording, S3's reaction (rejects or
// not, its error code). Not the checks that decide there is one.
import { CorsFinding, CorsFindingSeverity } from '../types';
import { CorsField } from './fields';
import { escapeControls } from '../../common/quote';

/** Where in a configuration a finding points. */
export interface FindingPlace {
  readonly ruleIndex?: number;
  readonly field?: CorsField;
  readonly valueIndex?: number;
}

/** How S3 reacts to what a finding describes. */
export interface S3Reaction {
  readonly s3Rejects: boolean;
  readonly s3ErrorCode?: string;
}

export const ACCEPTED: S3Reaction = { s3Rejects: false };
export const REJECTED: S3Reaction = { s3Rejects: true };
export const INVALID_REQUEST: S3Reaction = { s3Rejects: true, s3ErrorCode: 'InvalidRequest' };
export const MALFORMED_XML: S3Reaction = { s3Rejects: true, s3ErrorCode: 'MalformedXML' };

/** Messages quote values from the input: control characters in them are escaped, so a message stays one line. */
export function errorFinding(code: string, message: string, place: FindingPlace, s3: S3Reaction): CorsFinding {
  return strip({ severity: CorsFindingSeverity.ERROR, code, message: escapeControls(message), ...place, ...s3 });
}

export function warningFinding(code: string, message: string, place: FindingPlace): CorsFinding {
  return strip({ severity: CorsFindingSeverity.WARNING, code, message: escapeControls(message), ...place, s3Rejects: false });
}

/** "rule 2 AllowedOrigins[1]": how a message about one value of a list starts. */
export function where(place: { ruleIndex: number; field: string; valueIndex: number }): string {
  return `rule ${place.ruleIndex} ${place.field}[${place.valueIndex}]`;
}

function strip(f: CorsFinding): CorsFinding {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v !== undefined) out[k] = v;
  }
  return out as unknown as CorsFinding;
}
