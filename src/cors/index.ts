export * from './types';
export * from './configuration';
export * from './origin';
export * from './preset';
