/**
 * The garbage collector (kube-api.md §14.3, kube-controller-manager's `garbagecollector`), run in process after
 * the writes that concern it:
 * - an owner removed: each dependent whose owners are all gone is deleted (with the propagation its own
 *   finalizers ask for, else Background); a dependent that still has a live owner only loses the dangling
 *   reference;
 * - an owner deleted in the foreground (`foregroundDeletion` finalizer): its dependents are deleted, and once none
 *   with `blockOwnerDeletion` is left the finalizer is removed, which removes the owner;
 * - an owner deleted with orphaning (`orphan` finalizer): its dependents lose their reference to it, then the
 *   finalizer is removed;
 * - an object written with owner references: checked at once, so a reference to a missing owner gets it deleted.
 * Owner identity is the uid. Work runs through the registry's controller queue; `settled()` waits for it.
 */
import type { OwnerReference } from '../../api/index.js';
import { type KubeObject, NotFoundError } from '../store/index.js';
import type { ObjectChange } from './change-feed.js';
import type { ControllerQueue } from './controller-queue.js';
import type { Deleter } from './deletion.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './object-metadata.js';
import { type DependentRef, type OwnerIndex, sameOwnerReferences } from './owner-index.js';
import type { ResourceCatalog } from './resource-catalog.js';
import type { ServedResource } from './served-resource.js';
import type { WritePipeline } from './write-pipeline.js';

/** What the collector works with. */
export interface GarbageCollectorDependencies {
  readonly pipeline: WritePipeline;
  readonly deleter: Deleter;
  readonly catalog: ResourceCatalog;
  readonly queue: ControllerQueue;
  readonly owners: OwnerIndex;
}

/** How an owner reference resolves. */
type OwnerState = 'solid' | 'dangling' | 'waiting';

function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return (object.metadata.finalizers ?? []).includes(finalizer);
}

function isDeleting(object: KubeObject): boolean {
  return object.metadata.deletionTimestamp !== undefined;
}

/** The in-process garbage collector. */
export class GarbageCollector {
  readonly #deps: GarbageCollectorDependencies;
  readonly #goneOwners = new Set<string>();

  constructor(deps: GarbageCollectorDependencies) {
    this.#deps = deps;
  }

  /** Schedules the work a committed change calls for. */
  observe(change: ObjectChange): void {
    const storage = change.served.strategy.storage;
    const { object } = change;
    const uid = object.metadata.uid ?? '';
    const ref: DependentRef = {
      storage,
      namespace: object.metadata.namespace ?? '',
      name: object.metadata.name ?? '',
      uid,
    };
    if (change.type === 'removed') {
      this.#goneOwners.add(uid);
      this.#deps.queue.enqueue('gc:gone', () => this.#processGoneOwners());
      for (const owner of object.metadata.ownerReferences ?? []) {
        this.#deps.queue.enqueue(`gc:owner:${owner.uid}`, () => this.#recheckOwner(ref, owner));
      }
      return;
    }
    this.schedule(ref, object, change.previous);
  }

  /** Schedules what an existing object needs (also used when the registry starts on a persisted store). */
  schedule(ref: DependentRef, object: KubeObject, previous?: KubeObject): void {
    const queue = this.#deps.queue;
    if (isDeleting(object) && hasFinalizer(object, ORPHAN_FINALIZER)) {
      queue.enqueue(`gc:orphan:${ref.uid}`, () => this.#orphanDependents(ref));
    }
    if (isDeleting(object) && hasFinalizer(object, FOREGROUND_FINALIZER)) {
      queue.enqueue(`gc:foreground:${ref.uid}`, () => this.#deleteDependents(ref));
    }
    const references = object.metadata.ownerReferences ?? [];
    if (references.length > 0 && !sameOwnerReferences(references, previous?.metadata.ownerReferences)) {
      queue.enqueue(`gc:attempt:${ref.uid}`, () => this.#attemptToDelete(ref));
    }
  }

  async #processGoneOwners(): Promise<void> {
    const gone = [...this.#goneOwners];
    this.#goneOwners.clear();
    for (const uid of gone) {
      for (const dependent of this.#deps.owners.dependentsOf(uid)) await this.#attemptToDelete(dependent);
    }
  }

  /** After a dependent went away: its owner may be waiting for it (foreground deletion). */
  async #recheckOwner(dependent: DependentRef, reference: OwnerReference): Promise<void> {
    const served = this.#deps.catalog.byKind(reference.apiVersion, reference.kind);
    if (served === undefined) return;
    const namespace = served.strategy.namespaced ? dependent.namespace : '';
    const owner = await this.#read(served, namespace, reference.name);
    if (owner === undefined || owner.metadata.uid !== reference.uid) return;
    if (isDeleting(owner) && hasFinalizer(owner, FOREGROUND_FINALIZER)) {
      await this.#deleteDependents(this.#refOf(served, owner));
    }
  }

  /** `attemptToDeleteItem`. */
  async #attemptToDelete(ref: DependentRef): Promise<void> {
    const served = this.#deps.catalog.storageOwner(ref.storage);
    if (served === undefined) return;
    const latest = await this.#read(served, ref.namespace, ref.name);
    if (latest === undefined || latest.metadata.uid !== ref.uid) return;
    const references = latest.metadata.ownerReferences ?? [];
    if (references.length === 0) return;
    if (isDeleting(latest)) {
      if (hasFinalizer(latest, FOREGROUND_FINALIZER)) await this.#deleteDependents(ref);
      return;
    }
    const states = await Promise.all(
      references.map((reference) => this.#ownerState(served, latest, reference)),
    );
    const solid = references.filter((_, i) => states[i] === 'solid');
    const unwanted = new Set(
      references.filter((_, i) => states[i] !== 'solid').map((reference) => reference.uid),
    );
    if (solid.length > 0) {
      if (unwanted.size > 0) await this.#removeReferences(served, ref, unwanted);
      return;
    }
    const waiting = states.includes('waiting');
    const policy =
      waiting && this.#deps.owners.dependentsOf(ref.uid).length > 0
        ? 'Foreground'
        : hasFinalizer(latest, ORPHAN_FINALIZER)
          ? 'Orphan'
          : hasFinalizer(latest, FOREGROUND_FINALIZER)
            ? 'Foreground'
            : 'Background';
    await this.#deps.deleter.deleteIfPresent(served, ref.namespace, ref.name, {
      propagationPolicy: policy,
      preconditions: { uid: ref.uid },
    });
  }

  /** Whether the owner a reference names exists (solid), is gone (dangling) or waits for its dependents. */
  async #ownerState(
    dependentServed: ServedResource,
    dependent: KubeObject,
    reference: OwnerReference,
  ): Promise<OwnerState> {
    const served = this.#deps.catalog.byKind(reference.apiVersion, reference.kind);
    if (served === undefined) return 'solid';
    if (served.strategy.namespaced && !dependentServed.strategy.namespaced) return 'solid';
    const namespace = served.strategy.namespaced ? (dependent.metadata.namespace ?? '') : '';
    const owner = await this.#read(served, namespace, reference.name);
    if (owner === undefined || owner.metadata.uid !== reference.uid) return 'dangling';
    return isDeleting(owner) && hasFinalizer(owner, FOREGROUND_FINALIZER) ? 'waiting' : 'solid';
  }

