/**
 * @module embedded/storage
 *
 * Replicated storage for the embedded environment, shaped like two Ceph-backed sites: the classes of each cluster
 * as data (mirrored block, snapshot-only file, stretched metro; storage-id and replication-id labels, snapshot and
 * replication classes with `schedulingInterval`), and the csi-addons VolumeReplication and VolumeGroupReplication driver that mirrors volume
 * directories between clusters through a shared pool at `<stateDir>/../storage-pool/`; metro volumes link to one
 * shared image there, and csi-addons NetworkFences cut a site off it.
 */
export * from './consistent-snapshot.js';
export * from './ensure-classes.js';
export * from './group-replication-status.js';
export * from './metro-volume-controller.js';
export * from './metro-volumes.js';
export * from './mirror-copy.js';
export * from './network-fence-controller.js';
export * from './replication-names.js';
export * from './replication-status.js';
export * from './scheduling-interval.js';
export * from './storage-agent.js';
export * from './storage-classes.js';
export * from './storage-pool.js';
export * from './tree-fingerprint.js';
export * from './volume-group-replication-controller.js';
export * from './volume-replication-controller.js';
