import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/index.js';
import { MappedWatchStream } from './mapped-watch.js';

const configmaps = { group: '', resource: 'configmaps' };

describe('MappedWatchStream', () => {
  it('converts each event as it is taken and closes together with the store stream', async () => {
    const store = await MemoryStore.open({ bookmarkIntervalMs: 0 });
    const inner = store.watch(configmaps, { resourceVersion: store.currentResourceVersion() });
    const mapped = new MappedWatchStream(inner, (event) => ({
      type: event.type,
      object: { ...event.object, kind: 'ConfigMap' },
    }));
    const pending = mapped.next();
    await store.create(configmaps, { metadata: { namespace: 'n', name: 'a' } });
    await store.create(configmaps, { metadata: { namespace: 'n', name: 'b' } });
    expect((await pending).value).toMatchObject({
      type: 'ADDED',
      object: { kind: 'ConfigMap', metadata: { name: 'a' } },
    });
    expect(mapped.pending).toBe(1);
    expect(mapped.tryNext()).toMatchObject({ object: { kind: 'ConfigMap', metadata: { name: 'b' } } });
    store.closeAllWatches();
    expect(mapped.closeReason).toBe('compacted');
    expect(await mapped.closed).toBe('compacted');
    expect((await mapped.next()).done).toBe(true);
    await store.close();
  });

  it('closing the view closes the store stream', async () => {
    const store = await MemoryStore.open({ bookmarkIntervalMs: 0 });
    const inner = store.watch(configmaps);
    const mapped = new MappedWatchStream(inner, (event) => event);
    expect(store.watcherCount).toBe(1);
    mapped.close();
    expect(inner.closeReason).toBe('client');
    expect(store.watcherCount).toBe(0);
    await store.close();
  });
});
