import { describe, expect, it } from 'vitest';
import {
  formatLabelSelector,
  formatLabels,
  InvalidLabelSelectorError,
  labelSelectorMatches,
  labelSelectorString,
} from './label-selector.js';

describe('label selectors', () => {
  const selector = {
    matchLabels: { tier: 'front', app: 'web' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  };

  it('render like labels.Selector.String, sorted by key with sorted values', () => {
    expect(labelSelectorString(selector)).toBe('app=web,!canary,env in (dev,prod),tier=front');
    expect(labelSelectorString({})).toBe('');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Near' }] })).toBe('<error>');
  });

  it('match labels with set semantics; nil matches nothing, empty everything', () => {
    expect(labelSelectorMatches(selector, { app: 'web', tier: 'front', env: 'dev' })).toBe(true);
    expect(labelSelectorMatches(selector, { app: 'web', tier: 'front', env: 'dev', canary: 'x' })).toBe(
      false,
    );
    expect(labelSelectorMatches(selector, { app: 'web', tier: 'front' })).toBe(false);
    expect(labelSelectorMatches(undefined, { app: 'web' })).toBe(false);
    expect(labelSelectorMatches({}, {})).toBe(true);
    expect(() => labelSelectorMatches({ matchExpressions: [{ key: 'a', operator: 'Near' }] }, {})).toThrow(
      InvalidLabelSelectorError,
    );
  });

  it('format label maps like labels.FormatLabels', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
  });
});
