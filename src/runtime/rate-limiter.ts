/**
 * The work queue's rate limiters, as in client-go: per-item exponential backoff for failures, a global token
 * bucket, and their maximum. `defaultControllerRateLimiter` is controller-runtime's default: the larger of a
 * per-item 5 ms → 1000 s exponential delay and a 10 qps / burst 100 bucket.
 */

/** Decides how long an item waits before it is retried. */
export interface RateLimiter<K = string> {
  /** Records a retry of `key` and returns how long it must wait, in milliseconds. */
  when(key: K): number;
  /** Forgets `key`'s failures (it succeeded). */
  forget(key: K): void;
  /** How many times `key` has been retried since it was last forgotten. */
  numRequeues(key: K): number;
}

/** Options of `ItemExponentialFailureRateLimiter`. */
export interface ItemExponentialOptions {
  /** The delay after the first failure. @default 5 */
  baseDelayMs?: number;
  /** The largest delay. @default 1_000_000 */
  maxDelayMs?: number;
}

/** Per item: `baseDelayMs · 2^failures`, capped at `maxDelayMs`. */
export class ItemExponentialFailureRateLimiter<K = string> implements RateLimiter<K> {
  readonly #failures = new Map<K, number>();
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;

  constructor(options: ItemExponentialOptions = {}) {
    this.#baseDelayMs = options.baseDelayMs ?? 5;
    this.#maxDelayMs = options.maxDelayMs ?? 1_000_000;
  }

  when(key: K): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    return Math.min(this.#baseDelayMs * 2 ** failures, this.#maxDelayMs);
  }

  forget(key: K): void {
    this.#failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }
}

/** Options of `BucketRateLimiter`. */
export interface BucketOptions {
  /** Tokens added per second. @default 10 */
  qps?: number;
  /** Tokens the bucket holds. @default 100 */
  burst?: number;
  /** The clock. @default Date.now */
  now?: () => number;
}

/** A token bucket shared by all items: bursts of `burst`, then `qps` per second (golang.org/x/time/rate). */
export class BucketRateLimiter<K = string> implements RateLimiter<K> {
  readonly #qps: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(options: BucketOptions = {}) {
    this.#qps = options.qps ?? 10;
    this.#burst = options.burst ?? 100;
    this.#now = options.now ?? Date.now;
    this.#tokens = this.#burst;
    this.#updatedAt = this.#now();
  }

  when(_key: K): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.#qps);
    this.#updatedAt = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.#qps) * 1000);
  }

  forget(_key: K): void {}

  numRequeues(_key: K): number {
    return 0;
  }
}

/** The largest delay of several limiters (each records the retry). */
export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  readonly #limiters: readonly RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.#limiters = limiters;
  }

  when(key: K): number {
    let longest = 0;
    for (const limiter of this.#limiters) longest = Math.max(longest, limiter.when(key));
    return longest;
  }

  forget(key: K): void {
    for (const limiter of this.#limiters) limiter.forget(key);
  }

  numRequeues(key: K): number {
    let most = 0;
    for (const limiter of this.#limiters) most = Math.max(most, limiter.numRequeues(key));
    return most;
  }
}

/** controller-runtime's default: max(per-item 5 ms → 1000 s exponential, 10 qps / burst 100 bucket). */
export function defaultControllerRateLimiter<K = string>(): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialFailureRateLimiter<K>(), new BucketRateLimiter<K>());
}
