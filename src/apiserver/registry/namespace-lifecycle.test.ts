import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.js';
import { describeEachStore, failureOf, widgetCrd } from './testing/registry-harness.js';

describeEachStore({ checkControllers: true }, (h) => {
  const namespaces = () => h.info('', 'v1', 'namespaces');
  const configmaps = () => h.info('', 'v1', 'configmaps');

  function conditionsOf(
    namespace: KubeObject,
  ): Record<string, { status: string; reason: string; message: string }> {
    const list = (
      namespace.status as {
        conditions?: Array<{ type: string; status: string; reason: string; message: string }>;
      }
    ).conditions;
    return Object.fromEntries(
      (list ?? []).map(({ type, status, reason, message }) => [type, { status, reason, message }]),
    );
  }

  describe('namespaces', () => {
    it('are created with the kubernetes finalizer, phase Active and the name label', async () => {
      const { object } = await h.registry.create(
        namespaces(),
        '',
        { metadata: { name: 'app' } } as KubeObject,
        {},
      );
      expect(object.spec).toEqual({ finalizers: ['kubernetes'] });
      expect(object.status).toEqual({ phase: 'Active' });
      expect(object.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'app' });
    });

    it('cannot be deleted when immortal (403)', async () => {
      for (const name of ['default', 'kube-system', 'kube-public']) {
        const failure = await failureOf(h.registry.delete(namespaces(), '', name, {}));
        expect(failure).toMatchObject({
          code: 403,
          reason: 'Forbidden',
          message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        });
      }
    });

    it('terminate: content is deleted (custom resources included, finalizers honoured), then the namespace goes', async () => {
      await h.registry.create(
        h.info('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'),
        '',
        widgetCrd(),
        {},
      );
      const widgets = h.info('example.com', 'v1', 'widgets');
      await h.registry.create(namespaces(), '', { metadata: { name: 'app' } } as KubeObject, {});
      await h.registry.create(configmaps(), 'app', { metadata: { name: 'cfg' } } as KubeObject, {});
      await h.registry.create(
        widgets,
        'app',
        { metadata: { name: 'w', finalizers: ['example.com/hold'] }, spec: { size: 1 } } as KubeObject,
        {},
      );
      const marked = await h.registry.delete(namespaces(), '', 'app', {});
      expect(marked.object.status).toMatchObject({ phase: 'Terminating' });
      expect(marked.object.metadata.deletionTimestamp).toBeDefined();

      const refused = await failureOf(
        h.registry.create(configmaps(), 'app', { metadata: { name: 'late' } } as KubeObject, {}),
      );
      expect(refused).toMatchObject({
        code: 403,
        reason: 'Forbidden',
        message:
          'configmaps "late" is forbidden: unable to create new content in namespace app because it is being terminated',
        details: {
          name: 'late',
          kind: 'configmaps',
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: 'namespace app is being terminated',
              field: 'metadata.namespace',
            },
          ],
        },
      });

      await h.registry.settled();
      expect((await failureOf(h.registry.get(configmaps(), 'app', 'cfg'))).code).toBe(404);
      expect((await h.registry.get(widgets, 'app', 'w')).metadata.deletionTimestamp).toBeDefined();
      const waiting = await h.registry.get(namespaces(), '', 'app');
      expect(waiting.spec).toEqual({ finalizers: ['kubernetes'] });
      expect(conditionsOf(waiting)).toMatchObject({
        NamespaceContentRemaining: {
          status: 'True',
          reason: 'SomeResourcesRemain',
          message: 'Some resources are remaining: widgets.example.com has 1 resource instances',
        },
        NamespaceFinalizersRemaining: {
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message:
            'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
        },
      });
      const again = await h.registry.delete(namespaces(), '', 'app', {});
      expect(again.object.metadata.resourceVersion).toBe(waiting.metadata.resourceVersion);

      await h.registry.patch(widgets, 'app', 'w', 'merge', { metadata: { finalizers: null } }, {});
      await h.registry.settled();
      expect((await failureOf(h.registry.get(namespaces(), '', 'app'))).message).toBe(
        'namespaces "app" not found',
      );
    });

    it('an empty namespace goes right after its controller runs', async () => {
      await h.registry.create(namespaces(), '', { metadata: { name: 'empty' } } as KubeObject, {});
      const watch = h.registry.watch(namespaces(), undefined, {
        resourceVersion: h.registry.currentResourceVersion(),
        fieldSelector: 'metadata.name=empty',
      });
      await h.registry.delete(namespaces(), '', 'empty', {});
      await h.registry.settled();
      const types: string[] = [];
      for (let event = watch.tryNext(); event !== undefined; event = watch.tryNext()) types.push(event.type);
      expect(types[0]).toBe('MODIFIED');
      expect(types.at(-1)).toBe('DELETED');
      watch.close();
    });

    it('the finalize subresource only changes spec.finalizers', async () => {
      const { object } = await h.registry.create(
        namespaces(),
        '',
        { metadata: { name: 'fin' } } as KubeObject,
        {},
      );
      const result = await h.registry.update(
        namespaces(),
        '',
        'fin',
        { ...object, spec: { finalizers: [] }, metadata: { ...object.metadata, labels: { x: 'y' } } },
        {},
        'finalize',
      );
      expect(result.object.spec).toEqual({ finalizers: [] });
      expect(result.object.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'fin' });
      const main = await h.registry.update(
        namespaces(),
        '',
        'fin',
        { ...result.object, spec: { finalizers: ['kubernetes'] } },
        {},
      );
      expect(main.object.spec).toEqual({ finalizers: [] });
    });
  });
});
