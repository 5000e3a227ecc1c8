/**
 * @module apiserver/registry
 *
 * The semantics core of the embedded API server: the resources it serves (built-ins and CRDs), create/update/
 * patch/delete with Kubernetes' metadata rules, validation, subresources, finalizers, garbage collection, namespace
 * lifecycle and CRD establishment, all as transport-free calls (`ApiRegistry`, contract.ts). The HTTP layer routes
 * requests to it and renders its answers and `StatusError`s.
 */

export { type RegistryOptions, ResourceRegistry } from './api-registry.js';
export * from './contract.js';
export type { ControllerFailure } from './controller-queue.js';
export { MappedWatchStream } from './mapped-watch.js';
export { DEFAULT_NAMESPACES, IMMORTAL_NAMESPACES } from './namespace-lifecycle.js';
export { toApiError } from './status-errors.js';
