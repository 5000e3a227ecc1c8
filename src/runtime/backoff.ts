/**
 * Exponential backoff with jitter, as client-go's reflector uses between failed list/watch attempts: each failure
 * waits `d + random·jitter·d` with `d` doubling from `initialMs` up to `maxMs`, and `d` falls back to `initialMs`
 * once no failure happened for `resetAfterMs`. Also the abortable `sleep` the runtime waits with.
 */

/** Options of `Backoff`. */
export interface BackoffOptions {
  /** The first delay. @default 800 */
  initialMs?: number;
  /** The largest delay before jitter. @default 30_000 */
  maxMs?: number;
  /** How much each failure multiplies the delay. @default 2 */
  factor?: number;
  /** Each delay is stretched by up to this fraction of itself, at random. @default 1 */
  jitter?: number;
  /** After this long without a failure the delay starts over at `initialMs`. @default 120_000 */
  resetAfterMs?: number;
  /** The random source (tests make it deterministic). @default Math.random */
  random?: () => number;
}

/** `BackoffOptions` with every default applied. */
export type CompiledBackoffOptions = Required<BackoffOptions>;

/** Applies the defaults (client-go's reflector backoff: 800 ms to 30 s, factor 2, jitter 1, reset after 2 min). */
export function compileBackoffOptions(options: BackoffOptions = {}): CompiledBackoffOptions {
  return {
    initialMs: options.initialMs ?? 800,
    maxMs: options.maxMs ?? 30_000,
    factor: options.factor ?? 2,
    jitter: options.jitter ?? 1,
    resetAfterMs: options.resetAfterMs ?? 120_000,
    random: options.random ?? Math.random,
  };
}

/** The delays to wait after consecutive failures; see the module comment. */
export class Backoff {
  readonly #options: CompiledBackoffOptions;
  #current: number;
  #lastFailureAt = Number.NEGATIVE_INFINITY;
  #failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.#options = compileBackoffOptions(options);
    this.#current = this.#options.initialMs;
  }

  /** Failures since the last reset. */
  get failures(): number {
    return this.#failures;
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  next(now: number = Date.now()): number {
    if (now - this.#lastFailureAt > this.#options.resetAfterMs) this.reset();
    this.#lastFailureAt = now;
    this.#failures++;
    const base = this.#current;
    this.#current = Math.min(this.#current * this.#options.factor, this.#options.maxMs);
    return Math.round(base + this.#options.random() * this.#options.jitter * base);
  }

  /** Starts over at the initial delay. */
  reset(): void {
    this.#current = this.#options.initialMs;
    this.#failures = 0;
  }
}

/** Waits `ms`; resolves early (with false) when `signal` aborts, true when the time passed. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `base` stretched by a random factor in [1 - fraction, 1 + fraction) (controller-runtime's resync jitter). */
export function jittered(base: number, fraction: number, random: () => number = Math.random): number {
  return Math.round(base * (1 - fraction + 2 * fraction * random()));
}
