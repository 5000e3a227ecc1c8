/**
 * The CSI snapshot controller and the embedded driver's snapshotter in one: a VolumeSnapshot of a claim whose
 * volume belongs to the embedded driver (`*.csi.ramen.local`) is cut by copying the volume directory to
 * `<stateDir>/snapshots/<snapshotHandle>` (into a temporary directory first, renamed when complete, so a snapshot
 * directory is always a whole point-in-time copy). When the cluster serves VolumeSnapshotContent, a content
 * `snapcontent-<snapshot uid>` is created and bound, as the real controller does; otherwise only the snapshot's
 * status is written. The snapshot then reports `readyToUse`, `restoreSize` (the claim's capacity), `creationTime`
 * and `boundVolumeSnapshotContentName`.
 *
 * A bound snapshot carries the `volumesnapshot-bound-protection` finalizer; deleting it deletes the content and,
 * with deletion policy Delete, the snapshot directory. Snapshots of pre-provisioned contents
 * (`source.volumeSnapshotContentName`) are not served.
 */
import { randomUUID } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import {
  type SnapshotDeletionPolicy,
  type VolumeSnapshot,
  VolumeSnapshotClassKind,
  type VolumeSnapshotContent,
  VolumeSnapshotContentKind,
  VolumeSnapshotKind,
} from '../../api/index.js';
import { type PersistentVolumeClaim, PersistentVolumeClaimKind } from '../../apiserver/builtins/index.js';
import { isAlreadyExists, isNotFound } from '../../kube/index.js';
import {
  type ControllerOptions,
  enqueueRequestsFromMapFunc,
  type Manager,
  type Request,
  type Result,
} from '../../runtime/index.js';
import { snapshotDirectory, snapshotHandleFor, storageBytes } from '../volumes/index.js';
import { type ClaimVolume, claimVolume } from './claim-volume.js';
import { copyTree } from './directory-sync.js';

/** The finalizer the snapshot controller puts on a bound snapshot. */
export const SNAPSHOT_BOUND_FINALIZER = 'snapshot.storage.kubernetes.io/volumesnapshot-bound-protection';

/** What the snapshot controller needs besides the manager. */
export interface SnapshotControllerOptions {
  stateDir: string;
  /** Whether the cluster serves VolumeSnapshotContent (checked when the agent starts). */
  contentServed: boolean;
}

/** The name of the content bound to a snapshot. */
export function contentNameFor(snapshot: VolumeSnapshot): string {
  return `snapcontent-${snapshot.metadata.uid ?? ''}`;
}

/** The snapshot controller; see the module comment. */
export function snapshotController(manager: Manager, options: SnapshotControllerOptions): ControllerOptions {
  const reconciler = new SnapshotReconciler(manager, options);
  return {
    name: 'embedded-snapshot-controller',
    for: { resource: VolumeSnapshotKind },
    watches: [
      {
        resource: PersistentVolumeClaimKind,
        handler: enqueueRequestsFromMapFunc<PersistentVolumeClaim>((claim, cluster) =>
          reconciler.snapshotsOf(claim, cluster),
        ),
      },
    ],
    reconciler: (request) => reconciler.reconcile(request),
  };
}

class SnapshotReconciler {
  readonly #manager: Manager;
  readonly #options: SnapshotControllerOptions;

  constructor(manager: Manager, options: SnapshotControllerOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  get #cluster() {
    return this.#manager.cluster();
  }

  /** The unready snapshots of a claim (to retry when it binds). */
  snapshotsOf(claim: PersistentVolumeClaim, cluster: string): Request[] {
    const informer = this.#manager.informerFor(cluster, VolumeSnapshotKind);
    return (informer.list() as VolumeSnapshot[])
      .filter(
        (s) =>
          s.metadata.namespace === claim.metadata.namespace &&
          s.spec.source.persistentVolumeClaimName === claim.metadata.name &&
          s.status?.readyToUse !== true,
      )
      .map((s) => ({ cluster, namespace: s.metadata.namespace ?? '', name: s.metadata.name ?? '' }));
  }

