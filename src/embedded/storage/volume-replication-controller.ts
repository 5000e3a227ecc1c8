/**
 * The csi-addons replication controller together with the embedded driver's replication RPCs, for volumes of the
 * embedded block driver: a VolumeReplication asks for its image to be primary (promote; always with csi-addons'
 * force retry, so promoting a secondary whose peer is unreachable works), secondary (demote; a clean demote first
 * pushes a last snapshot to the peers) or resync (discard the local copy and take the primary's). The image is a
 * claim's volume (`dataSource` a PersistentVolumeClaim) or every member of a volume group (`dataSource` a
 * VolumeGroupReplication, whose VolumeGroupReplicationContent lists the member volume handles).
 *
 * The primary's agent ships a consistent snapshot of the image (all members at one instant; see
 * `consistent-snapshot.ts`) to every reachable, non-diverged secondary copy every `schedulingInterval` (scaled by
 * the time scale) and reports lastSyncTime/Bytes/Duration. Two reachable primaries for one image are a split brain:
 * both report Degraded, nothing is shipped either way, nothing merged. A copy demoted while another site was primary
 * has diverged; it is overwritten only once a resync is requested (`replicationState: resync`, or `autoResync` on the
 * secondary). Pairing state lives in the shared `StoragePool`, per member volume handle.
 *
 * As in csi-addons, a claim is replicated by one VR (marked with the `volume-replication-name` annotation) and not
 * also by a group; as in ceph-csi, a primary image still mounted by a running pod is not demoted (FailedToDemote
 * naming the pods, retried when they go).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  type VolumeGroupReplication,
  VolumeGroupReplicationContentKind,
  VolumeGroupReplicationKind,
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
  type Pod,
  PodKind,
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
import { podActive, podClaimNames } from '../volumes/claim-controller.js';
import { isRamenCsiDriver } from '../volumes/storage-classes.js';
import { volumeDirectory } from '../volumes/volume-paths.js';
import { type ConsistentSnapshotResult, shipConsistentSnapshot } from './consistent-snapshot.js';
import {
  REPLICATION_API_GROUP,
  VOLUME_GROUP_REPLICATION_NAME_ANNOTATION,
  VOLUME_REPLICATION_NAME_ANNOTATION,
} from './replication-names.js';
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
/** How often a demote waiting for the volume's pods to go is tried again (unscaled; pod events also retry it). */
const RETRY_IN_USE_MS = 15_000;

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

/** The image a VR replicates: one volume, or the members of a volume group. */
interface ReplicatedImage {
  /** The member volume handles, sorted (one for a claim). */
  handles: readonly string[];
  /** The claims of the members, in the VR's namespace. */
  claims: readonly string[];
  /** The snapshot period in real milliseconds. */
  periodMs: number;
}

/** The volumes and claims of an image. */
type Members = Pick<ReplicatedImage, 'handles' | 'claims'>;

/** Whether a VR replicates one claim (rather than a volume group). */
function isClaimSource(vr: VolumeReplication): boolean {
  const source = vr.spec?.dataSource;
  return source?.kind === 'PersistentVolumeClaim' && (source.apiGroup ?? '') === '';
}

/** A snapshot shipped to the peers. */
interface ShippedSnapshot {
  time: string;
  bytes: number;
  durationMs: number;
}

