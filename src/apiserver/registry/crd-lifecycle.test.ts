import { describe, expect, it } from 'vitest';
import { DRPolicyKind, toCustomResourceDefinition } from '../../api/index.js';
import type { KubeObject } from '../store/index.js';
import type { ResourceInfo } from './contract.js';
import { describeEachStore, failureOf, widgetCrd } from './testing/registry-harness.js';

describeEachStore((h) => {
  const crds = () => h.info('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
  const drPolicyCrd = () => toCustomResourceDefinition(DRPolicyKind) as unknown as KubeObject;
  const policy = (
    name: string,
    spec: Record<string, unknown> = { drClusters: ['east', 'west'], schedulingInterval: '5m' },
  ) =>
    ({
      apiVersion: 'ramendr.openshift.io/v1alpha1',
      kind: 'DRPolicy',
      metadata: { name },
      spec,
    }) as KubeObject;

  async function installDrPolicy(): Promise<ResourceInfo> {
    await h.registry.create(crds(), '', drPolicyCrd(), {});
    return h.info('ramendr.openshift.io', 'v1alpha1', 'drpolicies');
  }

  const validated = (reason: string) => ({
    conditions: [
      {
        type: 'Validated',
        status: 'True',
        reason,
        message: 'ok',
        lastTransitionTime: '2026-01-02T03:04:05Z',
      },
    ],
  });

  function conditions(crd: KubeObject): Array<Record<string, string>> {
    const list = (crd.status as { conditions?: Array<Record<string, string>> }).conditions ?? [];
    return list.map((c) => ({
      type: `${c.type}`,
      status: `${c.status}`,
      reason: `${c.reason}`,
      message: `${c.message}`,
    }));
  }

  describe('CRD establishment', () => {
    it('accepts names and establishes synchronously, serving the resource at once and announcing it', async () => {
      let changes = 0;
      h.registry.onDiscoveryChange(() => changes++);
      const { object } = await h.registry.create(crds(), '', drPolicyCrd(), {});
      expect(conditions(object)).toEqual([
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ]);
      expect(object.status).toMatchObject({
        acceptedNames: {
          plural: 'drpolicies',
          singular: 'drpolicy',
          kind: 'DRPolicy',
          listKind: 'DRPolicyList',
        },
        storedVersions: ['v1alpha1'],
      });
      expect(changes).toBe(1);
      const info = h.registry.resolve('ramendr.openshift.io', 'v1alpha1', 'drpolicies');
      expect(info).toMatchObject({
        kind: 'DRPolicy',
        namespaced: false,
        custom: true,
        subresources: ['status'],
      });
      const watched = h.registry.watch(crds(), undefined, {});
      const added = await watched.next();
      expect(conditions((added.value as { object: KubeObject }).object)).toHaveLength(2);
      watched.close();
      await h.registry.patch(
        crds(),
        '',
        'drpolicies.ramendr.openshift.io',
        'merge',
        { metadata: { labels: { a: 'b' } } },
        {},
      );
      expect(changes).toBe(1);
    });

    it('rejects an invalid CRD with 422', async () => {
      const crd = drPolicyCrd();
      crd.metadata.name = 'wrong.ramendr.openshift.io';
      const failure = await failureOf(h.registry.create(crds(), '', crd, {}));
      expect(failure.code).toBe(422);
      expect(failure.message).toContain(
        'metadata.name: Invalid value: "wrong.ramendr.openshift.io": must be spec.names.plural+"."+spec.group',
      );
      const twoStorage = drPolicyCrd() as KubeObject & { spec: { versions: Array<Record<string, unknown>> } };
      twoStorage.spec.versions.push({ ...twoStorage.spec.versions[0], name: 'v1beta1' });
      const storage = await failureOf(h.registry.create(crds(), '', twoStorage, {}));
      expect(storage.code).toBe(422);
      expect(storage.message).toContain('must have exactly one version marked as storage version');
    });

    it('does not accept a kind another CRD of the group already uses', async () => {
      await installDrPolicy();
      const clash = widgetCrd() as KubeObject & { spec: { group: string; names: Record<string, unknown> } };
      clash.spec.group = 'ramendr.openshift.io';
      clash.spec.names.kind = 'DRPolicy';
      clash.spec.names.listKind = 'DRPolicyList';
      clash.metadata.name = 'widgets.ramendr.openshift.io';
      const { object } = await h.registry.create(crds(), '', clash, {});
      expect(conditions(object)).toEqual([
        {
          type: 'NamesAccepted',
          status: 'False',
          reason: 'ListKindConflict',
          message: '"DRPolicyList" is already in use',
        },
        {
          type: 'Established',
          status: 'False',
          reason: 'NotAccepted',
          message: 'not all names are accepted',
        },
      ]);
      expect(h.registry.resolve('ramendr.openshift.io', 'v1', 'widgets')).toBeUndefined();
    });
  });

  describe('custom resources', () => {
    it('prunes, defaults, sets generation 1 and validates with the schema and CEL rules', async () => {
      const drpolicies = await installDrPolicy();
      const { object, warnings } = await h.registry.create(
        drpolicies,
        '',
        {
          ...policy('p'),
          spec: { drClusters: ['east', 'west'], schedulingInterval: '5m', bogus: 1 },
        } as KubeObject,
        {},
      );
      expect(warnings).toEqual(['unknown field "spec.bogus"']);
      expect(object.metadata.generation).toBe(1);
      expect(object.spec).toEqual({
        drClusters: ['east', 'west'],
        schedulingInterval: '5m',
        replicationClassSelector: {},
        volumeSnapshotClassSelector: {},
      });
      const invalid = await failureOf(
        h.registry.create(
          drpolicies,
          '',
          policy('q', { drClusters: ['east'], schedulingInterval: '5x' }),
          {},
        ),
      );
      expect(invalid).toMatchObject({ code: 422, reason: 'Invalid' });
      expect(invalid.message).toBe(
        'DRPolicy.ramendr.openshift.io "q" is invalid: [spec.schedulingInterval: Invalid value: "5x": ' +
          'spec.schedulingInterval in body should match \'^(|\\d+[mhd])$\', spec.drClusters: Invalid value: "array": ' +
          'drClusters requires a list of 2 clusters]',
      );
      const strict = await failureOf(
        h.registry.create(
          drpolicies,
          '',
          { ...policy('r'), spec: { drClusters: ['a', 'b'], schedulingInterval: '1h', x: 1 } } as KubeObject,
          {
            fieldValidation: 'Strict',
          },
        ),
      );
      expect(strict).toMatchObject({
        code: 400,
        message:
          'DRPolicy in version "v1alpha1" cannot be handled as a DRPolicy: strict decoding error: unknown field "spec.x"',
      });
    });

    it('runs transition rules on update (immutable drClusters)', async () => {
      const drpolicies = await installDrPolicy();
      const { object } = await h.registry.create(drpolicies, '', policy('p'), {});
      const changed = { ...object, spec: { ...(object.spec as object), drClusters: ['east', 'north'] } };
      const failure = await failureOf(h.registry.update(drpolicies, '', 'p', changed, {}));
      expect(failure.code).toBe(422);
      expect(failure.message).toBe(
        'DRPolicy.ramendr.openshift.io "p" is invalid: spec.drClusters: Invalid value: "array": drClusters is immutable',
      );
    });

    it('requires a resourceVersion on PUT and refuses strategic merge patches (415)', async () => {
      const drpolicies = await installDrPolicy();
      await h.registry.create(drpolicies, '', policy('p'), {});
      const unconditional = await failureOf(h.registry.update(drpolicies, '', 'p', policy('p'), {}));
      expect(unconditional.message).toBe(
        'drpolicies.ramendr.openshift.io "p" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      );
      const strategic = await failureOf(
        h.registry.patch(drpolicies, '', 'p', 'strategic', { metadata: {} }, {}),
      );
      expect(strategic).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    });

    it('follows the status subresource rules', async () => {
      const drpolicies = await installDrPolicy();
      const created = await h.registry.create(
        drpolicies,
        '',
        { ...policy('p'), status: validated('Created') } as KubeObject,
        {},
      );
      expect(created.object.status).toBeUndefined();
      const withStatus = await h.registry.update(
        drpolicies,
        '',
        'p',
        {
          ...created.object,
          status: validated('Succeeded'),
          metadata: { ...created.object.metadata, labels: { ignored: 'yes' } },
        },
        {},
        'status',
      );
      expect(withStatus.object.status).toEqual(validated('Succeeded'));
      expect(withStatus.object.metadata.labels).toBeUndefined();
      expect(withStatus.object.metadata.generation).toBe(1);
      const main = await h.registry.update(
        drpolicies,
        '',
        'p',
        {
          ...withStatus.object,
          status: validated('Overwritten'),
          metadata: { ...withStatus.object.metadata, labels: { kept: 'yes' } },
        },
        {},
      );
      expect(main.object.status).toEqual(validated('Succeeded'));
      expect(main.object.metadata.labels).toEqual({ kept: 'yes' });
      expect(main.object.metadata.generation).toBe(1);
      const specChange = await h.registry.patch(
        drpolicies,
        '',
        'p',
        'merge',
        { spec: { networkMappingRef: { name: 'm' } } },
        {},
      );
      expect(specChange.object.metadata.generation).toBe(2);
      const statusPatch = await h.registry.patch(
        drpolicies,
        '',
        'p',
        'merge',
        { status: validated('Patched') },
        {},
        'status',
      );
      expect(statusPatch.object.status).toEqual(validated('Patched'));
      expect(statusPatch.object.metadata.generation).toBe(2);
      expect((await h.registry.get(drpolicies, '', 'p', 'status')).status).toEqual(validated('Patched'));
    });

    it('serves every served version from the storage version (conversion None)', async () => {
      const crd = widgetCrd() as KubeObject & { spec: { versions: Array<Record<string, unknown>> } };
      crd.spec.versions.push({ ...crd.spec.versions[0], name: 'v1beta1', storage: false });
      await h.registry.create(crds(), '', crd, {});
      const beta = h.info('example.com', 'v1beta1', 'widgets');
      const v1 = h.info('example.com', 'v1', 'widgets');
      const created = await h.registry.create(
        beta,
        'default',
        { metadata: { name: 'w' }, spec: { size: 3 } } as KubeObject,
        {},
      );
      expect(created.object.apiVersion).toBe('example.com/v1beta1');
      expect(
        (await h.store.get({ group: 'example.com', resource: 'widgets' }, 'default', 'w')).apiVersion,
      ).toBe('example.com/v1');
      const read = await h.registry.get(v1, 'default', 'w');
      expect(read).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { size: 3 } });
      const versions = h.registry.groupVersions().filter((gv) => gv.group === 'example.com');
      expect(versions.map((gv) => gv.version)).toEqual(['v1', 'v1beta1']);
    });

    it('lists custom resources with apiVersion and kind on every item', async () => {
      const drpolicies = await installDrPolicy();
      await h.registry.create(drpolicies, '', policy('p'), {});
      const list = await h.registry.list(drpolicies, undefined, {});
      expect(list).toMatchObject({ apiVersion: 'ramendr.openshift.io/v1alpha1', kind: 'DRPolicyList' });
      expect(list.items[0]).toMatchObject({ apiVersion: 'ramendr.openshift.io/v1alpha1', kind: 'DRPolicy' });
    });

    it('applies defaults added to the schema later when reading stored objects', async () => {
      await h.registry.create(crds(), '', widgetCrd(), {});
      const widgets = h.info('example.com', 'v1', 'widgets');
      await h.registry.create(
        widgets,
        'default',
        { metadata: { name: 'w' }, spec: { size: 2 } } as KubeObject,
        {},
      );
      const crd = await h.registry.get(crds(), '', 'widgets.example.com');
      type Node = { properties: Record<string, Node>; default?: unknown };
      const versions = (crd.spec as { versions: Array<{ schema: { openAPIV3Schema: Node } }> }).versions;
      const spec = versions[0]?.schema.openAPIV3Schema.properties.spec as Node;
      (spec.properties.color as Node).default = 'blue';
      await h.registry.update(crds(), '', 'widgets.example.com', crd, {});
      const read = await h.registry.get(h.info('example.com', 'v1', 'widgets'), 'default', 'w');
      expect(read.spec).toEqual({ size: 2, color: 'blue' });
      const listed = await h.registry.list(h.info('example.com', 'v1', 'widgets'), 'default', {});
      expect(listed.items[0]?.spec).toEqual({ size: 2, color: 'blue' });
      const watch = h.registry.watch(h.info('example.com', 'v1', 'widgets'), 'default', {});
      expect(watch.tryNext()).toMatchObject({
        type: 'ADDED',
        object: { kind: 'Widget', spec: { size: 2, color: 'blue' } },
      });
      watch.close();
    });
  });

  describe('scale subresource', () => {
    it('reads and writes replicas through an autoscaling/v1 Scale', async () => {
      await h.registry.create(crds(), '', widgetCrd(), {});
      const widgets = h.info('example.com', 'v1', 'widgets');
      expect(widgets.subresources).toEqual(['status', 'scale']);
      await h.registry.create(
        widgets,
        'default',
        { metadata: { name: 'w' }, spec: { size: 1, replicas: 1 } } as KubeObject,
        {},
      );
      await h.registry.patch(
        widgets,
        'default',
        'w',
        'merge',
        { status: { replicas: 1, selector: 'app=w' } },
        {},
        'status',
      );
      const scale = await h.registry.get(widgets, 'default', 'w', 'scale');
      expect(scale).toMatchObject({
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: { name: 'w', namespace: 'default' },
        spec: { replicas: 1 },
        status: { replicas: 1, selector: 'app=w' },
      });
      const updated = await h.registry.update(
        widgets,
        'default',
        'w',
        { ...scale, spec: { replicas: 3 } } as KubeObject,
        {},
        'scale',
      );
      expect(updated.object).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
      const widget = await h.registry.get(widgets, 'default', 'w');
      expect(widget.spec).toMatchObject({ replicas: 3 });
      expect(widget.metadata.generation).toBe(2);
      const patched = await h.registry.patch(
        widgets,
        'default',
        'w',
        'merge',
        { spec: { replicas: 5 } },
        {},
        'scale',
      );
      expect(patched.object).toMatchObject({ spec: { replicas: 5 } });
      const negative = await failureOf(
        h.registry.update(
          widgets,
          'default',
          'w',
          { metadata: { name: 'w' }, spec: { replicas: -1 } } as KubeObject,
          {},
          'scale',
        ),
      );
      expect(negative).toMatchObject({
        code: 422,
        message:
          'Scale.autoscaling "w" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      });
      const stale = await failureOf(
        h.registry.update(
          widgets,
          'default',
          'w',
          { ...scale, spec: { replicas: 2 } } as KubeObject,
          {},
          'scale',
        ),
      );
      expect(stale.code).toBe(409);
    });

    it('answers 404 for the scale of a kind without one', async () => {
      const drpolicies = await installDrPolicy();
      await h.registry.create(drpolicies, '', policy('p'), {});
      expect((await failureOf(h.registry.get(drpolicies, '', 'p', 'scale'))).code).toBe(404);
    });
  });

  describe('CRD deletion', () => {
    it('deletes the custom resources (honouring their finalizers), then the CRD, then stops serving', async () => {
      await h.registry.create(crds(), '', widgetCrd(), {});
      const widgets = h.info('example.com', 'v1', 'widgets');
      await h.registry.create(
        widgets,
        'default',
        { metadata: { name: 'plain' }, spec: { size: 1 } } as KubeObject,
        {},
      );
      await h.registry.create(
        widgets,
        'default',
        { metadata: { name: 'held', finalizers: ['example.com/hold'] }, spec: { size: 1 } } as KubeObject,
        {},
      );
      let changes = 0;
      h.registry.onDiscoveryChange(() => changes++);
      const deleted = await h.registry.delete(crds(), '', 'widgets.example.com', {});
      expect(deleted.object.metadata.deletionTimestamp).toBeDefined();
      expect(deleted.object.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
      await h.registry.settled();
      const crd = await h.registry.get(crds(), '', 'widgets.example.com');
      expect(conditions(crd)).toContainEqual({
        type: 'Terminating',
        status: 'True',
        reason: 'InstanceDeletionInProgress',
        message: 'CustomResource deletion is in progress',
      });
      expect((await failureOf(h.registry.get(widgets, 'default', 'plain'))).code).toBe(404);
      const held = await h.registry.get(widgets, 'default', 'held');
      expect(held.metadata.deletionTimestamp).toBeDefined();
      const refused = await failureOf(
        h.registry.create(
          widgets,
          'default',
          { metadata: { name: 'late' }, spec: { size: 1 } } as KubeObject,
          {},
        ),
      );
      expect(refused).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
      await h.registry.patch(widgets, 'default', 'held', 'merge', { metadata: { finalizers: null } }, {});
      await h.registry.settled();
      expect((await failureOf(h.registry.get(crds(), '', 'widgets.example.com'))).code).toBe(404);
      expect(h.registry.resolve('example.com', 'v1', 'widgets')).toBeUndefined();
      expect(changes).toBe(1);
      expect(h.registry.controllerFailures()).toEqual([]);
    });
  });

  describe('restart', () => {
    it('serves CRDs persisted in the store when a new registry opens it', async () => {
      await h.reopen({ stateDir: 'temp' });
      const stateDir = h.stateDir as string;
      const drpolicies = await installDrPolicy();
      await h.registry.create(drpolicies, '', policy('p'), {});
      const revision = Number(h.registry.currentResourceVersion());
      await h.reopen({ stateDir }, true);
      const served = h.registry.resolve('ramendr.openshift.io', 'v1alpha1', 'drpolicies');
      expect(served).toBeDefined();
      const read = await h.registry.get(served as ResourceInfo, '', 'p');
      expect(read.spec).toMatchObject({ schedulingInterval: '5m' });
      const next = await h.registry.create(served as ResourceInfo, '', policy('q'), {});
      expect(Number(next.object.metadata.resourceVersion)).toBeGreaterThan(revision);
      const namespaces = await h.registry.list(h.info('', 'v1', 'namespaces'), undefined, {});
      expect(namespaces.items).toHaveLength(4);
      await h.close();
    });
  });
});
