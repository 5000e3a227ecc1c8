/**
 * Where volumes live on disk: one directory per volume under the cluster's state directory, named by the volume
 * handle, so the kubelet (mounting) and storage replication (copying images between clusters) find the same data.
 */
import { join } from 'node:path';
import type { PersistentVolume } from '../../apiserver/builtins/index.js';

/** The directory holding every volume of a cluster. */
export function volumesRoot(stateDir: string): string {
  return join(stateDir, 'volumes');
}

/** The directory of one volume. */
export function volumeDirectory(stateDir: string, volumeHandle: string): string {
  if (volumeHandle === '' || volumeHandle.includes('/') || volumeHandle.startsWith('.')) {
    throw new InvalidVolumeHandleError(`invalid volume handle "${volumeHandle}"`);
  }
  return join(volumesRoot(stateDir), volumeHandle);
}

/** A volume handle that cannot name a directory (empty, a path, a dot file). */
export class InvalidVolumeHandleError extends Error {
  override readonly name = 'InvalidVolumeHandleError';
}

/** The directory of a PV's data when the embedded driver (any CSI driver) serves it; undefined otherwise. */
export function persistentVolumeDirectory(stateDir: string, volume: PersistentVolume): string | undefined {
  const handle = volume.spec?.csi?.volumeHandle;
  return handle === undefined ? undefined : volumeDirectory(stateDir, handle);
}

/** The volume handle the driver gives a provisioned volume (like ceph-csi's `0001-…-<uuid>`, kept readable). */
export function volumeHandleFor(volumeName: string): string {
  return `ramen-vol-${volumeName}`;
}
