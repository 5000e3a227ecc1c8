/**
 * Where the embedded CSI driver keeps snapshots on disk: directories beside the volumes
 * (`<stateDir>/snapshots/<snapshotHandle>`), each a point-in-time copy of one volume directory. The snapshotter
 * (src/embedded/volsync) cuts them and the provisioner here restores claims from them, so the paths live with the
 * volumes, which the snapshotter already depends on.
 */
import { join } from 'node:path';

/** The directory holding every snapshot of a cluster. */
export function snapshotsRoot(stateDir: string): string {
  return join(stateDir, 'snapshots');
}

/** The snapshot handle the embedded driver gives the snapshot of a VolumeSnapshot (by its uid). */
export function snapshotHandleFor(snapshotUid: string): string {
  return `ramen-snap-${snapshotUid}`;
}

/** The directory of one snapshot. */
export function snapshotDirectory(stateDir: string, snapshotHandle: string): string {
  if (snapshotHandle === '' || snapshotHandle.includes('/') || snapshotHandle.startsWith('.')) {
    throw new InvalidSnapshotHandleError(`invalid snapshot handle "${snapshotHandle}"`);
  }
  return join(snapshotsRoot(stateDir), snapshotHandle);
}

/** A snapshot handle that cannot name a directory. */
export class InvalidSnapshotHandleError extends Error {
  override readonly name = 'InvalidSnapshotHandleError';
}
