/**
 * The claim side of the PersistentVolume controller plus the CSI external-provisioner, for claims of the embedded
 * driver's classes: a claim without a class gets the default class (retroactive default assignment), a claim with
 * a pre-bound volume or a volume whose claimRef names it binds to that volume (static binding: how Ramen restores
 * PV/PVC pairs), an unclaimed Available volume that fits is bound, and otherwise a volume `pvc-<uid>` with a
 * directory of its own is provisioned and bound. Binding writes the volume's claimRef and phase Bound, then the
 * claim's `volumeName`, annotations and status (phase Bound, capacity, access modes), as the real controller does.
 *
 * A claim with a data source (`dataSourceRef`, else `dataSource`) is provisioned as the CSI external-provisioner
 * does it: only once the source is usable (a VolumeSnapshot readyToUse with its data on this cluster, or a Bound
 * claim of the same class to clone; see data-source-resolver.ts) is the volume directory created already holding
 * the source's data (see volume-population.ts), and only then are the volume created and bound, so no pod ever
 * mounts it empty. Until then the claim stays Pending, with a ProvisioningFailed event saying why, and is retried
 * (the source's events bring it back too). Such a claim never takes an unrelated Available volume.
 *
 * The pvc-protection controller lives here too: a deleted claim keeps its `kubernetes.io/pvc-protection`
 * finalizer while a pod that has not finished uses it.
 */
import { mkdir } from 'node:fs/promises';
import { type VolumeSnapshot, VolumeSnapshotKind } from '../../api/index.js';
import {
  DEFAULT_CLASS_ANNOTATION,
  type PersistentVolume,
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
  type Pod,
  PodKind,
  PVC_PROTECTION_FINALIZER,
  type StorageClass,
  StorageClassKind,
} from '../../apiserver/builtins/index.js';
import { isAlreadyExists, isNotFound, objectKeyOf } from '../../kube/index.js';
import {
  type ControllerOptions,
  enqueueRequestsFromMapFunc,
  type Manager,
  type Request,
  type Result,
  type WatchSpec,
} from '../../runtime/index.js';
import {
  BETA_STORAGE_PROVISIONER_ANNOTATION,
  BIND_COMPLETED_ANNOTATION,
  BOUND_BY_CONTROLLER_ANNOTATION,
  claimClassName,
  claimRefMatches,
  claimRefOf,
  claimRequestOf,
  provisionedVolume,
  STORAGE_PROVISIONER_ANNOTATION,
  volumeFits,
} from './claim-binding.js';
import { type ClaimDataSource, claimDataSource, claimUsesSource } from './claim-data-source.js';
import { DataSourceResolver, type SnapshotServing } from './data-source-resolver.js';
import { isRamenCsiDriver } from './storage-classes.js';
import { persistentVolumeDirectory } from './volume-paths.js';
import { populateVolume } from './volume-population.js';

/** What the claim controller needs besides the manager. */
export interface ClaimControllerOptions {
  stateDir: string;
  /** Which snapshot kinds the cluster serves. @default neither (no claim is restored from a snapshot) */
  snapshots?: SnapshotServing;
}

/** How long a claim whose data source is not usable yet waits before the provisioner looks again. */
export const DATA_SOURCE_RETRY_MS = 2_000;

/** The claims a pod mounts. */
export function podClaimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? [])
    .map((volume) => volume.persistentVolumeClaim?.claimName)
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

