import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.js';
import { describeEachStore, failureOf } from './testing/registry-harness.js';

describeEachStore((h) => {
  const configmaps = () => h.info('', 'v1', 'configmaps');
  const cm = (name: string, data: Record<string, string> = { k: 'v' }, extra: Partial<KubeObject> = {}) =>
    ({ ...extra, metadata: { name, ...extra.metadata }, data }) as KubeObject;

  describe('create', () => {
    it('sets uid, creationTimestamp, resourceVersion and the namespace from the URL, and answers with apiVersion/kind', async () => {
      const before = Number(h.registry.currentResourceVersion());
      const { object, created } = await h.registry.create(configmaps(), 'default', cm('a'), {});
      expect(created).toBe(true);
      expect(object.apiVersion).toBe('v1');
      expect(object.kind).toBe('ConfigMap');
      expect(object.metadata.namespace).toBe('default');
      expect(object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(object.metadata.creationTimestamp).toBe('2026-01-02T03:04:05Z');
      expect(Number(object.metadata.resourceVersion)).toBe(before + 1);
      expect(object.metadata.generation).toBeUndefined();
      const read = await h.registry.get(configmaps(), 'default', 'a');
      expect(read).toEqual(object);
    });

    it('ignores server-set fields in the body and keeps uids unique', async () => {
      const body = cm('a', { k: 'v' }, {
        metadata: {
          uid: 'mine',
          creationTimestamp: '2000-01-01T00:00:00Z',
          deletionTimestamp: '2000-01-01T00:00:00Z',
        },
      } as Partial<KubeObject>);
      const { object } = await h.registry.create(configmaps(), 'default', body, {});
      expect(object.metadata.uid).not.toBe('mine');
      expect(object.metadata.creationTimestamp).toBe('2026-01-02T03:04:05Z');
      expect(object.metadata.deletionTimestamp).toBeUndefined();
    });

    it('generates a name from generateName with the API server alphabet', async () => {
      const body = { metadata: { generateName: 'job-' }, data: {} } as KubeObject;
      const first = await h.registry.create(configmaps(), 'default', body, {});
      const second = await h.registry.create(configmaps(), 'default', body, {});
      expect(first.object.metadata.name).toMatch(/^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(second.object.metadata.name).not.toBe(first.object.metadata.name);
    });

    it('answers 422 without a name and with an invalid name, 409 for a duplicate', async () => {
      const missing = await failureOf(
        h.registry.create(configmaps(), 'default', { metadata: {} } as KubeObject, {}),
      );
      expect(missing.code).toBe(422);
      expect(missing.message).toBe(
        'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
      );
      const invalid = await failureOf(h.registry.create(configmaps(), 'default', cm('Bad_Name'), {}));
      expect(invalid.code).toBe(422);
      expect(invalid.message).toContain(
        'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"',
      );
      await h.registry.create(configmaps(), 'default', cm('a'), {});
      const duplicate = await failureOf(h.registry.create(configmaps(), 'default', cm('a'), {}));
      expect(duplicate).toMatchObject({
        code: 409,
        reason: 'AlreadyExists',
        message: 'configmaps "a" already exists',
      });
    });

    it('refuses a resourceVersion in a create body like the storage layer does (500, no reason)', async () => {
      const failure = await failureOf(
        h.registry.create(
          configmaps(),
          'default',
          cm('a', {}, { metadata: { resourceVersion: '12' } } as Partial<KubeObject>),
          {},
        ),
      );
      expect(failure.code).toBe(500);
      expect(failure.reason).toBeUndefined();
      expect(failure.message).toBe('resourceVersion should not be set on objects to be created');
    });

    it('checks the namespace: body must match the URL, and it must exist', async () => {
      const mismatch = await failureOf(
        h.registry.create(
          configmaps(),
          'default',
          cm('a', {}, { metadata: { namespace: 'other' } } as Partial<KubeObject>),
          {},
        ),
      );
      expect(mismatch).toMatchObject({
        code: 400,
        message: 'the namespace of the provided object does not match the namespace sent on the request',
      });
      const missing = await failureOf(h.registry.create(configmaps(), 'nope', cm('a'), {}));
      expect(missing).toMatchObject({
        code: 404,
        reason: 'NotFound',
        message: 'namespaces "nope" not found',
      });
    });

    it('drops any namespace from cluster-scoped objects', async () => {
      const classes = h.info('storage.k8s.io', 'v1', 'storageclasses');
      const { object } = await h.registry.create(
        classes,
        'default',
        { metadata: { name: 'fast', namespace: 'default' }, provisioner: 'csi.example.com' } as KubeObject,
        {},
      );
      expect(object.metadata.namespace).toBeUndefined();
      expect((await h.registry.get(classes, '', 'fast')).metadata.name).toBe('fast');
    });

    it('checks apiVersion and kind of the body against the URL', async () => {
      const version = await failureOf(
        h.registry.create(configmaps(), 'default', { ...cm('a'), apiVersion: 'v2' } as KubeObject, {}),
      );
      expect(version).toMatchObject({
        code: 400,
        message: 'the API version in the data (v2) does not match the expected API version (v1)',
      });
      const kind = await failureOf(
        h.registry.create(configmaps(), 'default', { ...cm('a'), kind: 'Secret' } as KubeObject, {}),
      );
      expect(kind.code).toBe(422);
      expect(kind.message).toBe('Secret "a" is invalid: kind: Invalid value: "Secret": must be ConfigMap');
    });

    it('validates labels and annotations with apimachinery messages', async () => {
      const failure = await failureOf(
        h.registry.create(
          configmaps(),
          'default',
          cm('a', {}, { metadata: { labels: { app: 'not ok' } } } as Partial<KubeObject>),
          {},
        ),
      );
      expect(failure.code).toBe(422);
      expect(failure.message).toContain(
        'ConfigMap "a" is invalid: metadata.labels: Invalid value: "not ok": a valid label must be',
      );
    });

    it('answers a SelfSubjectAccessReview without storing it', async () => {
      const reviews = h.info('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews');
      const before = h.registry.currentResourceVersion();
      const { object } = await h.registry.create(
        reviews,
        '',
        { metadata: {}, spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } } as KubeObject,
        {},
      );
      expect(object.status).toMatchObject({ allowed: true });
      expect(h.registry.currentResourceVersion()).toBe(before);
    });

    it('dryRun validates and answers without storing anything', async () => {
      const before = h.registry.currentResourceVersion();
      const { object } = await h.registry.create(configmaps(), 'default', cm('a'), { dryRun: true });
      expect(object.metadata.uid).toBeDefined();
      expect(object.metadata.resourceVersion).toBeUndefined();
      expect(h.registry.currentResourceVersion()).toBe(before);
      expect((await failureOf(h.registry.get(configmaps(), 'default', 'a'))).code).toBe(404);
      const invalid = await failureOf(
        h.registry.create(configmaps(), 'default', cm('Bad'), { dryRun: true }),
      );
      expect(invalid.code).toBe(422);
    });
  });

  describe('fieldValidation', () => {
    const withUnknown = () =>
      ({ ...cm('a'), extra: 1, metadata: { name: 'a', bogus: true } }) as unknown as KubeObject;

    it('Strict refuses unknown fields with 400', async () => {
      const failure = await failureOf(
        h.registry.create(configmaps(), 'default', withUnknown(), { fieldValidation: 'Strict' }),
      );
      expect(failure).toMatchObject({
        code: 400,
        reason: 'BadRequest',
        message:
          'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra", unknown field "metadata.bogus"',
      });
    });

    it('Warn (the default) drops them and warns', async () => {
      const result = await h.registry.create(configmaps(), 'default', withUnknown(), {});
      expect(result.warnings).toEqual(['unknown field "extra"', 'unknown field "metadata.bogus"']);
      expect(result.object.extra).toBeUndefined();
      expect((result.object.metadata as Record<string, unknown>).bogus).toBeUndefined();
    });

    it('Ignore drops them silently', async () => {
      const result = await h.registry.create(configmaps(), 'default', withUnknown(), {
        fieldValidation: 'Ignore',
      });
      expect(result.warnings).toEqual([]);
      expect(result.object.extra).toBeUndefined();
    });
  });

  describe('update', () => {
    it('replaces the object, keeps server-set metadata, and conflicts on a stale resourceVersion', async () => {
      const { object } = await h.registry.create(configmaps(), 'default', cm('a'), {});
      const next = {
        ...object,
        data: { k: 'w' },
        metadata: { ...object.metadata, uid: 'forged', creationTimestamp: '1999-01-01T00:00:00Z' },
      };
      const updated = await h.registry.update(configmaps(), 'default', 'a', next, {});
      expect(updated.object.data).toEqual({ k: 'w' });
      expect(updated.object.metadata.uid).toBe(object.metadata.uid);
      expect(updated.object.metadata.creationTimestamp).toBe(object.metadata.creationTimestamp);
      expect(Number(updated.object.metadata.resourceVersion)).toBeGreaterThan(
        Number(object.metadata.resourceVersion),
      );
      const stale = await failureOf(h.registry.update(configmaps(), 'default', 'a', next, {}));
      expect(stale).toMatchObject({
        code: 409,
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
      });
    });

    it('allows unconditional updates of ConfigMaps but not of Leases (422 0x0)', async () => {
      await h.registry.create(configmaps(), 'default', cm('a'), {});
      const unconditional = await h.registry.update(configmaps(), 'default', 'a', cm('a', { k: 'x' }), {});
      expect(unconditional.object.data).toEqual({ k: 'x' });
      const leases = h.info('coordination.k8s.io', 'v1', 'leases');
      await h.registry.create(
        leases,
        'default',
        { metadata: { name: 'l' }, spec: { holderIdentity: 'me' } } as KubeObject,
        {},
      );
      const failure = await failureOf(
        h.registry.update(
          leases,
          'default',
          'l',
          { metadata: { name: 'l' }, spec: { holderIdentity: 'you' } } as KubeObject,
          {},
        ),
      );
      expect(failure).toMatchObject({
        code: 422,
        message:
          'leases.coordination.k8s.io "l" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      });
    });

    it('answers 404 for a missing object and 400 when the body names another object', async () => {
      expect((await failureOf(h.registry.update(configmaps(), 'default', 'a', cm('a'), {}))).message).toBe(
        'configmaps "a" not found',
      );
      await h.registry.create(configmaps(), 'default', cm('a'), {});
      const mismatch = await failureOf(h.registry.update(configmaps(), 'default', 'a', cm('b'), {}));
      expect(mismatch).toMatchObject({
        code: 400,
        message: 'the name of the object (b) does not match the name on the URL (a)',
      });
    });

    it('does not bump the resourceVersion or emit an event for a no-op update', async () => {
      const { object } = await h.registry.create(configmaps(), 'default', cm('a'), {});
      const watch = h.registry.watch(configmaps(), 'default', {
        resourceVersion: object.metadata.resourceVersion as string,
      });
      const same = await h.registry.update(configmaps(), 'default', 'a', object, {});
      expect(same.object.metadata.resourceVersion).toBe(object.metadata.resourceVersion);
      await h.registry.update(configmaps(), 'default', 'a', cm('a', { k: 'changed' }), {});
      const event = await watch.next();
      expect(event.value).toMatchObject({ type: 'MODIFIED', object: { data: { k: 'changed' } } });
      watch.close();
    });

    it('dryRun update stores nothing', async () => {
      await h.registry.create(configmaps(), 'default', cm('a'), {});
      const before = h.registry.currentResourceVersion();
      const result = await h.registry.update(configmaps(), 'default', 'a', cm('a', { k: 'dry' }), {
        dryRun: true,
      });
      expect(result.object.data).toEqual({ k: 'dry' });
      expect(h.registry.currentResourceVersion()).toBe(before);
      expect((await h.registry.get(configmaps(), 'default', 'a')).data).toEqual({ k: 'v' });
    });

    it('bumps generation of a Deployment on spec changes only', async () => {
      const deployments = h.info('apps', 'v1', 'deployments');
      const deployment = {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      } as KubeObject;
      const { object } = await h.registry.create(deployments, 'default', deployment, {});
      expect(object.metadata.generation).toBe(1);
      const labelled = await h.registry.patch(
        deployments,
        'default',
        'web',
        'merge',
        { metadata: { labels: { x: 'y' } } },
        {},
      );
      expect(labelled.object.metadata.generation).toBe(1);
      const scaled = await h.registry.patch(
        deployments,
        'default',
        'web',
        'merge',
        { spec: { replicas: 3 } },
        {},
      );
      expect(scaled.object.metadata.generation).toBe(2);
    });
  });

  describe('list and watch', () => {
    it('lists with the collection resourceVersion, built-in items without apiVersion/kind, and selectors', async () => {
      await h.registry.create(
        configmaps(),
        'default',
        cm('a', {}, { metadata: { labels: { tier: 'x' } } } as Partial<KubeObject>),
        {},
      );
      await h.registry.create(configmaps(), 'default', cm('b'), {});
      await h.registry.create(configmaps(), 'kube-system', cm('c'), {});
      const all = await h.registry.list(configmaps(), undefined, {});
      expect(all.kind).toBe('ConfigMapList');
      expect(all.apiVersion).toBe('v1');
      expect(all.metadata.resourceVersion).toBe(h.registry.currentResourceVersion());
      expect(all.items.map((item) => item.metadata.name)).toEqual(['a', 'b', 'c']);
      expect(all.items[0]?.apiVersion).toBeUndefined();
      expect(all.items[0]?.kind).toBeUndefined();
      const inDefault = await h.registry.list(configmaps(), 'default', {});
      expect(inDefault.items).toHaveLength(2);
      const labelled = await h.registry.list(configmaps(), undefined, { labelSelector: 'tier=x' });
      expect(labelled.items.map((item) => item.metadata.name)).toEqual(['a']);
      const named = await h.registry.list(configmaps(), undefined, { fieldSelector: 'metadata.name=b' });
      expect(named.items.map((item) => item.metadata.name)).toEqual(['b']);
      const unsupported = await failureOf(
        h.registry.list(configmaps(), undefined, { fieldSelector: 'spec.x=1' }),
      );
      expect(unsupported).toMatchObject({ code: 400, message: 'field label not supported: spec.x' });
    });

    it('supports built-in field labels such as Namespace status.phase', async () => {
      const namespaces = h.info('', 'v1', 'namespaces');
      const active = await h.registry.list(namespaces, undefined, { fieldSelector: 'status.phase=Active' });
      expect(active.items.map((item) => item.metadata.name)).toEqual([
        'default',
        'kube-node-lease',
        'kube-public',
        'kube-system',
      ]);
    });

    it('watch events carry apiVersion and kind, bookmarks included', async () => {
      const watch = h.registry.watch(configmaps(), 'default', {
        resourceVersion: h.registry.currentResourceVersion(),
        allowWatchBookmarks: true,
      });
      await h.registry.create(configmaps(), 'default', cm('a'), {});
      const added = await watch.next();
      expect(added.value).toMatchObject({
        type: 'ADDED',
        object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      });
      h.store.sendBookmarks();
      const bookmark = await watch.next();
      expect(bookmark.value).toEqual({
        type: 'BOOKMARK',
        object: {
          kind: 'ConfigMap',
          apiVersion: 'v1',
          metadata: { resourceVersion: h.registry.currentResourceVersion() },
        },
      });
      watch.close();
      expect(watch.closeReason).toBe('client');
      expect(h.store.watcherCount).toBe(0);
    });

    it('rejects sendInitialEvents without resourceVersionMatch=NotOlderThan', async () => {
      const failure = await failureOf(
        (async () => h.registry.watch(configmaps(), undefined, { sendInitialEvents: true }))(),
      );
      expect(failure).toMatchObject({
        code: 422,
        message:
          'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      });
    });
  });

  describe('events', () => {
    it('serves events.k8s.io/v1 Events from the core Event storage', async () => {
      const newEvents = h.info('events.k8s.io', 'v1', 'events');
      const created = await h.registry.create(
        newEvents,
        'default',
        {
          metadata: { name: 'e1' },
          eventTime: '2026-01-02T03:04:05.000000Z',
          reportingController: 'example.com/ramen',
          reportingInstance: 'ramen-1',
          action: 'Reconcile',
          reason: 'Done',
          type: 'Normal',
          regarding: { kind: 'ConfigMap', namespace: 'default', name: 'cfg' },
          note: 'hello',
        } as KubeObject,
        {},
      );
      expect(created.object).toMatchObject({ apiVersion: 'events.k8s.io/v1', kind: 'Event', note: 'hello' });
      const core = await h.registry.list(h.info('', 'v1', 'events'), 'default', {
        fieldSelector: 'involvedObject.name=cfg,involvedObject.kind=ConfigMap',
      });
      expect(core.items).toHaveLength(1);
      expect(core.items[0]).toMatchObject({ message: 'hello', involvedObject: { name: 'cfg' } });
      const viewed = await h.registry.get(newEvents, 'default', 'e1');
      expect(viewed).toMatchObject({
        kind: 'Event',
        apiVersion: 'events.k8s.io/v1',
        regarding: { name: 'cfg' },
      });
    });
  });

  describe('discovery', () => {
    it('serves the built-in kinds and the default namespaces exist from the start', async () => {
      const groups = h.registry.groupVersions().map((gv) => `${gv.group}/${gv.version}`);
      expect(groups).toContain('/v1');
      expect(groups).toContain('apps/v1');
      expect(groups).toContain('apiextensions.k8s.io/v1');
      const names = (await h.registry.list(h.info('', 'v1', 'namespaces'), undefined, {})).items.map(
        (i) => i.metadata.name,
      );
      expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
      expect(h.registry.resolve('example.com', 'v1', 'widgets')).toBeUndefined();
    });
  });
});
