import { describe, expect, it } from 'vitest';
import { shutdownSignal } from './shutdown-signal.js';

describe('shutdownSignal', () => {
  it('aborts on the first signal and exits with 1 on the second', () => {
    const exits: number[] = [];
    const trigger = shutdownSignal({ signals: ['SIGUSR2'], exit: (code) => exits.push(code) });
    try {
      expect(trigger.signal.aborted).toBe(false);
      process.emit('SIGUSR2', 'SIGUSR2');
      expect(trigger.signal.aborted).toBe(true);
      expect(exits).toEqual([]);
      process.emit('SIGUSR2', 'SIGUSR2');
      expect(exits).toEqual([1]);
    } finally {
      trigger.dispose();
    }
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });
});
