// CloudFront Functions as users write them (cloudfront-js-2.0), for the tests
// of what the checks read from code: some answer CORS, some only talk about it.

/** Rewrites directory URLs to index.html; "OPTIONS" and "statusCode" only in comments. */
export const INDEX_REWRITE = `// Rewrites /docs/ and /docs to /docs/index.html.
// OPTIONS requests (CORS preflights) are not touched here: S3 answers them.
// (No statusCode is ever returned: this function only changes the URI.)
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri += 'index.html';
  } else if (!uri.includes('.')) {
    request.uri += '/index.html';
  }
  return request;
}
`;

/** Adds security headers; mentions Access-Control-Allow-Origin and Vary only in comments and a log line. */
export const SECURITY_HEADERS = `// Security headers for every response.
// Note: access-control-allow-origin is set by S3's CORS rules, not here;
// headers['access-control-allow-origin'] and Vary stay as S3 sent them.
function handler(event) {
  var response = event.response;
  var headers = response.headers;
  headers['strict-transport-security'] = { value: 'max-age=63072000; includeSubdomains; preload' };
  headers['x-content-type-options'] = { value: 'nosniff' };
  headers['x-frame-options'] = { value: 'DENY' };
  headers['referrer-policy'] = { value: 'same-origin' };
  if (!headers['access-control-allow-origin']) console.log('no access-control-allow-origin from S3');
  return response;
}
`;

/** The same security headers written in a loop over an object literal. */
export const SECURITY_HEADERS_LOOP = `var SECURITY = {
  'strict-transport-security': 'max-age=63072000',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY'
};
function handler(event) {
  var response = event.response;
  for (var name in SECURITY) {
    response.headers[name] = { value: SECURITY[name] };
  }
  return response;
}
`;

/** Answers preflights itself at viewer request: 204 with the CORS headers. */
export const PREFLIGHT_ANSWER = `var ALLOWED = ['https://app.example.com', 'https://admin.example.com'];

function handler(event) {
  var request = event.request;
  if (request.method === 'OPTIONS') {
    var origin = request.headers.origin && request.headers.origin.value;
    if (ALLOWED.indexOf(origin) < 0) {
      return { statusCode: 403, statusDescription: 'Forbidden' };
    }
    return {
      statusCode: 204,
      statusDescription: 'No Content',
      headers: {
        'access-control-allow-origin': { value: origin },
        'access-control-allow-methods': { value: 'GET, HEAD, PUT' },
        'access-control-allow-headers': { value: 'content-type' },
        'access-control-max-age': { value: '600' },
        'vary': { value: 'Origin' }
      }
    };
  }
  return request;
}
`;

/** Sets Access-Control-Allow-Origin on responses for allowed origins, and Vary on all. */
export const ALLOW_ORIGIN_HEADER = `var ALLOWED = ['https://app.example.com', 'https://admin.example.com'];

function handler(event) {
  var request = event.request;
  var response = event.response;
  var origin = request.headers.origin ? request.headers.origin.value : undefined;
  if (origin !== undefined && ALLOWED.indexOf(origin) >= 0) {
    response.headers['access-control-allow-origin'] = { value: origin };
  }
  response.headers.vary = { value: 'Origin' };
  return response;
}
`;

/** CORS headers from an object of headers, assigned in a loop (Object.keys(...).forEach). */
export const CORS_HEADERS_LOOP = `const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'etag',
  'vary': 'Origin'
};

async function handler(event) {
  const response = event.response;
  Object.keys(CORS).forEach(function (name) {
    response.headers[name] = { value: CORS[name] };
  });
  return response;
}
`;

/** Header names taken from the request: nothing in the code says which. */
export const DYNAMIC_HEADERS = `function handler(event) {
  var response = event.response;
  var q = event.request.querystring;
  if (q.h) response.headers[q.h.value.toLowerCase()] = { value: q.v ? q.v.value : '' };
  return response;
}
`;

/** Does not parse (a brace missing). */
export const BROKEN = `function handler(event) {
  var request = event.request;
  if (request.method === 'OPTIONS') {
    return { statusCode: 204 };
  return request;
`;
