/**
 * The recent changes of one resource, oldest first, in a fixed-size ring. Watches resume from it (replaying exactly
 * the changes after a client's resourceVersion) and paged lists read consistent snapshots from it (undoing the
 * changes after the first page's revision). Once a change falls out of the ring, revisions before it are gone.
 */
import type { KubeObject } from './kube-object.js';

/** What a committed write did to an object. */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed write, as watchers and the history see it. */
export interface CommittedChange {
  /** The revision the write took. */
  readonly revision: number;
  readonly type: ChangeType;
  readonly namespace: string;
  readonly name: string;
  /** The object after the write; for DELETED, its last state stamped with the deletion's resourceVersion. */
  readonly object: KubeObject;
  /** The object before the write (MODIFIED and DELETED only). */
  readonly previous?: KubeObject;
}

/** A bounded, revision-ordered log of one resource's changes. */
export class EventHistory {
  readonly #ring: Array<CommittedChange | undefined>;
  #start = 0;
  #count = 0;
  #floor: number;

  /**
   * @param capacity how many changes to keep.
   * @param floor the revision from which history is complete: every change after it is (still) retained.
   */
  constructor(capacity: number, floor: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`history capacity must be ≥ 1, got ${capacity}`);
    this.#ring = new Array(capacity);
    this.#floor = floor;
  }

  /** The oldest revision a reader may start from: every change with a later revision is retained. */
  get floor(): number {
    return this.#floor;
  }

  /** How many changes are retained. */
  get size(): number {
    return this.#count;
  }

  /** Records a change; its revision must be greater than every retained one. Evicts the oldest when full. */
  append(change: CommittedChange): void {
    const capacity = this.#ring.length;
    if (this.#count === capacity) {
      const evicted = this.#ring[this.#start] as CommittedChange;
      this.#floor = evicted.revision;
      this.#start = (this.#start + 1) % capacity;
      this.#count--;
    }
    this.#ring[(this.#start + this.#count) % capacity] = change;
    this.#count++;
  }

  /** The retained changes with a revision greater than `revision`, oldest first. */
  since(revision: number): CommittedChange[] {
    let lo = 0;
    let hi = this.#count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#at(mid).revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    const out: CommittedChange[] = [];
    for (let i = lo; i < this.#count; i++) out.push(this.#at(i));
    return out;
  }

  /** Forgets every change; history is complete again only from `floor` on. */
  clear(floor: number): void {
    this.#ring.fill(undefined);
    this.#start = 0;
    this.#count = 0;
    this.#floor = floor;
  }

  #at(index: number): CommittedChange {
    return this.#ring[(this.#start + index) % this.#ring.length] as CommittedChange;
  }
}
