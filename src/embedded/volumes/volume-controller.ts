/**
 * The volume side of the PersistentVolume controller plus the CSI provisioner's deletion and the pv-protection
 * controller: an unbound volume is Available; a bound volume whose claim is gone (checked against the server, not
 * only the cache) is Released, and then its reclaim policy applies — Retain keeps the volume and its directory,
 * Delete removes the directory (for volumes of the embedded driver) and the volume. A deleted volume keeps its
 * `kubernetes.io/pv-protection` finalizer while it is Bound.
 */
import { rm } from 'node:fs/promises';
import {
  type PersistentVolume,
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
  PV_PROTECTION_FINALIZER,
} from '../../apiserver/builtins/index.js';
import { isNotFound } from '../../kube/index.js';
import {
  type ControllerOptions,
  enqueueRequestsFromMapFunc,
  type Manager,
  type Request,
} from '../../runtime/index.js';
import { isRamenCsiDriver } from './storage-classes.js';
import { persistentVolumeDirectory } from './volume-paths.js';

/** What the volume controller needs besides the manager. */
export interface VolumeControllerOptions {
  stateDir: string;
}

type VolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';

/** The volume controller; see the module comment. */
export function volumeController(manager: Manager, options: VolumeControllerOptions): ControllerOptions {
  const reconciler = new VolumeReconciler(manager, options);
  return {
    name: 'persistentvolume-reclaimer',
    for: { resource: PersistentVolumeKind },
    watches: [
      {
        resource: PersistentVolumeClaimKind,
        handler: enqueueRequestsFromMapFunc<PersistentVolumeClaim>((claim, cluster) =>
          reconciler.volumesOf(claim, cluster),
        ),
      },
    ],
    reconciler: (request) => reconciler.reconcile(request),
  };
}

class VolumeReconciler {
  readonly #manager: Manager;
  readonly #options: VolumeControllerOptions;

  constructor(manager: Manager, options: VolumeControllerOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  get #cluster() {
    return this.#manager.cluster();
  }

  /** The volumes a claim event concerns: the named one and any whose claimRef names the claim. */
  volumesOf(claim: PersistentVolumeClaim, cluster: string): Request[] {
    const informer = this.#manager.informerFor(cluster, PersistentVolumeKind);
    const names = new Set<string>();
    if (claim.spec?.volumeName) names.add(claim.spec.volumeName);
    for (const volume of informer.list() as PersistentVolume[]) {
      const ref = volume.spec?.claimRef;
      if (ref?.namespace === claim.metadata.namespace && ref?.name === claim.metadata.name)
        names.add(volume.metadata.name ?? '');
    }
    return [...names].map((name) => ({ cluster, name }));
  }

  async reconcile(request: Request): Promise<void> {
    const volume = await this.#cluster.cache.get(PersistentVolumeKind, request);
    if (volume === undefined) return;
    if (volume.metadata.deletionTimestamp !== undefined) {
      await this.#releaseProtection(volume);
      return;
    }
    const ref = volume.spec?.claimRef;
    if (ref === undefined) {
      await this.#setPhase(volume, 'Available');
      return;
    }
    const claim = await this.#liveClaim(ref.namespace ?? '', ref.name ?? '');
    const claimGone =
      claim === undefined || (ref.uid !== undefined && ref.uid !== '' && claim.metadata.uid !== ref.uid);
    if (!claimGone) {
      // Pre-bound to a claim that has not bound yet: the claim controller binds it.
      if (volume.status?.phase === 'Pending') await this.#setPhase(volume, 'Available');
      return;
    }
    if (ref.uid === undefined || ref.uid === '') {
      // Pre-bound (static binding) to a claim not created yet: waits, Available.
      await this.#setPhase(volume, 'Available');
      return;
    }
    await this.#reclaim(volume);
  }

  async #liveClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    try {
      return await this.#cluster.client.get(PersistentVolumeClaimKind, { namespace, name });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** A volume whose claim is gone: Released, then deleted (with its directory) when the policy says Delete. */
  async #reclaim(volume: PersistentVolume): Promise<void> {
    const released = await this.#setPhase(volume, 'Released');
    if (released.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    const driver = released.spec?.csi?.driver;
    if (!isRamenCsiDriver(driver)) return;
    const directory = persistentVolumeDirectory(this.#options.stateDir, released);
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    try {
      await this.#cluster.client.delete(PersistentVolumeKind, { name: released.metadata.name ?? '' });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async #setPhase(volume: PersistentVolume, phase: VolumePhase): Promise<PersistentVolume> {
    if (volume.status?.phase === phase) return volume;
    return this.#cluster.client.updateStatus(PersistentVolumeKind, {
      ...volume,
      status: { phase },
    });
  }

  /** pv-protection: drop the finalizer of a deleted volume that is not Bound. */
  async #releaseProtection(volume: PersistentVolume): Promise<void> {
    const finalizers = volume.metadata.finalizers ?? [];
    if (!finalizers.includes(PV_PROTECTION_FINALIZER) || volume.status?.phase === 'Bound') return;
    const next = structuredClone(volume);
    next.metadata.finalizers = finalizers.filter((f) => f !== PV_PROTECTION_FINALIZER);
    try {
      await this.#cluster.client.update(PersistentVolumeKind, next);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