/** Whether a pod still counts as using its claims (not finished). */
export function podActive(pod: Pod): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** The claim controller; see the module comment. */
export function claimController(manager: Manager, options: ClaimControllerOptions): ControllerOptions {
  const reconciler = new ClaimReconciler(manager, options);
  const snapshotWatches: WatchSpec[] = options.snapshots?.snapshots
    ? [
        {
          resource: VolumeSnapshotKind,
          handler: enqueueRequestsFromMapFunc((snapshot, cluster) =>
            reconciler.claimsFilledFrom('VolumeSnapshot', snapshot as VolumeSnapshot, cluster),
          ),
        },
      ]
    : [];
  return {
    name: 'persistentvolume-binder',
    for: { resource: PersistentVolumeClaimKind },
    watches: [
      {
        resource: PersistentVolumeKind,
        handler: enqueueRequestsFromMapFunc<PersistentVolume>(claimRequestOf),
      },
      {
        resource: PodKind,
        handler: enqueueRequestsFromMapFunc<Pod>((pod, cluster) =>
          podClaimNames(pod).map((name) => ({ cluster, namespace: pod.metadata.namespace ?? '', name })),
        ),
      },
      {
        // A class appearing (or becoming the default) lets waiting claims go on.
        resource: StorageClassKind,
        handler: enqueueRequestsFromMapFunc<StorageClass>(() => reconciler.waitingClaims()),
      },
      {
        // A source claim binding lets its clones go on.
        resource: PersistentVolumeClaimKind,
        handler: enqueueRequestsFromMapFunc<PersistentVolumeClaim>((source, cluster) =>
          reconciler.claimsFilledFrom('PersistentVolumeClaim', source, cluster),
        ),
      },
      ...snapshotWatches,
    ],
    reconciler: (request) => reconciler.reconcile(request),
  };
}

class ClaimReconciler {
  readonly #manager: Manager;
  readonly #options: ClaimControllerOptions;
  readonly #sources: DataSourceResolver;

  constructor(manager: Manager, options: ClaimControllerOptions) {
    this.#manager = manager;
    this.#options = options;
    const serving = options.snapshots ?? { snapshots: false, contents: false };
    this.#sources = new DataSourceResolver(() => this.#cluster, options.stateDir, serving);
  }

