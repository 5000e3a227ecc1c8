/**
 * The provisioner's `getVolumeContentSource` for the embedded driver: from a claim's data source to the directory
 * whose data the new volume starts with, or the reason it cannot be provisioned yet. A VolumeSnapshot must exist in
 * the claim's namespace, not be being deleted, be readyToUse, be at most as big as the claim, belong to the claim's
 * driver (when its VolumeSnapshotContent says) and have its data on this cluster. A cloned claim must be Bound, in the
 * same class and volume mode, to a volume of the embedded driver, and at most as big as the claim. Every refusal is
 * temporary: the claim stays Pending and is retried, so a volume is never bound empty in place of its source.
 */
import { type VolumeSnapshot, VolumeSnapshotContentKind, VolumeSnapshotKind } from '../../api/index.js';
import {
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
  type StorageClass,
} from '../../apiserver/builtins/index.js';
import { isNotFound } from '../../kube/index.js';
import type { Cluster } from '../../runtime/index.js';
import { claimClassName, storageBytes } from './claim-binding.js';
import type { ClaimDataSource } from './claim-data-source.js';
import { snapshotDirectory, snapshotHandleFor } from './snapshot-paths.js';
import { isRamenCsiDriver } from './storage-classes.js';
import { persistentVolumeDirectory } from './volume-paths.js';
import { pathExists } from './volume-population.js';

/** Which snapshot kinds the cluster serves (checked when the storage agent starts). */
export interface SnapshotServing {
  /** Whether VolumeSnapshots are served (without them no claim can be restored from one). */
  snapshots: boolean;
  /** Whether VolumeSnapshotContents are served (otherwise a snapshot's handle follows from its uid). */
  contents: boolean;
}

/** Where a new volume's data comes from, or why it cannot be provisioned yet. */
export type DataSourceResolution = { directory: string } | { waiting: string };

/** Resolves claims' data sources on one cluster; see the module comment. */
export class DataSourceResolver {
  readonly #cluster: () => Cluster;
  readonly #stateDir: string;
  readonly #serving: SnapshotServing;

  constructor(cluster: () => Cluster, stateDir: string, serving: SnapshotServing) {
    this.#cluster = cluster;
    this.#stateDir = stateDir;
    this.#serving = serving;
  }

  /** The directory to fill the claim's volume from, or why there is none (yet). */
  async resolve(
    claim: PersistentVolumeClaim,
    source: ClaimDataSource,
    storageClass: StorageClass,
  ): Promise<DataSourceResolution> {
    if (source.kind === 'VolumeSnapshot') return this.#snapshot(claim, source.name, storageClass);
    if (source.kind === 'PersistentVolumeClaim') return this.#clone(claim, source.name);
    return {
      waiting: `data source ${source.description} is not handled by the provisioner, assuming an external populator will provision it`,
    };
  }

