/**
 * The rsync-TLS ReplicationSource mover. A source with `spec.sourcePVC` and `spec.rsyncTLS` syncs when its trigger
 * says so: once per new `trigger.manual` token (the schedule is then ignored, as in VolSync), on the cron
 * `trigger.schedule` (its waits divided by the agent's time scale; the first sync runs at once), or back to back
 * without a trigger. A sync resolves `rsyncTLS.address` in the transfer area, checks the pre-shared key of
 * `keySecret` against the destination's (a mismatch fails like a TLS-PSK handshake: condition `Synchronizing`
 * False/Error, `latestMoverStatus` Failed, no data moved), waits while the destination is still keeping the image
 * of the previous transfer, then moves the source volume's data into the destination volume with the data mover
 * (rsync when installed, the built-in incremental copy otherwise) and records the transfer for the destination.
 * Afterwards it reports `lastSyncTime`, `lastSyncStartTime`, `lastSyncDuration`, `nextSyncTime`, the manual token
 * as `lastManualSync`, and the mover's statistics in `latestMoverStatus.logs`.
 *
 * With copyMethod Snapshot or Clone the data is read from a point-in-time copy: a VolumeSnapshot
 * `volsync-<rs>-src` of the source claim (cut by the embedded snapshot controller), whose snapshot directory is the
 * mover's source; it is deleted after the sync, so each sync copies a fresh image (VolSync would restore it into a
 * temporary claim first; reading the snapshot's directory is the same data). Direct reads the live volume.
 */
import { randomUUID } from 'node:crypto';
import {
  type ReplicationSource,
  ReplicationSourceKind,
  type ReplicationSourceStatus,
  VolumeSnapshotKind,
} from '../../api/index.js';
import { isNotFound } from '../../kube/index.js';
import type { ControllerOptions, Manager, Request, Result } from '../../runtime/index.js';
import { snapshotDirectory, snapshotHandleFor } from '../volumes/snapshot-paths.js';
import { claimVolume } from './claim-volume.js';
import { InvalidScheduleError, nextScheduledSync, parseSchedule } from './cron-schedule.js';
import { PskSecretError, readPsk } from './psk.js';
import { type DataMover, formatStats } from './rsync-mover.js';
import { goDuration, kubeTime, type SyncReason, setSynchronizing } from './sync-status.js';
import {
  type EndpointRecord,
  pskDigest,
  readEndpoint,
  readTransfer,
  writeTransfer,
} from './transfer-area.js';

/** What the source controller needs besides the manager. */
export interface SourceControllerOptions {
  stateDir: string;
  timeScale: number;
  mover: DataMover;
}

/** How long a source waits before retrying an unreachable or busy destination. */
export const RETRY_MS = 250;
/** How long a source waits after a failed handshake or a missing secret. */
export const ERROR_RETRY_MS = 2_000;

/** The source controller; see the module comment. */
export function sourceController(manager: Manager, options: SourceControllerOptions): ControllerOptions {
  const reconciler = new SourceReconciler(manager, options);
  return {
    name: 'volsync-replicationsource',
    for: { resource: ReplicationSourceKind },
    reconciler: (request) => reconciler.reconcile(request),
  };
}

/** The point-in-time snapshot of a source claim VolSync takes for copyMethod Snapshot. */
export function sourceSnapshotName(rsName: string): string {
  return `volsync-${rsName}-src`;
}

function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

/** Why the source's schedule (when it is used) cannot run, if it cannot. */
function invalidSchedule(rs: ReplicationSource): string | undefined {
  const trigger = rs.spec?.trigger;
  if (trigger?.manual !== undefined || trigger?.schedule === undefined) return undefined;
  try {
    parseSchedule(trigger.schedule);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidScheduleError) return error.message;
    throw error;
  }
}

function sourceKey(rs: ReplicationSource): string {
  return `${rs.metadata.namespace ?? ''}/${rs.metadata.name ?? ''}`;
}

/** A sync that cannot run now; `reason` becomes the condition. */
class SyncBlockedError extends Error {
  override readonly name = 'SyncBlockedError';
  readonly reason: SyncReason;
  readonly retryMs: number;

  constructor(reason: SyncReason, message: string, retryMs: number) {
    super(message);
    this.reason = reason;
    this.retryMs = retryMs;
  }
}

type SourceTls = NonNullable<NonNullable<ReplicationSource['spec']>['rsyncTLS']>;

type Outcome = { reason: SyncReason; message?: string; requeueAfter?: number };

type Plan = { due: true } | { due: false; reason: SyncReason; next?: Date };

