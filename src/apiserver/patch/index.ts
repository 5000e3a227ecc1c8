/**
 * Patch semantics of the embedded API server, free of any transport: JSON patch, merge patch, strategic merge
 * patch, and server-side apply with managedFields. Everything works on plain JSON objects and returns new ones.
 */
export {
  containerPatchMeta,
  objectMetaPatchMeta,
  podSpecPatchMeta,
  podTemplateSpecPatchMeta,
} from './core-patch-meta.js';
export {
  type ApplyConflict,
  ApplyConflictError,
  GENERIC_UNPROCESSABLE_MESSAGE,
  PatchError,
  type PatchErrorOptions,
  type PatchStatusReason,
  type StatusCause,
} from './errors.js';
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
export {
  type KindStructure,
  type ListType,
  structureFromPatchMeta,
  structureFromSchema,
} from './kind-structure.js';
export { KUBECTL_APPLY_MANAGER, LAST_APPLIED_ANNOTATION } from './last-applied.js';
export { MAX_UPDATE_MANAGERS, type ManagedFieldsOperation } from './managed-fields.js';
export { applyMergePatch, applyMergePatchToObject } from './merge-patch.js';
export { fieldPatchMeta, type PatchMeta, type PatchStrategy } from './patch-meta.js';
export { recordUpdate, type UpdateOptions } from './record-update.js';
export {
  type ApplyOptions,
  type ApplyResult,
  applyPatch,
  BEFORE_FIRST_APPLY_MANAGER,
} from './server-side-apply.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
