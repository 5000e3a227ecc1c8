/**
 * The embedded API server against `@kubernetes/client-node` 1.4.0, used the way an operator uses it (kube-api.md
 * §10, §21; ecosystem.md §1): informers on built-in and custom resources, errors as `ApiException`, patches chosen
 * with `setHeaderOptions`, status writes, server-side apply, a Lease race, and an informer that survives a server
 * restart without a duplicate or a lost event.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type V1ConfigMap,
  type V1Lease,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRPlacementControlKind, DRPolicyKind } from '../../src/api/index.js';
import { type RunningApiServer, startApiServer } from '../../src/apiserver/http/index.js';
import { createCrd, expectApiFailure, kubeConfigFrom, sleep, waitUntil } from '../support/api-client.js';
import { InformerRecorder } from '../support/informer-recorder.js';
import { RequestLog } from '../support/request-log.js';

const GROUP = DRPolicyKind.group;
const VERSION = DRPolicyKind.versions[0] as string;
const DRPOLICIES = { group: GROUP, version: VERSION, plural: DRPolicyKind.plural };
const DRPCS = { group: GROUP, version: VERSION, plural: DRPlacementControlKind.plural };
const DRPOLICY_PATH = `/apis/${GROUP}/${VERSION}/${DRPolicyKind.plural}`;
const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const APPLY = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply);

type CustomObject = KubernetesObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

let server: RunningApiServer;
let kc: KubeConfig;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const requests = new RequestLog();

beforeAll(async () => {
  server = await startApiServer({ name: 'client-node', onRequest: requests.record });
  kc = kubeConfigFrom(server.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  await createCrd(kc, DRPolicyKind);
  await createCrd(kc, DRPlacementControlKind);
});

afterAll(async () => {
  await server?.stop();
});

function configMapPath(namespace: string): string {
  return `/api/v1/namespaces/${namespace}/configmaps`;
}

async function createNamespace(name: string): Promise<void> {
  await core.createNamespace({ body: { metadata: { name } } });
}

function configMapInformer(client: KubeConfig, api: CoreV1Api, namespace: string) {
  return makeInformer<V1ConfigMap>(client, configMapPath(namespace), () =>
    api.listNamespacedConfigMap({ namespace }),
  );
}

function drPolicyInformer(client: KubeConfig, api: CustomObjectsApi) {
  return makeInformer<CustomObject>(
    client,
    DRPOLICY_PATH,
    async () => (await api.listClusterCustomObject(DRPOLICIES)) as KubernetesListObject<CustomObject>,
  );
}

function drPolicy(name: string, clusters: string[] = ['east', 'west']): CustomObject {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'DRPolicy',
    metadata: { name },
    spec: { drClusters: clusters, schedulingInterval: '5m' },
  };
}

function rvOf(object: KubernetesObject): string {
  return object.metadata?.resourceVersion ?? '';
}

/** The server's list of a collection as `key → resourceVersion`. */
async function serverConfigMaps(api: CoreV1Api, namespace: string): Promise<Map<string, string>> {
  const list = await api.listNamespacedConfigMap({ namespace });
  return new Map(list.items.map((cm) => [`${namespace}/${cm.metadata?.name}`, rvOf(cm)]));
}

async function serverDrPolicies(api: CustomObjectsApi): Promise<Map<string, string>> {
  const list = (await api.listClusterCustomObject(DRPOLICIES)) as KubernetesListObject<CustomObject>;
  return new Map(list.items.map((p) => [p.metadata?.name ?? '', rvOf(p)]));
}

