/**
 * The csi-addons replication controller together with the embedded driver's replication RPCs, for volumes of the
 * embedded block driver: a VolumeReplication asks for its claim's image to be primary (promote; always with
 * csi-addons' force retry, so promoting a secondary whose peer is unreachable works), secondary (demote; a clean
 * demote first pushes a last snapshot to the peers) or resync (discard the local copy and take the primary's).
 *
 * The primary's agent ships a snapshot of its volume directory to every reachable, non-diverged secondary copy every
 * `schedulingInterval` (scaled by the time scale) and reports lastSyncTime/Bytes/Duration. Two reachable primaries
 * for one image are a split brain: both report Degraded, nothing is shipped either way, nothing merged. A copy
 * demoted while another site was primary has diverged; it is overwritten only once a resync is requested
 * (`replicationState: resync`, or `autoResync` on the secondary). Pairing state lives in the shared `StoragePool`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  type VolumeReplication,
  type VolumeReplicationClass,
  VolumeReplicationClassKind,
  VolumeReplicationKind,
  type VolumeReplicationStatus,
} from '../../api/index.js';
import {
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
} from '../../apiserver/builtins/index.js';
import { isConflict, isNotFound, objectKeyOf } from '../../kube/index.js';
import {
  addFinalizer,
  type ControllerOptions,
  enqueueRequestsFromMapFunc,
  hasFinalizer,
  isBeingDeleted,
  type Manager,
  type Request,
  type Result,
  removeFinalizer,
} from '../../runtime/index.js';
import { scaled } from '../agent.js';
import { isRamenCsiDriver } from '../volumes/storage-classes.js';
import { volumeDirectory } from '../volumes/volume-paths.js';
import { type MirrorResult, mirrorImage } from './mirror-copy.js';
import {
  failedStatus,
  invalidStatus,
  primaryStatus,
  type SecondaryHealth,
  secondaryStatus,
} from './replication-status.js';
import { parseSchedulingInterval } from './scheduling-interval.js';
import type { ImageRoleRecord, StoragePool } from './storage-pool.js';

/**
 * The finalizer kept on a VR until replication of its volume is disabled. csi-addons uses the bare
 * `replication.storage.openshift.io`, which the API server accepts only with a warning; the embedded server
 * rejects unqualified finalizers, so a qualified name is used.
 */
export const VOLUME_REPLICATION_FINALIZER = 'replication.storage.openshift.io/volumereplication-protection';
/** The interval used when a class names none. */
const DEFAULT_INTERVAL = '5m';
/** How often a VR whose prerequisites are missing is looked at again (unscaled). */
const RETRY_INVALID_MS = 10_000;

/** What the replication controller needs. */
export interface ReplicationControllerOptions {
  clusterName: string;
  stateDir: string;
  timeScale: number;
  pool: StoragePool;
  /** How old a site's heartbeat may be before it counts as unreachable (real ms). */
  staleMs: number;
  logger: Logger;
}

/** The volume a VR replicates. */
interface ReplicatedVolume {
  handle: string;
  directory: string;
  /** The snapshot period in real milliseconds. */
  periodMs: number;
}

/** A snapshot shipped to the peers. */
interface ShippedSnapshot {
  time: string;
  bytes: number;
  durationMs: number;
}

/** The VR controller; see the module comment. */
export function volumeReplicationController(
  manager: Manager,
  options: ReplicationControllerOptions,
): ControllerOptions {
  const reconciler = new VolumeReplicationReconciler(manager, options);
  return {
    name: 'volumereplication',
    for: { resource: VolumeReplicationKind },
    watches: [
      {
        resource: PersistentVolumeClaimKind,
        handler: enqueueRequestsFromMapFunc<PersistentVolumeClaim>((claim, cluster) =>
          reconciler.replicationsOf(claim, cluster),
        ),
      },
    ],
    reconciler: (request) => reconciler.reconcile(request),
  };
}

class VolumeReplicationReconciler {
  readonly #manager: Manager;
  readonly #options: ReplicationControllerOptions;
  /** Per VR key: when the last snapshot round was attempted (real ms). */
  readonly #lastAttempt = new Map<string, number>();
  /** Per VR key: the last snapshot that reached a peer. */
  readonly #lastShipped = new Map<string, ShippedSnapshot>();

  constructor(manager: Manager, options: ReplicationControllerOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  get #cluster() {
    return this.#manager.cluster();
  }

