/**
 * @module embedded/volsync
 *
 * VolumeSnapshots of the embedded CSI driver's volumes (directory copies under `<stateDir>/snapshots/`; the
 * provisioner of src/embedded/volumes restores claims from them) and VolSync's rsync-TLS
 * ReplicationSource/ReplicationDestination movers, which meet in a transfer area the clusters share
 * (`<stateDir>/../volsync-transfer/`).
 */
export * from './claim-volume.js';
export * from './cron-schedule.js';
export * from './destination-controller.js';
export * from './directory-sync.js';
export * from './paths.js';
export * from './psk.js';
export * from './rsync-mover.js';
export * from './snapshot-controller.js';
export * from './source-controller.js';
export * from './sync-status.js';
export * from './transfer-area.js';
export * from './volsync-agent.js';
