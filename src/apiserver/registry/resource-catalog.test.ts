import { describe, expect, it } from 'vitest';
import { compareVersions } from './resource-catalog.js';

describe('compareVersions', () => {
  it('orders versions as Kubernetes prefers them', () => {
    const versions = ['v1alpha1', 'foo', 'v1beta1', 'v2', 'v1', 'v1beta2', 'v11alpha2', 'bar'];
    expect(versions.sort(compareVersions)).toEqual([
      'v2',
      'v1',
      'v1beta2',
      'v1beta1',
      'v11alpha2',
      'v1alpha1',
      'bar',
      'foo',
    ]);
  });
});
