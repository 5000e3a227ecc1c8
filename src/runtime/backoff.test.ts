import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff, compileBackoffOptions, jittered, sleep } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the maximum, stretched by jitter', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next(0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const jitter = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 1, random: () => 0.5 });
    expect(jitter.next(0)).toBe(150);
    expect(jitter.next(0)).toBe(300);
  });

  it('starts over once no failure happened for resetAfterMs', () => {
    const backoff = new Backoff({ initialMs: 100, resetAfterMs: 1000, random: () => 0 });
    backoff.next(0);
    backoff.next(500);
    expect(backoff.next(1000)).toBe(400);
    expect(backoff.failures).toBe(3);
    expect(backoff.next(2001)).toBe(100);
    expect(backoff.failures).toBe(1);
  });

  it("defaults to client-go's reflector backoff", () => {
    const { random: _random, ...defaults } = compileBackoffOptions();
    expect(defaults).toEqual({ initialMs: 800, maxMs: 30_000, factor: 2, jitter: 1, resetAfterMs: 120_000 });
  });

  it('jitters a period within ±fraction', () => {
    expect(jittered(1000, 0.1, () => 0)).toBe(900);
    expect(jittered(1000, 0.1, () => 0.999)).toBe(1100);
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves true after the delay, false at once when aborted', async () => {
    vi.useFakeTimers();
    const done = sleep(1000);
    vi.advanceTimersByTime(1000);
    await expect(done).resolves.toBe(true);
    const controller = new AbortController();
    const aborted = sleep(60_000, controller.signal);
    controller.abort();
    await expect(aborted).resolves.toBe(false);
    await expect(sleep(10, controller.signal)).resolves.toBe(false);
  });
});
