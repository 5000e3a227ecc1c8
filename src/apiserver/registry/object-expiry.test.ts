import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.js';
import { lastWriteOf } from './object-expiry.js';
import { failureOf, useHarness } from './testing/registry-harness.js';

const h = useHarness();

const event = (name: string) =>
  ({
    metadata: { name },
    involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'cfg' },
    reason: 'Tested',
    message: 'hello',
    type: 'Normal',
  }) as KubeObject;

describe('object expiry', () => {
  it('removes events an hour after their last write, not before', async () => {
    const events = h.info('', 'v1', 'events');
    await h.registry.create(events, 'default', event('old'), {});
    h.clock.advance(3000);
    await h.registry.create(events, 'default', event('young'), {});
    expect(await h.registry.expireObjects()).toBe(0);
    h.clock.advance(700);
    expect(await h.registry.expireObjects()).toBe(1);
    expect((await failureOf(h.registry.get(events, 'default', 'old'))).code).toBe(404);
    expect((await h.registry.get(events, 'default', 'young')).metadata.name).toBe('young');
    const configmaps = h.info('', 'v1', 'configmaps');
    await h.registry.create(configmaps, 'default', { metadata: { name: 'kept' } } as KubeObject, {});
    h.clock.advance(7200);
    expect(await h.registry.expireObjects()).toBe(1);
    expect((await h.registry.get(configmaps, 'default', 'kept')).metadata.name).toBe('kept');
  });

  it('falls back to the newest timestamp an object carries', () => {
    const object = {
      metadata: { creationTimestamp: '2026-01-01T00:00:00Z' },
      lastTimestamp: '2026-01-01T05:00:00Z',
    } as KubeObject;
    expect(lastWriteOf(object)).toBe(Date.parse('2026-01-01T05:00:00Z'));
  });
});
