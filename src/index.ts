export * from './cors';
export * from './public-assets-bucket';
export * from './upload-bucket';
export * from './cloudfront-cors-distribution';
