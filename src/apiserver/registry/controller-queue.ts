/**
 * The work queue of the registry's in-process controllers (garbage collector, namespace lifecycle, CRD cleanup).
 * A real control plane runs these asynchronously in the controller manager; here they run in the same process,
 * one task at a time, after the write that triggered them has answered. Tasks are keyed so that a burst of
 * triggers for the same object (a namespace losing 100 objects) collapses into one run, and `settled()` lets
 * tests wait deterministically until every triggered task — including those the tasks trigger — has finished.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { ConflictError } from '../store/index.js';

/** One unit of controller work; it may enqueue more. */
export type ControllerTask = () => Promise<void>;

/** A task that failed for good; kept so that failures are visible rather than swallowed. */
export interface ControllerFailure {
  readonly key: string;
  readonly error: unknown;
}

/** Options of a `ControllerQueue`. */
export interface ControllerQueueOptions {
  /** Called for every task that failed after its retries. @default records the failure only */
  onError?: (failure: ControllerFailure) => void;
  /** How often a task that failed on an optimistic-concurrency conflict is retried. @default 5 */
  conflictRetries?: number;
}

/** A serial, keyed task queue with an idle signal. */
export class ControllerQueue {
  readonly #pending = new Map<string, { task: ControllerTask; attempts: number }>();
  readonly #idleWaiters: Array<() => void> = [];
  readonly #failures: ControllerFailure[] = [];
  readonly #onError: ((failure: ControllerFailure) => void) | undefined;
  readonly #conflictRetries: number;
  #running = false;
  #stopped = false;

  constructor(options: ControllerQueueOptions = {}) {
    this.#onError = options.onError;
    this.#conflictRetries = options.conflictRetries ?? 5;
  }

  /** Schedules `task` under `key`; a task already waiting under the same key is replaced (it would do the same). */
  enqueue(key: string, task: ControllerTask): void {
    if (this.#stopped) return;
    const attempts = this.#pending.get(key)?.attempts ?? 0;
    this.#pending.set(key, { task, attempts });
    if (!this.#running) {
      this.#running = true;
      void this.#drain();
    }
  }

  /** Resolves once no task is waiting or running (immediately when idle). */
  settled(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Failures recorded since the last call, oldest first; the list is emptied. */
  takeFailures(): ControllerFailure[] {
    return this.#failures.splice(0);
  }

  /** Stops taking and running tasks (the registry is shutting down); `settled()` resolves once the current task ends. */
  stop(): void {
    this.#stopped = true;
    this.#pending.clear();
  }

  async #drain(): Promise<void> {
    await nextMacrotask();
    while (this.#pending.size > 0 && !this.#stopped) {
      const [key, entry] = this.#pending.entries().next().value as [
        string,
        { task: ControllerTask; attempts: number },
      ];
      this.#pending.delete(key);
      try {
        await entry.task();
      } catch (error) {
        this.#failed(key, entry, error);
      }
    }
    this.#running = false;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #failed(key: string, entry: { task: ControllerTask; attempts: number }, error: unknown): void {
    if (error instanceof ConflictError && entry.attempts < this.#conflictRetries && !this.#pending.has(key)) {
      this.#pending.set(key, { task: entry.task, attempts: entry.attempts + 1 });
      return;
    }
    const failure = { key, error };
    this.#failures.push(failure);
    this.#onError?.(failure);
  }
}
