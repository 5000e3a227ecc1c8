import { describe, expect, it } from 'vitest';
import { KeyedLock } from './object-locks.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedLock', () => {
  it('runs sections of one key one after another, in order, and other keys alongside', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const section = (key: string, name: string) =>
      lock.run(key, async () => {
        log.push(`${name}+`);
        await tick();
        log.push(`${name}-`);
        return name;
      });
    const results = await Promise.all([section('a', 'a1'), section('a', 'a2'), section('b', 'b1')]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
    expect(lock.busyKeys).toBe(0);
  });

  it('releases the key when a section fails', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('a', async () => 'next')).resolves.toBe('next');
    expect(lock.busyKeys).toBe(0);
  });
});
