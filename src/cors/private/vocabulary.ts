// The words S3 and browsers use for CORS, written once: the methods a CORS
// rule can allow, the ones that write, the ones fetch() upper-cases, and the
// request headers S3 reads to answer CORS. Data only: no checks, no messages.

/** The methods PutBucketCors accepts in AllowedMethods, case-sensitive. */
export const S3_METHODS: readonly string[] = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

/** The S3 methods that write: a `*` origin with these is risky. */
export const WRITE_METHODS: readonly string[] = ['PUT', 'POST', 'DELETE'];

/** The method names fetch() normalises to upper case; others are case-sensitive. */
export const NORMALISED_METHODS: readonly string[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/** The three request headers S3 needs to answer CORS, in their usual spelling. */
export const CORS_REQUEST_HEADERS: readonly string[] = ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'];