  get #self(): string {
    return this.#options.clusterName;
  }

  /** The VRs whose data source is the claim. */
  replicationsOf(claim: PersistentVolumeClaim, cluster: string): Request[] {
    const informer = this.#manager.informerFor(cluster, VolumeReplicationKind);
    return (informer.list() as VolumeReplication[])
      .filter(
        (vr) =>
          vr.metadata.namespace === claim.metadata.namespace &&
          vr.spec?.dataSource.kind === 'PersistentVolumeClaim' &&
          vr.spec.dataSource.name === claim.metadata.name,
      )
      .map((vr) => ({ cluster, ...objectKeyOf(vr) }) as Request);
  }

  async reconcile(request: Request): Promise<Result> {
    const vr = await this.#cluster.cache.get(VolumeReplicationKind, request);
    if (vr === undefined) return {};
    const replicationClass = await this.#cluster.cache.get(VolumeReplicationClassKind, {
      name: vr.spec?.volumeReplicationClass ?? '',
    });
    if (replicationClass !== undefined && !isRamenCsiDriver(replicationClass.spec?.provisioner)) return {};
    if (isBeingDeleted(vr)) return this.#disable(vr, replicationClass);
    const current = await addFinalizer(
      this.#cluster.client,
      VolumeReplicationKind,
      vr,
      VOLUME_REPLICATION_FINALIZER,
    );
    const resolved = await this.#resolve(current, replicationClass);
    if (typeof resolved === 'string') {
      await this.#writeStatus(current, invalidStatus(current, resolved));
      return { requeueAfter: scaled(RETRY_INVALID_MS, this.#options.timeScale) };
    }
    try {
      if (current.spec?.replicationState === 'primary') return await this.#primary(current, resolved);
      return await this.#secondary(current, resolved);
    } catch (error) {
      // API conflicts are routine (a stale cache) and say nothing about the volume.
      if (!isConflict(error)) await this.#writeStatus(current, failedStatus(current, String(error)));
      throw error;
    }
  }

  /** The volume behind a VR, or why there is none yet. */
  async #resolve(
    vr: VolumeReplication,
    replicationClass: VolumeReplicationClass | undefined,
  ): Promise<ReplicatedVolume | string> {
    const spec = vr.spec;
    if (spec === undefined) return 'the VolumeReplication has no spec';
    if (replicationClass === undefined)
      return `VolumeReplicationClass "${spec.volumeReplicationClass}" not found`;
    if (spec.dataSource.kind !== 'PersistentVolumeClaim') {
      return `data source kind "${spec.dataSource.kind}" is not supported by this driver`;
    }
    const claim = await this.#cluster.cache.get(PersistentVolumeClaimKind, {
      namespace: vr.metadata.namespace ?? '',
      name: spec.dataSource.name,
    });
    if (claim === undefined) return `PersistentVolumeClaim "${spec.dataSource.name}" not found`;
    const volumeName = claim.spec?.volumeName;
    if (claim.status?.phase !== 'Bound' || !volumeName)
      return `PersistentVolumeClaim "${spec.dataSource.name}" is not bound`;
    const volume = await this.#cluster.cache.get(PersistentVolumeKind, { name: volumeName });
    const handle = volume?.spec?.csi?.volumeHandle;
    if (volume === undefined || handle === undefined)
      return `PersistentVolume "${volumeName}" has no CSI volume`;
    if (volume.spec?.csi?.driver !== replicationClass.spec?.provisioner) {
      return `the volume's driver "${volume.spec?.csi?.driver}" is not the class provisioner`;
    }
    let intervalMs: number;
    try {
      intervalMs = parseSchedulingInterval(
        replicationClass.spec?.parameters?.schedulingInterval ?? DEFAULT_INTERVAL,
      );
    } catch (error) {
      return (error as Error).message;
    }
    return {
      handle,
      directory: volumeDirectory(this.#options.stateDir, handle),
      periodMs: scaled(intervalMs, this.#options.timeScale),
    };
  }

  /** DisableVolumeReplication: forget this site's copy, then let the VR go. */
  async #disable(
    vr: VolumeReplication,
    replicationClass: VolumeReplicationClass | undefined,
  ): Promise<Result> {
    if (!hasFinalizer(vr, VOLUME_REPLICATION_FINALIZER)) return {};
    const resolved = await this.#resolve(vr, replicationClass);
    if (typeof resolved !== 'string') await this.#options.pool.removeRole(resolved.handle, this.#self);
    const key = this.#key(vr);
    this.#lastAttempt.delete(key);
    this.#lastShipped.delete(key);
    try {
      await removeFinalizer(this.#cluster.client, VolumeReplicationKind, vr, VOLUME_REPLICATION_FINALIZER);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    return {};
  }

  #key(vr: VolumeReplication): string {
    return `${vr.metadata.namespace}/${vr.metadata.name}`;
  }

  /** Promote if needed, detect split brain, ship a snapshot when one is due. */
  async #primary(vr: VolumeReplication, volume: ReplicatedVolume): Promise<Result> {
    const pool = this.#options.pool;
    const own = await pool.role(volume.handle, this.#self);
    if (own?.role !== 'primary') {
      await pool.setRole(volume.handle, this.#self, {
        role: 'primary',
        since: new Date().toISOString(),
        diverged: false,
        clean: false,
      });
      this.#options.logger.info({ handle: volume.handle, force: true }, 'image promoted');
    }
    await mkdir(volume.directory, { recursive: true });
    const otherPrimaries = await this.#reachablePrimaries(volume.handle);
    const key = this.#key(vr);
    const now = Date.now();
    const last = this.#lastAttempt.get(key);
    let replicating = (await this.#shippableSecondaries(volume.handle)).length > 0;
    if (otherPrimaries.length === 0 && (last === undefined || now - last >= volume.periodMs)) {
      this.#lastAttempt.set(key, now);
      const shipped = await this.#ship(volume);
      if (shipped !== undefined) this.#lastShipped.set(key, shipped);
      replicating = shipped !== undefined;
    }
    const lastSync = this.#lastShipped.get(key) ?? this.#statusSync(vr.status);
    await this.#writeStatus(
      vr,
      primaryStatus(vr, { otherPrimaries, replicating, ...(lastSync && { lastSync }) }),
    );
    const next = (this.#lastAttempt.get(key) ?? now) + volume.periodMs - Date.now();
    return { requeueAfter: Math.max(10, otherPrimaries.length > 0 ? volume.periodMs : next) };
  }

  #statusSync(status: VolumeReplicationStatus | undefined): ShippedSnapshot | undefined {
    if (status?.lastSyncTime === undefined) return undefined;
    const seconds = Number.parseFloat(status.lastSyncDuration ?? '0');
    return {
      time: status.lastSyncTime,
      bytes: status.lastSyncBytes ?? 0,
      durationMs: Number.isFinite(seconds) ? seconds * 1000 : 0,
    };
  }

  /** Other sites whose copy is primary and whose agent is up. */
  async #reachablePrimaries(handle: string): Promise<string[]> {
    const result: string[] = [];
    for (const [site, record] of await this.#options.pool.roles(handle)) {
      if (site === this.#self || record.role !== 'primary') continue;
      if (await this.#options.pool.reachable(site, this.#options.staleMs)) result.push(site);
    }
    return result.sort();
  }

  /** Reachable secondary copies that may be overwritten (in sync, or resync requested), with their state dirs. */
  async #shippableSecondaries(handle: string): Promise<[site: string, stateDir: string][]> {
    const result: [string, string][] = [];
    for (const [site, record] of await this.#options.pool.roles(handle)) {
      if (site === this.#self || record.role !== 'secondary') continue;
      if (record.diverged && record.resyncRequestedAt === undefined) continue;
      const registration = await this.#options.pool.reachable(site, this.#options.staleMs);
      if (registration !== undefined) result.push([site, registration.stateDir]);
    }
    return result;
  }

  /**
   * Ships one snapshot to every shippable secondary; undefined when none received it. A failed transfer to one
   * peer is logged and skipped (retried next interval) unless `strict` (the last snapshot of a demote), where it
   * fails the operation so no data is left behind.
   */
  async #ship(volume: ReplicatedVolume, strict = false): Promise<ShippedSnapshot | undefined> {
    const time = new Date().toISOString();
    let shipped: ShippedSnapshot | undefined;
    for (const [site, stateDir] of await this.#shippableSecondaries(volume.handle)) {
      let result: MirrorResult;
      try {
        result = await mirrorImage(
          volume.directory,
          volumeDirectory(stateDir, volume.handle),
          join(stateDir, '.mirror-staging', volume.handle),
        );
      } catch (error) {
        if (strict)
          throw new SnapshotTransferError(`cannot ship the last snapshot to ${site}`, { cause: error });
        this.#options.logger.warn({ err: error, site, handle: volume.handle }, 'snapshot transfer failed');
        continue;
      }
      await this.#options.pool.setSynced(volume.handle, site, {
        primary: this.#self,
        time,
        bytes: result.bytes,
        durationMs: result.durationMs,
      });
      shipped = {
        time,
        bytes: (shipped?.bytes ?? 0) + result.bytes,
        durationMs: Math.max(shipped?.durationMs ?? 0, result.durationMs),
      };
    }
    return shipped;
  }

  /** Demote if needed (a clean demote ships a last snapshot), handle resync, report the copy's health. */
  async #secondary(vr: VolumeReplication, volume: ReplicatedVolume): Promise<Result> {
    const pool = this.#options.pool;
    const now = new Date().toISOString();
    const before = await pool.role(volume.handle, this.#self);
    let own = before ?? { role: 'secondary', since: now, diverged: false, clean: false };
    if (own.role === 'primary') own = await this.#demote(volume);
    // A secondary reports no sync times; a later promotion starts a fresh schedule.
    this.#lastAttempt.delete(this.#key(vr));
    this.#lastShipped.delete(this.#key(vr));
    own = this.#applyResyncRequest(vr, own, now);
    const synced = await pool.synced(volume.handle, this.#self);
    if (
      own.diverged &&
      own.resyncRequestedAt !== undefined &&
      synced !== undefined &&
      synced.time >= own.resyncRequestedAt
    ) {
      const { resyncRequestedAt: _done, ...rest } = own;
      own = { ...rest, diverged: false, since: synced.time };
      this.#options.logger.info({ handle: volume.handle }, 'image resynced from the primary');
    }
    if (JSON.stringify(own) !== JSON.stringify(before)) await pool.setRole(volume.handle, this.#self, own);
    await mkdir(volume.directory, { recursive: true });
    await this.#writeStatus(vr, secondaryStatus(vr, { kind: secondaryHealth(own, synced?.time) }));
    return { requeueAfter: Math.max(10, Math.round(volume.periodMs / 2)) };
  }

  /** DemoteVolume of a primary copy; see the module comment. */
  async #demote(volume: ReplicatedVolume): Promise<ImageRoleRecord> {
    const roles = await this.#options.pool.roles(volume.handle);
    const promotedElsewhere = [...roles].some(
      ([site, record]) => site !== this.#self && record.role === 'primary',
    );
    if (!promotedElsewhere) await this.#ship(volume, true);
    this.#options.logger.info({ handle: volume.handle, diverged: promotedElsewhere }, 'image demoted');
    return {
      role: 'secondary',
      since: new Date().toISOString(),
      diverged: promotedElsewhere,
      clean: !promotedElsewhere,
    };
  }

  /** Records a resync request: `replicationState: resync` once per generation, or autoResync of a diverged copy. */
  #applyResyncRequest(vr: VolumeReplication, own: ImageRoleRecord, now: string): ImageRoleRecord {
    const generation = vr.metadata.generation;
    if (vr.spec?.replicationState === 'resync' && own.resyncGeneration !== generation) {
      return {
        ...own,
        diverged: true,
        clean: false,
        resyncRequestedAt: now,
        ...(generation !== undefined && { resyncGeneration: generation }),
      };
    }
    if (vr.spec?.autoResync === true && own.diverged && own.resyncRequestedAt === undefined) {
      return { ...own, resyncRequestedAt: now };
    }
    return own;
  }

  async #writeStatus(vr: VolumeReplication, status: VolumeReplicationStatus): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(vr.status)) return;
    await this.#cluster.client.updateStatus(VolumeReplicationKind, { ...vr, status });
  }
}

/** The health of a secondary copy from its role record and the time of the last snapshot it received. */
export function secondaryHealth(
  own: ImageRoleRecord,
  lastSynced: string | undefined,
): SecondaryHealth['kind'] {
  if (own.diverged) return own.resyncRequestedAt === undefined ? 'split-brain' : 'resyncing';
  if (own.clean || (lastSynced !== undefined && lastSynced >= own.since)) return 'in-sync';
  return 'awaiting-initial-sync';
}

/** The last snapshot of a demote could not reach a peer: the demote fails (and is retried). */
export class SnapshotTransferError extends Error {
  override readonly name = 'SnapshotTransferError';
}
