/**
 * Validation of custom resources against their CRD's structural schema, the way the Kubernetes API server does
 * it: pruning, defaulting, OpenAPI validation, list-type and embedded-resource checks and CEL rules, reported as
 * Kubernetes field errors and Status bodies. Also the checks the API server applies to a CRD's schema itself.
 */
export {
  type AdmitOptions,
  type AdmitResult,
  CompiledSchema,
  compileSchema,
  type FieldValidation,
} from './admission.js';
export { withDefaults } from './default.js';
export {
  duplicateError,
  type FieldError,
  type FieldErrorType,
  fieldErrorBody,
  forbiddenError,
  internalError,
  invalidError,
  NO_FIELD,
  notFoundError,
  notSupportedError,
  renderFieldError,
  requiredError,
  tooLongError,
  tooManyError,
  typeInvalidError,
} from './field-error.js';
export {
  GoLiteral,
  goFloat,
  goFormat,
  goInt,
  goJsonTypeName,
  goKindName,
  goNumber,
  goQuote,
  goSyntax,
  goValue,
} from './go-format.js';
export {
  aggregateFieldErrors,
  aggregateMessages,
  type FailureStatus,
  InvalidObjectError,
  type InvalidStatusDetails,
  type KindIdentity,
  qualifiedKind,
  type StatusCause,
  StrictDecodingError,
} from './invalid-error.js';
export { type PruneResult, pruneCopy } from './prune.js';
export { compileSchemaNode, type SchemaNode } from './schema-node.js';
export { validateAgainstSchema } from './schema-validator.js';
export { validateStructuralSchema } from './structural-schema.js';
