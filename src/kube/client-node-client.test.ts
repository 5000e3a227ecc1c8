import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeKubeconfigFiles, startApiServer } from '../apiserver/http/index.js';
import { type ConfigMap, ConfigMapResource, LeaseResource, NamespaceResource } from './builtin-resources.js';
import { ClientNodeClusterClient } from './client-node-client.js';
import type { ClusterClient, RequestRecord, WatchEvent } from './cluster-client.js';
import {
  AlreadyExistsError,
  ConflictError,
  GoneError,
  InvalidError,
  KubeNetworkError,
  KubeUsageError,
  NotFoundError,
} from './errors.js';
import { loadKubeConfig, openClusterClients } from './kubeconfig.js';
import { microTime } from './micro-time.js';
import { installCrd, startTestApiServer, type TestApiServer } from './testing/api-server-env.js';
import { type Widget, WidgetKind, widget } from './testing/widget-kind.js';

let env: TestApiServer;
let client: ClusterClient;

beforeAll(async () => {
  env = await startTestApiServer({ store: { historySize: 20 } });
  client = env.client();
  await installCrd(client, WidgetKind);
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

function configMap(name: string, data: Record<string, string>, namespace = 'default'): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

describe('ClientNodeClusterClient CRUD', () => {
  it('creates, reads, lists, updates and deletes built-in objects as plain JSON', async () => {
    const created = await client.create(ConfigMapResource, configMap('crud', { a: '1' }));
    expect(Object.getPrototypeOf(created)).toBe(Object.prototype);
    expect(created.metadata.uid).toMatch(/.+/);
    const read = await client.get(ConfigMapResource, { namespace: 'default', name: 'crud' });
    expect(read.data).toEqual({ a: '1' });
    const updated = await client.update(ConfigMapResource, { ...read, data: { a: '2' } });
    expect(updated.data).toEqual({ a: '2' });
    expect(updated.metadata.resourceVersion).not.toBe(read.metadata.resourceVersion);
    const list = await client.list(ConfigMapResource, { namespace: 'default' });
    const item = list.items.find((i) => i.metadata.name === 'crud');
    expect(item).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: '2' } });
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
    await client.delete(ConfigMapResource, { namespace: 'default', name: 'crud' });
    await expect(
      client.get(ConfigMapResource, { namespace: 'default', name: 'crud' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('handles custom kinds, the status subresource and cluster-scoped kinds', async () => {
    const created = await client.create(WidgetKind, widget('default', 'w1', 3));
    expect(created.metadata.generation).toBe(1);
    const withStatus: Widget = { ...created, status: { observedGeneration: 1, configMap: 'w1' } };
    const statusWritten = await client.updateStatus(WidgetKind, withStatus);
    expect(statusWritten.status?.configMap).toBe('w1');
    expect(statusWritten.metadata.generation).toBe(1);
    const all = await client.list(WidgetKind);
    expect(all.items.map((w) => w.metadata.name)).toContain('w1');
    const namespaces = await client.list(NamespaceResource);
    expect(namespaces.items.map((n) => n.metadata.name)).toContain('default');
  });

  it('lists by label selector (object or string form) and pages with limit/continue', async () => {
    for (const [name, tier] of [
      ['sel-a', 'gold'],
      ['sel-b', 'silver'],
      ['sel-c', 'gold'],
    ] as const) {
      await client.create(ConfigMapResource, {
        ...configMap(name, {}),
        metadata: { name, namespace: 'default', labels: { tier } },
      });
    }
    const gold = await client.list(ConfigMapResource, {
      namespace: 'default',
      labelSelector: { matchLabels: { tier: 'gold' } },
    });
    expect(gold.items.map((i) => i.metadata.name).sort()).toEqual(['sel-a', 'sel-c']);
    const notGold = await client.list(ConfigMapResource, {
      namespace: 'default',
      labelSelector: 'tier,tier!=gold',
    });
    expect(notGold.items.map((i) => i.metadata.name)).toEqual(['sel-b']);
    const first = await client.list(ConfigMapResource, {
      namespace: 'default',
      labelSelector: 'tier',
      limit: 2,
    });
    expect(first.items).toHaveLength(2);
    expect(first.metadata.continue).toBeTruthy();
    const rest = await client.list(ConfigMapResource, {
      namespace: 'default',
      labelSelector: 'tier',
      limit: 2,
      continue: first.metadata.continue,
    });
    expect(rest.items).toHaveLength(1);
  });

  it('writes MicroTime fields the server accepts (Lease)', async () => {
    const lease = await client.create(LeaseResource, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'micro', namespace: 'default' },
      spec: {
        holderIdentity: 'me',
        leaseDurationSeconds: 15,
        renewTime: microTime(),
        acquireTime: microTime(),
      },
    });
    expect(lease.spec?.renewTime).toMatch(/\.\d{6}Z$/);
  });
});

describe('ClientNodeClusterClient patches', () => {
  it('applies merge patches, JSON patches (with a resourceVersion test) and server-side apply', async () => {
    await client.create(ConfigMapResource, configMap('patched', { a: '1' }));
    const key = { namespace: 'default', name: 'patched' };
    const merged = await client.patch(ConfigMapResource, key, { type: 'merge', patch: { data: { b: '2' } } });
    expect(merged.data).toEqual({ a: '1', b: '2' });
    const json = await client.patch(ConfigMapResource, key, {
      type: 'json',
      patch: [
        { op: 'test', path: '/metadata/resourceVersion', value: merged.metadata.resourceVersion },
        { op: 'remove', path: '/data/a' },
      ],
    });
    expect(json.data).toEqual({ b: '2' });
    await expect(
      client.patch(ConfigMapResource, key, {
        type: 'json',
        patch: [
          { op: 'test', path: '/metadata/resourceVersion', value: merged.metadata.resourceVersion },
          { op: 'replace', path: '/data/b', value: '3' },
        ],
      }),
    ).rejects.toBeInstanceOf(InvalidError);
    const applied = await client.patch(
      ConfigMapResource,
      key,
      {
        type: 'apply',
        configuration: { apiVersion: 'v1', kind: 'ConfigMap', metadata: key, data: { c: '3' } },
      },
      { fieldManager: 'tester' },
    );
    expect(applied.data).toEqual({ b: '2', c: '3' });
    expect(applied.metadata.managedFields?.some((f) => f.manager === 'tester')).toBe(true);
    await expect(
      client.patch(ConfigMapResource, key, { type: 'apply', configuration: {} }),
    ).rejects.toBeInstanceOf(KubeUsageError);
  });

  it('patches the status subresource', async () => {
    await client.create(WidgetKind, widget('default', 'w-status', 1));
    const patched = await client.patch(
      WidgetKind,
      { namespace: 'default', name: 'w-status' },
      { type: 'merge', patch: { status: { configMap: 'x' } } },
      { subresource: 'status' },
    );
    expect(patched.status?.configMap).toBe('x');
  });
});

describe('ClientNodeClusterClient errors', () => {
  it('types AlreadyExists, Conflict and Invalid with the Status body', async () => {
    await client.create(ConfigMapResource, configMap('errors', {}));
    const exists = await client.create(ConfigMapResource, configMap('errors', {})).catch((e: unknown) => e);
    expect(exists).toBeInstanceOf(AlreadyExistsError);
    expect((exists as AlreadyExistsError).status).toMatchObject({ reason: 'AlreadyExists', code: 409 });
    const current = await client.get(ConfigMapResource, { namespace: 'default', name: 'errors' });
    await client.update(ConfigMapResource, { ...current, data: { x: '1' } });
    const conflict = await client.update(ConfigMapResource, { ...current, data: { x: '2' } }).catch((e) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).code).toBe(409);
    const invalid = await client.create(WidgetKind, widget('default', 'too-big', 5000)).catch((e) => e);
    expect(invalid).toBeInstanceOf(InvalidError);
    expect((invalid as InvalidError).status.details?.causes?.[0]?.field).toBe('spec.size');
  });

  it('refuses namespaced calls without a namespace before sending anything', async () => {
    await expect(client.get(ConfigMapResource, { name: 'x' })).rejects.toBeInstanceOf(KubeUsageError);
  });

  it('reports an unreachable server as KubeNetworkError', async () => {
    const gone = await startApiServer({});
    const kubeConfig = loadKubeConfig({ path: gone.kubeconfigPath });
    const unreachable = new ClientNodeClusterClient({ kubeConfig });
    await unreachable.list(NamespaceResource);
    await gone.stop();
    const error = await unreachable.list(NamespaceResource).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeNetworkError);
    expect((error as KubeNetworkError).errorCode).toBe('ECONNREFUSED');
    unreachable.close();
  });
});

