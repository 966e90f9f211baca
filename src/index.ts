export * from './cors';
export * from './cors-bucket-props';
export * from './public-assets-bucket';
export * from './upload-bucket';
export * from './cloudfront-cors-distribution';
export { S3CorsChecks } from './checks/s3-cors-checks';
