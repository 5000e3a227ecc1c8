/**
 * The classes of the embedded storage, as data, shaped like a pair of Ceph-backed sites: a mirrored block class
 * (regional DR through VolumeReplication, the cluster default), a file class with snapshots only (no replication
 * class, so Ramen protects its claims with VolSync), and a metro block class on a pool stretched over both sites
 * (the same storage id everywhere, so Ramen pairs it as a sync peer class). Storage ids differ per cluster for the
 * regional classes, which is why the definitions are a function of the cluster name.
 */
import type {
  NetworkFenceClass,
  VolumeGroupReplicationClass,
  VolumeReplicationClass,
  VolumeSnapshotClass,
} from '../../api/index.js';
import {
  CEPHFS_CSI_DRIVER,
  DEFAULT_BLOCK_STORAGE_CLASS,
  RBD_CSI_DRIVER,
  type StorageClassDefinition,
} from '../volumes/storage-classes.js';

/** The label Ramen reads for the storage backing a class (same value on two clusters: metro). */
export const STORAGE_ID_LABEL = 'ramendr.openshift.io/storageid';
/** The label pairing replication classes of two clusters (same value: the classes replicate to each other). */
export const REPLICATION_ID_LABEL = 'ramendr.openshift.io/replicationid';
/** The label pairing group replication classes of two clusters. */
export const GROUP_REPLICATION_ID_LABEL = 'ramendr.openshift.io/groupreplicationid';
/** Marks the default replication class of a driver (csi-addons). */
export const DEFAULT_REPLICATION_CLASS_ANNOTATION = 'replication.storage.openshift.io/is-default-class';
/** Marks the default snapshot class of a driver. */
const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';

/** The name of the mirrored block class (the cluster default; same name as the volumes agent's default). */
export const BLOCK_STORAGE_CLASS_NAME = DEFAULT_BLOCK_STORAGE_CLASS.name;
/** The name of the file class (snapshots only). */
export const FILE_STORAGE_CLASS_NAME = 'ramen-file';
/** The name of the metro class (stretched pool). */
export const METRO_STORAGE_CLASS_NAME = 'ramen-metro';
/** The storage id of the stretched pool, shared by every cluster. */
export const METRO_STORAGE_ID = 'ramen-rbd-stretched';
/** The stretched pool (the `pool` parameter of the metro class, copied into its volumes' attributes). */
export const METRO_POOL = 'stretchedpool';
/** The replication id shared by the block replication classes of every cluster. */
export const BLOCK_REPLICATION_ID = 'ramen-rbd-mirror';
/** The group replication id shared by the block group replication classes of every cluster. */
export const BLOCK_GROUP_REPLICATION_ID = 'ramen-rbd-group-mirror';
/** The replication schedules offered (VRC `schedulingInterval`); Ramen picks the one equal to the policy's. */
export const SCHEDULING_INTERVALS = ['1m', '5m'] as const;

/** The storage id of a cluster's regional block pool. */
export function blockStorageId(clusterName: string): string {
  return `ramen-rbd-${clusterName}`;
}

/** The storage id of a cluster's file system. */
export function fileStorageId(clusterName: string): string {
  return `ramen-cephfs-${clusterName}`;
}

/** Every class object one cluster gets. */
export interface StorageClassSet {
  storageClasses: readonly StorageClassDefinition[];
  snapshotClasses: readonly VolumeSnapshotClass[];
  replicationClasses: readonly VolumeReplicationClass[];
  groupReplicationClasses: readonly VolumeGroupReplicationClass[];
  networkFenceClasses: readonly NetworkFenceClass[];
}

/** The storage classes of one cluster (the block class is the default). */
export function storageClassDefinitions(clusterName: string): StorageClassDefinition[] {
  return [
    {
      ...DEFAULT_BLOCK_STORAGE_CLASS,
      labels: { [STORAGE_ID_LABEL]: blockStorageId(clusterName) },
    },
    {
      name: FILE_STORAGE_CLASS_NAME,
      provisioner: CEPHFS_CSI_DRIVER,
      reclaimPolicy: 'Delete',
      labels: { [STORAGE_ID_LABEL]: fileStorageId(clusterName) },
      parameters: { fsName: 'myfs', pool: 'myfs-replicated' },
    },
    {
      name: METRO_STORAGE_CLASS_NAME,
      provisioner: RBD_CSI_DRIVER,
      reclaimPolicy: 'Delete',
      labels: { [STORAGE_ID_LABEL]: METRO_STORAGE_ID },
      parameters: { pool: METRO_POOL, imageFormat: '2' },
    },
  ];
}

