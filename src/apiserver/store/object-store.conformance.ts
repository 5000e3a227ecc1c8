/**
 * The shared conformance suite of `ObjectStore`: every implementation (and every mode of one, e.g. in memory and
 * persistent) runs it from its own test file with `describeObjectStoreConformance`. It checks Kubernetes storage
 * semantics only through the interface.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  GoneError,
  NotFoundError,
  StoreClosedError,
  TooLargeResourceVersionError,
} from './errors.js';
import type { KubeObject } from './kube-object.js';
import type { ObjectStore } from './object-store.js';
import type { ResourceKey } from './resource-key.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { WatchHubOptions } from './watch-hub.js';
import { INITIAL_EVENTS_END_ANNOTATION, type WatchEvent, type WatchStream } from './watch-stream.js';

/** Opens a fresh, empty store with the given watch tuning. */
export type OpenStore = (tuning: WatchHubOptions) => Promise<ObjectStore>;

const configmaps: ResourceKey = { group: '', resource: 'configmaps' };
const widgets: ResourceKey = { group: 'example.com', resource: 'widgets' };
const namespaces: ResourceKey = { group: '', resource: 'namespaces' };

function cm(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
  data: Record<string, string> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { namespace, name, labels },
    data,
  } satisfies KubeObject;
}

function rv(object: KubeObject): number {
  return Number(object.metadata.resourceVersion);
}

/** Reads `count` events, failing if they do not arrive within `timeoutMs`. */
async function take(stream: WatchStream, count: number, timeoutMs = 2_000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    const left = deadline - Date.now();
    const result = await Promise.race([
      stream.next(),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(left, 0))),
    ]);
    if (result === 'timeout') throw new Error(`timed out after ${events.length} of ${count} events`);
    if (result.done)
      throw new Error(`watch ended (${stream.closeReason}) after ${events.length} of ${count} events`);
    events.push(result.value);
  }
  return events;
}

