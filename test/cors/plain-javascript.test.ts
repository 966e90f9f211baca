// The model's public entry points from plain JavaScript: what TypeScript would
// have refused, said with the value and the way to write it.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { CorsConfiguration, CorsJsonFormat, CorsOrigin, CorsPreset } from '../../src/cors';

const js = (v: unknown) => v as any;

describe('the model from plain JavaScript', () => {
  test('toJson("s3api") is refused with the enum member to use, not silently the console form', () => {
    const config = CorsPreset.READ_ONLY.configuration(['*']);
    expect(() => config.toJson(js('s3api'))).toThrow(/format must be a CorsJsonFormat \(CorsJsonFormat.CONSOLE, CorsJsonFormat.S3API, CorsJsonFormat.CLOUDFORMATION\), got the string "s3api"\. Write CorsJsonFormat\.S3API\./);
    // The enum's own value is what a JavaScript user gets from CorsJsonFormat.S3API.
    expect(JSON.parse(config.toJson(js('S3API')))).toHaveProperty('CORSRules');
    expect(config.toJson(CorsJsonFormat.S3API)).toBe(config.toJson(js('S3API')));
  });

  test('fromJson of an already parsed object says to stringify it', () => {
    expect(() => CorsConfiguration.fromJson(js([{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }])))
      .toThrow('CorsConfiguration.fromJson(text): text must be the JSON text as a string, got an array of 1. To read a parsed value, pass JSON.stringify(value).');
  });

  test('fromRules with a non-list field is refused; a missing field is a finding, and evaluate does not throw', () => {
    expect(() => CorsConfiguration.fromRules(js([{ allowedMethods: ['GET'], allowedOrigins: 'https://a.example' }])))
      .toThrow('rules[0].allowedOrigins must be a list of strings such as ["https://app.example.com"], got the string "https://a.example". Write ["https://a.example"].');
    const missing = CorsConfiguration.fromRules(js([{ allowedMethods: ['GET'] }, {}]));
    expect(missing.validate().map(f => f.code)).toEqual(expect.arrayContaining(['missing-allowed-origins', 'missing-allowed-methods']));
    const answer = missing.evaluate({ method: 'GET', origin: 'https://a.example' });
    expect(answer.allowed).toBe(false);
  });

  test('evaluate with a request that is not an object names the shape', () => {
    const config = CorsPreset.READ_ONLY.configuration(['*']);
    expect(() => config.evaluate(js('GET'))).toThrow('CorsConfiguration.evaluate(request): request must be an object such as { method: "GET", origin: "https://app.example.com" }, got the string "GET".');
  });

  test('CorsOrigin factories name their arguments', () => {
    expect(() => CorsOrigin.https(js(undefined))).toThrow('CorsOrigin.https(host, port): host must be a string such as "app.example.com", got undefined.');
    expect(() => CorsOrigin.localhost(js('3000'))).toThrow('CorsOrigin.localhost(port, host): port must be a number such as 3000, got the string "3000". Write 3000 without quotes.');
    expect(() => CorsPreset.custom('mine', js({ allowedMethods: 'GET' }))).toThrow('props.allowedMethods must be a list of strings');
  });

  test('control characters in a value are escaped in the message', () => {
    expect(() => CorsOrigin.exact(js(['\u001b[31mred']))).toThrow('got an array of 1');
  });
});
