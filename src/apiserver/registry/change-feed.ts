/**
 * The registry's own notification of committed writes, for the in-process controllers (catalog refresh on CRD
 * changes, garbage collection, namespace and CRD finalization). A real control plane feeds controllers through
 * watches; here every write goes through the registry, so it reports each committed change synchronously, in
 * commit order, right after the store acknowledged it — deterministic, and with nothing to drain.
 */
import type { KubeObject } from '../store/index.js';
import type { ServedResource } from './served-resource.js';

/** What happened to an object. `removed` is the final deletion (not the setting of `deletionTimestamp`). */
export type ChangeType = 'created' | 'updated' | 'removed';

/** One committed write. Objects are in storage form; listeners must not modify them. */
export interface ObjectChange {
  readonly type: ChangeType;
  /** The resource the write went through (its strategy knows the storage key and scope). */
  readonly served: ServedResource;
  /** The object as stored (for `removed`: its last state). */
  readonly object: KubeObject;
  /** The state before an update. */
  readonly previous?: KubeObject;
}

/** Receives committed changes; must not throw (it runs inside the write that caused the change). */
export type ChangeListener = (change: ObjectChange) => void;

/** Fans committed changes out to the registry's controllers. */
export class ChangeFeed {
  readonly #listeners: ChangeListener[] = [];

  /** Adds a listener; listeners run in the order they were added. */
  subscribe(listener: ChangeListener): void {
    this.#listeners.push(listener);
  }

  /** Reports one committed change to every listener. */
  publish(change: ObjectChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