  /** `processDeletingDependentsItem`: delete the dependents; drop the finalizer once no blocking one is left. */
  async #deleteDependents(ref: DependentRef): Promise<void> {
    const served = this.#deps.catalog.storageOwner(ref.storage);
    if (served === undefined) return;
    const owner = await this.#read(served, ref.namespace, ref.name);
    if (owner === undefined || owner.metadata.uid !== ref.uid) return;
    if (!isDeleting(owner) || !hasFinalizer(owner, FOREGROUND_FINALIZER)) return;
    for (const dependent of this.#deps.owners.dependentsOf(ref.uid)) await this.#attemptToDelete(dependent);
    if (await this.#hasBlockingDependents(ref.uid)) return;
    await this.#deps.pipeline.systemUpdate(
      served,
      ref.namespace,
      ref.name,
      (object) => object.metadata.uid === ref.uid && removeFinalizer(object, FOREGROUND_FINALIZER),
    );
  }

  async #hasBlockingDependents(ownerUid: string): Promise<boolean> {
    for (const dependent of this.#deps.owners.dependentsOf(ownerUid)) {
      const served = this.#deps.catalog.storageOwner(dependent.storage);
      if (served === undefined) continue;
      const object = await this.#read(served, dependent.namespace, dependent.name);
      const reference = object?.metadata.ownerReferences?.find((candidate) => candidate.uid === ownerUid);
      if (reference?.blockOwnerDeletion === true) return true;
    }
    return false;
  }

  /** `orphanDependents`, then the `orphan` finalizer goes. */
  async #orphanDependents(ref: DependentRef): Promise<void> {
    const served = this.#deps.catalog.storageOwner(ref.storage);
    if (served === undefined) return;
    const owner = await this.#read(served, ref.namespace, ref.name);
    if (owner === undefined || owner.metadata.uid !== ref.uid) return;
    if (!isDeleting(owner) || !hasFinalizer(owner, ORPHAN_FINALIZER)) return;
    for (const dependent of this.#deps.owners.dependentsOf(ref.uid)) {
      const dependentServed = this.#deps.catalog.storageOwner(dependent.storage);
      if (dependentServed !== undefined)
        await this.#removeReferences(dependentServed, dependent, new Set([ref.uid]));
    }
    await this.#deps.pipeline.systemUpdate(
      served,
      ref.namespace,
      ref.name,
      (object) => object.metadata.uid === ref.uid && removeFinalizer(object, ORPHAN_FINALIZER),
    );
  }

  async #removeReferences(
    served: ServedResource,
    ref: DependentRef,
    owners: ReadonlySet<string>,
  ): Promise<void> {
    await this.#deps.pipeline.systemUpdate(served, ref.namespace, ref.name, (object) => {
      if (object.metadata.uid !== ref.uid) return false;
      const before = object.metadata.ownerReferences ?? [];
      const after = before.filter((reference) => !owners.has(reference.uid));
      if (after.length === before.length) return false;
      if (after.length === 0) delete object.metadata.ownerReferences;
      else object.metadata.ownerReferences = after;
      return true;
    });
  }

  async #read(served: ServedResource, namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return (await this.#deps.pipeline.read(served, namespace, name)).stored;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  #refOf(served: ServedResource, object: KubeObject): DependentRef {
    return {
      storage: served.strategy.storage,
      namespace: object.metadata.namespace ?? '',
      name: object.metadata.name ?? '',
      uid: object.metadata.uid ?? '',
    };
  }
}

/** Removes `finalizer` from an object in place; whether it was there. */
export function removeFinalizer(object: KubeObject, finalizer: string): boolean {
  const finalizers = object.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return false;
  const rest = finalizers.filter((f) => f !== finalizer);
  if (rest.length === 0) delete object.metadata.finalizers;
  else object.metadata.finalizers = rest;
  return true;
}