class SourceReconciler {
  readonly #manager: Manager;
  readonly #options: SourceControllerOptions;
  /** The precise next scheduled sync per source (`namespace/name`; status keeps whole seconds). */
  readonly #nextSync = new Map<string, number>();

  constructor(manager: Manager, options: SourceControllerOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  get #cluster() {
    return this.#manager.cluster();
  }

  async reconcile(request: Request): Promise<Result | undefined> {
    const rs = await this.#cluster.cache.get(ReplicationSourceKind, request);
    const key = `${request.namespace ?? ''}/${request.name}`;
    if (rs === undefined || rs.metadata.deletionTimestamp !== undefined) {
      this.#nextSync.delete(key);
      return undefined;
    }
    if (!rs.spec?.sourcePVC || rs.spec.rsyncTLS === undefined || rs.spec.paused === true) return undefined;
    const status: ReplicationSourceStatus = structuredClone(rs.status ?? {});
    const outcome = await this.#step(rs, status);
    if (outcome.reason === 'Error')
      status.latestMoverStatus = { result: 'Failed', logs: outcome.message ?? '' };
    const conditions = [...(status.conditions ?? [])];
    setSynchronizing(conditions, outcome.reason, rs.metadata.generation, outcome.message);
    status.conditions = conditions;
    if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
      await this.#cluster.client.updateStatus(ReplicationSourceKind, { ...rs, status });
    }
    const { requeueAfter } = outcome;
    return requeueAfter === undefined ? undefined : { requeueAfter: Math.max(10, requeueAfter) };
  }

  /** Syncs when the trigger says so (updating `status`); returns the condition and when to look again. */
  async #step(rs: ReplicationSource, status: ReplicationSourceStatus): Promise<Outcome> {
    const scheduleError = invalidSchedule(rs);
    if (scheduleError !== undefined) return { reason: 'Error', message: scheduleError };
    const plan = this.#plan(rs, new Date());
    if (!plan.due) {
      if (plan.next === undefined) return { reason: plan.reason };
      status.nextSyncTime = kubeTime(plan.next);
      return { reason: plan.reason, requeueAfter: plan.next.getTime() - Date.now() };
    }
    try {
      const next = await this.#sync(rs, status);
      if (rs.spec?.trigger?.manual !== undefined) return { reason: 'WaitingForManual' };
      if (next !== undefined) return { reason: 'WaitingForSchedule', requeueAfter: next - Date.now() };
      return { reason: 'SyncInProgress', requeueAfter: RETRY_MS };
    } catch (error) {
      if (!(error instanceof SyncBlockedError)) throw error;
      return { reason: error.reason, message: error.message, requeueAfter: error.retryMs };
    }
  }

  #plan(rs: ReplicationSource, now: Date): Plan {
    const trigger = rs.spec?.trigger;
    if (trigger?.manual !== undefined) {
      return trigger.manual === rs.status?.lastManualSync
        ? { due: false, reason: 'WaitingForManual' }
        : { due: true };
    }
    if (trigger?.schedule === undefined) return { due: true };
    const known =
      this.#nextSync.get(sourceKey(rs)) ??
      (rs.status?.nextSyncTime ? Date.parse(rs.status.nextSyncTime) : undefined);
    if (known === undefined || rs.status?.lastSyncTime === undefined || known <= now.getTime())
      return { due: true };
    return { due: false, reason: 'WaitingForSchedule', next: new Date(known) };
  }

  /** Runs one sync; returns the next scheduled time (ms) when there is a schedule. */
  async #sync(rs: ReplicationSource, status: ReplicationSourceStatus): Promise<number | undefined> {
    const namespace = rs.metadata.namespace ?? '';
    const tls: SourceTls = rs.spec?.rsyncTLS ?? {};
    const endpoint = await this.#connect(rs);
    const source = await claimVolume(
      this.#cluster,
      this.#options.stateDir,
      namespace,
      rs.spec?.sourcePVC ?? '',
    );
    if (typeof source === 'string') {
      throw new SyncBlockedError('SyncInProgress', `Waiting for PVC ${rs.spec?.sourcePVC}: ${source}`, 1_000);
    }
    const pointInTime = tls.copyMethod === 'Snapshot' || tls.copyMethod === 'Clone';
    const from = pointInTime ? await this.#sourceImage(rs) : source.directory;
    const start = new Date();
    const stats = await this.#options.mover.sync(from, endpoint.volumeDirectory);
    const end = new Date();
    if (pointInTime) await this.#releaseSourceImage(rs);
    await writeTransfer(this.#options.stateDir, endpoint.address, {
      id: randomUUID(),
      session: endpoint.session,
      sourceCluster: this.#cluster.name,
      startTime: start.toISOString(),
      endTime: end.toISOString(),
      stats,
    });
    status.lastSyncStartTime = kubeTime(start);
    status.lastSyncTime = kubeTime(end);
    status.lastSyncDuration = goDuration(end.getTime() - start.getTime());
    status.latestMoverStatus = {
      result: 'Successful',
      logs: `${this.#options.mover.kind}\n${formatStats(stats)}`,
    };
    if (tls.keySecret) status.rsyncTLS = { keySecret: tls.keySecret };
    const trigger = rs.spec?.trigger;
    if (trigger?.manual !== undefined) {
      status.lastManualSync = trigger.manual;
      delete status.nextSyncTime;
      return undefined;
    }
    if (trigger?.schedule === undefined) return undefined;
    const next = nextScheduledSync(trigger.schedule, start, this.#options.timeScale).getTime();
    this.#nextSync.set(sourceKey(rs), next);
    status.nextSyncTime = kubeTime(new Date(next));
    return next;
  }

  /** The directory of a ready point-in-time image of the source claim (blocked while it is being cut). */
  async #sourceImage(rs: ReplicationSource): Promise<string> {
    const namespace = rs.metadata.namespace ?? '';
    const name = sourceSnapshotName(rs.metadata.name ?? '');
    let snapshot = await this.#cluster.client
      .get(VolumeSnapshotKind, { namespace, name })
      .catch(ignoreNotFound);
    if (snapshot === undefined) {
      const snapshotClass = rs.spec?.rsyncTLS?.volumeSnapshotClassName;
      snapshot = await this.#cluster.client.create(VolumeSnapshotKind, {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshot',
        metadata: {
          name,
          namespace,
          labels: { 'volsync.backube/replication-source': rs.metadata.name ?? '' },
        },
        spec: {
          source: { persistentVolumeClaimName: rs.spec?.sourcePVC ?? '' },
          ...(snapshotClass && { volumeSnapshotClassName: snapshotClass }),
        },
      });
    }
    if (snapshot.status?.readyToUse !== true) {
      throw new SyncBlockedError(
        'SyncInProgress',
        `Waiting for snapshot ${name} of the source PVC`,
        RETRY_MS,
      );
    }
    return snapshotDirectory(this.#options.stateDir, snapshotHandleFor(snapshot.metadata.uid ?? ''));
  }

  async #releaseSourceImage(rs: ReplicationSource): Promise<void> {
    const key = { namespace: rs.metadata.namespace ?? '', name: sourceSnapshotName(rs.metadata.name ?? '') };
    await this.#cluster.client.delete(VolumeSnapshotKind, key).catch(ignoreNotFound);
  }

  /** Resolves the destination and checks the pre-shared key; blocked when unreachable, busy or refused. */
  async #connect(rs: ReplicationSource): Promise<EndpointRecord> {
    const tls: SourceTls = rs.spec?.rsyncTLS ?? {};
    const address = tls.address;
    if (!address)
      throw new SyncBlockedError('SyncInProgress', 'Waiting for the destination address', RETRY_MS);
    const endpoint = await readEndpoint(this.#options.stateDir, address).catch(() => undefined);
    if (endpoint === undefined || !endpoint.online) {
      throw new SyncBlockedError('SyncInProgress', `Unable to connect to ${address}: no such host`, RETRY_MS);
    }
    if (!tls.keySecret) throw new SyncBlockedError('Error', 'rsyncTLS.keySecret is not set', ERROR_RETRY_MS);
    let psk: string;
    try {
      psk = await readPsk(this.#cluster.client, rs.metadata.namespace ?? '', tls.keySecret);
    } catch (error) {
      if (error instanceof PskSecretError) throw new SyncBlockedError('Error', error.message, ERROR_RETRY_MS);
      throw error;
    }
    if (pskDigest(psk) !== endpoint.pskDigest) {
      throw new SyncBlockedError(
        'Error',
        `TLS-PSK handshake with ${address} failed: the pre-shared key in Secret ${tls.keySecret} does not match the destination's`,
        ERROR_RETRY_MS,
      );
    }
    const last = await readTransfer(this.#options.stateDir, endpoint.address);
    if (last?.session === endpoint.session) {
      throw new SyncBlockedError(
        'SyncInProgress',
        `Waiting for ${address} to accept a new transfer`,
        RETRY_MS,
      );
    }
    return endpoint;
  }
}