describe('informers', () => {
  it('start on an empty collection within a second, for a built-in and a custom resource', async () => {
    await createNamespace('empty');
    for (const informer of [configMapInformer(kc, core, 'empty'), drPolicyInformer(kc, custom)]) {
      const recorder = new InformerRecorder(informer);
      const started = Date.now();
      await recorder.start();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(recorder.connects).toBe(1);
      expect(recorder.cache().size).toBe(0);
      await recorder.stop();
      expect(recorder.errors).toEqual([]);
    }
  });

  it('report create, merge patch, JSON patch and delete of ConfigMaps as add, update, update, delete', async () => {
    await createNamespace('informed');
    const recorder = new InformerRecorder(configMapInformer(kc, core, 'informed'));
    await recorder.start();
    try {
      const created = await core.createNamespacedConfigMap({
        namespace: 'informed',
        body: { metadata: { name: 'cm' }, data: { a: '1' } },
      });
      const merged = await core.patchNamespacedConfigMap(
        { name: 'cm', namespace: 'informed', body: { data: { b: '2' } } },
        MERGE,
      );
      expect(merged.data).toEqual({ a: '1', b: '2' });
      const jsonPatched = await core.patchNamespacedConfigMap({
        name: 'cm',
        namespace: 'informed',
        body: [
          { op: 'test', path: '/metadata/resourceVersion', value: rvOf(merged) },
          { op: 'replace', path: '/data/a', value: '3' },
        ],
      });
      expect(jsonPatched.data).toEqual({ a: '3', b: '2' });
      await core.deleteNamespacedConfigMap({ name: 'cm', namespace: 'informed' });
      await waitUntil(() => recorder.events.length >= 4, 'four informer events');
      await sleep(100);
      const rvs = [created, merged, jsonPatched].map(rvOf);
      expect(recorder.events.map((e) => `${e.verb} ${e.key}`)).toEqual([
        'add informed/cm',
        'update informed/cm',
        'update informed/cm',
        'delete informed/cm',
      ]);
      expect(recorder.events.slice(0, 3).map((e) => e.resourceVersion)).toEqual(rvs);
      // The DELETED event carries the deletion's own resourceVersion, later than the last write.
      const deletedRv = Number(recorder.events[3]?.resourceVersion);
      expect(deletedRv).toBeGreaterThan(Number(jsonPatched.metadata?.resourceVersion));
      expect(recorder.cache().size).toBe(0);
    } finally {
      await recorder.stop();
    }
    expect(recorder.errors).toEqual([]);
  });

  it('report create, merge patch, JSON patch and delete of a custom resource (DRPolicy)', async () => {
    const recorder = new InformerRecorder(drPolicyInformer(kc, custom));
    await recorder.start();
    try {
      const created = (await custom.createClusterCustomObject({
        ...DRPOLICIES,
        body: drPolicy('informed-policy'),
      })) as CustomObject;
      expect(created.metadata?.generation).toBe(1);
      const merged = (await custom.patchClusterCustomObject(
        { ...DRPOLICIES, name: 'informed-policy', body: { metadata: { labels: { tier: 'gold' } } } },
        MERGE,
      )) as CustomObject;
      const jsonPatched = (await custom.patchClusterCustomObject({
        ...DRPOLICIES,
        name: 'informed-policy',
        body: [{ op: 'add', path: '/metadata/annotations', value: { note: 'json' } }],
      })) as CustomObject;
      expect(jsonPatched.metadata).toMatchObject({ labels: { tier: 'gold' }, annotations: { note: 'json' } });
      await custom.deleteClusterCustomObject({ ...DRPOLICIES, name: 'informed-policy' });
      await waitUntil(() => recorder.events.length >= 4, 'four informer events');
      await sleep(100);
      expect(recorder.events.map((e) => `${e.verb} ${e.key}`)).toEqual([
        'add informed-policy',
        'update informed-policy',
        'update informed-policy',
        'delete informed-policy',
      ]);
      expect(recorder.events.slice(0, 3).map((e) => e.resourceVersion)).toEqual(
        [created, merged, jsonPatched].map(rvOf),
      );
    } finally {
      await recorder.stop();
    }
    expect(recorder.errors).toEqual([]);
  });

  it('re-list once after a forced history compaction, converge, and do not loop', async () => {
    await createNamespace('compacted');
    const path = configMapPath('compacted');
    for (const name of ['keep', 'change', 'drop']) {
      await core.createNamespacedConfigMap({ namespace: 'compacted', body: { metadata: { name } } });
    }
    const recorder = new InformerRecorder(configMapInformer(kc, core, 'compacted'));
    await recorder.start();
    try {
      expect([...recorder.cache().keys()].sort()).toEqual([
        'compacted/change',
        'compacted/drop',
        'compacted/keep',
      ]);
      // A write elsewhere moves the store past the informer's resourceVersion, which the compaction then drops.
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'elsewhere' } },
      });
      const listsBefore = requests.lists(path);
      const watchesBefore = requests.watches(path);
      server.store.compactWatchHistory();
      server.store.closeAllWatches();
      await waitUntil(() => requests.lists(path) === listsBefore + 1, 'the re-list');
      await waitUntil(() => requests.watches(path) >= watchesBefore + 2, 'the watch after the re-list');
      // Converges on later changes.
      const changed = await core.patchNamespacedConfigMap(
        { name: 'change', namespace: 'compacted', body: { data: { v: '2' } } },
        MERGE,
      );
      await core.deleteNamespacedConfigMap({ name: 'drop', namespace: 'compacted' });
      await waitUntil(() => recorder.cache().size === 2, 'the delete');
      // Exactly one re-list, and two watches: the one answered with 410 and the one after the re-list ...
      expect(requests.lists(path)).toBe(listsBefore + 1);
      expect(requests.watches(path)).toBe(watchesBefore + 2);
      // ... and no hot loop: a quiet second brings no further request.
      await sleep(1000);
      expect(requests.lists(path)).toBe(listsBefore + 1);
      expect(requests.watches(path)).toBe(watchesBefore + 2);
      expect(recorder.cache()).toEqual(await serverConfigMaps(core, 'compacted'));
      expect(recorder.cache().get('compacted/change')).toBe(rvOf(changed));
      // The re-list of unchanged objects reported nothing; only the later changes did.
      expect(recorder.events.filter((e) => e.verb !== 'add').map((e) => `${e.verb} ${e.key}`)).toEqual([
        'update compacted/change',
        'delete compacted/drop',
      ]);
      expect(recorder.seen('add')).toHaveLength(3);
    } finally {
      await recorder.stop();
    }
    expect(recorder.errors).toEqual([]);
  });
});