/** Waits until the event loop has run the pending write acknowledgements and timers of this tick. */
function settle(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function summary(events: WatchEvent[]): string[] {
  return events.map((e) => `${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}`);
}

/** Registers the conformance tests for one store implementation. */
export function describeObjectStoreConformance(name: string, open: OpenStore): void {
  describe(`ObjectStore conformance: ${name}`, () => {
    const opened: ObjectStore[] = [];
    const fresh = async (tuning: WatchHubOptions = {}) => {
      const store = await open({ bookmarkIntervalMs: 0, ...tuning });
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    describe('create, get, update, delete', () => {
      it('create() assigns a resourceVersion from one counter shared by all resources', async () => {
        const store = await fresh();
        const a = await store.create(configmaps, cm('ns1', 'a'));
        const w = await store.create(widgets, {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { namespace: 'ns1', name: 'a' },
        });
        const b = await store.create(configmaps, cm('ns1', 'b'));
        expect(rv(w)).toBeGreaterThan(rv(a));
        expect(rv(b)).toBeGreaterThan(rv(w));
        expect(store.currentResourceVersion()).toBe(b.metadata.resourceVersion);
      });

      it('create() replaces a resourceVersion sent in the body', async () => {
        const store = await fresh();
        const body = cm('ns1', 'a');
        (body.metadata as KubeObject['metadata']).resourceVersion = '999';
        const created = await store.create(configmaps, body);
        expect(created.metadata.resourceVersion).not.toBe('999');
      });

      it('get() returns deep copies that callers may change freely', async () => {
        const store = await fresh();
        const input = cm('ns1', 'a', { app: 'x' }, { k: 'v' });
        const created = await store.create(configmaps, input);
        input.data.k = 'changed by caller';
        (created.data as Record<string, string>).k = 'changed too';
        const first = await store.get(configmaps, 'ns1', 'a');
        (first.metadata.labels as Record<string, string>).app = 'mutated';
        const second = await store.get(configmaps, 'ns1', 'a');
        expect(second.data).toEqual({ k: 'v' });
        expect(second.metadata.labels).toEqual({ app: 'x' });
      });

      it('create() of an existing name fails with AlreadyExistsError carrying Status data', async () => {
        const store = await fresh();
        await store.create(widgets, { metadata: { namespace: 'ns1', name: 'w1' } });
        const error = await store
          .create(widgets, { metadata: { namespace: 'ns1', name: 'w1' } })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AlreadyExistsError);
        expect((error as AlreadyExistsError).toStatus()).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'widgets.example.com "w1" already exists',
          reason: 'AlreadyExists',
          details: { name: 'w1', group: 'example.com', kind: 'widgets' },
          code: 409,
        });
      });

      it('the same name in another namespace is another object', async () => {
        const store = await fresh();
        await store.create(configmaps, cm('ns1', 'a', {}, { n: '1' }));
        await store.create(configmaps, cm('ns2', 'a', {}, { n: '2' }));
        expect((await store.get(configmaps, 'ns2', 'a')).data).toEqual({ n: '2' });
      });

      it('get() of a missing object fails with NotFoundError (core group: no group in the message)', async () => {
        const store = await fresh();
        const error = await store.get(configmaps, 'ns1', 'nope').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect((error as NotFoundError).message).toBe('configmaps "nope" not found');
        expect((error as NotFoundError).toStatus().details).toEqual({ name: 'nope', kind: 'configmaps' });
        expect((error as NotFoundError).code).toBe(404);
      });

      it('cluster-scoped objects live under namespace ""', async () => {
        const store = await fresh();
        await store.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' } });
        expect((await store.get(namespaces, '', 'ns1')).metadata.name).toBe('ns1');
        expect((await store.list(namespaces)).items.map((n) => n.metadata.name)).toEqual(['ns1']);
      });

      it('create() without a name fails with BadRequestError', async () => {
        const store = await fresh();
        await expect(store.create(configmaps, { metadata: { namespace: 'ns1' } })).rejects.toBeInstanceOf(
          BadRequestError,
        );
      });

      it('update() with the current resourceVersion succeeds and takes a new one', async () => {
        const store = await fresh();
        const created = await store.create(configmaps, cm('ns1', 'a'));
        const updated = await store.update(configmaps, { ...created, data: { k: 'v2' } });
        expect(rv(updated)).toBeGreaterThan(rv(created));
        expect((await store.get(configmaps, 'ns1', 'a')).data).toEqual({ k: 'v2' });
      });

      it('update() with a stale resourceVersion fails with ConflictError', async () => {
        const store = await fresh();
        const created = await store.create(widgets, {
          metadata: { namespace: 'ns1', name: 'w1' },
          spec: { n: 1 },
        });
        await store.update(widgets, { ...created, spec: { n: 2 } });
        const error = await store.update(widgets, { ...created, spec: { n: 3 } }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).message).toBe(
          'Operation cannot be fulfilled on widgets.example.com "w1": the object has been modified; please apply your changes to the latest version and try again',
        );
        expect((await store.get(widgets, 'ns1', 'w1')).spec).toEqual({ n: 2 });
      });

      it('update() without a resourceVersion is unconditional', async () => {
        const store = await fresh();
        await store.create(configmaps, cm('ns1', 'a'));
        await store.update(configmaps, cm('ns1', 'a', {}, { k: 'v2' }));
        const updated = await store.update(configmaps, cm('ns1', 'a', {}, { k: 'v3' }));
        expect(updated.data).toEqual({ k: 'v3' });
      });

      it('concurrent updates from the same read: exactly one wins', async () => {
        const store = await fresh();
        const created = await store.create(configmaps, cm('ns1', 'a'));
        const results = await Promise.allSettled([
          store.update(configmaps, { ...created, data: { by: 'one' } }),
          store.update(configmaps, { ...created, data: { by: 'two' } }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(ConflictError);
      });

      it('a no-op update() keeps the resourceVersion', async () => {
        const store = await fresh();
        const created = await store.create(configmaps, cm('ns1', 'a', { x: 'y' }, { k: 'v' }));
        const same = await store.update(configmaps, { ...created, data: { k: 'v' } });
        expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
        expect(store.currentResourceVersion()).toBe(created.metadata.resourceVersion);
      });

      it('update() of a missing object fails with NotFoundError', async () => {
        const store = await fresh();
        await expect(store.update(configmaps, cm('ns1', 'ghost'))).rejects.toBeInstanceOf(NotFoundError);
      });

      it('delete() returns the last state stamped with the deletion resourceVersion', async () => {
        const store = await fresh();
        const created = await store.create(configmaps, cm('ns1', 'a', {}, { k: 'v' }));
        const deleted = await store.delete(configmaps, 'ns1', 'a');
        expect(rv(deleted)).toBeGreaterThan(rv(created));
        expect(deleted.data).toEqual({ k: 'v' });
        expect(store.currentResourceVersion()).toBe(deleted.metadata.resourceVersion);
        await expect(store.get(configmaps, 'ns1', 'a')).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.delete(configmaps, 'ns1', 'a')).rejects.toBeInstanceOf(NotFoundError);
      });

      it('delete() checks uid and resourceVersion preconditions', async () => {
        const store = await fresh();
        const body = cm('ns1', 'a');
        (body.metadata as KubeObject['metadata']).uid = 'uid-1';
        const created = await store.create(configmaps, body);
        const byUid = await store
          .delete(configmaps, 'ns1', 'a', { preconditions: { uid: 'uid-2' } })
          .catch((e: unknown) => e);
        expect(byUid).toBeInstanceOf(ConflictError);
        expect((byUid as ConflictError).message).toContain(
          'Precondition failed: UID in precondition: uid-2, UID in object meta: uid-1',
        );
        const byRv = await store
          .delete(configmaps, 'ns1', 'a', { preconditions: { resourceVersion: '999' } })
          .catch((e: unknown) => e);
        expect(byRv).toBeInstanceOf(ConflictError);
        const ok = await store.delete(configmaps, 'ns1', 'a', {
          preconditions: { uid: 'uid-1', resourceVersion: created.metadata.resourceVersion as string },
        });
        expect(ok.metadata.name).toBe('a');
      });
    });

    describe('list', () => {
      async function seeded(tuning: WatchHubOptions = {}) {
        const store = await fresh(tuning);
        for (const [ns, name, app] of [
          ['b', 'y', 'web'],
          ['a', 'z', 'db'],
          ['a', 'x', 'web'],
          ['c', 'w', 'web'],
          ['b', 'v', 'db'],
        ] as const) {
          await store.create(configmaps, cm(ns, name, { app }));
        }
        return store;
      }
      const keys = (items: KubeObject[]) => items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`);

      it('returns items ordered by namespace then name, with the current resourceVersion', async () => {
        const store = await seeded();
        const list = await store.list(configmaps);
        expect(keys(list.items)).toEqual(['a/x', 'a/z', 'b/v', 'b/y', 'c/w']);
        expect(list.resourceVersion).toBe(store.currentResourceVersion());
        expect(list.continue).toBeUndefined();
      });

      it('lists one namespace', async () => {
        const store = await seeded();
        expect(keys((await store.list(configmaps, { namespace: 'b' })).items)).toEqual(['b/v', 'b/y']);
        expect((await store.list(configmaps, { namespace: 'nope' })).items).toEqual([]);
      });

      it('filters by label and field selectors', async () => {
        const store = await seeded();
        const web = await store.list(configmaps, { labelSelector: parseLabelSelector('app=web') });
        expect(keys(web.items)).toEqual(['a/x', 'b/y', 'c/w']);
        const notA = await store.list(configmaps, {
          labelSelector: parseLabelSelector('app in (web,db)'),
          fieldSelector: parseFieldSelector('metadata.namespace!=a'),
        });
        expect(keys(notA.items)).toEqual(['b/v', 'b/y', 'c/w']);
        const byName = await store.list(configmaps, { fieldSelector: parseFieldSelector('metadata.name=y') });
        expect(keys(byName.items)).toEqual(['b/y']);
      });

      it('filters on caller-supplied field labels', async () => {
        const store = await fresh();
        await store.create(
          { group: '', resource: 'pods' },
          { metadata: { namespace: 'n', name: 'p1' }, status: { phase: 'Running' } },
        );
        await store.create(
          { group: '', resource: 'pods' },
          { metadata: { namespace: 'n', name: 'p2' }, status: { phase: 'Pending' } },
        );
        const selector = parseFieldSelector('status.phase=Running', { extraFields: ['status.phase'] });
        const running = await store.list({ group: '', resource: 'pods' }, { fieldSelector: selector });
        expect(running.items.map((p) => p.metadata.name)).toEqual(['p1']);
      });

      it('pages with limit/continue: every item once, one resourceVersion, remainingItemCount', async () => {
        const store = await seeded();
        const first = await store.list(configmaps, { limit: 2 });
        expect(keys(first.items)).toEqual(['a/x', 'a/z']);
        expect(first.remainingItemCount).toBe(3);
        expect(first.continue).toBeTypeOf('string');
        const second = await store.list(configmaps, { limit: 2, continue: first.continue as string });
        expect(keys(second.items)).toEqual(['b/v', 'b/y']);
        const third = await store.list(configmaps, { limit: 2, continue: second.continue as string });
        expect(keys(third.items)).toEqual(['c/w']);
        expect(third.continue).toBeUndefined();
        expect(new Set([first.resourceVersion, second.resourceVersion, third.resourceVersion]).size).toBe(1);
      });

      it('pages with a selector and limit', async () => {
        const store = await seeded();
        const first = await store.list(configmaps, {
          limit: 2,
          labelSelector: parseLabelSelector('app=web'),
        });
        expect(keys(first.items)).toEqual(['a/x', 'b/y']);
        expect(first.remainingItemCount).toBeUndefined();
        const second = await store.list(configmaps, {
          limit: 2,
          labelSelector: parseLabelSelector('app=web'),
          continue: first.continue as string,
        });
        expect(keys(second.items)).toEqual(['c/w']);
        expect(second.continue).toBeUndefined();
      });

      it('later pages show the state of the first page, whatever changed since', async () => {
        const store = await seeded();
        const first = await store.list(configmaps, { limit: 2 });
        await store.delete(configmaps, 'b', 'y');
        await store.create(configmaps, cm('b', 'w', { app: 'new' }));
        const v = await store.get(configmaps, 'b', 'v');
        await store.update(configmaps, { ...v, data: { changed: 'yes' } });
        const rest = await store.list(configmaps, { continue: first.continue as string });
        expect(keys(rest.items)).toEqual(['b/v', 'b/y', 'c/w']);
        expect(rest.items[0]?.data).toEqual({});
        expect(rest.resourceVersion).toBe(first.resourceVersion);
        const now = await store.list(configmaps, { namespace: 'b' });
        expect(keys(now.items)).toEqual(['b/v', 'b/w']);
      });

      it('a continue token older than the history window fails with GoneError (410 Expired)', async () => {
        const store = await seeded({ historySize: 3 });
        const first = await store.list(configmaps, { limit: 2 });
        for (let i = 0; i < 5; i++) await store.create(configmaps, cm('d', `n${i}`));
        const error = await store
          .list(configmaps, { continue: first.continue as string })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(GoneError);
        expect((error as GoneError).code).toBe(410);
        expect((error as GoneError).toStatus().reason).toBe('Expired');
      });

      it('rejects malformed or conflicting paging options with BadRequestError', async () => {
        const store = await seeded();
        const first = await store.list(configmaps, { limit: 1 });
        await expect(store.list(configmaps, { continue: 'not-a-token' })).rejects.toBeInstanceOf(
          BadRequestError,
        );
        await expect(
          store.list(configmaps, {
            continue: first.continue as string,
            resourceVersion: first.resourceVersion,
          }),
        ).rejects.toBeInstanceOf(BadRequestError);
        await expect(store.list(configmaps, { resourceVersionMatch: 'Exact' })).rejects.toBeInstanceOf(
          BadRequestError,
        );
        await expect(store.list(configmaps, { resourceVersion: 'abc' })).rejects.toBeInstanceOf(
          BadRequestError,
        );
      });

      it('serves the latest state for resourceVersion "0" and NotOlderThan', async () => {
        const store = await seeded();
        const any = await store.list(configmaps, { resourceVersion: '0' });
        const notOlder = await store.list(configmaps, {
          resourceVersion: '1',
          resourceVersionMatch: 'NotOlderThan',
        });
        expect(any.items).toHaveLength(5);
        expect(notOlder.resourceVersion).toBe(store.currentResourceVersion());
      });

      it('serves an Exact resourceVersion from history, and refuses the future and the forgotten', async () => {
        const store = await seeded({ historySize: 4 });
        const before = await store.list(configmaps);
        await store.delete(configmaps, 'a', 'x');
        const exact = await store.list(configmaps, {
          resourceVersion: before.resourceVersion,
          resourceVersionMatch: 'Exact',
        });
        expect(keys(exact.items)).toEqual(keys(before.items));
        expect(exact.resourceVersion).toBe(before.resourceVersion);
        const future = String(Number(store.currentResourceVersion()) + 10);
        await expect(
          store.list(configmaps, { resourceVersion: future, resourceVersionMatch: 'Exact' }),
        ).rejects.toBeInstanceOf(TooLargeResourceVersionError);
        await expect(
          store.list(configmaps, { resourceVersion: '1', resourceVersionMatch: 'Exact' }),
        ).rejects.toBeInstanceOf(GoneError);
      });
    });

    describe('watch', () => {
      it('from the current resourceVersion delivers later writes in order', async () => {
        const store = await fresh();
        await store.create(configmaps, cm('ns1', 'old'));
        const watch = store.watch(configmaps, { resourceVersion: store.currentResourceVersion() });
        const created = await store.create(configmaps, cm('ns1', 'a'));
        const updated = await store.update(configmaps, { ...created, data: { k: '2' } });
        const deleted = await store.delete(configmaps, 'ns1', 'a');
        const events = await take(watch, 3);
        expect(summary(events)).toEqual(['ADDED ns1/a', 'MODIFIED ns1/a', 'DELETED ns1/a']);
        expect(events.map((e) => e.object.metadata.resourceVersion)).toEqual(
          [created, updated, deleted].map((o) => o.metadata.resourceVersion),
        );
        expect(events[2]?.object.data).toEqual({ k: '2' });
        watch.close();
      });

      it('without a resourceVersion starts with synthetic ADDED events for the current state', async () => {
        const store = await fresh();
        await store.create(configmaps, cm('ns1', 'b'));
        await store.create(configmaps, cm('ns1', 'a'));
        await store.create(configmaps, cm('ns2', 'c'));
        const all = store.watch(configmaps);
        const ns1 = store.watch(configmaps, { namespace: 'ns1', resourceVersion: '0' });
        await store.create(configmaps, cm('ns1', 'd'));
        expect(summary(await take(all, 4))).toEqual([
          'ADDED ns1/a',
          'ADDED ns1/b',
          'ADDED ns2/c',
          'ADDED ns1/d',
        ]);
        expect(summary(await take(ns1, 3))).toEqual(['ADDED ns1/a', 'ADDED ns1/b', 'ADDED ns1/d']);
        all.close();
        ns1.close();
      });

      it('resumes from a resourceVersion in the window with exactly the missed events', async () => {
        const store = await fresh();
        const a = await store.create(configmaps, cm('ns1', 'a'));
        const b = await store.create(configmaps, cm('ns1', 'b'));
        await store.update(configmaps, { ...a, data: { k: '1' } });
        await store.delete(configmaps, 'ns1', 'b');
        const watch = store.watch(configmaps, { resourceVersion: b.metadata.resourceVersion as string });
        await store.create(configmaps, cm('ns1', 'c'));
        const events = await take(watch, 3);
        expect(summary(events)).toEqual(['MODIFIED ns1/a', 'DELETED ns1/b', 'ADDED ns1/c']);
        const rvs = events.map((e) => rv(e.object));
        expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
        expect(watch.pending).toBe(0);
        watch.close();
      });

      it('from a resourceVersion older than the window fails with GoneError "too old resource version"', async () => {
        const store = await fresh({ historySize: 3 });
        const first = await store.create(configmaps, cm('ns1', 'a0'));
        for (let i = 1; i < 6; i++) await store.create(configmaps, cm('ns1', `a${i}`));
        let error: unknown;
        try {
          store.watch(configmaps, { resourceVersion: first.metadata.resourceVersion as string });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(GoneError);
        expect((error as GoneError).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
        expect((error as GoneError).toStatus().code).toBe(410);
        const list = await store.list(configmaps);
        const fromList = store.watch(configmaps, { resourceVersion: list.resourceVersion });
        expect(fromList.closeReason).toBeUndefined();
        fromList.close();
      });

      it('turns selector transitions into ADDED and DELETED', async () => {
        const store = await fresh();
        const watch = store.watch(configmaps, {
          resourceVersion: store.currentResourceVersion(),
          labelSelector: parseLabelSelector('app=web'),
        });
        const created = await store.create(configmaps, cm('ns1', 'a', { app: 'db' }));
        const joined = await store.update(configmaps, {
          ...created,
          metadata: { ...created.metadata, labels: { app: 'web' } },
        });
        const changed = await store.update(configmaps, { ...joined, data: { k: 'v' } });
        const left = await store.update(configmaps, {
          ...changed,
          metadata: { ...changed.metadata, labels: { app: 'db' } },
        });
        await store.delete(configmaps, 'ns1', 'a');
        await store.create(configmaps, cm('ns1', 'b', { app: 'web' }));
        const events = await take(watch, 4);
        expect(summary(events)).toEqual(['ADDED ns1/a', 'MODIFIED ns1/a', 'DELETED ns1/a', 'ADDED ns1/b']);
        expect(events[2]?.object.metadata.resourceVersion).toBe(left.metadata.resourceVersion);
        expect(events[2]?.object.metadata.labels).toEqual({ app: 'db' });
        watch.close();
      });

      it('filters by field selector and namespace', async () => {
        const store = await fresh();
        const watch = store.watch(configmaps, {
          namespace: 'ns1',
          resourceVersion: store.currentResourceVersion(),
          fieldSelector: parseFieldSelector('metadata.name=target'),
        });
        await store.create(configmaps, cm('ns2', 'target'));
        await store.create(configmaps, cm('ns1', 'other'));
        await store.create(configmaps, cm('ns1', 'target'));
        expect(summary(await take(watch, 1))).toEqual(['ADDED ns1/target']);
        await settle();
        expect(watch.pending).toBe(0);
        watch.close();
      });

      it('does not emit an event for a no-op update', async () => {
        const store = await fresh();
        const created = await store.create(configmaps, cm('ns1', 'a', {}, { k: 'v' }));
        const watch = store.watch(configmaps, { resourceVersion: store.currentResourceVersion() });
        await store.update(configmaps, created);
        await store.create(configmaps, cm('ns1', 'marker'));
        expect(summary(await take(watch, 1))).toEqual(['ADDED ns1/marker']);
        watch.close();
      });

      it('sends periodic bookmarks with the current resourceVersion only when allowed', async () => {
        const store = await fresh({ bookmarkIntervalMs: 15 });
        await store.create(configmaps, cm('ns1', 'a'));
        const withBookmarks = store.watch(configmaps, {
          resourceVersion: store.currentResourceVersion(),
          allowBookmarks: true,
        });
        const without = store.watch(configmaps, { resourceVersion: store.currentResourceVersion() });
        const [bookmark] = await take(withBookmarks, 1);
        expect(bookmark?.type).toBe('BOOKMARK');
        expect(bookmark?.object.metadata.resourceVersion).toBe(store.currentResourceVersion());
        expect(without.pending).toBe(0);
        withBookmarks.close();
        without.close();
      });

      it('with sendInitialEvents ends the initial state with an initial-events-end bookmark', async () => {
        const store = await fresh();
        await store.create(configmaps, cm('ns1', 'a'));
        const watch = store.watch(configmaps, {
          sendInitialEvents: true,
          allowBookmarks: true,
          resourceVersion: '',
        });
        const events = await take(watch, 2);
        expect(summary(events)).toEqual(['ADDED ns1/a', 'BOOKMARK /']);
        expect(events[1]?.object.metadata.annotations).toEqual({ [INITIAL_EVENTS_END_ANNOTATION]: 'true' });
        expect(events[1]?.object.metadata.resourceVersion).toBe(store.currentResourceVersion());
        watch.close();
      });

      it('closes a watcher that falls behind without slowing writers, while others keep up', async () => {
        const store = await fresh({ maxBufferedEvents: 5 });
        const slow = store.watch(configmaps, { resourceVersion: store.currentResourceVersion() });
        const fast = store.watch(configmaps, { resourceVersion: store.currentResourceVersion() });
        const received: WatchEvent[] = [];
        const reader = (async () => {
          for await (const event of fast) {
            received.push(event);
            if (received.length === 20) break;
          }
        })();
        // Each write resolves although the slow watcher never reads.
        for (let i = 0; i < 20; i++) await store.create(configmaps, cm('ns1', `o${i}`));
        await reader;
        expect(received).toHaveLength(20);
        expect(fast.closeReason).toBe('client');
        expect(slow.closeReason).toBe('overflow');
        expect(await slow.closed).toBe('overflow');
        expect(await slow.next()).toEqual({ done: true, value: undefined });
      });

      it('close() ends every watch and refuses later calls', async () => {
        const store = await fresh();
        const watch = store.watch(configmaps);
        const pending = watch.next();
        await store.close();
        expect(await pending).toEqual({ done: true, value: undefined });
        expect(watch.closeReason).toBe('shutdown');
        await expect(store.create(configmaps, cm('ns1', 'a'))).rejects.toBeInstanceOf(StoreClosedError);
        expect(() => store.watch(configmaps)).toThrow(StoreClosedError);
      });
    });
  });
}
