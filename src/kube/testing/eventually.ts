/**
 * Test support: polls a probe until it yields a value, so tests wait for asynchronous effects (controllers
 * reconciling, agents syncing, processes writing files) without fixed sleeps, and fail saying what they waited for
 * and why the probe last failed when the effect never comes.
 */

/** How long `eventually` polls when the caller does not say. */
export const DEFAULT_EVENTUALLY_TIMEOUT_MS = 15_000;

/** How long `eventually` pauses between probes when the caller does not say. */
export const DEFAULT_EVENTUALLY_INTERVAL_MS = 50;

/** How `eventually` polls and how it names what it awaits. */
export interface EventuallyOptions {
  /** What is awaited, for the timeout message ("the work on dr1"). */
  what?: string;
  /** How long to keep polling before giving up. */
  timeoutMs?: number;
  /** The pause between two probes. */
  intervalMs?: number;
}

/** One look at the world: a value when the awaited thing is there, `undefined` or `false` while it is not. */
export type EventuallyProbe<T> = () => Promise<T | undefined | false> | T | undefined | false;

/**
 * The probe yielded no value in time. `cause` is the last error the probe threw (absent if it never threw); the
 * message repeats it so test output shows it without unwrapping.
 */
export class EventuallyTimeoutError extends Error {
  override readonly name = 'EventuallyTimeoutError';

  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    lastFailure: { error: unknown } | undefined,
  ) {
    const reason = lastFailure === undefined ? '' : `: ${String(lastFailure.error)}`;
    super(
      `timed out after ${timeoutMs} ms waiting for ${what}${reason}`,
      lastFailure === undefined ? undefined : { cause: lastFailure.error },
    );
  }
}

/**
 * Calls `probe` until it returns something other than `undefined` or `false` and returns that. Errors the probe
 * throws count as "not yet" and are remembered; after `timeoutMs` it throws an `EventuallyTimeoutError` carrying
 * the last of them.
 */
export async function eventually<T>(probe: EventuallyProbe<T>, options: EventuallyOptions = {}): Promise<T> {
  const {
    what = 'the probe to yield a value',
    timeoutMs = DEFAULT_EVENTUALLY_TIMEOUT_MS,
    intervalMs = DEFAULT_EVENTUALLY_INTERVAL_MS,
  } = options;
  const deadline = Date.now() + timeoutMs;
  let lastFailure: { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastFailure = { error };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new EventuallyTimeoutError(what, timeoutMs, lastFailure);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, remaining)));
  }
}
