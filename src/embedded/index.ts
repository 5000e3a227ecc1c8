/**
 * @module embedded
 *
 * The embedded environment: the parts the real world supplies to the operators, run on one machine. Operator code
 * never imports from here.
 */

export * from './environment/index.js';
export * from './s3/index.js';
