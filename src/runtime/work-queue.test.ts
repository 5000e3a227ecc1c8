import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ItemExponentialFailureRateLimiter } from './rate-limiter.js';
import { WorkQueue, type WorkQueueMetricsSink } from './work-queue.js';

function queue(metrics?: WorkQueueMetricsSink) {
  return new WorkQueue<string>({
    name: 'test',
    keyOf: (item) => item,
    rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 100 }),
    ...(metrics ? { metrics } : {}),
  });
}

describe('WorkQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands items out in order and deduplicates queued keys', async () => {
    const adds: number[] = [];
    const q = queue({ added: () => adds.push(1) });
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(adds).toHaveLength(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('never hands the same key to two workers: a re-add while processing waits for done', async () => {
    const q = queue();
    q.add('a');
    const first = await q.get();
    q.add('a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((item) => {
      second = item;
    });
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(first as string);
    await vi.waitFor(() => expect(second).toBe('a'));
    expect(q.inFlight()).toBe(1);
  });

  it('wakes a waiting worker when an item arrives', async () => {
    const q = queue();
    const pending = q.get();
    q.add('x');
    await expect(pending).resolves.toBe('x');
  });

  it('delays addAfter items, keeping the earliest time for a key', async () => {
    const q = queue();
    q.addAfter('a', 1000);
    q.addAfter('a', 500);
    q.addAfter('a', 2000);
    expect(q.delayed()).toBe(1);
    vi.advanceTimersByTime(499);
    expect(q.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(q.len()).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(q.len()).toBe(1);
    q.addAfter('b', 0);
    expect(q.len()).toBe(2);
  });

  it('keeps one entry per key: queuing now supersedes a pending delay, a delay for a queued key is dropped', async () => {
    const q = queue();
    q.addAfter('a', 1000);
    q.add('a');
    expect([q.len(), q.delayed()]).toEqual([1, 0]);
    q.addAfter('a', 500);
    expect(q.delayed()).toBe(0);
    const item = await q.get();
    q.addRateLimited('a');
    expect(q.delayed()).toBe(1);
    q.add('a');
    q.done(item as string);
    expect([q.len(), q.delayed()]).toEqual([1, 0]);
    q.done((await q.get()) as string);
    vi.advanceTimersByTime(10_000);
    expect(q.len()).toBe(0);
  });

  it('backs off rate-limited retries per key exponentially until forgotten', () => {
    const retries: number[] = [];
    const q = queue({ retried: () => retries.push(1) });
    q.addRateLimited('a');
    vi.advanceTimersByTime(99);
    expect(q.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(q.len()).toBe(1);
    q.addRateLimited('b');
    q.addRateLimited('b');
    expect(q.numRequeues('b')).toBe(2);
    q.forget('b');
    expect(q.numRequeues('b')).toBe(0);
    expect(retries).toHaveLength(3);
  });

  it('doubles the delay of consecutive retries of one key', async () => {
    const q = queue();
    const readyAfter: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const start = Date.now();
      q.addRateLimited('k');
      while (q.len() === 0) vi.advanceTimersByTime(10);
      readyAfter.push(Date.now() - start);
      q.done((await q.get()) as string);
    }
    expect(readyAfter).toEqual([100, 200, 400]);
  });

  it('on shutdown ignores adds, drops delayed and queued items, and releases waiting workers', async () => {
    const q = queue();
    q.add('a');
    q.addAfter('b', 1000);
    const inFlight = await q.get();
    const waiting = q.get();
    q.add('c');
    await expect(waiting).resolves.toBe('c');
    q.add('queued');
    expect(q.len()).toBe(1);
    const drained = q.shutDownWithDrain();
    expect(q.len()).toBe(0);
    await expect(q.get()).resolves.toBeUndefined();
    q.add('d');
    vi.advanceTimersByTime(5000);
    expect(q.len()).toBe(0);
    let done = false;
    void drained.then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    q.done(inFlight as string);
    q.done('c');
    await drained;
  });

  it('reports depth, latency and work duration', async () => {
    const depths: number[] = [];
    const latencies: number[] = [];
    const durations: number[] = [];
    const q = queue({
      depth: (d) => depths.push(d),
      queueLatency: (s) => latencies.push(s),
      workDuration: (s) => durations.push(s),
    });
    q.add('a');
    q.add('b');
    const item = await q.get();
    q.done(item as string);
    expect(depths).toEqual([1, 2, 1]);
    expect(latencies).toHaveLength(1);
    expect(durations).toHaveLength(1);
    expect(q.unfinishedWorkSeconds()).toBe(0);
  });
});
