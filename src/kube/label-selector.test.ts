import { describe, expect, it } from 'vitest';
import { formatLabelSelector, LabelSelectorError, matchesLabelSelector } from './label-selector.js';

describe('label selectors', () => {
  it('matches matchLabels AND matchExpressions; the empty selector matches everything', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['gold', 'silver'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'NotIn', values: ['east'] },
        { key: 'owner', operator: 'Exists' },
      ],
    };
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'gold', owner: 'x' })).toBe(true);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'gold', owner: 'x', zone: 'east' })).toBe(
      false,
    );
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'bronze', owner: 'x' })).toBe(false);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'gold', owner: 'x', legacy: '' })).toBe(false);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'gold' })).toBe(false);
    expect(matchesLabelSelector({}, undefined)).toBe(true);
  });

  it('renders the query syntax the API server parses', () => {
    expect(
      formatLabelSelector({
        matchLabels: { b: '2', a: '1' },
        matchExpressions: [
          { key: 'c', operator: 'In', values: ['y', 'x'] },
          { key: 'd', operator: 'NotIn', values: ['z'] },
          { key: 'e', operator: 'Exists' },
          { key: 'f', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('a=1,b=2,c in (x,y),d notin (z),e,!f');
    expect(formatLabelSelector('raw=yes')).toBe('raw=yes');
  });

  it('rejects malformed requirements', () => {
    expect(() => formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow(
      LabelSelectorError,
    );
    expect(() => matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Near' }] }, {})).toThrow(
      /unknown label selector operator/,
    );
  });
});
