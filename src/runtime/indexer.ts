/**
 * The indexed object store behind every informer: objects by cache key (`namespace/name`), plus named indexes from
 * an index value to the keys of the objects that produce it. Three indexes are always there — by namespace, by
 * label (`key=value`) and by owner uid — so caches answer namespace, label-selector and "children of X" queries
 * without scanning; more can be added per informer.
 */
import type { LabelSelector } from '../api/index.js';
import { cacheKeyOf, type KubeObject, matchesLabelSelector } from '../kube/index.js';

/** Maps an object to the index values it is found under. */
export type IndexFunction<T extends KubeObject> = (object: T) => readonly string[];

/** The built-in index over `metadata.namespace` ('' for cluster-scoped objects). */
export const NAMESPACE_INDEX = 'namespace';
/** The built-in index over labels, one `key=value` value per label. */
export const LABEL_INDEX = 'label';
/** The built-in index over owner reference uids. */
export const OWNER_INDEX = 'owner';

/** A query on a store; every given criterion must hold. */
export interface CacheQuery {
  namespace?: string;
  labelSelector?: LabelSelector;
  /** Only objects with an owner reference to this uid. */
  ownerUid?: string;
  /** Only objects a custom index maps to `value`. */
  index?: { name: string; value: string };
}

const BUILTIN_INDEXES: Record<string, IndexFunction<KubeObject>> = {
  [NAMESPACE_INDEX]: (object) => [object.metadata.namespace ?? ''],
  [LABEL_INDEX]: (object) => Object.entries(object.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`),
  [OWNER_INDEX]: (object) => (object.metadata.ownerReferences ?? []).map((owner) => owner.uid),
};

/** Objects by key with secondary indexes; see the module comment. */
export class Indexer<T extends KubeObject> {
  readonly #objects = new Map<string, T>();
  readonly #functions: ReadonlyMap<string, IndexFunction<T>>;
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(extra: Readonly<Record<string, IndexFunction<T>>> = {}) {
    this.#functions = new Map(Object.entries({ ...BUILTIN_INDEXES, ...extra }));
    for (const name of this.#functions.keys()) this.#indexes.set(name, new Map());
  }

  /** The number of objects. */
  get size(): number {
    return this.#objects.size;
  }

  /** The object under a cache key. */
  get(key: string): T | undefined {
    return this.#objects.get(key);
  }

  /** Every cache key. */
  keys(): IterableIterator<string> {
    return this.#objects.keys();
  }

  /** Every object. */
  values(): IterableIterator<T> {
    return this.#objects.values();
  }

  /** Inserts or replaces an object; returns the one it replaced. */
  upsert(object: T): T | undefined {
    const key = cacheKeyOf(object);
    const old = this.#objects.get(key);
    if (old) this.#unindex(key, old);
    this.#objects.set(key, object);
    this.#index(key, object);
    return old;
  }

  /** Removes the object under a key; returns it. */
  remove(key: string): T | undefined {
    const old = this.#objects.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#objects.delete(key);
    return old;
  }

  /** The objects an index maps `value` to. */
  byIndex(name: string, value: string): T[] {
    return [...(this.#indexes.get(name)?.get(value) ?? [])].map((key) => this.#objects.get(key) as T);
  }

  /** The objects matching `query`, through the most selective index it names. */
  list(query: CacheQuery = {}): T[] {
    const candidates = this.#candidates(query);
    return candidates.filter((object) => this.#matches(object, query));
  }

  #candidates(query: CacheQuery): T[] {
    const lookups: Array<[string, string]> = [];
    if (query.index) lookups.push([query.index.name, query.index.value]);
    if (query.ownerUid !== undefined) lookups.push([OWNER_INDEX, query.ownerUid]);
    const firstLabel = Object.entries(query.labelSelector?.matchLabels ?? {})[0];
    if (firstLabel) lookups.push([LABEL_INDEX, `${firstLabel[0]}=${firstLabel[1]}`]);
    if (query.namespace !== undefined) lookups.push([NAMESPACE_INDEX, query.namespace]);
    if (lookups.length === 0) return [...this.#objects.values()];
    let best: Set<string> | undefined;
    for (const [name, value] of lookups) {
      const index = this.#indexes.get(name);
      if (!index) throw new RangeError(`no index named "${name}"`);
      const keys = index.get(value) ?? new Set<string>();
      if (!best || keys.size < best.size) best = keys;
    }
    return [...(best ?? [])].map((key) => this.#objects.get(key) as T);
  }

  #matches(object: T, query: CacheQuery): boolean {
    if (query.namespace !== undefined && (object.metadata.namespace ?? '') !== query.namespace) return false;
    if (
      query.ownerUid !== undefined &&
      !object.metadata.ownerReferences?.some((o) => o.uid === query.ownerUid)
    ) {
      return false;
    }
    if (query.labelSelector && !matchesLabelSelector(query.labelSelector, object.metadata.labels))
      return false;
    if (query.index) {
      const values = this.#functions.get(query.index.name)?.(object) ?? [];
      if (!values.includes(query.index.value)) return false;
    }
    return true;
  }

  #index(key: string, object: T): void {
    for (const [name, fn] of this.#functions) {
      const index = this.#indexes.get(name) as Map<string, Set<string>>;
      for (const value of fn(object)) {
        let keys = index.get(value);
        if (!keys) {
          keys = new Set();
          index.set(value, keys);
        }
        keys.add(key);
      }
    }
  }

  #unindex(key: string, object: T): void {
    for (const [name, fn] of this.#functions) {
      const index = this.#indexes.get(name) as Map<string, Set<string>>;
      for (const value of fn(object)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
