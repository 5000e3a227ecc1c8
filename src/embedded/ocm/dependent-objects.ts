/**
 * Which hub objects (ManifestWorks, ManagedClusterViews) depend on which objects of the managed cluster, so that a
 * change of a cluster object requeues exactly the hub objects that applied or show it. The work and view agents are
 * event-driven through this index: each kind they touch is watched once, on first use.
 */
import {
  cacheKey,
  cacheKeyOf,
  type KubeObject,
  type ObjectKey,
  type ResourceRef,
  resourceId,
} from '../../kube/index.js';
import type { Manager } from '../../runtime/index.js';

/** One object of the managed cluster a hub object depends on. */
export interface DependencyTarget {
  ref: ResourceRef;
  key: ObjectKey;
}

/** What the index needs to watch and requeue. */
export interface DependentObjectsOptions {
  /** The managed cluster whose objects are watched (a cluster of `manager`). */
  cluster: string;
  /** Requeues the hub object of this name. */
  enqueue: (name: string) => void;
  /** Whether an update is worth a requeue. @default every update */
  changed?: (oldObject: KubeObject, object: KubeObject) => boolean;
}

/** The index of hub objects by the cluster objects they depend on. */
export class DependentObjects {
  /** Cluster object (`resourceId|namespace/name`) → names of the hub objects depending on it. */
  readonly #dependents = new Map<string, Set<string>>();
  /** Hub object name → the cluster objects it depends on. */
  readonly #targets = new Map<string, Set<string>>();
  readonly #watched = new Set<string>();
  readonly #manager: Manager;
  readonly #options: DependentObjectsOptions;

  constructor(manager: Manager, options: DependentObjectsOptions) {
    this.#manager = manager;
    this.#options = options;
  }

  /** Records that `name` now depends on exactly `targets` (none: forget it), watching their kinds. */
  track(name: string, targets: readonly DependencyTarget[]): void {
    for (const key of this.#targets.get(name) ?? []) this.#dependents.get(key)?.delete(name);
    const keys = new Set<string>();
    for (const target of targets) {
      const key = `${resourceId(target.ref)}|${cacheKey(target.key)}`;
      keys.add(key);
      let dependents = this.#dependents.get(key);
      if (!dependents) {
        dependents = new Set();
        this.#dependents.set(key, dependents);
      }
      dependents.add(name);
      this.#watch(target.ref);
    }
    if (keys.size > 0) this.#targets.set(name, keys);
    else this.#targets.delete(name);
  }

  #watch(ref: ResourceRef): void {
    const id = resourceId(ref);
    if (this.#watched.has(id)) return;
    this.#watched.add(id);
    const notify = (object: KubeObject) => {
      for (const name of this.#dependents.get(`${id}|${cacheKeyOf(object)}`) ?? [])
        this.#options.enqueue(name);
    };
    const changed = this.#options.changed ?? (() => true);
    this.#manager.informerFor(this.#options.cluster, ref).addEventHandler({
      onAdd: notify,
      onUpdate: (oldObject, object) => {
        if (changed(oldObject, object)) notify(object);
      },
      onDelete: notify,
    });
  }
}
