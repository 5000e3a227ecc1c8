/**
 * The rsync-TLS ReplicationDestination mover. For a destination with `spec.rsyncTLS` it provisions the destination
 * claim (`volsync-<rd>-dst`, owned by the destination) unless `destinationPVC` names one, takes the pre-shared key
 * from `keySecret` (generating a Secret when unset), publishes an endpoint in the transfer area (transfer-area.ts)
 * and reports `status.rsyncTLS.address`/`keySecret`/`port`. When a source completes a transfer in the current
 * session, the destination keeps the image: with copyMethod Snapshot it takes a VolumeSnapshot of the claim and,
 * once the snapshot is ready, points `status.latestImage` at it (deleting the previous image unless it is labelled
 * `volsync.backube/do-not-delete`); with Direct the data stays in the claim and `latestImage` names the claim. Then
 * it reports the sync times and opens a new session. `Synchronizing` is True (SyncInProgress) while it listens.
 *
 * The transfer area is polled (`POLL_MS`) rather than watched. `spec.trigger` of a destination is not honoured
 * (Ramen sets none: the destination listens continuously).
 */
import {
  type ReplicationDestination,
  ReplicationDestinationKind,
  type ReplicationDestinationStatus,
  type VolumeSnapshot,
  VolumeSnapshotKind,
} from '../../api/index.js';
import { type PersistentVolumeClaim, PersistentVolumeClaimKind } from '../../apiserver/builtins/index.js';
import { isAlreadyExists, isNotFound } from '../../kube/index.js';
import {
  type ControllerOptions,
  enqueueRequestForOwner,
  type Manager,
  type Request,
  type Result,
} from '../../runtime/index.js';
import { claimVolume } from './claim-volume.js';
import { ensureGeneratedPsk, PskSecretError, readPsk } from './psk.js';
import { formatStats } from './rsync-mover.js';
import { goDuration, kubeTime, type SyncReason, setSynchronizing } from './sync-status.js';
import {
  clusterAddress,
  clustersetAddress,
  type EndpointRecord,
  newSession,
  pskDigest,
  readEndpoint,
  readTransfer,
  removeEndpoint,
  type TransferRecord,
  writeEndpoint,
} from './transfer-area.js';

/** How often a listening destination looks for completed transfers. */
export const POLL_MS = 250;
/** The port VolSync's rsync-TLS destination listens on. */
export const RSYNC_TLS_PORT = 8000;
/** The label that keeps VolSync from deleting an old image (Ramen sets it on the snapshot it restores from). */
export const DO_NOT_DELETE_LABEL = 'volsync.backube/do-not-delete';

/** What the destination controller needs besides the manager. */
export interface DestinationControllerOptions {
  stateDir: string;
}

/** The claim VolSync provisions for a destination without `destinationPVC`. */
export function destinationClaimName(rdName: string): string {
  return `volsync-${rdName}-dst`;
}

/** The destination controller; see the module comment. */
export function destinationController(
  manager: Manager,
  options: DestinationControllerOptions,
): ControllerOptions {
  const reconciler = new DestinationReconciler(manager, options);
  return {
    name: 'volsync-replicationdestination',
    for: { resource: ReplicationDestinationKind },
    watches: [
      { resource: PersistentVolumeClaimKind, handler: enqueueRequestForOwner(ReplicationDestinationKind) },
    ],
    reconciler: (request) => reconciler.reconcile(request),
  };
}

type DestinationTls = NonNullable<NonNullable<ReplicationDestination['spec']>['rsyncTLS']>;

type Outcome = { reason: SyncReason; message?: string; requeueAfter: number };

class DestinationReconciler {
  readonly #manager: Manager;
  readonly #options: DestinationControllerOptions;

  constructor(manager: Manager, options: DestinationControllerOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  get #cluster() {
    return this.#manager.cluster();
  }

