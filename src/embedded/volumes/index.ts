/**
 * @module embedded/volumes
 *
 * Storage on a managed cluster of the embedded environment: the embedded CSI driver's storage classes (as data),
 * the provisioner that gives each claim a volume backed by a directory under `<stateDir>/volumes/<volumeHandle>`,
 * and the PersistentVolume controller's binding, release and reclaim, with pv/pvc protection.
 */
export * from './claim-binding.js';
export { claimController, podClaimNames } from './claim-controller.js';
export * from './storage-classes.js';
export * from './volume-agent.js';
export { volumeController } from './volume-controller.js';
export * from './volume-paths.js';
