import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.js';
import { describeEachStore, failureOf } from './testing/registry-harness.js';

describeEachStore({ checkControllers: true }, (h) => {
  const configmaps = () => h.info('', 'v1', 'configmaps');

  async function owner(name: string, finalizers?: string[]): Promise<KubeObject> {
    const body = { metadata: { name, ...(finalizers && { finalizers }) }, data: {} } as KubeObject;
    return (await h.registry.create(configmaps(), 'default', body, {})).object;
  }

  async function dependent(name: string, owners: KubeObject[], extra: Partial<KubeObject['metadata']> = {}) {
    const ownerReferences = owners.map((o) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: o.metadata.name as string,
      uid: o.metadata.uid as string,
      blockOwnerDeletion: true,
    }));
    const body = { metadata: { name, ownerReferences, ...extra }, data: {} } as KubeObject;
    return (await h.registry.create(configmaps(), 'default', body, {})).object;
  }

  async function exists(name: string): Promise<KubeObject | undefined> {
    try {
      return await h.registry.get(configmaps(), 'default', name);
    } catch {
      return undefined;
    }
  }

  describe('garbage collection', () => {
    it('Background: removes the owner at once and its dependents (recursively) afterwards', async () => {
      const root = await owner('root');
      const child = await dependent('child', [root]);
      await dependent('grandchild', [child]);
      await h.registry.settled();
      await h.registry.delete(configmaps(), 'default', 'root', { propagationPolicy: 'Background' });
      expect(await exists('root')).toBeUndefined();
      expect(await exists('child')).toBeDefined();
      await h.registry.settled();
      expect(await exists('child')).toBeUndefined();
      expect(await exists('grandchild')).toBeUndefined();
    });

    it('keeps a dependent that still has a live owner and drops the dangling reference', async () => {
      const a = await owner('a');
      const b = await owner('b');
      await dependent('shared', [a, b]);
      await h.registry.delete(configmaps(), 'default', 'a', {});
      await h.registry.settled();
      const shared = await exists('shared');
      expect(shared?.metadata.ownerReferences?.map((ref) => ref.name)).toEqual(['b']);
    });

    it('Foreground: the owner waits with foregroundDeletion until blocking dependents are gone', async () => {
      const root = await owner('root');
      await dependent('held', [root], { finalizers: ['example.com/hold'] });
      await dependent('free', [root]);
      await h.registry.settled();
      const marked = await h.registry.delete(configmaps(), 'default', 'root', {
        propagationPolicy: 'Foreground',
      });
      expect(marked.object.metadata.finalizers).toEqual(['foregroundDeletion']);
      expect(marked.object.metadata.deletionTimestamp).toBeDefined();
      await h.registry.settled();
      expect(await exists('free')).toBeUndefined();
      expect((await exists('held'))?.metadata.deletionTimestamp).toBeDefined();
      expect((await exists('root'))?.metadata.finalizers).toEqual(['foregroundDeletion']);
      await h.registry.patch(
        configmaps(),
        'default',
        'held',
        'merge',
        { metadata: { finalizers: null } },
        {},
      );
      await h.registry.settled();
      expect(await exists('held')).toBeUndefined();
      expect(await exists('root')).toBeUndefined();
    });

    it('Orphan: dependents lose the reference and stay; then the owner goes', async () => {
      const root = await owner('root');
      await dependent('child', [root]);
      const marked = await h.registry.delete(configmaps(), 'default', 'root', {
        propagationPolicy: 'Orphan',
      });
      expect(marked.object.metadata.finalizers).toEqual(['orphan']);
      await h.registry.settled();
      expect(await exists('root')).toBeUndefined();
      const child = await exists('child');
      expect(child).toBeDefined();
      expect(child?.metadata.ownerReferences).toBeUndefined();
    });

    it('deletes an object created with a reference to an owner that does not exist', async () => {
      const ghost = {
        metadata: { name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' },
      } as KubeObject;
      await dependent('orphaned', [ghost]);
      await h.registry.settled();
      expect(await exists('orphaned')).toBeUndefined();
    });

    it('treats a recreated owner with the same name as a different owner (uid)', async () => {
      const first = await owner('o');
      await h.registry.delete(configmaps(), 'default', 'o', { propagationPolicy: 'Orphan' });
      await h.registry.settled();
      await owner('o');
      await dependent('stale', [first]);
      await h.registry.settled();
      expect(await exists('stale')).toBeUndefined();
      expect(await exists('o')).toBeDefined();
    });

    it('refuses two controller references', async () => {
      const a = await owner('a');
      const b = await owner('b');
      const body = {
        metadata: {
          name: 'two',
          ownerReferences: [a, b].map((o) => ({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: o.metadata.name as string,
            uid: o.metadata.uid as string,
            controller: true,
          })),
        },
      } as KubeObject;
      const failure = await failureOf(h.registry.create(configmaps(), 'default', body, {}));
      expect(failure.code).toBe(422);
      expect(failure.message).toContain(
        'Only one reference can have Controller set to true. Found "true" in references for ConfigMap/a and ConfigMap/b',
      );
    });
  });
});
