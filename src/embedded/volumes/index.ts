/**
 * @module embedded/volumes
 *
 * Storage on a managed cluster of the embedded environment: the embedded CSI driver's storage classes (as data),
 * the provisioner that gives each claim a volume backed by a directory under `<stateDir>/volumes/<volumeHandle>`
 * (filled from a VolumeSnapshot's directory under `<stateDir>/snapshots/`, or from a cloned claim's volume, before
 * it is bound), and the PersistentVolume controller's binding, release and reclaim, with pv/pvc protection.
 */
export * from './claim-binding.js';
export { claimController, DATA_SOURCE_RETRY_MS, podClaimNames } from './claim-controller.js';
export * from './claim-data-source.js';
export * from './data-source-resolver.js';
export * from './resource-served.js';
export * from './snapshot-paths.js';
export * from './storage-classes.js';
export * from './volume-agent.js';
export { volumeController } from './volume-controller.js';
export * from './volume-paths.js';
export * from './volume-population.js';
