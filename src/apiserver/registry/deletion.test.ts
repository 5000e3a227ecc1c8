import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../store/index.js';
import { finalizersForPropagation } from './deletion.js';
import { describeEachStore, failureOf, widgetCrd } from './testing/registry-harness.js';

describeEachStore((h) => {
  const configmaps = () => h.info('', 'v1', 'configmaps');
  const cm = (name: string, metadata: Partial<KubeObject['metadata']> = {}) =>
    ({ metadata: { name, ...metadata }, data: { k: 'v' } }) as KubeObject;

  describe('delete', () => {
    it('removes an object without finalizers and answers with a Success Status', async () => {
      const { object } = await h.registry.create(configmaps(), 'default', cm('a'), {});
      const { object: answer } = await h.registry.delete(configmaps(), 'default', 'a', {});
      expect(answer).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: 'a', kind: 'configmaps', uid: object.metadata.uid },
      });
      expect((await failureOf(h.registry.get(configmaps(), 'default', 'a'))).code).toBe(404);
      expect((await failureOf(h.registry.delete(configmaps(), 'default', 'a', {}))).message).toBe(
        'configmaps "a" not found',
      );
    });

    it('answers with the object for kinds whose storage returns it (PersistentVolumeClaims)', async () => {
      const pvcs = h.info('', 'v1', 'persistentvolumeclaims');
      await h.registry.create(
        pvcs,
        'default',
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        } as KubeObject,
        {},
      );
      const { object } = await h.registry.delete(pvcs, 'default', 'data', {});
      expect(object.kind).toBe('PersistentVolumeClaim');
      expect(object.metadata.deletionTimestamp).toBeDefined();
      expect(object.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    });

    it('marks an object with finalizers and removes it when an update empties them, with one DELETED event', async () => {
      await h.registry.create(crdInfo(), '', widgetCrd(), {});
      const widgets = h.info('example.com', 'v1', 'widgets');
      const { object } = await h.registry.create(
        widgets,
        'default',
        { metadata: { name: 'w', finalizers: ['example.com/hold'] }, spec: { size: 1 } } as KubeObject,
        {},
      );
      h.clock.advance(60);
      const marked = await h.registry.delete(widgets, 'default', 'w', {});
      expect(marked.object.metadata).toMatchObject({
        deletionTimestamp: '2026-01-02T03:05:05Z',
        deletionGracePeriodSeconds: 0,
        generation: 2,
        finalizers: ['example.com/hold'],
      });
      const again = await h.registry.delete(widgets, 'default', 'w', {});
      expect(again.object.metadata.resourceVersion).toBe(marked.object.metadata.resourceVersion);
      const addFinalizer = await failureOf(
        h.registry.patch(
          widgets,
          'default',
          'w',
          'merge',
          { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } },
          {},
        ),
      );
      expect(addFinalizer).toMatchObject({
        code: 422,
        message:
          'Widget.example.com "w" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}',
      });
      const watch = h.registry.watch(widgets, 'default', {
        resourceVersion: marked.object.metadata.resourceVersion as string,
      });
      const released = await h.registry.patch(
        widgets,
        'default',
        'w',
        'merge',
        { metadata: { finalizers: null } },
        {},
      );
      expect(released.object.metadata.finalizers).toBeUndefined();
      expect((await failureOf(h.registry.get(widgets, 'default', 'w'))).code).toBe(404);
      const event = (await watch.next()).value as WatchEvent;
      expect(event.type).toBe('DELETED');
      expect(event.object.metadata.uid).toBe(object.metadata.uid);
      expect(watch.tryNext()).toBeUndefined();
      watch.close();
    });

    it('checks preconditions with the storage wording', async () => {
      await h.registry.create(configmaps(), 'default', cm('a'), {});
      const uid = await failureOf(
        h.registry.delete(configmaps(), 'default', 'a', { preconditions: { uid: 'other' } }),
      );
      expect(uid.code).toBe(409);
      expect(uid.message).toMatch(
        /^Operation cannot be fulfilled on configmaps "a": Precondition failed: UID in precondition: other, UID in object meta: /,
      );
      const rv = await failureOf(
        h.registry.delete(configmaps(), 'default', 'a', { preconditions: { resourceVersion: '1' } }),
      );
      expect(rv.message).toContain(
        'Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in meta: ',
      );
    });

    it('dryRun deletes nothing', async () => {
      await h.registry.create(configmaps(), 'default', cm('a'), {});
      const before = h.registry.currentResourceVersion();
      const { object } = await h.registry.delete(configmaps(), 'default', 'a', { dryRun: true });
      expect(object.status).toBe('Success');
      expect(h.registry.currentResourceVersion()).toBe(before);
      expect((await h.registry.get(configmaps(), 'default', 'a')).metadata.name).toBe('a');
    });

    it('rejects propagationPolicy together with orphanDependents', async () => {
      await h.registry.create(configmaps(), 'default', cm('a'), {});
      const failure = await failureOf(
        h.registry.delete(configmaps(), 'default', 'a', {
          propagationPolicy: 'Orphan',
          orphanDependents: true,
        }),
      );
      expect(failure.code).toBe(422);
      expect(failure.message).toContain('orphanDependents and deletionPropagation cannot be both set');
    });

    it('deletes a collection by label selector and answers with the deleted items', async () => {
      await h.registry.create(configmaps(), 'default', cm('a', { labels: { gone: 'yes' } }), {});
      await h.registry.create(configmaps(), 'default', cm('b', { labels: { gone: 'yes' } }), {});
      await h.registry.create(configmaps(), 'default', cm('c'), {});
      const deleted = await h.registry.deleteCollection(
        configmaps(),
        'default',
        { labelSelector: 'gone=yes' },
        {},
      );
      expect(deleted.items.map((item) => item.metadata.name)).toEqual(['a', 'b']);
      const left = await h.registry.list(configmaps(), 'default', {});
      expect(left.items.map((item) => item.metadata.name)).toEqual(['c']);
    });
  });

  describe('finalizersForPropagation', () => {
    it('adds and removes the garbage collector finalizers as the policy says', () => {
      expect(finalizersForPropagation(['x'], 'Orphan')).toEqual({
        finalizers: ['x', 'orphan'],
        changed: true,
      });
      expect(finalizersForPropagation(['orphan'], 'Foreground')).toEqual({
        finalizers: ['foregroundDeletion'],
        changed: true,
      });
      expect(finalizersForPropagation(['orphan'], undefined)).toEqual({
        finalizers: ['orphan'],
        changed: false,
      });
      expect(finalizersForPropagation(['orphan', 'x'], 'Background')).toEqual({
        finalizers: ['x'],
        changed: true,
      });
    });
  });

  function crdInfo() {
    return h.info('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
  }
});
