import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.js';
import { describeEachStore, failureOf, widgetCrd } from './testing/registry-harness.js';

describeEachStore((h) => {
  const configmaps = () => h.info('', 'v1', 'configmaps');

  describe('patch', () => {
    it('merge patch adds and removes labels; JSON patch failures answer 422', async () => {
      await h.registry.create(
        configmaps(),
        'default',
        { metadata: { name: 'a', labels: { x: '1' } }, data: {} } as KubeObject,
        {},
      );
      const merged = await h.registry.patch(
        configmaps(),
        'default',
        'a',
        'merge',
        { metadata: { labels: { x: null, y: '2' } } },
        {},
      );
      expect(merged.object.metadata.labels).toEqual({ y: '2' });
      const json = await h.registry.patch(
        configmaps(),
        'default',
        'a',
        'json',
        [{ op: 'add', path: '/data/k', value: 'v' }],
        {},
      );
      expect(json.object.data).toEqual({ k: 'v' });
      const failed = await failureOf(
        h.registry.patch(
          configmaps(),
          'default',
          'a',
          'json',
          [{ op: 'test', path: '/data/k', value: 'other' }],
          {},
        ),
      );
      expect(failed).toMatchObject({ code: 422, reason: 'Invalid' });
      expect(
        (await failureOf(h.registry.patch(configmaps(), 'default', 'missing', 'merge', {}, {}))).code,
      ).toBe(404);
    });

    it('strategic merge patch merges containers by name', async () => {
      const deployments = h.info('apps', 'v1', 'deployments');
      await h.registry.create(
        deployments,
        'default',
        {
          metadata: { name: 'web' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [
                  { name: 'a', image: 'nginx:1' },
                  { name: 'b', image: 'busybox' },
                ],
              },
            },
          },
        } as KubeObject,
        {},
      );
      const patched = await h.registry.patch(
        deployments,
        'default',
        'web',
        'strategic',
        { spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx:2' }] } } } },
        {},
      );
      const containers = (
        patched.object.spec as { template: { spec: { containers: Array<{ name: string; image: string }> } } }
      ).template.spec.containers;
      expect(containers.map((c) => `${c.name}=${c.image}`)).toEqual(['a=nginx:2', 'b=busybox']);
    });

    it('a patch carrying a stale resourceVersion conflicts; an unpinned one applies to the newest object', async () => {
      const { object } = await h.registry.create(
        configmaps(),
        'default',
        { metadata: { name: 'a' }, data: { n: '0' } } as KubeObject,
        {},
      );
      await h.registry.patch(configmaps(), 'default', 'a', 'merge', { data: { n: '1' } }, {});
      const stale = await failureOf(
        h.registry.patch(
          configmaps(),
          'default',
          'a',
          'merge',
          { metadata: { resourceVersion: object.metadata.resourceVersion }, data: { n: '2' } },
          {},
        ),
      );
      expect(stale.code).toBe(409);
      const unpinned = await h.registry.patch(
        configmaps(),
        'default',
        'a',
        'merge',
        { data: { m: 'x' } },
        {},
      );
      expect(unpinned.object.data).toEqual({ n: '1', m: 'x' });
    });

    it('lands concurrent unpinned patches of one object, re-applying those that lost a race', async () => {
      await h.registry.create(
        configmaps(),
        'default',
        { metadata: { name: 'busy' }, data: {} } as KubeObject,
        {},
      );
      const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
      await Promise.all(
        keys.map((key) =>
          h.registry.patch(configmaps(), 'default', 'busy', 'merge', { data: { [key]: key } }, {}),
        ),
      );
      const busy = await h.registry.get(configmaps(), 'default', 'busy');
      expect(Object.keys(busy.data as object).sort()).toEqual([...keys].sort());
    });

    it('refuses force on a non-apply patch', async () => {
      await h.registry.create(configmaps(), 'default', { metadata: { name: 'a' } } as KubeObject, {});
      const failure = await failureOf(
        h.registry.patch(configmaps(), 'default', 'a', 'merge', {}, { force: true }),
      );
      expect(failure).toMatchObject({
        code: 422,
        message:
          'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
      });
    });

    it('counts unknown fields of a patch under fieldValidation', async () => {
      await h.registry.create(configmaps(), 'default', { metadata: { name: 'a' } } as KubeObject, {});
      const strict = await failureOf(
        h.registry.patch(
          configmaps(),
          'default',
          'a',
          'merge',
          { spec: { x: 1 } },
          { fieldValidation: 'Strict' },
        ),
      );
      expect(strict).toMatchObject({ code: 400 });
      expect(strict.message).toContain('unknown field "spec"');
    });
  });

  describe('server-side apply', () => {
    const applied = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data,
    });

    it('creates a missing object (created: true) with a managedFields entry for the manager', async () => {
      const result = await h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '1' }), {
        fieldManager: 'tester',
      });
      expect(result.created).toBe(true);
      expect(result.object.data).toEqual({ a: '1' });
      expect(result.object.metadata.uid).toBeDefined();
      expect(result.object.metadata.managedFields).toEqual([
        expect.objectContaining({
          manager: 'tester',
          operation: 'Apply',
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
        }),
      ]);
      const again = await h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '1' }), {
        fieldManager: 'tester',
      });
      expect(again.created).toBeUndefined();
      expect(again.object.metadata.resourceVersion).toBe(result.object.metadata.resourceVersion);
    });

    it('conflicts with another manager on the same field unless forced', async () => {
      await h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '1' }), {
        fieldManager: 'first',
      });
      const conflict = await failureOf(
        h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '2' }), {
          fieldManager: 'second',
        }),
      );
      expect(conflict).toMatchObject({
        code: 409,
        reason: 'Conflict',
        message: 'Apply failed with 1 conflict: conflict with "first": .data.a',
      });
      const forced = await h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '2' }), {
        fieldManager: 'second',
        force: true,
      });
      expect(forced.object.data).toEqual({ a: '2' });
    });

    it('records Update managers for ordinary writes, which apply then conflicts with', async () => {
      await h.registry.create(
        configmaps(),
        'default',
        { metadata: { name: 'cfg' }, data: { a: '1' } } as KubeObject,
        {
          fieldManager: 'kubectl-create',
        },
      );
      const conflict = await failureOf(
        h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '2' }), {
          fieldManager: 'kubectl',
        }),
      );
      expect(conflict.message).toBe(
        'Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.a',
      );
    });

    it('keeps managedFields when a later write without a field manager leaves them out', async () => {
      await h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '1' }), {
        fieldManager: 'tester',
      });
      const updated = await h.registry.update(
        configmaps(),
        'default',
        'cfg',
        { metadata: { name: 'cfg' }, data: { a: '1', b: '2' } } as KubeObject,
        {},
      );
      expect(updated.object.metadata.managedFields?.map((entry) => entry.manager)).toEqual(['tester']);
    });

    it('requires a field manager and answers 422 without one', async () => {
      const failure = await failureOf(
        h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '1' }), {}),
      );
      expect(failure).toMatchObject({
        code: 422,
        message:
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      });
    });

    it('dryRun apply creates nothing', async () => {
      const result = await h.registry.patch(configmaps(), 'default', 'cfg', 'apply', applied({ a: '1' }), {
        fieldManager: 'tester',
        dryRun: true,
      });
      expect(result.object.data).toEqual({ a: '1' });
      expect((await failureOf(h.registry.get(configmaps(), 'default', 'cfg'))).code).toBe(404);
    });

    it('applies to custom resources with their schema and defaults', async () => {
      await h.registry.create(
        h.info('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'),
        '',
        widgetCrd(),
        {},
      );
      const widgets = h.info('example.com', 'v1', 'widgets');
      const result = await h.registry.patch(
        widgets,
        'default',
        'w',
        'apply',
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { color: 'red' } },
        { fieldManager: 'tester' },
      );
      expect(result.created).toBe(true);
      expect(result.object.spec).toEqual({ color: 'red', size: 1 });
      const invalid = await failureOf(
        h.registry.patch(
          widgets,
          'default',
          'w',
          'apply',
          {
            apiVersion: 'example.com/v1',
            kind: 'Widget',
            metadata: { name: 'w' },
            spec: { size: 5, max: 3 },
          },
          { fieldManager: 'tester' },
        ),
      );
      expect(invalid).toMatchObject({
        code: 422,
        message: 'Widget.example.com "w" is invalid: spec: Invalid value: "object": size must be <= max',
      });
    });
  });
});
