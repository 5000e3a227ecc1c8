/**
 * The API: every kind's schema, TypeScript type and CRD, Ramen's well-known names, the validation library and the
 * plain-JSON helpers they share.
 * Other folders import the API from here only.
 */
export * from './crd-files.js';
export * from './external/index.js';
export * from './json-value.js';
export * from './kind-schema.js';
export * from './ramen/index.js';
export * from './registry.js';
export * from './schema/index.js';
export * from './validation/index.js';
