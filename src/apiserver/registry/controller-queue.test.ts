import { describe, expect, it } from 'vitest';
import { ConflictError } from '../store/index.js';
import { type ControllerFailure, ControllerQueue } from './controller-queue.js';

describe('ControllerQueue', () => {
  it('runs tasks one at a time, collapses tasks under the same key, and settles after follow-up work', async () => {
    const queue = new ControllerQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, then?: () => void) => async () => {
      running++;
      expect(running).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(name);
      then?.();
      running--;
    };
    queue.enqueue('a', task('a1'));
    queue.enqueue('a', task('a2'));
    queue.enqueue(
      'b',
      task('b', () => queue.enqueue('c', task('c'))),
    );
    await queue.settled();
    expect(log).toEqual(['a2', 'b', 'c']);
    await expect(queue.settled()).resolves.toBeUndefined();
  });

  it('retries a task that lost an optimistic-concurrency race, and records failures', async () => {
    const failures: ControllerFailure[] = [];
    const queue = new ControllerQueue({ onError: (failure) => failures.push(failure), conflictRetries: 2 });
    let attempts = 0;
    queue.enqueue('racy', async () => {
      attempts++;
      if (attempts < 3)
        throw new ConflictError({ group: '', resource: 'configmaps' }, 'a', 'resource-version');
    });
    queue.enqueue('broken', async () => {
      throw new Error('boom');
    });
    await queue.settled();
    expect(attempts).toBe(3);
    expect(failures.map((failure) => failure.key)).toEqual(['broken']);
    expect(queue.takeFailures().map((failure) => (failure.error as Error).message)).toEqual(['boom']);
    expect(queue.takeFailures()).toEqual([]);
  });

  it('takes no work once stopped', async () => {
    const queue = new ControllerQueue();
    queue.stop();
    let ran = false;
    queue.enqueue('x', async () => {
      ran = true;
    });
    await queue.settled();
    expect(ran).toBe(false);
  });
});
