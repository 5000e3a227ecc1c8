/**
 * The registry of long-running responses (watches, followed pod logs) so a server shutdown can end each of them
 * cleanly — a clean end makes client-node re-watch, an abrupt socket close makes its informer give up — and wait
 * until they have.
 */

/** Tracks open long-running responses. */
export class LongRunningRequests {
  readonly #open = new Map<() => void, Promise<unknown>>();
  #closing = false;

  /** True once `closeAll()` was called: new long-running responses should end at once. */
  get closing(): boolean {
    return this.#closing;
  }

  /** How many are open. */
  get size(): number {
    return this.#open.size;
  }

  /**
   * Runs one long-running response.
   * @param close ends the response cleanly (called on shutdown).
   * @param run serves the response; resolves when it has ended.
   */
  async run<T>(close: () => void, run: () => Promise<T>): Promise<T> {
    const running = run();
    this.#open.set(close, running);
    if (this.#closing) close();
    try {
      return await running;
    } finally {
      this.#open.delete(close);
    }
  }

  /** Ends every open response and waits until all have ended (failures included). */
  async closeAll(): Promise<void> {
    this.#closing = true;
    const running = [...this.#open.entries()];
    for (const [close] of running) close();
    await Promise.allSettled(running.map(([, promise]) => promise));
  }
}
