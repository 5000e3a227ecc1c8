import { describe, expect, it } from 'vitest';
import type { Condition } from '../api/index.js';
import {
  findCondition,
  isConditionCurrent,
  isConditionFalse,
  isConditionTrue,
  removeCondition,
  setCondition,
} from './conditions.js';

describe('conditions', () => {
  it('moves lastTransitionTime only on a status change and reports whether anything changed', () => {
    const conditions: Condition[] = [];
    const t1 = new Date('2026-01-01T00:00:00.123Z');
    const t2 = new Date('2026-01-01T00:05:00Z');
    const ready = {
      type: 'Ready',
      status: 'False',
      reason: 'Waiting',
      message: 'waiting',
      observedGeneration: 1,
    } as const;
    expect(setCondition(conditions, ready, t1)).toBe(true);
    expect(findCondition(conditions, 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(setCondition(conditions, ready, t2)).toBe(false);
    expect(setCondition(conditions, { ...ready, message: 'still waiting' }, t2)).toBe(true);
    expect(findCondition(conditions, 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(setCondition(conditions, { ...ready, status: 'True', reason: 'Done', message: 'done' }, t2)).toBe(
      true,
    );
    expect(findCondition(conditions, 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:05:00Z');
    expect(isConditionTrue(conditions, 'Ready')).toBe(true);
    expect(isConditionFalse(conditions, 'Ready')).toBe(false);
    expect(removeCondition(conditions, 'Ready')).toBe(true);
    expect(removeCondition(conditions, 'Ready')).toBe(false);
  });

  it('counts a condition only for the generation it was computed from', () => {
    const conditions: Condition[] = [];
    setCondition(conditions, {
      type: 'Ready',
      status: 'True',
      reason: 'Done',
      message: '',
      observedGeneration: 2,
    });
    const object = (generation: number) => ({
      apiVersion: 'v1',
      kind: 'X',
      metadata: { name: 'x', generation },
    });
    expect(isConditionCurrent(object(2), conditions, 'Ready')).toBe(true);
    expect(isConditionCurrent(object(3), conditions, 'Ready')).toBe(false);
    expect(isConditionCurrent(object(2), conditions, 'Other')).toBe(false);
  });
});
