import { describe, expect, it } from 'vitest';
import { runInLanes } from './in-lanes.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('runInLanes', () => {
  it('runs every item with at most `lanes` in flight, one worker per lane', async () => {
    const done: number[] = [];
    let inFlight = 0;
    let peak = 0;
    let workers = 0;
    await runInLanes([1, 2, 3, 4, 5, 6, 7], 3, () => {
      workers += 1;
      return async (item) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await tick();
        done.push(item);
        inFlight -= 1;
      };
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
    expect(workers).toBe(3);
  });

  it('stops taking items after a failure and throws it once the lanes are idle', async () => {
    const started: number[] = [];
    let finished = 0;
    const run = runInLanes([1, 2, 3, 4, 5, 6], 2, () => async (item) => {
      started.push(item);
      if (item === 1) throw new Error('item 1 failed');
      await tick();
      finished += 1;
    });
    await expect(run).rejects.toThrow('item 1 failed');
    // Lane A failed on 1; lane B was on 2 and finished it, then saw the failure and stopped.
    expect(started).toEqual([1, 2]);
    expect(finished).toBe(1);
  });
});
