/**
 * Who depends on whom: an index from an owner's uid to the objects whose `ownerReferences` name it, kept current
 * from the change feed. The garbage collector asks it for the dependents of an owner that went away or is being
 * deleted, instead of scanning every object of every resource after each delete (the real GC keeps the same graph
 * in memory, fed by informers).
 */
import type { OwnerReference } from '../../api/index.js';
import { type KubeObject, type ResourceKey, resourceKeyId } from '../store/index.js';
import type { ObjectChange } from './change-feed.js';

/** One dependent object, by where it is stored. */
export interface DependentRef {
  readonly storage: ResourceKey;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

function objectKey(storage: ResourceKey, namespace: string, name: string): string {
  return `${resourceKeyId(storage)}\u0000${namespace}\u0000${name}`;
}

/** The owner → dependents graph. */
export class OwnerIndex {
  readonly #dependents = new Map<string, Map<string, DependentRef>>();
  readonly #owners = new Map<string, string[]>();

  /** Updates the index from a committed change. */
  observe(change: ObjectChange): void {
    const storage = change.served.strategy.storage;
    if (change.type === 'removed') this.#forget(storage, change.object);
    else this.record(storage, change.object);
  }

  /** Records (or re-records) an object's owner references. */
  record(storage: ResourceKey, object: KubeObject): void {
    const namespace = object.metadata.namespace ?? '';
    const name = object.metadata.name ?? '';
    const key = objectKey(storage, namespace, name);
    this.#unlink(key);
    const owners = [
      ...new Set((object.metadata.ownerReferences ?? []).map((ref) => ref.uid).filter(Boolean)),
    ];
    if (owners.length === 0) return;
    const ref: DependentRef = { storage, namespace, name, uid: object.metadata.uid ?? '' };
    for (const owner of owners) {
      let dependents = this.#dependents.get(owner);
      if (dependents === undefined) {
        dependents = new Map();
        this.#dependents.set(owner, dependents);
      }
      dependents.set(key, ref);
    }
    this.#owners.set(key, owners);
  }

  /** The objects that name `ownerUid` in their owner references. */
  dependentsOf(ownerUid: string): DependentRef[] {
    return [...(this.#dependents.get(ownerUid)?.values() ?? [])];
  }

  #forget(storage: ResourceKey, object: KubeObject): void {
    this.#unlink(objectKey(storage, object.metadata.namespace ?? '', object.metadata.name ?? ''));
  }

  #unlink(key: string): void {
    for (const owner of this.#owners.get(key) ?? []) {
      const dependents = this.#dependents.get(owner);
      dependents?.delete(key);
      if (dependents?.size === 0) this.#dependents.delete(owner);
    }
    this.#owners.delete(key);
  }
}

/** Whether two lists of owner references name the same owners in the same way. */
export function sameOwnerReferences(
  a: readonly OwnerReference[] | undefined,
  b: readonly OwnerReference[] | undefined,
): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}
