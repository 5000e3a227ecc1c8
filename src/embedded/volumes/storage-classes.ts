/**
 * The storage classes the embedded CSI driver serves, as data: the environment creates them on each managed cluster
 * at start (when absent), and later storage flavours (regional block classes with mirroring, a file class, a metro
 * class) add definitions to the list rather than new code. Every provisioner named `<kind>.csi.ramen.local` belongs
 * to the embedded driver.
 */
import { DEFAULT_CLASS_ANNOTATION, type StorageClass } from '../../apiserver/builtins/index.js';

/** The suffix of every provisioner (CSI driver name) the embedded driver answers to. */
export const RAMEN_CSI_DRIVER_SUFFIX = '.csi.ramen.local';
/** The block (RBD-like) driver: regional and metro block classes use it. */
export const RBD_CSI_DRIVER = `rbd${RAMEN_CSI_DRIVER_SUFFIX}`;
/** The file (CephFS-like) driver, for ReadWriteMany classes. */
export const CEPHFS_CSI_DRIVER = `cephfs${RAMEN_CSI_DRIVER_SUFFIX}`;

/** One storage class as the environment declares it. */
export interface StorageClassDefinition {
  name: string;
  provisioner: string;
  /** @default 'Delete' */
  reclaimPolicy?: 'Delete' | 'Retain';
  /** Marks the class as the cluster's default. @default false */
  isDefault?: boolean;
  /** Labels (Ramen reads `ramendr.openshift.io/storageid` and `replicationid` labels from classes). */
  labels?: Readonly<Record<string, string>>;
  parameters?: Readonly<Record<string, string>>;
  /** @default true */
  allowVolumeExpansion?: boolean;
}

/** The default block class every managed cluster gets. */
export const DEFAULT_BLOCK_STORAGE_CLASS: StorageClassDefinition = {
  name: 'ramen-block',
  provisioner: RBD_CSI_DRIVER,
  reclaimPolicy: 'Delete',
  isDefault: true,
  parameters: { pool: 'replicapool', imageFormat: '2' },
};

/** The classes created on every managed cluster unless the environment passes its own list. */
export const DEFAULT_STORAGE_CLASSES: readonly StorageClassDefinition[] = [DEFAULT_BLOCK_STORAGE_CLASS];

/** Whether a provisioner (CSI driver) name belongs to the embedded driver. */
export function isRamenCsiDriver(provisioner: string | undefined): boolean {
  return provisioner?.endsWith(RAMEN_CSI_DRIVER_SUFFIX) === true;
}

/** The StorageClass object of a definition. */
export function storageClassObject(definition: StorageClassDefinition): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: definition.name,
      ...(definition.labels !== undefined && { labels: { ...definition.labels } }),
      ...(definition.isDefault === true && { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } }),
    },
    provisioner: definition.provisioner,
    reclaimPolicy: definition.reclaimPolicy ?? 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: definition.allowVolumeExpansion ?? true,
    ...(definition.parameters !== undefined && { parameters: { ...definition.parameters } }),
  };
}