describe('ClientNodeClusterClient watch', () => {
  it('streams ADDED, MODIFIED, DELETED in order and ends cleanly on stop', async () => {
    const list = await client.list(ConfigMapResource, { namespace: 'watched' });
    await client.create(NamespaceResource, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'watched' },
    });
    const events: string[] = [];
    const handle = client.watch(
      ConfigMapResource,
      { namespace: 'watched', resourceVersion: list.metadata.resourceVersion },
      (event: WatchEvent<ConfigMap>) => {
        if (event.type !== 'BOOKMARK') events.push(`${event.type} ${event.object.metadata.name}`);
      },
    );
    const created = await client.create(ConfigMapResource, configMap('w', {}, 'watched'));
    await client.update(ConfigMapResource, { ...created, data: { a: '1' } });
    await client.delete(ConfigMapResource, { namespace: 'watched', name: 'w' });
    await expect.poll(() => events.length, { timeout: 5000 }).toBe(3);
    expect(events).toEqual(['ADDED w', 'MODIFIED w', 'DELETED w']);
    handle.stop();
    await expect(handle.done).resolves.toBeUndefined();
  });

  it('rejects with GoneError when the resourceVersion is older than the history', async () => {
    const start = await client.create(ConfigMapResource, configMap('old-rv', { n: '0' }));
    for (let i = 1; i <= 30; i++) {
      await client.patch(
        ConfigMapResource,
        { namespace: 'default', name: 'old-rv' },
        { type: 'merge', patch: { data: { n: String(i) } } },
      );
    }
    const handle = client.watch(
      ConfigMapResource,
      { namespace: 'default', resourceVersion: start.metadata.resourceVersion },
      () => {},
    );
    await expect(handle.done).rejects.toBeInstanceOf(GoneError);
  });

  it('ends cleanly when the server shuts down', async () => {
    const own = await startTestApiServer();
    const ownClient = own.client();
    const handle = ownClient.watch(NamespaceResource, {}, () => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    await own.dispose();
    await expect(handle.done).resolves.toBeUndefined();
  });
});

