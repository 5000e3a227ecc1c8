import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClusterClient,
  type ConfigMap,
  ConfigMapResource,
  isNotFound,
  NamespaceResource,
} from '../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { enqueueRequestsFromMapFunc } from './handlers.js';
import { silentLogger } from './logging.js';
import { Manager } from './manager.js';
import { labelSelectorPredicate } from './predicates.js';
import type { Request } from './reconcile.js';

let hubEnv: TestApiServer;
let dr1Env: TestApiServer;
let hub: ClusterClient;
let dr1: ClusterClient;

beforeAll(async () => {
  [hubEnv, dr1Env] = await Promise.all([
    startTestApiServer({ name: 'hub' }),
    startTestApiServer({ name: 'dr1' }),
  ]);
  hub = hubEnv.client({ name: 'hub' });
  dr1 = dr1Env.client({ name: 'dr1' });
  for (const client of [hub, dr1]) {
    await client.create(NamespaceResource, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
    });
  }
});

afterAll(async () => {
  hub?.close();
  dr1?.close();
  await Promise.all([hubEnv?.dispose(), dr1Env?.dispose()]);
});

const MIRROR_OF = 'test.ramendr.io/mirror-of';

/** Mirrors hub ConfigMaps labelled mirror=true to dr1; copies on dr1 map back to their hub source by label. */
function mirrorController(manager: Manager) {
  return {
    name: 'mirror',
    for: {
      resource: ConfigMapResource,
      clusters: 'hub',
      predicates: [labelSelectorPredicate({ matchLabels: { mirror: 'true' } })],
    },
    watches: [
      {
        resource: ConfigMapResource,
        clusters: 'dr1',
        handler: enqueueRequestsFromMapFunc<ConfigMap>((copy): Request[] => {
          const source = copy.metadata.labels?.[MIRROR_OF];
          return source ? [{ cluster: 'hub', namespace: copy.metadata.namespace ?? '', name: source }] : [];
        }),
      },
    ],
    reconciler: async (request: Request) => {
      const source = await manager.cluster('hub').cache.get(ConfigMapResource, request);
      const target = manager.cluster('dr1');
      const copyKey = { namespace: request.namespace ?? '', name: `copy-${request.name}` };
      const copy = await target.cache.get(ConfigMapResource, copyKey);
      if (!source) {
        if (copy)
          await target.client.delete(ConfigMapResource, copyKey).catch((e: unknown) => {
            if (!isNotFound(e)) throw e;
          });
        return {};
      }
      if (copy && JSON.stringify(copy.data ?? {}) === JSON.stringify(source.data ?? {})) return {};
      const desired: ConfigMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { ...copyKey, labels: { [MIRROR_OF]: request.name } },
        data: source.data ?? {},
      };
      if (copy)
        await target.client.update(ConfigMapResource, {
          ...desired,
          metadata: { ...desired.metadata, resourceVersion: copy.metadata.resourceVersion },
        });
      else await target.client.create(ConfigMapResource, desired);
      return {};
    },
  };
}

async function copyData(name: string): Promise<Record<string, string> | undefined | 'absent'> {
  try {
    return (await dr1.get(ConfigMapResource, { namespace: 'apps', name: `copy-${name}` })).data;
  } catch (error) {
    if (isNotFound(error)) return 'absent';
    throw error;
  }
}

describe('a manager over two clusters', () => {
  it('reconciles requests keyed by cluster, with a cross-cluster watch mapped back by label', async () => {
    const manager = new Manager({
      clusters: [hubEnv.client({ name: 'hub' }), dr1Env.client({ name: 'dr1' })],
      logger: silentLogger(),
    });
    expect(manager.defaultCluster).toBe('hub');
    manager.addController(mirrorController(manager));
    const stop = new AbortController();
    const done = manager.start(stop.signal);
    try {
      await hub.create(ConfigMapResource, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { namespace: 'apps', name: 'settings', labels: { mirror: 'true' } },
        data: { a: '1' },
      });
      await hub.create(ConfigMapResource, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { namespace: 'apps', name: 'local-only' },
        data: { b: '2' },
      });
      await expect.poll(() => copyData('settings'), { timeout: 10_000 }).toEqual({ a: '1' });
      await hub.patch(
        ConfigMapResource,
        { namespace: 'apps', name: 'settings' },
        { type: 'merge', patch: { data: { a: '2' } } },
      );
      await expect.poll(() => copyData('settings'), { timeout: 10_000 }).toEqual({ a: '2' });
      // A change on dr1 reaches the hub controller through the map function and is undone.
      await dr1.delete(ConfigMapResource, { namespace: 'apps', name: 'copy-settings' });
      await expect.poll(() => copyData('settings'), { timeout: 10_000 }).toEqual({ a: '2' });
      await hub.delete(ConfigMapResource, { namespace: 'apps', name: 'settings' });
      await expect.poll(() => copyData('settings'), { timeout: 10_000 }).toBe('absent');
      expect(await copyData('local-only')).toBe('absent');
    } finally {
      stop.abort();
      await done;
    }
  });
});