  async #snapshot(
    claim: PersistentVolumeClaim,
    name: string,
    storageClass: StorageClass,
  ): Promise<DataSourceResolution> {
    if (!this.#serving.snapshots)
      return { waiting: `VolumeSnapshots are not served, cannot restore ${name}` };
    const namespace = claim.metadata.namespace ?? '';
    const snapshot = await this.#cluster().cache.get(VolumeSnapshotKind, { namespace, name });
    if (snapshot === undefined) return { waiting: `snapshot ${name} not found` };
    if (snapshot.metadata.deletionTimestamp !== undefined) {
      return { waiting: `snapshot ${name} is currently being deleted` };
    }
    if (snapshot.status?.readyToUse !== true) return { waiting: `snapshot ${name} is not Ready` };
    const tooSmall = sizeProblem(claim, snapshot.status.restoreSize, `source snapshot ${name}`);
    if (tooSmall !== undefined) return { waiting: tooSmall };
    const handle = await this.#snapshotHandle(snapshot, storageClass);
    if ('waiting' in handle) return handle;
    const directory = snapshotDirectory(this.#stateDir, handle.handle);
    if (!(await pathExists(directory))) {
      return { waiting: `snapshot ${name} has no data on this cluster (${directory})` };
    }
    return { directory };
  }

  /** The snapshot's handle: its content's when contents are served, else the one the snapshotter derives. */
  async #snapshotHandle(
    snapshot: VolumeSnapshot,
    storageClass: StorageClass,
  ): Promise<{ handle: string } | { waiting: string }> {
    const name = snapshot.metadata.name ?? '';
    const contentName = snapshot.status?.boundVolumeSnapshotContentName;
    if (!this.#serving.contents || !contentName)
      return { handle: snapshotHandleFor(snapshot.metadata.uid ?? '') };
    const cached = await this.#cluster().cache.get(VolumeSnapshotContentKind, { name: contentName });
    const content = cached?.status?.snapshotHandle ? cached : await this.#liveContent(contentName);
    if (content === undefined)
      return { waiting: `snapshot content ${contentName} of snapshot ${name} not found` };
    if (content.spec.driver !== storageClass.provisioner) {
      return {
        waiting: `snapshot ${name} was taken by driver ${content.spec.driver}, not by ${storageClass.provisioner ?? ''}`,
      };
    }
    const handle = content.status?.snapshotHandle;
    return handle ? { handle } : { waiting: `snapshot content ${contentName} has no snapshot handle` };
  }

  async #liveContent(name: string) {
    try {
      return await this.#cluster().client.get(VolumeSnapshotContentKind, { name });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async #clone(claim: PersistentVolumeClaim, name: string): Promise<DataSourceResolution> {
    const cluster = this.#cluster();
    const namespace = claim.metadata.namespace ?? '';
    const source = await cluster.cache.get(PersistentVolumeClaimKind, { namespace, name });
    if (source === undefined) return { waiting: `source claim ${namespace}/${name} not found` };
    if (source.metadata.deletionTimestamp !== undefined) {
      return { waiting: `source claim ${namespace}/${name} is being deleted` };
    }
    const volumeName = source.spec?.volumeName;
    if (source.status?.phase !== 'Bound' || !volumeName) {
      return { waiting: `source claim ${namespace}/${name} is not bound` };
    }
    if (claimClassName(source) !== claimClassName(claim)) {
      return {
        waiting: `the source PVC and destination PVCs must be in the same storage class for cloning. Source is in ${claimClassName(source)}, but new PVC is in ${claimClassName(claim)}`,
      };
    }
    const sourceMode = source.spec?.volumeMode ?? 'Filesystem';
    const mode = claim.spec?.volumeMode ?? 'Filesystem';
    if (sourceMode !== mode) {
      return {
        waiting: `the source PVC and destination PVCs must have the same volume mode for cloning. Source is ${sourceMode}, but new PVC is ${mode}`,
      };
    }
    const tooSmall = sizeProblem(claim, source.status?.capacity?.storage, `source claim ${name}`);
    if (tooSmall !== undefined) return { waiting: tooSmall };
    const volume = await cluster.cache.get(PersistentVolumeKind, { name: volumeName });
    const directory =
      volume !== undefined && isRamenCsiDriver(volume.spec?.csi?.driver)
        ? persistentVolumeDirectory(this.#stateDir, volume)
        : undefined;
    if (directory === undefined) {
      return {
        waiting: `volume ${volumeName} of source claim ${name} is not a volume of the embedded driver`,
      };
    }
    if (!(await pathExists(directory))) {
      return { waiting: `volume ${volumeName} of source claim ${name} has no data on this cluster` };
    }
    return { directory };
  }
}

/** Why a claim is too small for its source (`undefined` when it is not). */
function sizeProblem(claim: PersistentVolumeClaim, sourceSize: unknown, what: string): string | undefined {
  const wanted = storageBytes(claim.spec?.resources?.requests?.storage) ?? 0;
  const size = storageBytes(sourceSize) ?? 0;
  if (wanted >= size) return undefined;
  return `requested volume size ${wanted} is less than the size ${size} for the ${what}`;
}