describe('errors', () => {
  it('surface as ApiException with the code and a parsable Status body: 404, 409, 422', async () => {
    const missing = await expectApiFailure(
      core.readNamespacedConfigMap({ name: 'nope', namespace: 'default' }),
    );
    expect(missing.code).toBe(404);
    expect(missing.status).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      message: 'configmaps "nope" not found',
      details: { name: 'nope', kind: 'configmaps' },
      code: 404,
    });
    const missingCr = await expectApiFailure(custom.getClusterCustomObject({ ...DRPOLICIES, name: 'nope' }));
    expect(missingCr.code).toBe(404);
    expect(missingCr.status).toMatchObject({
      reason: 'NotFound',
      message: `drpolicies.${GROUP} "nope" not found`,
      details: { name: 'nope', group: GROUP, kind: 'drpolicies' },
    });

    const body = { metadata: { name: 'twice' } };
    const first = await core.createNamespacedConfigMap({ namespace: 'default', body });
    const exists = await expectApiFailure(core.createNamespacedConfigMap({ namespace: 'default', body }));
    expect(exists.code).toBe(409);
    expect(exists.status).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "twice" already exists',
      code: 409,
    });
    await core.replaceNamespacedConfigMap({
      name: 'twice',
      namespace: 'default',
      body: { ...first, data: { a: '1' } },
    });
    const stale = await expectApiFailure(
      core.replaceNamespacedConfigMap({
        name: 'twice',
        namespace: 'default',
        body: { ...first, data: { a: '2' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "twice": the object has been modified; please apply your changes to the latest version and try again',
    });

    const invalid = await expectApiFailure(
      core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'Not_Valid' } } }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.status).toMatchObject({
      reason: 'Invalid',
      details: { name: 'Not_Valid', kind: 'ConfigMap' },
    });
    expect(invalid.status.message).toMatch(
      /^ConfigMap "Not_Valid" is invalid: metadata\.name: Invalid value: /,
    );
    const invalidCr = await expectApiFailure(
      custom.createClusterCustomObject({ ...DRPOLICIES, body: drPolicy('one-cluster', ['east']) }),
    );
    expect(invalidCr.code).toBe(422);
    expect(invalidCr.status).toMatchObject({
      reason: 'Invalid',
      details: { name: 'one-cluster', group: GROUP, kind: 'DRPolicy' },
    });
    expect(invalidCr.status.message).toContain('drClusters requires a list of 2 clusters');
  });
});

