export * from './types';
export * from './configuration';
