import { escapeControls, quote } from '../../common/quote';
import { CheckFinding, CheckRule } from '../rule';

export const BUCKET_NOT_SEEN = 'cdk-s3-cors:distribution-bucket-not-seen';

/**
 * An S3 origin whose bucket no template read defines (imported with
 * Bucket.fromBucketName or fromBucketArn, or the export of a stack not read):
 * its CORS cannot be seen, so nothing is said about it but how to check it live.
 */
export const bucketNotSeen: CheckRule = {
  id: BUCKET_NOT_SEEN,
  ids: [BUCKET_NOT_SEEN],
  summary: 'an S3 origin whose bucket is defined in no template read (an imported bucket): its CORS cannot be seen; probe it once deployed',
  check(facts): CheckFinding[] {
    return facts.unseenBuckets.map(o => {
      const host = o.alias === undefined ? '<distribution domain>' : escapeControls(o.alias);
      return {
        ruleId: BUCKET_NOT_SEEN,
        severity: 'info',
        logicalId: o.distributionId,
        path: o.path,
        message: `${o.distributionId} origin ${quote(o.originId)}: ${o.reason}. So the bucket's CORS rules cannot be seen from the templates, and this origin's CORS setup is not checked. `
          + `Check what it answers once deployed: cdk-s3-cors probe https://${host}/<key of an object> --origin https://<your site>`,
      };
    });
  },
};
