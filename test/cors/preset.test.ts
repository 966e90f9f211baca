import { HttpMethods } from 'aws-cdk-lib/aws-s3';
import { CorsPreset } from '../../src';

describe('CorsPreset', () => {
  test('READ_ONLY from "*" renders the published configuration exactly', () => {
    expect(JSON.stringify(JSON.parse(CorsPreset.READ_ONLY.configuration(['*']).toJson())))
      .toBe('[{"AllowedHeaders":["*"],"AllowedMethods":["GET","HEAD"],"AllowedOrigins":["*"],"ExposeHeaders":[],"MaxAgeSeconds":3000}]');
  });

  test('FORM_POST renders the published form-post rule exactly', () => {
    const c = CorsPreset.FORM_POST.configuration(['https://example.com', 'https://staging.example.com']);
    expect(JSON.parse(c.toJson())).toEqual([{
      AllowedHeaders: ['Content-Type'],
      AllowedMethods: ['GET', 'HEAD', 'POST'],
      AllowedOrigins: ['https://example.com', 'https://staging.example.com'],
      ExposeHeaders: ['x-amz-request-id'],
      MaxAgeSeconds: 3000,
    }]);
  });

  test('PRESIGNED_UPLOAD exposes ETag, allows PUT and POST, and validates clean for explicit origins', () => {
    const c = CorsPreset.PRESIGNED_UPLOAD.configuration(['https://app.example.com']);
    expect(c.rules[0].allowedMethods).toEqual(['PUT', 'POST']);
    expect(c.rules[0].exposedHeaders).toContain('ETag');
    expect(c.validate()).toEqual([]);
  });

  test('with() replaces only what it is given; an empty list clears', () => {
    const p = CorsPreset.READ_ONLY.withChanges({ maxAgeSeconds: 600, allowedHeaders: [] });
    expect(p.rule(['*'])).toEqual({ allowedMethods: ['GET', 'HEAD'], allowedOrigins: ['*'], allowedHeaders: [], exposedHeaders: [], maxAge: 600 });
    expect(CorsPreset.READ_ONLY.props.maxAgeSeconds).toBe(3000);
  });

  test('custom() is the escape hatch', () => {
    const p = CorsPreset.custom('delete', { allowedMethods: [HttpMethods.DELETE], id: 'cleanup' });
    expect(p.rule(['https://admin.example.com'])).toEqual({ allowedMethods: ['DELETE'], allowedOrigins: ['https://admin.example.com'], id: 'cleanup' });
  });

  test('fromName() finds every preset by name and fails listing the names', () => {
    for (const p of CorsPreset.all()) expect(CorsPreset.fromName(p.name)).toBe(p);
    expect(() => CorsPreset.fromName('readonly')).toThrow('Unknown CORS preset "readonly". Choose one of: read-only, upload, upload-with-read, form-post.');
  });
});