describe('writes', () => {
  it('replaceNamespacedCustomObjectStatus changes the status but not the generation', async () => {
    const name = 'app';
    const created = (await custom.createNamespacedCustomObject({
      ...DRPCS,
      namespace: 'default',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'DRPlacementControl',
        metadata: { name },
        spec: {
          drPolicyRef: { name: 'policy' },
          placementRef: { kind: 'Placement', name: 'placement' },
          pvcSelector: {},
        },
      },
    })) as CustomObject;
    expect(created.metadata?.generation).toBe(1);
    const withStatus = (await custom.replaceNamespacedCustomObjectStatus({
      ...DRPCS,
      namespace: 'default',
      name,
      body: { ...created, status: { phase: 'Deployed', observedGeneration: 1 } },
    })) as CustomObject;
    expect(withStatus.status).toMatchObject({ phase: 'Deployed', observedGeneration: 1 });
    expect(withStatus.metadata?.generation).toBe(1);
    expect(Number(rvOf(withStatus))).toBeGreaterThan(Number(rvOf(created)));
    // A spec change through the main resource does bump it.
    const respecified = (await custom.replaceNamespacedCustomObject({
      ...DRPCS,
      namespace: 'default',
      name,
      body: { ...withStatus, spec: { ...withStatus.spec, preferredCluster: 'east' } },
    })) as CustomObject;
    expect(respecified.metadata?.generation).toBe(2);
    expect(respecified.status).toMatchObject({ phase: 'Deployed' });
  });

  it('server-side apply creates (201), reports a FieldManagerConflict (409) and takes over with force', async () => {
    const apply = (fieldManager: string, value: string, force?: boolean) =>
      core.patchNamespacedConfigMapWithHttpInfo(
        {
          name: 'applied',
          namespace: 'default',
          fieldManager,
          ...(force !== undefined && { force }),
          body: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'applied' },
            data: { owner: value },
          },
        },
        APPLY,
      );
    const created = await apply('first', 'one');
    expect(created.httpStatusCode).toBe(201);
    expect(created.data.data).toEqual({ owner: 'one' });
    expect(created.data.metadata?.managedFields?.map((f) => [f.manager, f.operation])).toEqual([
      ['first', 'Apply'],
    ]);
    const again = await apply('first', 'one');
    expect([again.httpStatusCode, rvOf(again.data)]).toEqual([200, rvOf(created.data)]);

    const conflict = await expectApiFailure(apply('second', 'two'));
    expect(conflict.code).toBe(409);
    expect(conflict.status).toMatchObject({
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "first": .data.owner',
      details: {
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "first"', field: '.data.owner' }],
      },
    });
    const forced = await apply('second', 'two', true);
    expect(forced.httpStatusCode).toBe(200);
    expect(forced.data.data).toEqual({ owner: 'two' });
    expect(forced.data.metadata?.managedFields?.map((f) => f.manager)).toEqual(['second']);

    // The same for a custom resource, through CustomObjectsApi.
    const policy = (await custom.patchClusterCustomObject(
      { ...DRPOLICIES, name: 'applied-policy', fieldManager: 'ramen-hub', body: drPolicy('applied-policy') },
      APPLY,
    )) as CustomObject;
    expect(policy.metadata?.generation).toBe(1);
    expect(policy.spec).toMatchObject({ drClusters: ['east', 'west'], schedulingInterval: '5m' });
  });

  it('a Lease acquire/renew race lets exactly one writer win and gives the other a 409', async () => {
    const coordination = kc.makeApiClient(CoordinationV1Api);
    const microTime = () => new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z') as unknown as Date;
    const lease: V1Lease = {
      metadata: { name: 'leader', namespace: 'default' },
      spec: {
        holderIdentity: 'a',
        leaseDurationSeconds: 15,
        acquireTime: microTime(),
        renewTime: microTime(),
      },
    };
    await coordination.createNamespacedLease({ namespace: 'default', body: lease });
    const read = await coordination.readNamespacedLease({ name: 'leader', namespace: 'default' });
    const write = (holder: string) =>
      coordination.replaceNamespacedLease({
        name: 'leader',
        namespace: 'default',
        body: {
          metadata: { name: 'leader', namespace: 'default', resourceVersion: rvOf(read) },
          spec: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: microTime() },
        },
      });
    const results = await Promise.allSettled([write('a'), write('b')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect([won.length, lost.length]).toEqual([1, 1]);
    const failure = await expectApiFailure(Promise.reject(lost[0]?.reason));
    expect(failure.code).toBe(409);
    expect(failure.status.reason).toBe('Conflict');
    const winner = (won[0] as PromiseFulfilledResult<V1Lease>).value.spec?.holderIdentity;
    const stored = await coordination.readNamespacedLease({ name: 'leader', namespace: 'default' });
    expect(stored.spec?.holderIdentity).toBe(winner);
    expect(stored.spec?.renewTime).toBeDefined();
  });
});

