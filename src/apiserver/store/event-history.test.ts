import { describe, expect, it } from 'vitest';
import { type CommittedChange, EventHistory } from './event-history.js';

function change(revision: number): CommittedChange {
  return {
    revision,
    type: 'ADDED',
    namespace: 'n',
    name: `o${revision}`,
    object: { metadata: { name: `o${revision}` } },
  };
}

describe('EventHistory', () => {
  it('since() returns the changes after a revision, oldest first', () => {
    const history = new EventHistory(10, 0);
    for (const r of [2, 5, 7, 9]) history.append(change(r));
    expect(history.since(0).map((c) => c.revision)).toEqual([2, 5, 7, 9]);
    expect(history.since(5).map((c) => c.revision)).toEqual([7, 9]);
    expect(history.since(6).map((c) => c.revision)).toEqual([7, 9]);
    expect(history.since(9)).toEqual([]);
  });

  it('evicts the oldest change when full and raises the floor to it', () => {
    const history = new EventHistory(3, 0);
    for (let r = 1; r <= 5; r++) history.append(change(r));
    expect(history.size).toBe(3);
    expect(history.floor).toBe(2);
    expect(history.since(history.floor).map((c) => c.revision)).toEqual([3, 4, 5]);
  });

  it('clear() forgets everything and sets the floor', () => {
    const history = new EventHistory(3, 0);
    history.append(change(1));
    history.clear(8);
    expect(history.size).toBe(0);
    expect(history.floor).toBe(8);
    expect(history.since(0)).toEqual([]);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new EventHistory(0, 0)).toThrow(RangeError);
  });
});
