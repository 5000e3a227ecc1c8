/**
 * Where the embedded snapshot controller and the VolSync movers keep data on disk. Snapshots are directories beside
 * the volumes (`<stateDir>/snapshots/<snapshotHandle>`), each a point-in-time copy of one volume directory. The
 * rsync-TLS movers of all clusters meet in one transfer area next to the clusters' directories
 * (`<stateDir>/../volsync-transfer/`): a destination publishes its address there and a source resolves it there,
 * the way a real source resolves a Service name through DNS.
 */
import { dirname, join } from 'node:path';

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

/** The transfer area every cluster's movers share: a sibling of the cluster state directories. */
export function transferRoot(stateDir: string): string {
  return join(dirname(stateDir), 'volsync-transfer');
}
