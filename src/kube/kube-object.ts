/**
 * The shape every Kubernetes object shares, and the keys objects are addressed and cached by. Objects stay plain
 * JSON everywhere (no class instances), so what the API server sends is what the caches hold and reconcilers read.
 */
import type { ObjectMeta } from '../api/index.js';

/** Any Kubernetes object as plain JSON: what every kind's TypeScript type (`KindObject`) extends. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** Names one object within a cluster; `namespace` is absent for cluster-scoped objects. */
export interface ObjectKey {
  namespace?: string;
  name: string;
}

/** A list response: the items and the resourceVersion the list was read at. */
export interface ObjectList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** The key of an object: its namespace and name (empty namespace for cluster-scoped objects). */
export function objectKeyOf(object: KubeObject): ObjectKey {
  const { namespace, name } = object.metadata;
  return namespace ? { namespace, name: name ?? '' } : { name: name ?? '' };
}

/**
 * The cache key of an object, as client-go's `MetaNamespaceKeyFunc` writes it: `namespace/name`, or `name` for
 * cluster-scoped objects.
 */
export function cacheKey(key: ObjectKey): string {
  return key.namespace ? `${key.namespace}/${key.name}` : key.name;
}

/** The cache key of an object (see `cacheKey`). */
export function cacheKeyOf(object: KubeObject): string {
  return cacheKey(objectKeyOf(object));
}

/** Parses a cache key back into an object key. */
export function parseCacheKey(key: string): ObjectKey {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/**
 * Freezes an object and everything inside it, so that a reader of a shared cache cannot change what other readers
 * see: writing to a cached object throws instead of silently corrupting the cache. Clone (`structuredClone`) before
 * changing.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