/** The health kinds of a secondary copy, worst first (a group reports its worst member). */
const SECONDARY_HEALTH_ORDER: readonly SecondaryHealth['kind'][] = [
  'split-brain',
  'resyncing',
  'awaiting-initial-sync',
  'in-sync',
];

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
          reconciler.replicationsOf(claim, cluster, 'PersistentVolumeClaim'),
        ),
      },
      {
        resource: VolumeGroupReplicationKind,
        handler: enqueueRequestsFromMapFunc<VolumeGroupReplication>((group, cluster) =>
          reconciler.replicationsOf(group, cluster, 'VolumeGroupReplication'),
        ),
      },
      {
        // A pod that stops using a volume lets a waiting demote go on.
        resource: PodKind,
        handler: enqueueRequestsFromMapFunc<Pod>((pod, cluster) => reconciler.demotionsIn(pod, cluster)),
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

  /** The VRs whose data source is the object (a claim or a volume group). */
  replicationsOf(
    source: { metadata: { name?: string; namespace?: string } },
    cluster: string,
    kind: 'PersistentVolumeClaim' | 'VolumeGroupReplication',
  ): Request[] {
    const informer = this.#manager.informerFor(cluster, VolumeReplicationKind);
    return (informer.list() as VolumeReplication[])
      .filter(
        (vr) =>
          vr.metadata.namespace === source.metadata.namespace &&
          vr.spec?.dataSource.kind === kind &&
          vr.spec.dataSource.name === source.metadata.name,
      )
      .map((vr) => ({ cluster, ...objectKeyOf(vr) }) as Request);
  }

  /** The VRs of a pod's namespace asked to be secondary (a demote may be waiting for the pod). */
  demotionsIn(pod: Pod, cluster: string): Request[] {
    if (podClaimNames(pod).length === 0) return [];
    const informer = this.#manager.informerFor(cluster, VolumeReplicationKind);
    return (informer.list({ namespace: pod.metadata.namespace ?? '' }) as VolumeReplication[])
      .filter((vr) => vr.spec?.replicationState !== 'primary')
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
    await this.#claimForReplication(current);
    try {
      if (current.spec?.replicationState === 'primary') return await this.#primary(current, resolved);
      return await this.#secondary(current, resolved);
    } catch (error) {
      // API conflicts are routine (a stale cache) and say nothing about the volume.
      if (!isConflict(error)) await this.#writeStatus(current, failedStatus(current, String(error)));
      throw error;
    }
  }

  /** The image behind a VR, or why there is none yet. */
  async #resolve(
    vr: VolumeReplication,
    replicationClass: VolumeReplicationClass | undefined,
  ): Promise<ReplicatedImage | string> {
    const spec = vr.spec;
    if (spec === undefined) return 'the VolumeReplication has no spec';
    if (replicationClass === undefined)
      return `VolumeReplicationClass "${spec.volumeReplicationClass}" not found`;
    const provisioner = replicationClass.spec?.provisioner ?? '';
    const namespace = vr.metadata.namespace ?? '';
    const source = spec.dataSource;
    let members: Members | string;
    if (isClaimSource(vr)) {
      members = await this.#claimMembers(vr, namespace, source.name, provisioner);
    } else if (source.kind === 'VolumeGroupReplication' && source.apiGroup === REPLICATION_API_GROUP) {
      members = await this.#groupMembers(namespace, source.name, provisioner);
    } else {
      return `data source ${source.apiGroup ? `${source.apiGroup}/` : ''}${source.kind} is not supported by this driver`;
    }
    if (typeof members === 'string') return members;
    let intervalMs: number;
    try {
      intervalMs = parseSchedulingInterval(
        replicationClass.spec?.parameters?.schedulingInterval ?? DEFAULT_INTERVAL,
      );
    } catch (error) {
      return (error as Error).message;
    }
    return { ...members, periodMs: scaled(intervalMs, this.#options.timeScale) };
  }

  /**
   * The volume handle of a bound claim of the class driver, or why there is none. A claim is replicated by one VR
   * (csi-addons' `volume-replication-name` annotation) or one group, never by two.
   */
  async #claimMembers(
    vr: VolumeReplication,
    namespace: string,
    name: string,
    provisioner: string,
  ): Promise<Members | string> {
    const claim = await this.#cluster.cache.get(PersistentVolumeClaimKind, { namespace, name });
    if (claim === undefined) return `PersistentVolumeClaim "${name}" not found`;
    const owner = claim.metadata.annotations?.[VOLUME_REPLICATION_NAME_ANNOTATION];
    if (owner !== undefined && owner !== vr.metadata.name) {
      return `PersistentVolumeClaim "${name}" is already replicated by VolumeReplication "${owner}"`;
    }
    const group = claim.metadata.annotations?.[VOLUME_GROUP_REPLICATION_NAME_ANNOTATION];
    if (group !== undefined) {
      return `PersistentVolumeClaim "${name}" belongs to VolumeGroupReplication "${group}"; replicate it there or remove it from the group`;
    }
    const volumeName = claim.spec?.volumeName;
    if (claim.status?.phase !== 'Bound' || !volumeName) return `PersistentVolumeClaim "${name}" is not bound`;
    const volume = await this.#cluster.cache.get(PersistentVolumeKind, { name: volumeName });
    const handle = volume?.spec?.csi?.volumeHandle;
    if (volume === undefined || handle === undefined)
      return `PersistentVolume "${volumeName}" has no CSI volume`;
    if (volume.spec?.csi?.driver !== provisioner) {
      return `the volume's driver "${volume.spec?.csi?.driver}" is not the class provisioner`;
    }
    return { handles: [handle], claims: [name] };
  }

  /** The member volume handles of a volume group (from its content) and its claims, or why there are none. */
  async #groupMembers(namespace: string, name: string, provisioner: string): Promise<Members | string> {
    const group = await this.#cluster.cache.get(VolumeGroupReplicationKind, { namespace, name });
    if (group === undefined) return `VolumeGroupReplication "${name}" not found`;
    const contentName = group.spec?.volumeGroupReplicationContentName;
    if (!contentName)
      return `VolumeGroupReplication "${name}" is not bound to a VolumeGroupReplicationContent yet`;
    const content = await this.#cluster.cache.get(VolumeGroupReplicationContentKind, { name: contentName });
    if (content === undefined) return `VolumeGroupReplicationContent "${contentName}" not found`;
    if (content.spec?.provisioner !== provisioner) {
      return `the volume group's driver "${content.spec?.provisioner}" is not the class provisioner`;
    }
    const handles = [...(content.spec?.source.volumeHandles ?? [])].sort();
    if (handles.length === 0) return `VolumeGroupReplication "${name}" has no volumes`;
    const claims = (await this.#cluster.cache.list(PersistentVolumeClaimKind, { namespace }))
      .filter((claim) => claim.metadata.annotations?.[VOLUME_GROUP_REPLICATION_NAME_ANNOTATION] === name)
      .map((claim) => claim.metadata.name ?? '');
    return { handles, claims };
  }

  /** Marks a VR's claim with the VR's name (csi-addons: one VR per claim). */
  async #claimForReplication(vr: VolumeReplication): Promise<void> {
    if (!isClaimSource(vr)) return;
    const key = { namespace: vr.metadata.namespace ?? '', name: vr.spec?.dataSource.name ?? '' };
    const claim = await this.#cluster.cache.get(PersistentVolumeClaimKind, key);
    if (claim === undefined) return;
    if (claim.metadata.annotations?.[VOLUME_REPLICATION_NAME_ANNOTATION] === vr.metadata.name) return;
    await this.#cluster.client.patch(PersistentVolumeClaimKind, key, {
      type: 'merge',
      patch: { metadata: { annotations: { [VOLUME_REPLICATION_NAME_ANNOTATION]: vr.metadata.name } } },
    });
  }

  /** Removes the VR's name from its claim, if the claim still carries it. */
  async #releaseClaim(vr: VolumeReplication): Promise<void> {
    if (!isClaimSource(vr)) return;
    const key = { namespace: vr.metadata.namespace ?? '', name: vr.spec?.dataSource.name ?? '' };
    const claim = await this.#cluster.cache.get(PersistentVolumeClaimKind, key);
    if (claim?.metadata.annotations?.[VOLUME_REPLICATION_NAME_ANNOTATION] !== vr.metadata.name) return;
    try {
      await this.#cluster.client.patch(PersistentVolumeClaimKind, key, {
        type: 'merge',
        patch: { metadata: { annotations: { [VOLUME_REPLICATION_NAME_ANNOTATION]: null } } },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** The pods (`namespace/name`) that have not finished and mount one of the claims. */
  async #podsUsing(namespace: string, claims: readonly string[]): Promise<string[]> {
    const pods = await this.#cluster.cache.list(PodKind, { namespace });
    return pods
      .filter((pod) => podActive(pod) && podClaimNames(pod).some((claim) => claims.includes(claim)))
      .map((pod) => `${namespace}/${pod.metadata.name}`)
      .sort();
  }

  #directory(handle: string): string {
    return volumeDirectory(this.#options.stateDir, handle);
  }

  /** DisableVolumeReplication: forget this site's copies, then let the VR go. */
  async #disable(
    vr: VolumeReplication,
    replicationClass: VolumeReplicationClass | undefined,
  ): Promise<Result> {
    if (!hasFinalizer(vr, VOLUME_REPLICATION_FINALIZER)) return {};
    const resolved = await this.#resolve(vr, replicationClass);
    if (typeof resolved !== 'string') {
      for (const handle of resolved.handles) await this.#options.pool.removeRole(handle, this.#self);
    }
    await this.#releaseClaim(vr);
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
  async #primary(vr: VolumeReplication, image: ReplicatedImage): Promise<Result> {
    const pool = this.#options.pool;
    for (const handle of image.handles) {
      const own = await pool.role(handle, this.#self);
      if (own?.role !== 'primary') {
        await pool.setRole(handle, this.#self, {
          role: 'primary',
          since: new Date().toISOString(),
          diverged: false,
          clean: false,
        });
        this.#options.logger.info({ handle, force: true }, 'image promoted');
      }
      await mkdir(this.#directory(handle), { recursive: true });
    }
    const otherPrimaries = await this.#reachablePrimaries(image.handles);
    const key = this.#key(vr);
    const now = Date.now();
    const last = this.#lastAttempt.get(key);
    let replicating = (await this.#shippableSecondaries(image.handles)).size > 0;
    if (otherPrimaries.length === 0 && (last === undefined || now - last >= image.periodMs)) {
      this.#lastAttempt.set(key, now);
      const shipped = await this.#ship(image);
      if (shipped !== undefined) this.#lastShipped.set(key, shipped);
      replicating = shipped !== undefined;
    }
    const lastSync = this.#lastShipped.get(key) ?? this.#statusSync(vr.status);
    await this.#writeStatus(
      vr,
      primaryStatus(vr, { otherPrimaries, replicating, ...(lastSync && { lastSync }) }),
    );
    const next = (this.#lastAttempt.get(key) ?? now) + image.periodMs - Date.now();
    return { requeueAfter: Math.max(10, otherPrimaries.length > 0 ? image.periodMs : next) };
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

  /** Other sites where a member's copy is primary and whose agent is up. */
  async #reachablePrimaries(handles: readonly string[]): Promise<string[]> {
    const result = new Set<string>();
    for (const handle of handles) {
      for (const [site, record] of await this.#options.pool.roles(handle)) {
        if (site === this.#self || record.role !== 'primary' || result.has(site)) continue;
        if (await this.#options.pool.reachable(site, this.#options.staleMs)) result.add(site);
      }
    }
    return [...result].sort();
  }

  /**
   * Per reachable peer site: its state directory and the members whose copy there is secondary and may be
   * overwritten (in sync, or resync requested).
   */
  async #shippableSecondaries(
    handles: readonly string[],
  ): Promise<Map<string, { stateDir: string; handles: string[] }>> {
    const result = new Map<string, { stateDir: string; handles: string[] }>();
    for (const handle of handles) {
      for (const [site, record] of await this.#options.pool.roles(handle)) {
        if (site === this.#self || record.role !== 'secondary') continue;
        if (record.diverged && record.resyncRequestedAt === undefined) continue;
        const registration = await this.#options.pool.reachable(site, this.#options.staleMs);
        if (registration === undefined) continue;
        const entry = result.get(site) ?? { stateDir: registration.stateDir, handles: [] };
        entry.handles.push(handle);
        result.set(site, entry);
      }
    }
    return result;
  }

  /**
   * Ships one consistent snapshot of the image to every shippable secondary; undefined when none received it. A
   * failed transfer to one peer is logged and skipped (retried next interval) unless `strict` (the last snapshot of
   * a demote), where it fails the operation so no data is left behind.
   */
  async #ship(image: ReplicatedImage, strict = false): Promise<ShippedSnapshot | undefined> {
    let shipped: ShippedSnapshot | undefined;
    for (const [site, peer] of await this.#shippableSecondaries(image.handles)) {
      let result: ConsistentSnapshotResult;
      try {
        result = await shipConsistentSnapshot(
          peer.handles.map((handle) => ({
            source: this.#directory(handle),
            target: volumeDirectory(peer.stateDir, handle),
            staging: join(peer.stateDir, '.mirror-staging', handle),
          })),
        );
      } catch (error) {
        if (strict)
          throw new SnapshotTransferError(`cannot ship the last snapshot to ${site}`, { cause: error });
        this.#options.logger.warn({ err: error, site, handles: peer.handles }, 'snapshot transfer failed');
        continue;
      }
      for (const handle of peer.handles) {
        await this.#options.pool.setSynced(handle, site, {
          primary: this.#self,
          time: result.time,
          bytes: result.bytes,
          durationMs: result.durationMs,
        });
      }
      shipped = {
        time: shipped === undefined || result.time < shipped.time ? result.time : shipped.time,
        bytes: (shipped?.bytes ?? 0) + result.bytes,
        durationMs: Math.max(shipped?.durationMs ?? 0, result.durationMs),
      };
    }
    return shipped;
  }

  /** Demote if needed (a clean demote ships a last snapshot), handle resync, report the copy's health. */
  async #secondary(vr: VolumeReplication, image: ReplicatedImage): Promise<Result> {
    const pool = this.#options.pool;
    const before = new Map<string, ImageRoleRecord | undefined>();
    for (const handle of image.handles) before.set(handle, await pool.role(handle, this.#self));
    const isPrimary = [...before.values()].some((record) => record?.role === 'primary');
    if (isPrimary) {
      const users = await this.#podsUsing(vr.metadata.namespace ?? '', image.claims);
      if (users.length > 0) return this.#waitForPods(vr, users);
    }
    const demoted = isPrimary ? await this.#demote(image) : new Map<string, ImageRoleRecord>();
    // A secondary reports no sync times; a later promotion starts a fresh schedule.
    this.#lastAttempt.delete(this.#key(vr));
    this.#lastShipped.delete(this.#key(vr));
    const health: SecondaryHealth['kind'][] = [];
    for (const handle of image.handles) {
      const now = new Date().toISOString();
      const previous = before.get(handle);
      let own = demoted.get(handle) ??
        (previous?.role === 'secondary' ? previous : undefined) ?? {
          role: 'secondary',
          since: now,
          diverged: false,
          clean: false,
        };
      own = this.#applyResyncRequest(vr, own, now);
      const synced = await pool.synced(handle, this.#self);
      own = this.#finishResync(handle, own, synced?.time);
      if (JSON.stringify(own) !== JSON.stringify(previous)) await pool.setRole(handle, this.#self, own);
      await mkdir(this.#directory(handle), { recursive: true });
      health.push(secondaryHealth(own, synced?.time));
    }
    const worst = SECONDARY_HEALTH_ORDER.find((kind) => health.includes(kind)) ?? 'in-sync';
    await this.#writeStatus(vr, secondaryStatus(vr, { kind: worst }));
    return { requeueAfter: Math.max(10, Math.round(image.periodMs / 2)) };
  }

  /**
   * A primary image still mounted by a running pod is not demoted (ceph-csi refuses to demote a published volume: its
   * writer would lose writes to a read-only image): FailedToDemote naming the pods, retried when they go.
   */
  async #waitForPods(vr: VolumeReplication, pods: readonly string[]): Promise<Result> {
    const message = `cannot demote: the volume is in use by pod ${pods.join(', ')}; stop the workload first`;
    await this.#writeStatus(vr, failedStatus(vr, message));
    return { requeueAfter: scaled(RETRY_IN_USE_MS, this.#options.timeScale) };
  }

  /** A diverged copy whose requested resync has received a snapshot since is in sync again. */
  #finishResync(handle: string, own: ImageRoleRecord, lastSynced: string | undefined): ImageRoleRecord {
    if (!own.diverged || own.resyncRequestedAt === undefined) return own;
    if (lastSynced === undefined || lastSynced < own.resyncRequestedAt) return own;
    const { resyncRequestedAt: _done, ...rest } = own;
    this.#options.logger.info({ handle }, 'image resynced from the primary');
    return { ...rest, diverged: false, since: lastSynced };
  }

  /**
   * DemoteVolume of a primary image; see the module comment. Members promoted elsewhere meanwhile have diverged;
   * the others first receive a last snapshot.
   */
  async #demote(image: ReplicatedImage): Promise<Map<string, ImageRoleRecord>> {
    const promotedElsewhere = new Set<string>();
    for (const handle of image.handles) {
      const roles = await this.#options.pool.roles(handle);
      if ([...roles].some(([site, record]) => site !== this.#self && record.role === 'primary')) {
        promotedElsewhere.add(handle);
      }
    }
    const clean = image.handles.filter((handle) => !promotedElsewhere.has(handle));
    if (clean.length > 0) await this.#ship({ ...image, handles: clean }, true);
    const since = new Date().toISOString();
    const result = new Map<string, ImageRoleRecord>();
    for (const handle of image.handles) {
      const diverged = promotedElsewhere.has(handle);
      result.set(handle, { role: 'secondary', since, diverged, clean: !diverged });
      this.#options.logger.info({ handle, diverged }, 'image demoted');
    }
    return result;
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