function snapshotClass(
  name: string,
  driver: string,
  storageId: string,
  isDefault: boolean,
): VolumeSnapshotClass {
  return {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshotClass',
    metadata: {
      name,
      labels: { [STORAGE_ID_LABEL]: storageId },
      ...(isDefault && { annotations: { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: 'true' } }),
    },
    driver,
    deletionPolicy: 'Delete',
  };
}

/** The snapshot classes of one cluster: one per storage (block, file, metro). */
export function snapshotClassDefinitions(clusterName: string): VolumeSnapshotClass[] {
  return [
    snapshotClass('ramen-block-snapclass', RBD_CSI_DRIVER, blockStorageId(clusterName), true),
    snapshotClass('ramen-file-snapclass', CEPHFS_CSI_DRIVER, fileStorageId(clusterName), true),
    snapshotClass('ramen-metro-snapclass', RBD_CSI_DRIVER, METRO_STORAGE_ID, false),
  ];
}

/** The name of the block replication class with a schedule. */
export function replicationClassName(interval: string): string {
  return `ramen-rbd-vrc-${interval}`;
}

/** The replication classes of one cluster: the block class mirrored at each offered schedule. */
export function replicationClassDefinitions(clusterName: string): VolumeReplicationClass[] {
  return SCHEDULING_INTERVALS.map((interval) => ({
    apiVersion: 'replication.storage.openshift.io/v1alpha1',
    kind: 'VolumeReplicationClass',
    metadata: {
      name: replicationClassName(interval),
      labels: {
        [STORAGE_ID_LABEL]: blockStorageId(clusterName),
        [REPLICATION_ID_LABEL]: BLOCK_REPLICATION_ID,
      },
    },
    spec: {
      provisioner: RBD_CSI_DRIVER,
      parameters: { mirroringMode: 'snapshot', schedulingInterval: interval },
    },
  }));
}

/** The group replication classes of one cluster (block, at each offered schedule). */
export function groupReplicationClassDefinitions(clusterName: string): VolumeGroupReplicationClass[] {
  return SCHEDULING_INTERVALS.map((interval) => ({
    apiVersion: 'replication.storage.openshift.io/v1alpha1',
    kind: 'VolumeGroupReplicationClass',
    metadata: {
      name: `ramen-rbd-vgrc-${interval}`,
      labels: {
        [STORAGE_ID_LABEL]: blockStorageId(clusterName),
        [GROUP_REPLICATION_ID_LABEL]: BLOCK_GROUP_REPLICATION_ID,
      },
    },
    spec: {
      provisioner: RBD_CSI_DRIVER,
      parameters: { mirroringMode: 'snapshot', schedulingInterval: interval },
    },
  }));
}

/** The fence class of the block driver (metro fencing), naming the cluster as its storage cluster id. */
export function networkFenceClassDefinitions(clusterName: string): NetworkFenceClass[] {
  return [
    {
      apiVersion: 'csiaddons.openshift.io/v1alpha1',
      kind: 'NetworkFenceClass',
      metadata: { name: 'ramen-rbd-fence', labels: { [STORAGE_ID_LABEL]: METRO_STORAGE_ID } },
      spec: { provisioner: RBD_CSI_DRIVER, parameters: { clusterID: clusterName } },
    },
  ];
}

/**
 * Every class of one cluster. Group replication classes can be left out (`groupReplication: false`): Ramen picks
 * group replication for consistency groups only when they exist.
 */
export function storageClassSet(
  clusterName: string,
  options: { groupReplication?: boolean } = {},
): StorageClassSet {
  return {
    storageClasses: storageClassDefinitions(clusterName),
    snapshotClasses: snapshotClassDefinitions(clusterName),
    replicationClasses: replicationClassDefinitions(clusterName),
    groupReplicationClasses:
      options.groupReplication === false ? [] : groupReplicationClassDefinitions(clusterName),
    networkFenceClasses: networkFenceClassDefinitions(clusterName),
  };
}