  async reconcile(request: Request): Promise<Result | undefined> {
    const snapshot = await this.#cluster.cache.get(VolumeSnapshotKind, request);
    if (snapshot === undefined) return undefined;
    if (snapshot.metadata.deletionTimestamp !== undefined) {
      await this.#delete(snapshot);
      return undefined;
    }
    if (snapshot.status?.readyToUse === true) return undefined;
    const claimName = snapshot.spec.source.persistentVolumeClaimName;
    if (!claimName) return undefined;
    const source = await claimVolume(
      this.#cluster,
      this.#options.stateDir,
      request.namespace ?? '',
      claimName,
    );
    if (source === 'ForeignDriver') return undefined;
    // Waits for the claim to exist and bind (its events reconcile this snapshot again).
    if (typeof source === 'string') return { requeueAfter: 2_000 };
    const policy = await this.#deletionPolicy(snapshot, source.volume.spec?.csi?.driver ?? '');
    const protectedSnapshot = await this.#protect(snapshot);
    const handle = snapshotHandleFor(snapshot.metadata.uid ?? '');
    await this.#cut(source.directory, snapshotDirectory(this.#options.stateDir, handle));
    const createdAt = new Date();
    const restoreSize = String(
      source.claim.status?.capacity?.storage ?? source.volume.spec?.capacity?.storage,
    );
    let contentName: string | undefined;
    if (this.#options.contentServed) {
      contentName = await this.#bindContent(
        protectedSnapshot,
        source,
        handle,
        policy,
        restoreSize,
        createdAt,
      );
    }
    await this.#cluster.client.updateStatus(VolumeSnapshotKind, {
      ...protectedSnapshot,
      status: {
        ...(contentName !== undefined && { boundVolumeSnapshotContentName: contentName }),
        creationTime: createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        readyToUse: true,
        restoreSize,
      },
    });
    return undefined;
  }

  async #deletionPolicy(snapshot: VolumeSnapshot, driver: string): Promise<SnapshotDeletionPolicy> {
    const className = snapshot.spec.volumeSnapshotClassName;
    if (!className) return 'Delete';
    const snapshotClass = await this.#cluster.cache.get(VolumeSnapshotClassKind, { name: className });
    if (snapshotClass !== undefined && snapshotClass.driver !== driver) return 'Delete';
    return snapshotClass?.deletionPolicy ?? 'Delete';
  }

  async #protect(snapshot: VolumeSnapshot): Promise<VolumeSnapshot> {
    const finalizers = snapshot.metadata.finalizers ?? [];
    if (finalizers.includes(SNAPSHOT_BOUND_FINALIZER)) return snapshot;
    const next = structuredClone(snapshot);
    next.metadata.finalizers = [...finalizers, SNAPSHOT_BOUND_FINALIZER];
    return this.#cluster.client.update(VolumeSnapshotKind, next);
  }

  /** Copies the volume to the snapshot directory once (a complete directory is never rewritten). */
  async #cut(volumeDirectory: string, directory: string): Promise<void> {
    if (await exists(directory)) return;
    const partial = `${directory}.partial-${randomUUID()}`;
    try {
      await copyTree(volumeDirectory, partial);
      await rename(partial, directory);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }

  async #bindContent(
    snapshot: VolumeSnapshot,
    source: ClaimVolume,
    handle: string,
    policy: SnapshotDeletionPolicy,
    restoreSize: string,
    createdAt: Date,
  ): Promise<string> {
    const name = contentNameFor(snapshot);
    const content: VolumeSnapshotContent = {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotContent',
      metadata: { name },
      spec: {
        deletionPolicy: policy,
        driver: source.volume.spec?.csi?.driver ?? '',
        source: { volumeHandle: source.volume.spec?.csi?.volumeHandle ?? '' },
        sourceVolumeMode: source.volume.spec?.volumeMode ?? 'Filesystem',
        ...(snapshot.spec.volumeSnapshotClassName && {
          volumeSnapshotClassName: snapshot.spec.volumeSnapshotClassName,
        }),
        volumeSnapshotRef: {
          apiVersion: 'snapshot.storage.k8s.io/v1',
          kind: 'VolumeSnapshot',
          namespace: snapshot.metadata.namespace ?? '',
          name: snapshot.metadata.name ?? '',
          uid: snapshot.metadata.uid ?? '',
        },
      },
    };
    let created: VolumeSnapshotContent;
    try {
      created = await this.#cluster.client.create(VolumeSnapshotContentKind, content);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      created = await this.#cluster.client.get(VolumeSnapshotContentKind, { name });
    }
    await this.#cluster.client.updateStatus(VolumeSnapshotContentKind, {
      ...created,
      status: {
        creationTime: createdAt.getTime() * 1_000_000,
        readyToUse: true,
        restoreSize: Math.round(storageBytes(restoreSize) ?? 0),
        snapshotHandle: handle,
      },
    });
    return name;
  }

  /** A deleted snapshot: its content goes, and its directory with policy Delete; then the finalizer. */
  async #delete(snapshot: VolumeSnapshot): Promise<void> {
    const finalizers = snapshot.metadata.finalizers ?? [];
    if (!finalizers.includes(SNAPSHOT_BOUND_FINALIZER)) return;
    let policy: SnapshotDeletionPolicy = 'Delete';
    if (this.#options.contentServed) {
      const name = snapshot.status?.boundVolumeSnapshotContentName ?? contentNameFor(snapshot);
      const content = await this.#cluster.cache.get(VolumeSnapshotContentKind, { name });
      policy = content?.spec.deletionPolicy ?? policy;
      if (content !== undefined && policy === 'Delete') {
        await this.#cluster.client.delete(VolumeSnapshotContentKind, { name }).catch(ignoreNotFound);
      }
    }
    if (policy === 'Delete') {
      const handle = snapshotHandleFor(snapshot.metadata.uid ?? '');
      await rm(snapshotDirectory(this.#options.stateDir, handle), { recursive: true, force: true });
    }
    const next = structuredClone(snapshot);
    next.metadata.finalizers = finalizers.filter((f) => f !== SNAPSHOT_BOUND_FINALIZER);
    await this.#cluster.client.update(VolumeSnapshotKind, next).catch(ignoreNotFound);
  }
}

function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