  #addresses(namespace: string, name: string): [string, string] {
    return [clusterAddress(this.#cluster.name, namespace, name), clustersetAddress(namespace, name)];
  }

  async #withdraw(namespace: string, name: string): Promise<void> {
    for (const address of this.#addresses(namespace, name)) {
      await removeEndpoint(this.#options.stateDir, address, { cluster: this.#cluster.name, namespace, name });
    }
  }

  async reconcile(request: Request): Promise<Result | undefined> {
    const namespace = request.namespace ?? '';
    const rd = await this.#cluster.cache.get(ReplicationDestinationKind, request);
    if (rd === undefined || rd.metadata.deletionTimestamp !== undefined || rd.spec?.rsyncTLS === undefined) {
      await this.#withdraw(namespace, request.name);
      return undefined;
    }
    const status: ReplicationDestinationStatus = structuredClone(rd.status ?? {});
    const outcome = await this.#serve(rd, status).catch((error: unknown) => {
      if (error instanceof PskSecretError || error instanceof DestinationConfigError) {
        return { reason: 'Error', message: error.message, requeueAfter: 2_000 } satisfies Outcome;
      }
      throw error;
    });
    const conditions = [...(status.conditions ?? [])];
    setSynchronizing(conditions, outcome.reason, rd.metadata.generation, outcome.message);
    status.conditions = conditions;
    if (JSON.stringify(status) !== JSON.stringify(rd.status ?? {})) {
      await this.#cluster.client.updateStatus(ReplicationDestinationKind, { ...rd, status });
    }
    return { requeueAfter: outcome.requeueAfter };
  }

  /** Brings the endpoint and `status` (mutated) up to date; returns the condition to report. */
  async #serve(rd: ReplicationDestination, status: ReplicationDestinationStatus): Promise<Outcome> {
    const tls: DestinationTls = rd.spec?.rsyncTLS ?? {};
    const namespace = rd.metadata.namespace ?? '';
    const name = rd.metadata.name ?? '';
    const keySecret =
      tls.keySecret ||
      (await ensureGeneratedPsk(this.#cluster.client, {
        namespace,
        name,
        uid: rd.metadata.uid ?? '',
        apiVersion: rd.apiVersion ?? 'volsync.backube/v1alpha1',
        kind: 'ReplicationDestination',
      }));
    const psk = await readPsk(this.#cluster.client, namespace, keySecret);
    const claimName = tls.destinationPVC || (await this.#ensureClaim(rd));
    const target = await claimVolume(this.#cluster, this.#options.stateDir, namespace, claimName);
    if (typeof target === 'string') {
      return {
        reason: 'SyncInProgress',
        message: `Waiting for PVC ${claimName}: ${target}`,
        requeueAfter: 1_000,
      };
    }
    const [address, alias] = this.#addresses(namespace, name);
    const previous = await readEndpoint(this.#options.stateDir, address);
    const endpoint: EndpointRecord = {
      address,
      cluster: this.#cluster.name,
      namespace,
      name,
      uid: rd.metadata.uid ?? '',
      volumeDirectory: target.directory,
      pskDigest: pskDigest(psk),
      session:
        previous?.uid === rd.metadata.uid && previous?.volumeDirectory === target.directory
          ? previous.session
          : newSession(),
      online: true,
    };
    status.rsyncTLS = { address, keySecret, port: RSYNC_TLS_PORT };
    const transfer = await readTransfer(this.#options.stateDir, address);
    if (transfer?.session === endpoint.session) {
      const image = await this.#keepImage(rd, claimName, transfer);
      if (image === undefined) {
        await this.#publish([address, alias], endpoint, previous);
        return { reason: 'SyncInProgress', requeueAfter: POLL_MS };
      }
      await this.#recordSync(rd, status, transfer, image);
      endpoint.session = newSession();
    }
    await this.#publish([address, alias], endpoint, previous);
    return { reason: 'SyncInProgress', requeueAfter: POLL_MS };
  }

  async #publish(addresses: string[], endpoint: EndpointRecord, previous: EndpointRecord | undefined) {
    if (JSON.stringify(previous) === JSON.stringify(endpoint)) return;
    for (const address of addresses) await writeEndpoint(this.#options.stateDir, address, endpoint);
  }

  async #ensureClaim(rd: ReplicationDestination): Promise<string> {
    const tls: DestinationTls = rd.spec?.rsyncTLS ?? {};
    const name = destinationClaimName(rd.metadata.name ?? '');
    if (tls.capacity === undefined) {
      throw new DestinationConfigError('capacity must be defined when destinationPVC is not set');
    }
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace: rd.metadata.namespace ?? '',
        ownerReferences: [
          {
            apiVersion: rd.apiVersion ?? 'volsync.backube/v1alpha1',
            kind: 'ReplicationDestination',
            name: rd.metadata.name ?? '',
            uid: rd.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        accessModes: [...(tls.accessModes ?? ['ReadWriteOnce'])] as NonNullable<
          PersistentVolumeClaim['spec']
        >['accessModes'],
        resources: { requests: { storage: String(tls.capacity) } },
        ...(tls.storageClassName !== undefined && { storageClassName: tls.storageClassName }),
      },
    };
    if (
      await this.#cluster.cache.get(PersistentVolumeClaimKind, {
        namespace: claim.metadata.namespace ?? '',
        name,
      })
    )
      return name;
    try {
      await this.#cluster.client.create(PersistentVolumeClaimKind, claim);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
    return name;
  }

  /** The image of a completed transfer (undefined while its snapshot is not ready). */
  async #keepImage(
    rd: ReplicationDestination,
    claimName: string,
    transfer: TransferRecord,
  ): Promise<NonNullable<ReplicationDestinationStatus['latestImage']> | undefined> {
    if (rd.spec?.rsyncTLS?.copyMethod !== 'Snapshot') {
      return { apiGroup: '', kind: 'PersistentVolumeClaim', name: claimName };
    }
    const namespace = rd.metadata.namespace ?? '';
    const name = `${destinationClaimName(rd.metadata.name ?? '')}-${transfer.id.slice(0, 8)}`;
    let snapshot = await this.#cluster.client
      .get(VolumeSnapshotKind, { namespace, name })
      .catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
    if (snapshot === undefined) {
      const snapshotClass = rd.spec?.rsyncTLS?.volumeSnapshotClassName;
      const wanted: VolumeSnapshot = {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshot',
        metadata: {
          name,
          namespace,
          labels: { 'volsync.backube/replication-destination': rd.metadata.name ?? '' },
        },
        spec: {
          source: { persistentVolumeClaimName: claimName },
          ...(snapshotClass && { volumeSnapshotClassName: snapshotClass }),
        },
      };
      snapshot = await this.#cluster.client.create(VolumeSnapshotKind, wanted);
    }
    if (snapshot.status?.readyToUse !== true) return undefined;
    return { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name };
  }

  async #recordSync(
    rd: ReplicationDestination,
    status: ReplicationDestinationStatus,
    transfer: TransferRecord,
    image: NonNullable<ReplicationDestinationStatus['latestImage']>,
  ): Promise<void> {
    const previous = status.latestImage;
    status.latestImage = image;
    status.lastSyncStartTime = kubeTime(new Date(transfer.startTime));
    status.lastSyncTime = kubeTime(new Date(transfer.endTime));
    status.lastSyncDuration = goDuration(Date.parse(transfer.endTime) - Date.parse(transfer.startTime));
    status.latestMoverStatus = { result: 'Successful', logs: formatStats(transfer.stats) };
    if (previous?.kind === 'VolumeSnapshot' && previous.name !== image.name) {
      await this.#pruneImage(rd.metadata.namespace ?? '', previous.name);
    }
  }

  async #pruneImage(namespace: string, name: string): Promise<void> {
    const snapshot = await this.#cluster.cache.get(VolumeSnapshotKind, { namespace, name });
    if (snapshot === undefined || snapshot.metadata.labels?.[DO_NOT_DELETE_LABEL] !== undefined) return;
    await this.#cluster.client.delete(VolumeSnapshotKind, { namespace, name }).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}

/** The destination's spec cannot be served as it stands. */
export class DestinationConfigError extends Error {
  override readonly name = 'DestinationConfigError';
}
