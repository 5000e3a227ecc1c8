export * from './builders.js';
export * from './core.js';
export * from './crd.js';
export * from './kind.js';
export * from './meta.js';
export * from './schema-diff.js';