describe('server restart', () => {
  it('an informer resumes on the restarted server with no duplicate and no lost event', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'client-node-restart-'));
    const before = new RequestLog();
    const after = new RequestLog();
    let first: RunningApiServer | undefined = await startApiServer({ stateDir, onRequest: before.record });
    let second: RunningApiServer | undefined;
    const port = first.port;
    // One client for the whole test, as an operator keeps its kubeconfig across API server restarts.
    const client = kubeConfigFrom(first.kubeconfigPath);
    const api = client.makeApiClient(CoreV1Api);
    const customApi = client.makeApiClient(CustomObjectsApi);
    const maps = new InformerRecorder(configMapInformer(client, api, 'default'), { restartAfterMs: 50 });
    const policies = new InformerRecorder(drPolicyInformer(client, customApi), { restartAfterMs: 50 });
    const mapsPath = configMapPath('default');
    try {
      await createCrd(client, DRPolicyKind);
      await maps.start();
      await policies.start();
      const cm = (name: string) => ({ metadata: { name }, data: { v: '1' } });
      const patch = { data: { v: '2' } };
      const writes = {
        addA: await api.createNamespacedConfigMap({ namespace: 'default', body: cm('a') }),
        addB: await api.createNamespacedConfigMap({ namespace: 'default', body: cm('b') }),
        addC: await api.createNamespacedConfigMap({ namespace: 'default', body: cm('c') }),
        addP: (await customApi.createClusterCustomObject({
          ...DRPOLICIES,
          body: drPolicy('p1'),
        })) as CustomObject,
        updA: await api.patchNamespacedConfigMap({ name: 'a', namespace: 'default', body: patch }, MERGE),
      };
      await api.deleteNamespacedConfigMap({ name: 'b', namespace: 'default' });
      await waitUntil(() => maps.events.length === 5 && policies.events.length === 1, 'the first changes');
      // A snapshot at the last write (a long-running server takes one every 10,000 writes): the ConfigMap
      // informer, at that revision, can resume its watch; the DRPolicy informer, older, must re-list once.
      await first.store.compactLog();

      await first.stop();
      first = undefined;
      await sleep(300); // the server is down: no changes; the informers fail and keep retrying
      expect(maps.errors.length).toBeGreaterThan(0);
      expect(policies.errors.length).toBeGreaterThan(0);
      second = await startApiServer({ stateDir, port, onRequest: after.record });
      await waitUntil(
        () => after.watches(mapsPath) === 1 && after.watches(DRPOLICY_PATH) === 2,
        'both informers to watch again',
      );

      const later = {
        addD: await api.createNamespacedConfigMap({ namespace: 'default', body: cm('d') }),
        updC: await api.patchNamespacedConfigMap({ name: 'c', namespace: 'default', body: patch }, MERGE),
        updP: (await customApi.patchClusterCustomObject(
          { ...DRPOLICIES, name: 'p1', body: { metadata: { labels: { restarted: 'yes' } } } },
          MERGE,
        )) as CustomObject,
      };
      expect(Number(rvOf(later.addD))).toBeGreaterThan(Number(rvOf(writes.updA)));
      await api.deleteNamespacedConfigMap({ name: 'a', namespace: 'default' });
      await waitUntil(() => maps.events.length === 8 && policies.events.length === 2, 'the later changes');
      await sleep(300);
      expect([after.lists(mapsPath), after.watches(mapsPath)]).toEqual([0, 1]);
      expect([after.lists(DRPOLICY_PATH), after.watches(DRPOLICY_PATH)]).toEqual([1, 2]);

      expect(maps.cache()).toEqual(await serverConfigMaps(api, 'default'));
      expect(policies.cache()).toEqual(await serverDrPolicies(customApi));
      const keyed = (o: KubernetesObject) => `default/${o.metadata?.name}@${rvOf(o)}`;
      expect(maps.seen('add')).toEqual([writes.addA, writes.addB, writes.addC, later.addD].map(keyed));
      expect(maps.seen('update')).toEqual([writes.updA, later.updC].map(keyed));
      expect(maps.events.filter((e) => e.verb === 'delete').map((e) => e.key)).toEqual([
        'default/b',
        'default/a',
      ]);
      // The re-listed, unchanged p1 was not reported again.
      expect(policies.seen('add')).toEqual([`p1@${rvOf(writes.addP)}`]);
      expect(policies.seen('update')).toEqual([`p1@${rvOf(later.updP)}`]);
      expect(policies.seen('delete')).toEqual([]);
    } finally {
      await maps.stop();
      await policies.stop();
      await first?.stop();
      await second?.stop();
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
