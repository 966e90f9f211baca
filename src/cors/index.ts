// The model's public face: what users of the package import (re-exported by
// src/index.ts). Not for the rest of the house's internals: those use ./internal.ts.
export * from './types';
export * from './configuration';
export * from './origin';
export * from './preset';
