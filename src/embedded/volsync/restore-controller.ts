/**
 * Restoring a claim from a snapshot. The provisioner of src/embedded/volumes creates every volume empty and does not
 * read `dataSource`; until it does, this controller completes the restore: once a claim whose `dataSourceRef` (or
 * `dataSource`) names a VolumeSnapshot is Bound to a volume of the embedded driver and the snapshot is ready, the
 * snapshot's directory is copied into the volume's directory, and the claim is annotated with
 * `POPULATED_FROM_ANNOTATION` (the snapshot's uid) so the copy happens exactly once. A pod that starts before the
 * copy ends may see the volume still empty; the real provisioner fills a volume before binding it.
 */
import { stat } from 'node:fs/promises';
import { type VolumeSnapshot, VolumeSnapshotContentKind, VolumeSnapshotKind } from '../../api/index.js';
import {
  type PersistentVolume,
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
} from '../../apiserver/builtins/index.js';
import {
  type ControllerOptions,
  enqueueRequestsFromMapFunc,
  type Manager,
  type Request,
} from '../../runtime/index.js';
import { claimRequestOf } from '../volumes/claim-binding.js';
import { claimVolume } from './claim-volume.js';
import { syncDirectories } from './directory-sync.js';
import { snapshotDirectory, snapshotHandleFor } from './paths.js';

/** Set on a claim once its volume holds the data of the snapshot (value: the snapshot's uid). */
export const POPULATED_FROM_ANNOTATION = 'snapshot.ramen.local/populated-from';

const SNAPSHOT_API_GROUP = 'snapshot.storage.k8s.io';

/** What the restore controller needs besides the manager. */
export interface RestoreControllerOptions {
  stateDir: string;
  contentServed: boolean;
}

/** A restore whose snapshot has no data on this cluster. */
export class SnapshotDataMissingError extends Error {
  override readonly name = 'SnapshotDataMissingError';
}

/** The snapshot a claim is to be restored from, if any. */
export function claimSnapshotSource(claim: PersistentVolumeClaim): string | undefined {
  const source = claim.spec?.dataSourceRef ?? claim.spec?.dataSource;
  if (source?.kind !== 'VolumeSnapshot' || source.apiGroup !== SNAPSHOT_API_GROUP) return undefined;
  return source.name;
}

/** The restore controller; see the module comment. */
export function restoreController(manager: Manager, options: RestoreControllerOptions): ControllerOptions {
  const reconciler = new RestoreReconciler(manager, options);
  return {
    name: 'embedded-snapshot-restore',
    for: { resource: PersistentVolumeClaimKind },
    watches: [
      {
        resource: VolumeSnapshotKind,
        handler: enqueueRequestsFromMapFunc((snapshot, cluster) =>
          reconciler.claimsOf(snapshot as VolumeSnapshot, cluster),
        ),
      },
      {
        resource: PersistentVolumeKind,
        handler: enqueueRequestsFromMapFunc<PersistentVolume>(claimRequestOf),
      },
    ],
    reconciler: (request) => reconciler.reconcile(request),
  };
}

class RestoreReconciler {
  readonly #manager: Manager;
  readonly #options: RestoreControllerOptions;

  constructor(manager: Manager, options: RestoreControllerOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  get #cluster() {
    return this.#manager.cluster();
  }

  /** The claims waiting for a snapshot. */
  claimsOf(snapshot: VolumeSnapshot, cluster: string): Request[] {
    const informer = this.#manager.informerFor(cluster, PersistentVolumeClaimKind);
    return (informer.list() as PersistentVolumeClaim[])
      .filter(
        (claim) =>
          claim.metadata.namespace === snapshot.metadata.namespace &&
          claimSnapshotSource(claim) === snapshot.metadata.name &&
          claim.metadata.annotations?.[POPULATED_FROM_ANNOTATION] === undefined,
      )
      .map((claim) => ({
        cluster,
        namespace: claim.metadata.namespace ?? '',
        name: claim.metadata.name ?? '',
      }));
  }

  async reconcile(request: Request): Promise<void> {
    const claim = await this.#cluster.cache.get(PersistentVolumeClaimKind, request);
    if (claim === undefined || claim.metadata.deletionTimestamp !== undefined) return;
    const snapshotName = claimSnapshotSource(claim);
    if (snapshotName === undefined || claim.metadata.annotations?.[POPULATED_FROM_ANNOTATION] !== undefined)
      return;
    const namespace = request.namespace ?? '';
    const target = await claimVolume(this.#cluster, this.#options.stateDir, namespace, request.name);
    if (typeof target === 'string') return;
    const snapshot = await this.#cluster.cache.get(VolumeSnapshotKind, { namespace, name: snapshotName });
    if (snapshot?.status?.readyToUse !== true) return;
    const directory = snapshotDirectory(this.#options.stateDir, await this.#handleOf(snapshot));
    try {
      await stat(directory);
    } catch (error) {
      throw new SnapshotDataMissingError(
        `snapshot ${namespace}/${snapshotName} has no data at ${directory}`,
        {
          cause: error,
        },
      );
    }
    await syncDirectories(directory, target.directory);
    const next = structuredClone(target.claim);
    next.metadata.annotations = {
      ...next.metadata.annotations,
      [POPULATED_FROM_ANNOTATION]: snapshot.metadata.uid ?? '',
    };
    await this.#cluster.client.update(PersistentVolumeClaimKind, next);
  }

  async #handleOf(snapshot: VolumeSnapshot): Promise<string> {
    const contentName = snapshot.status?.boundVolumeSnapshotContentName;
    if (this.#options.contentServed && contentName) {
      const content = await this.#cluster.cache.get(VolumeSnapshotContentKind, { name: contentName });
      const handle = content?.status?.snapshotHandle;
      if (handle) return handle;
    }
    return snapshotHandleFor(snapshot.metadata.uid ?? '');
  }
}