describe('several clusters', () => {
  it('opens one client per kubeconfig context, each talking to its own server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-multi-'));
    const dr1 = await startApiServer({ name: 'dr1' });
    const dr2 = await startApiServer({ name: 'dr2' });
    try {
      const merged = join(dir, 'kubeconfig');
      await mergeKubeconfigFiles([dr1.kubeconfigPath, dr2.kubeconfigPath], merged, 'dr1');
      const clusters = openClusterClients({ path: merged });
      expect([...clusters.keys()]).toEqual(['dr1', 'dr2']);
      const records: RequestRecord[] = [];
      clusters.get('dr2')?.observeRequests((r) => records.push(r));
      await clusters.get('dr1')?.create(ConfigMapResource, configMap('only-on-dr1', {}));
      await expect(
        clusters.get('dr2')?.get(ConfigMapResource, { namespace: 'default', name: 'only-on-dr1' }),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(records).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: '/api/v1/namespaces/default/configmaps/only-on-dr1',
          code: 404,
        }),
      ]);
      const named = openClusterClients({ path: merged, contexts: { east: 'dr2' } });
      expect(named.get('east')?.name).toBe('east');
      for (const c of [...clusters.values(), ...named.values()]) c.close();
    } finally {
      await dr1.stop();
      await dr2.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
