/**
 * One writer at a time per object. The API server's `GuaranteedUpdate` reads an object, computes the new state and
 * writes it with a compare-and-swap, retrying on a lost race. Our store acknowledges a write only once it is
 * durable, and reads see durable state only, so a writer that lost a race could re-read the same stale state
 * until the winner's fsync completes. Serializing the read-compute-write sections of each object inside the
 * registry removes those races (and the wasted work) while keeping the compare-and-swap as the safety net.
 */

/** A lock per key; sections under the same key run one after another, in arrival order. */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `section` once every earlier section under `key` has finished. Sections must not nest on one key. */
  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await section();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** How many keys have sections running or waiting (for tests). */
  get busyKeys(): number {
    return this.#tails.size;
  }
}
