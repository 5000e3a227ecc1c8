/**
 * `ControllerExpectations`: a controller that created or deleted pods waits until its cache has seen those
 * changes before counting pods again, or it would create (delete) the same replicas twice when one of its own
 * status writes triggers the next reconcile before the pod events arrive. Expectations expire after a while, as
 * the real ones do, so a lost event cannot stall a controller.
 */

interface Pending {
  created: Set<string>;
  deleted: Set<string>;
  expires: number;
}

const EXPIRY_MS = 30_000;

/** Pending creations and deletions per controller key. */
export class Expectations {
  readonly #pending = new Map<string, Pending>();

  #entry(key: string): Pending {
    let entry = this.#pending.get(key);
    if (entry === undefined) {
      entry = { created: new Set(), deleted: new Set(), expires: 0 };
      this.#pending.set(key, entry);
    }
    entry.expires = Date.now() + EXPIRY_MS;
    return entry;
  }

  /** Records a pod (by uid) the controller created. */
  expectCreated(key: string, uid: string): void {
    this.#entry(key).created.add(uid);
  }

  /** Records a pod (by uid) the controller deleted. */
  expectDeleted(key: string, uid: string): void {
    this.#entry(key).deleted.add(uid);
  }

  /** Whether the cache (the uids it holds) reflects every recorded change; forgets what it has seen. */
  satisfied(key: string, cached: ReadonlySet<string>): boolean {
    const entry = this.#pending.get(key);
    if (entry === undefined) return true;
    for (const uid of entry.created) if (cached.has(uid)) entry.created.delete(uid);
    for (const uid of entry.deleted) if (!cached.has(uid)) entry.deleted.delete(uid);
    if ((entry.created.size === 0 && entry.deleted.size === 0) || Date.now() > entry.expires) {
      this.#pending.delete(key);
      return true;
    }
    return false;
  }
}
