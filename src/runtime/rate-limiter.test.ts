import { describe, expect, it } from 'vitest';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
} from './rate-limiter.js';

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles per key from 5 ms, caps at 1000 s, and forgets', () => {
    const limiter = new ItemExponentialFailureRateLimiter();
    expect([1, 2, 3, 4].map(() => limiter.when('a'))).toEqual([5, 10, 20, 40]);
    expect(limiter.when('b')).toBe(5);
    expect(limiter.numRequeues('a')).toBe(4);
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
    expect(limiter.when('a')).toBe(5);
    for (let i = 0; i < 40; i++) limiter.when('c');
    expect(limiter.when('c')).toBe(1_000_000);
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst through, then spaces items at qps', () => {
    let now = 0;
    const limiter = new BucketRateLimiter({ qps: 10, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.when('x'))).toEqual([0, 0, 0]);
    expect(limiter.when('x')).toBe(100);
    expect(limiter.when('x')).toBe(200);
    now = 1000;
    expect(limiter.when('x')).toBe(0);
  });
});

describe('defaultControllerRateLimiter', () => {
  it('takes the larger of the per-key backoff and the bucket', () => {
    const limiter = defaultControllerRateLimiter();
    expect(limiter.when('k')).toBe(5);
    expect(limiter.when('k')).toBe(10);
    const max = new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter({ baseDelayMs: 1 }), {
      when: () => 50,
      forget: () => {},
      numRequeues: () => 0,
    });
    expect(max.when('k')).toBe(50);
    expect(max.numRequeues('k')).toBe(1);
  });
});
