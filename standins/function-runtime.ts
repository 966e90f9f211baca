import * as vm from 'vm';

/** A header as CloudFront Functions see it: lower-case name, `{ value }`. */
export type EventHeaders = Record<string, { value: string }>;

export interface FunctionRequest {
  readonly method: string;
  readonly uri: string;
  readonly headers: EventHeaders;
}

export interface FunctionResponse {
  readonly statusCode: number;
  readonly statusDescription?: string;
  readonly headers: EventHeaders;
  readonly body?: { encoding: string; data: string } | string;
}

/**
 * Runs CloudFront Function code in Node: a fresh `vm` context per function,
 * the code in strict mode (as cloudfront-js-2.0 always is), and events of the
 * documented shape. Not CloudFront's runtime: no faithful local one exists,
 * so the generated code is also held to ECMAScript 5 syntax by acorn and run
 * under Duktape (duktape.ts), an engine with nothing in common with V8.
 */
export class FunctionRuntime {
  private readonly handler: (event: unknown) => unknown;

  constructor(public readonly code: string) {
    const context = vm.createContext({});
    vm.runInContext(`'use strict';\n${code}\n;globalThis.__handler = handler;`, context, { timeout: 1000 });
    this.handler = (context as { __handler: (event: unknown) => unknown }).__handler;
  }

  /** viewer-request: the request to pass on, or a response CloudFront returns at once. */
  public viewerRequest(request: FunctionRequest): { request?: FunctionRequest; response?: FunctionResponse } {
    const out = this.run({ version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '198.51.100.1' }, request: copy(request) }) as Record<string, unknown>;
    return 'statusCode' in out ? { response: out as unknown as FunctionResponse } : { request: out as unknown as FunctionRequest };
  }

  /** viewer-response: the response as the viewer gets it. */
  public viewerResponse(request: FunctionRequest, response: FunctionResponse): FunctionResponse {
    return this.run({ version: '1.0', context: { eventType: 'viewer-response' }, viewer: { ip: '198.51.100.1' }, request: copy(request), response: copy(response) }) as FunctionResponse;
  }

  private run(event: unknown): unknown {
    // Through JSON both ways: plain objects of this realm, as CloudFront serialises the event.
    return JSON.parse(JSON.stringify(this.handler(JSON.parse(JSON.stringify(event)))));
  }
}

function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}

/** Request headers (lower-case names) in CloudFront's event shape, leaving out undefined ones. */
export function eventHeaders(headers: Record<string, string | undefined>): EventHeaders {
  const out: EventHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = { value: v };
  return out;
}

/** Plain `name -> value` from the event shape. */
export function plainHeaders(headers: EventHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.value]));
}
