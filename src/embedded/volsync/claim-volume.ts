/**
 * From a claim to the directory of its data: the claim must be Bound to a volume of the embedded CSI driver.
 * Snapshots and the movers start here.
 */
import {
  type PersistentVolume,
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
} from '../../apiserver/builtins/index.js';
import type { Cluster } from '../../runtime/index.js';
import { isRamenCsiDriver, persistentVolumeDirectory } from '../volumes/index.js';

/** A bound claim of the embedded driver with its volume and directory. */
export interface ClaimVolume {
  claim: PersistentVolumeClaim;
  volume: PersistentVolume;
  directory: string;
}

/** Why a claim has no usable volume yet. */
export type ClaimVolumeProblem = 'ClaimNotFound' | 'NotBound' | 'VolumeNotFound' | 'ForeignDriver';

/** The claim's volume and directory, or why there is none (yet). */
export async function claimVolume(
  cluster: Cluster,
  stateDir: string,
  namespace: string,
  name: string,
): Promise<ClaimVolume | ClaimVolumeProblem> {
  const claim = await cluster.cache.get(PersistentVolumeClaimKind, { namespace, name });
  if (claim === undefined) return 'ClaimNotFound';
  const volumeName = claim.spec?.volumeName;
  if (claim.status?.phase !== 'Bound' || !volumeName) return 'NotBound';
  const volume = await cluster.cache.get(PersistentVolumeKind, { name: volumeName });
  if (volume === undefined) return 'VolumeNotFound';
  if (!isRamenCsiDriver(volume.spec?.csi?.driver)) return 'ForeignDriver';
  const directory = persistentVolumeDirectory(stateDir, volume);
  if (directory === undefined) return 'ForeignDriver';
  return { claim, volume, directory };
}
