/**
 * The controller work queue, with client-go's semantics: an item added while it is queued is not queued twice; an
 * item added while a worker processes it is queued again only once that worker calls `done` — so one key is never
 * in two workers at once; `addAfter` delays an item (the earliest pending time wins); `addRateLimited` delays it by
 * the rate limiter (per-key exponential backoff by default) until `forget`. Like controller-runtime's priority
 * queue, a key has one entry: queuing it now supersedes a pending delay, and a delay for a key already queued is
 * dropped, so a retry scheduled before a fresh event does not reconcile the key a second time later. Unlike
 * client-go, `get` stops handing out queued items once the queue shuts down: at shutdown only in-flight work is
 * drained, since whatever was still queued is found again by the next instance's initial list.
 */
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

/** What a queue reports to its metrics (see metrics.ts); every method is optional. */
export interface WorkQueueMetricsSink {
  /** An item entered the queue (not counted when it was already queued). */
  added?(): void;
  /** The number of queued items changed. */
  depth?(depth: number): void;
  /** An item waited this long between entering the queue and reaching a worker. */
  queueLatency?(seconds: number): void;
  /** A worker took this long on an item. */
  workDuration?(seconds: number): void;
  /** An item was re-added through the rate limiter. */
  retried?(): void;
}

/** Options of `WorkQueue`. */
export interface WorkQueueOptions<T> {
  /** The queue's name in metrics and logs. */
  name: string;
  /** The identity of an item: items with the same key are the same work. */
  keyOf: (item: T) => string;
  /** @default defaultControllerRateLimiter() */
  rateLimiter?: RateLimiter<string>;
  /** @default no metrics */
  metrics?: WorkQueueMetricsSink;
}

interface Delayed {
  readyAt: number;
  timer: NodeJS.Timeout;
}

/** A deduplicating, rate-limited, delaying work queue; see the module comment. */
export class WorkQueue<T> {
  readonly name: string;
  readonly #keyOf: (item: T) => string;
  readonly #rateLimiter: RateLimiter<string>;
  readonly #metrics: WorkQueueMetricsSink;
  /** Queued keys in order, from `#head`. */
  #queue: string[] = [];
  #head = 0;
  readonly #items = new Map<string, T>();
  /** Keys that need processing (queued, or re-added while processing). */
  readonly #dirty = new Set<string>();
  /** Keys being processed, with when their worker got them. */
  readonly #processing = new Map<string, number>();
  readonly #addedAt = new Map<string, number>();
  readonly #delayed = new Map<string, Delayed>();
  readonly #waiters: Array<(item: T | undefined) => void> = [];
  readonly #drained: Array<() => void> = [];
  #shuttingDown = false;

  constructor(options: WorkQueueOptions<T>) {
    this.name = options.name;
    this.#keyOf = options.keyOf;
    this.#rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter();
    this.#metrics = options.metrics ?? {};
  }

  /** Queues `item` unless it is queued already. */
  add(item: T): void {
    if (this.#shuttingDown) return;
    const key = this.#keyOf(item);
    this.#items.set(key, item);
    if (this.#dirty.has(key)) return;
    this.#metrics.added?.();
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    this.#enqueue(key);
  }

  /** Queues `item` after `delayMs` (at once when not positive); an earlier pending time for the item wins. */
  addAfter(item: T, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) {
      this.add(item);
      return;
    }
    const key = this.#keyOf(item);
    if (this.#dirty.has(key) && !this.#processing.has(key)) return;
    const readyAt = Date.now() + delayMs;
    const pending = this.#delayed.get(key);
    if (pending && pending.readyAt <= readyAt) return;
    if (pending) clearTimeout(pending.timer);
    this.#items.set(key, item);
    const timer = setTimeout(() => {
      this.#delayed.delete(key);
      this.add(this.#items.get(key) ?? item);
    }, delayMs);
    this.#delayed.set(key, { readyAt, timer });
  }

  /** Queues `item` after the rate limiter's delay for it (a retry). */
  addRateLimited(item: T): void {
    if (this.#shuttingDown) return;
    this.#metrics.retried?.();
    this.addAfter(item, this.#rateLimiter.when(this.#keyOf(item)));
  }

  /** Clears the item's retry history (it succeeded, or will never be retried). */
  forget(item: T): void {
    this.#rateLimiter.forget(this.#keyOf(item));
  }

  /** How many times the item has been retried since it was last forgotten. */
  numRequeues(item: T): number {
    return this.#rateLimiter.numRequeues(this.#keyOf(item));
  }

  /** The next item to process (the caller must call `done`); undefined once the queue has shut down. */
  get(): Promise<T | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    if (this.#head < this.#queue.length) return Promise.resolve(this.#take());
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Marks the item processed; if it was added meanwhile, it is queued again now. */
  done(item: T): void {
    const key = this.#keyOf(item);
    const since = this.#processing.get(key);
    if (since === undefined) return;
    this.#processing.delete(key);
    this.#metrics.workDuration?.((performance.now() - since) / 1000);
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#enqueue(key);
    else if (!this.#dirty.has(key)) this.#items.delete(key);
    if (this.#processing.size === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }

  /** Queued items (not counting delayed or in-flight ones). */
  len(): number {
    return this.#queue.length - this.#head;
  }

  /** Items being processed right now. */
  inFlight(): number {
    return this.#processing.size;
  }

  /** Items waiting for their `addAfter` / rate-limit delay. */
  delayed(): number {
    return this.#delayed.size;
  }

  /** Seconds of work in progress not yet reported as work duration (client-go's unfinished_work_seconds). */
  unfinishedWorkSeconds(now: number = performance.now()): number {
    let total = 0;
    for (const since of this.#processing.values()) total += (now - since) / 1000;
    return total;
  }

  /** How long the longest-running item has been processed, in seconds. */
  longestRunningProcessorSeconds(now: number = performance.now()): number {
    let longest = 0;
    for (const since of this.#processing.values()) longest = Math.max(longest, (now - since) / 1000);
    return longest;
  }

  /** Whether the queue has shut down. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Stops the queue: adds are ignored, pending delays dropped, waiting `get`s resolve undefined. */
  shutDown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const { timer } of this.#delayed.values()) clearTimeout(timer);
    this.#delayed.clear();
    this.#queue = [];
    this.#head = 0;
    this.#metrics.depth?.(0);
    for (const resolve of this.#waiters.splice(0)) resolve(undefined);
  }

  /** Shuts down and resolves once every in-flight item is `done`. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #enqueue(key: string): void {
    const pending = this.#delayed.get(key);
    if (pending) {
      clearTimeout(pending.timer);
      this.#delayed.delete(key);
    }
    this.#addedAt.set(key, performance.now());
    const waiter = this.#waiters.shift();
    if (waiter) {
      this.#queue.push(key);
      waiter(this.#take());
      return;
    }
    this.#queue.push(key);
    this.#metrics.depth?.(this.len());
  }

  #take(): T {
    const key = this.#queue[this.#head++] as string;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    const now = performance.now();
    this.#metrics.depth?.(this.len());
    this.#metrics.queueLatency?.((now - (this.#addedAt.get(key) ?? now)) / 1000);
    this.#addedAt.delete(key);
    this.#dirty.delete(key);
    this.#processing.set(key, now);
    return this.#items.get(key) as T;
  }
}
