/**
 * Expiry of short-lived objects (kube-api.md §17.5): Events disappear an hour (`--event-ttl`) after their last
 * write, as etcd leases make them on a real cluster, which bounds the memory a chatty controller can fill. The
 * registry remembers when it last wrote each such object; objects found in a store after a restart fall back to
 * the newest timestamp they carry. A sweep runs through the controller queue, driven by a timer.
 */

import type { ObjectStore } from '../store/index.js';
import { ConflictError, type KubeObject, NotFoundError, resourceKeyId } from '../store/index.js';
import type { ObjectChange } from './change-feed.js';
import type { ResourceCatalog } from './resource-catalog.js';
import type { WritePipeline } from './write-pipeline.js';

/** What the expiry works with. */
export interface ObjectExpiryDependencies {
  readonly store: ObjectStore;
  readonly pipeline: WritePipeline;
  readonly catalog: ResourceCatalog;
}

function key(storage: { group: string; resource: string }, object: KubeObject): string {
  return `${resourceKeyId(storage)}\u0000${object.metadata.namespace ?? ''}\u0000${object.metadata.name ?? ''}`;
}

function timestamp(value: unknown): number {
  if (typeof value !== 'string' || value === '') return Number.NEGATIVE_INFINITY;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
}

/** The newest time an object says it was written, for objects the registry has not written since it started. */
export function lastWriteOf(object: KubeObject): number {
  const series = (object.series ?? {}) as { lastObservedTime?: unknown };
  return Math.max(
    timestamp(object.metadata.creationTimestamp),
    timestamp(object.lastTimestamp),
    timestamp(object.eventTime),
    timestamp(series.lastObservedTime),
    ...(object.metadata.managedFields ?? []).map((entry) => timestamp(entry.time)),
  );
}

/** Removes objects of kinds with a TTL once they outlived it. */
export class ObjectExpiry {
  readonly #deps: ObjectExpiryDependencies;
  readonly #written = new Map<string, number>();

  constructor(deps: ObjectExpiryDependencies) {
    this.#deps = deps;
  }

  /** Notes the write time of objects with a TTL. */
  observe(change: ObjectChange): void {
    const { strategy } = change.served;
    if (strategy.ttlSeconds === undefined) return;
    const id = key(strategy.storage, change.object);
    if (change.type === 'removed') this.#written.delete(id);
    else this.#written.set(id, this.#deps.pipeline.now().getTime());
  }

  /** Deletes every expired object; returns how many went. */
  async sweep(): Promise<number> {
    const now = this.#deps.pipeline.now().getTime();
    let removed = 0;
    for (const served of this.#deps.catalog.storageOwners()) {
      const ttl = served.strategy.ttlSeconds;
      if (ttl === undefined) continue;
      const { items } = await this.#deps.store.list(served.strategy.storage);
      for (const item of items) {
        const written = this.#written.get(key(served.strategy.storage, item)) ?? lastWriteOf(item);
        if (now - written < ttl * 1000) continue;
        try {
          await this.#deps.pipeline.remove(served, item, { resourceVersion: item.metadata.resourceVersion });
          removed++;
        } catch (error) {
          if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error;
        }
      }
    }
    return removed;
  }
}
