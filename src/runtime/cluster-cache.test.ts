import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, ConfigMapResource, NamespaceResource } from '../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { CacheNotStartedError, ClusterCache } from './cluster-cache.js';

let env: TestApiServer;
let client: ClusterClient;

beforeAll(async () => {
  env = await startTestApiServer({ name: 'hub' });
  client = env.client();
  for (const name of ['scoped', 'elsewhere']) {
    await client.create(NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    await client.create(ConfigMapResource, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: name, name: 'cm', labels: { app: name } },
    });
  }
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

describe('ClusterCache', () => {
  it('refuses reads before it starts, then starts informers on first read and shares them', async () => {
    const cache = new ClusterCache(client);
    await expect(cache.get(NamespaceResource, { name: 'scoped' })).rejects.toBeInstanceOf(
      CacheNotStartedError,
    );
    cache.start();
    const ns = await cache.get(NamespaceResource, { name: 'scoped' });
    expect(ns?.metadata.name).toBe('scoped');
    expect(cache.informerFor(NamespaceResource)).toBe(cache.informerFor(NamespaceResource));
    const gold = await cache.list(ConfigMapResource, {
      labelSelector: { matchLabels: { app: 'elsewhere' } },
    });
    expect(gold.map((cm) => cm.metadata.namespace)).toEqual(['elsewhere']);
    expect(cache.hasSynced()).toBe(true);
    await cache.stop();
  });

  it('narrows a resource to its scope', async () => {
    const cache = new ClusterCache(client, {
      scopes: [{ resource: ConfigMapResource, namespace: 'scoped' }],
    });
    cache.start();
    const all = await cache.list(ConfigMapResource);
    expect(all.map((cm) => cm.metadata.namespace)).toEqual(['scoped']);
    await cache.stop();
  });
});