  get #cluster() {
    return this.#manager.cluster();
  }

  /** Every unbound claim (to revisit when classes change). */
  waitingClaims(): Request[] {
    const informer = this.#manager.informerFor(this.#cluster.name, PersistentVolumeClaimKind);
    return (informer.list() as PersistentVolumeClaim[])
      .filter((claim) => claim.status?.phase !== 'Bound')
      .map((claim) => ({ cluster: this.#cluster.name, ...objectKeyOf(claim) }) as Request);
  }

  /** The unbound claims of `cluster` to be filled from `source` (a snapshot or a claim to clone). */
  claimsFilledFrom(
    kind: 'VolumeSnapshot' | 'PersistentVolumeClaim',
    source: VolumeSnapshot | PersistentVolumeClaim,
    cluster: string,
  ): Request[] {
    const { namespace, name } = source.metadata;
    const informer = this.#manager.informerFor(cluster, PersistentVolumeClaimKind);
    return (informer.list() as PersistentVolumeClaim[])
      .filter((claim) => claim.status?.phase !== 'Bound' && claimUsesSource(claim, kind, namespace, name))
      .map((claim) => ({ cluster, ...objectKeyOf(claim) }) as Request);
  }

  async reconcile(request: Request): Promise<Result | undefined> {
    const claim = await this.#cluster.cache.get(PersistentVolumeClaimKind, request);
    if (claim === undefined) return undefined;
    if (claim.metadata.deletionTimestamp !== undefined) {
      await this.#releaseProtection(claim);
      return undefined;
    }
    const volumeName = claim.spec?.volumeName;
    if (volumeName) {
      await this.#bindToNamedVolume(claim, volumeName);
      return undefined;
    }
    if (claimClassName(claim) === '' && claim.spec?.storageClassName === undefined) {
      if (await this.#assignDefaultClass(claim)) return undefined;
    }
    const volume = (await this.#claimingVolume(claim)) ?? (await this.#fittingVolume(claim));
    if (volume !== undefined) {
      await this.#bind(volume, claim, volume.spec?.claimRef === undefined);
      return undefined;
    }
    return this.#provision(claim);
  }

  /** A claim with `volumeName`: bind when the volume is free or already ours; Lost when a bound volume is gone. */
  async #bindToNamedVolume(claim: PersistentVolumeClaim, volumeName: string): Promise<void> {
    const volume = await this.#cluster.cache.get(PersistentVolumeKind, { name: volumeName });
    if (volume === undefined) {
      if (claim.status?.phase === 'Bound') await this.#setClaimPhase(claim, 'Lost');
      return;
    }
    const ref = volume.spec?.claimRef;
    if (ref === undefined || claimRefMatches(ref, claim)) {
      await this.#bind(volume, claim, ref === undefined);
    } else if (claim.status?.phase === 'Bound') {
      await this.#setClaimPhase(claim, 'Lost');
    }
  }

  async #assignDefaultClass(claim: PersistentVolumeClaim): Promise<boolean> {
    const classes = await this.#cluster.cache.list(StorageClassKind);
    const defaults = classes
      .filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')
      .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
    const chosen = defaults[0];
    if (chosen === undefined) return false;
    const next = structuredClone(claim);
    next.spec = { ...next.spec, storageClassName: chosen.metadata.name ?? '' };
    await this.#cluster.client.update(PersistentVolumeClaimKind, next);
    return true;
  }

  async #claimingVolume(claim: PersistentVolumeClaim): Promise<PersistentVolume | undefined> {
    const volumes = await this.#cluster.cache.list(PersistentVolumeKind);
    return volumes.find(
      (v) => v.metadata.deletionTimestamp === undefined && claimRefMatches(v.spec?.claimRef, claim),
    );
  }

  /** An Available volume that fits; none for a claim with a data source (its volume must come from the source). */
  async #fittingVolume(claim: PersistentVolumeClaim): Promise<PersistentVolume | undefined> {
    if (claimDataSource(claim) !== undefined) return undefined;
    const volumes = await this.#cluster.cache.list(PersistentVolumeKind);
    const fitting = volumes.filter((volume) => volumeFits(volume, claim));
    return fitting.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))[0];
  }

  /**
   * The CSI provisioner: a volume and its directory for a claim of one of our classes, the directory already
   * holding the data source's data when the claim has one (or nothing yet while the source is not usable).
   */
  async #provision(claim: PersistentVolumeClaim): Promise<Result | undefined> {
    const className = claimClassName(claim);
    if (className === '') return undefined;
    const storageClass = await this.#cluster.cache.get(StorageClassKind, { name: className });
    if (storageClass === undefined || !isRamenCsiDriver(storageClass.provisioner)) return undefined;
    if (storageClass.volumeBindingMode === 'WaitForFirstConsumer' && !(await this.#hasConsumer(claim)))
      return undefined;
    const volume = provisionedVolume(claim, storageClass);
    const directory = persistentVolumeDirectory(this.#options.stateDir, volume);
    const source = claimDataSource(claim);
    if (source === undefined) {
      if (directory !== undefined) await mkdir(directory, { recursive: true });
    } else {
      const resolution = await this.#sources.resolve(claim, source, storageClass);
      if ('waiting' in resolution)
        return this.#waitForSource(claim, storageClass, source, resolution.waiting);
      if (directory !== undefined) await populateVolume(resolution.directory, directory);
    }
    await this.#createAndBind(volume, claim);
    return undefined;
  }

  /** Creates the provisioned volume (or finds it from an earlier attempt) and binds the claim to it. */
  async #createAndBind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    let created: PersistentVolume;
    try {
      created = await this.#cluster.client.create(PersistentVolumeKind, volume);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      created = await this.#cluster.client.get(PersistentVolumeKind, { name: volume.metadata.name ?? '' });
    }
    await this.#bind(created, claim, false);
  }

  /**
   * A claim whose data source is not usable yet stays Pending: the events the real components would record
   * (through the driver's recorder, which folds repeats into one Event's count), a log line, and a retry — none for
   * a source kind some external populator serves, whose volume's events bring the claim back.
   */
  #waitForSource(
    claim: PersistentVolumeClaim,
    storageClass: StorageClass,
    source: ClaimDataSource,
    reason: string,
  ): Result | undefined {
    const driver = storageClass.provisioner ?? '';
    const recorder = this.#manager.eventRecorderFor(driver);
    recorder.event(
      claim,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${driver}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
    const log = this.#manager.logger.child({
      namespace: claim.metadata.namespace,
      claim: claim.metadata.name,
    });
    if (source.kind === 'Unsupported') {
      log.info({ reason }, 'claim left to an external populator');
      recorder.event(
        claim,
        'Normal',
        'Provisioning',
        'Assuming an external populator will provision the volume',
      );
      return undefined;
    }
    log.debug({ reason, retryInMs: DATA_SOURCE_RETRY_MS }, 'claim waits for its data source');
    recorder.event(
      claim,
      'Warning',
      'ProvisioningFailed',
      `failed to provision volume with StorageClass "${storageClass.metadata.name ?? ''}": error getting handle for DataSource Type ${source.kind} by Name ${source.name}: ${reason}`,
    );
    return { requeueAfter: DATA_SOURCE_RETRY_MS };
  }

  async #hasConsumer(claim: PersistentVolumeClaim): Promise<boolean> {
    const pods = await this.#cluster.cache.list(PodKind, { namespace: claim.metadata.namespace ?? '' });
    return pods.some((pod) => podClaimNames(pod).includes(claim.metadata.name ?? ''));
  }

  /** `bindVolumeToClaim` then `bindClaimToVolume`, then both phases. */
  async #bind(volume: PersistentVolume, claim: PersistentVolumeClaim, byController: boolean): Promise<void> {
    const client = this.#cluster.client;
    let current = volume;
    if (current.spec?.claimRef?.uid !== claim.metadata.uid) {
      const next = structuredClone(current);
      next.spec = { ...next.spec, claimRef: claimRefOf(claim) };
      if (byController) {
        next.metadata.annotations = { ...next.metadata.annotations, [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' };
      }
      current = await client.update(PersistentVolumeKind, next);
    }
    if (current.status?.phase !== 'Bound') {
      await client.updateStatus(PersistentVolumeKind, { ...current, status: { phase: 'Bound' } });
    }
    let bound = claim;
    const annotations = claim.metadata.annotations ?? {};
    if (
      claim.spec?.volumeName !== current.metadata.name ||
      annotations[BIND_COMPLETED_ANNOTATION] !== 'yes'
    ) {
      const next = structuredClone(claim);
      const provisioner = current.spec?.csi?.driver;
      next.metadata.annotations = {
        ...next.metadata.annotations,
        [BIND_COMPLETED_ANNOTATION]: 'yes',
        ...(claim.spec?.volumeName === undefined && { [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' }),
        ...(provisioner !== undefined && {
          [STORAGE_PROVISIONER_ANNOTATION]: provisioner,
          [BETA_STORAGE_PROVISIONER_ANNOTATION]: provisioner,
        }),
      };
      next.spec = { ...next.spec, volumeName: current.metadata.name ?? '' };
      bound = await client.update(PersistentVolumeClaimKind, next);
    }
    const status = {
      ...bound.status,
      phase: 'Bound' as const,
      accessModes: [...(current.spec?.accessModes ?? [])],
      capacity: { ...current.spec?.capacity },
    };
    if (JSON.stringify(status) !== JSON.stringify(bound.status)) {
      await client.updateStatus(PersistentVolumeClaimKind, { ...bound, status });
    }
  }

  async #setClaimPhase(claim: PersistentVolumeClaim, phase: 'Lost' | 'Pending'): Promise<void> {
    await this.#cluster.client.updateStatus(PersistentVolumeClaimKind, {
      ...claim,
      status: { ...claim.status, phase },
    });
  }

  /** pvc-protection: drop the finalizer once no unfinished pod of the namespace mounts the claim. */
  async #releaseProtection(claim: PersistentVolumeClaim): Promise<void> {
    const finalizers = claim.metadata.finalizers ?? [];
    if (!finalizers.includes(PVC_PROTECTION_FINALIZER)) return;
    const pods = await this.#cluster.cache.list(PodKind, { namespace: claim.metadata.namespace ?? '' });
    const used = pods.some((pod) => podActive(pod) && podClaimNames(pod).includes(claim.metadata.name ?? ''));
    if (used) return;
    const next = structuredClone(claim);
    next.metadata.finalizers = finalizers.filter((f) => f !== PVC_PROTECTION_FINALIZER);
    try {
      await this.#cluster.client.update(PersistentVolumeClaimKind, next);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
