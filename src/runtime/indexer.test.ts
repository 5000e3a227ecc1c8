import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/index.js';
import { Indexer } from './indexer.js';

function cm(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
  owner?: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      namespace,
      name,
      labels,
      ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: owner }] } : {}),
    },
  };
}

describe('Indexer', () => {
  it('answers namespace, label-selector, owner and custom-index queries and keeps indexes current', () => {
    const store = new Indexer<KubeObject>({ byName: (o) => [o.metadata.name ?? ''] });
    store.upsert(cm('a', 'one', { tier: 'gold', app: 'x' }, 'u1'));
    store.upsert(cm('a', 'two', { tier: 'silver' }));
    store.upsert(cm('b', 'three', { tier: 'gold' }, 'u1'));
    const names = (objects: KubeObject[]) => objects.map((o) => o.metadata.name).sort();
    expect(names(store.list({ namespace: 'a' }))).toEqual(['one', 'two']);
    expect(names(store.list({ labelSelector: { matchLabels: { tier: 'gold' } } }))).toEqual(['one', 'three']);
    expect(
      names(
        store.list({
          namespace: 'a',
          labelSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] },
        }),
      ),
    ).toEqual(['one', 'two']);
    expect(names(store.list({ ownerUid: 'u1', namespace: 'b' }))).toEqual(['three']);
    expect(names(store.list({ index: { name: 'byName', value: 'two' } }))).toEqual(['two']);
    store.upsert(cm('a', 'one', { tier: 'silver' }));
    expect(names(store.list({ labelSelector: { matchLabels: { tier: 'gold' } } }))).toEqual(['three']);
    expect(names(store.list({ ownerUid: 'u1' }))).toEqual(['three']);
    expect(store.remove('b/three')?.metadata.name).toBe('three');
    expect(store.byIndex('label', 'tier=gold')).toEqual([]);
    expect(store.size).toBe(2);
    expect(() => store.list({ index: { name: 'missing', value: 'x' } })).toThrow(RangeError);
  });
});
