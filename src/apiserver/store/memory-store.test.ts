import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GoneError } from './errors.js';
import { MemoryStore } from './memory-store.js';
import { describeObjectStoreConformance } from './object-store.conformance.js';
import { parseLabelSelector } from './selectors.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describeObjectStoreConformance('MemoryStore in memory', (tuning) => MemoryStore.open(tuning));

describeObjectStoreConformance('MemoryStore persisting to a state directory', async (tuning) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'store-conformance-'));
  dirs.push(stateDir);
  return MemoryStore.open({ ...tuning, stateDir, compactEvery: 7 });
});

const configmaps = { group: '', resource: 'configmaps' };

describe('MemoryStore', () => {
  it('compactWatchHistory() makes earlier resourceVersions 410 while the current one stays watchable', async () => {
    const store = await MemoryStore.open({ bookmarkIntervalMs: 0 });
    const a = await store.create(configmaps, { metadata: { namespace: 'n', name: 'a' } });
    await store.create(configmaps, { metadata: { namespace: 'n', name: 'b' } });
    store.compactWatchHistory();
    expect(() => store.watch(configmaps, { resourceVersion: a.metadata.resourceVersion as string })).toThrow(
      GoneError,
    );
    const watch = store.watch(configmaps, { resourceVersion: store.currentResourceVersion() });
    expect(watch.closeReason).toBeUndefined();
    store.closeAllWatches();
    expect(watch.closeReason).toBe('compacted');
    expect(store.watcherCount).toBe(0);
    await store.close();
  });

  it('sendBookmark() reaches only the given watcher', async () => {
    const store = await MemoryStore.open({ bookmarkIntervalMs: 0 });
    const one = store.watch(configmaps, {
      resourceVersion: '1',
      allowBookmarks: true,
      sendInitialEvents: false,
    });
    const two = store.watch(configmaps, {
      resourceVersion: '1',
      allowBookmarks: true,
      sendInitialEvents: false,
    });
    store.sendBookmark(one);
    expect(one.tryNext()?.type).toBe('BOOKMARK');
    expect(two.pending).toBe(0);
    await store.close();
  });

  it('lists and pages 10,000 objects in one namespace among others', async () => {
    const store = await MemoryStore.open({ bookmarkIntervalMs: 0 });
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10_000; i++) {
      const labels = { app: i % 2 === 0 ? 'even' : 'odd' };
      writes.push(
        store.create(configmaps, {
          metadata: { namespace: 'big', name: `cm-${i}`, labels },
          data: { i: String(i) },
        }),
      );
    }
    for (let i = 0; i < 100; i++)
      writes.push(store.create(configmaps, { metadata: { namespace: 'small', name: `cm-${i}` } }));
    await Promise.all(writes);
    expect(store.objectCount).toBe(10_100);
    const all = await store.list(configmaps, { namespace: 'big' });
    expect(all.items).toHaveLength(10_000);
    const names = all.items.map((o) => o.metadata.name as string);
    expect(names).toEqual([...names].sort());
    const even = await store.list(configmaps, {
      namespace: 'big',
      labelSelector: parseLabelSelector('app=even'),
    });
    expect(even.items).toHaveLength(5_000);
    let pages = 0;
    let seen = 0;
    let token: string | undefined;
    do {
      const page = await store.list(configmaps, {
        limit: 500,
        ...(token !== undefined && { continue: token }),
      });
      seen += page.items.length;
      token = page.continue;
      pages++;
    } while (token !== undefined);
    expect(seen).toBe(10_100);
    expect(pages).toBe(21);
    await store.close();
  });
});
