import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, type ConfigMap, ConfigMapResource, NamespaceResource } from '../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { RequestCounter } from '../kube/testing/request-counter.js';
import { Informer, type InformerHandler } from './informer.js';

let env: TestApiServer;
let client: ClusterClient;
const counter = new RequestCounter();

beforeAll(async () => {
  env = await startTestApiServer({ store: { historySize: 5 }, onRequest: counter.onRequest });
  client = env.client();
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

async function namespace(name: string): Promise<void> {
  await client.create(NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

function configMap(namespaceName: string, name: string, data: Record<string, string> = {}): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: namespaceName, name }, data };
}

function recorder() {
  const log: string[] = [];
  const handler: InformerHandler<ConfigMap> = {
    onAdd: (o, initial) => log.push(`add ${o.metadata.name}${initial ? ' (initial)' : ''}`),
    onUpdate: (old, o) => log.push(old === o ? `resync ${o.metadata.name}` : `update ${o.metadata.name}`),
    onDelete: (o, unknown) => log.push(`delete ${o.metadata.name}${unknown ? ' (unknown)' : ''}`),
  };
  return { log, handler };
}

describe('Informer', () => {
  it('lists, then watches; delivers adds, updates and deletes; replays to late handlers; freezes objects', async () => {
    await namespace('inf-basic');
    await client.create(ConfigMapResource, configMap('inf-basic', 'before'));
    const informer = new Informer(client, ConfigMapResource, { namespace: 'inf-basic' });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    expect(await informer.waitForSync(undefined, 5000)).toBe(true);
    expect(log).toEqual(['add before (initial)']);
    const created = await client.create(ConfigMapResource, configMap('inf-basic', 'after'));
    await client.update(ConfigMapResource, { ...created, data: { a: '1' } });
    await client.delete(ConfigMapResource, { namespace: 'inf-basic', name: 'before' });
    await expect.poll(() => log.length, { timeout: 5000 }).toBe(4);
    expect(log.slice(1)).toEqual(['add after', 'update after', 'delete before']);
    const cached = informer.get({ namespace: 'inf-basic', name: 'after' });
    expect(cached?.data).toEqual({ a: '1' });
    expect(Object.isFrozen(cached?.data)).toBe(true);
    expect(() => {
      (cached as ConfigMap).data = {};
    }).toThrow(TypeError);
    const late = recorder();
    informer.addEventHandler(late.handler);
    expect(late.log).toEqual(['add after (initial)']);
    expect(informer.list({ namespace: 'inf-basic' })).toHaveLength(1);
    await informer.stop();
    expect(informer.state).toBe('stopped');
  });

  it('re-lists after a 410 and reports what it missed, with one list per expiry, not a loop', async () => {
    await namespace('inf-gone');
    for (const name of ['keep', 'change', 'remove'])
      await client.create(ConfigMapResource, configMap('inf-gone', name));
    const informer = new Informer(client, ConfigMapResource, {
      namespace: 'inf-gone',
      backoff: { initialMs: 50, maxMs: 200 },
    });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    await informer.waitForSync(undefined, 5000);
    await informer.stop();
    const path = '/api/v1/namespaces/inf-gone/configmaps';
    const mark = counter.mark();
    // More writes than the server's history holds, so the informer's resourceVersion expires.
    for (let i = 0; i < 8; i++) {
      await client.patch(
        ConfigMapResource,
        { namespace: 'inf-gone', name: 'change' },
        { type: 'merge', patch: { data: { n: String(i) } } },
      );
    }
    await client.delete(ConfigMapResource, { namespace: 'inf-gone', name: 'remove' });
    await client.create(ConfigMapResource, configMap('inf-gone', 'new'));
    for (let i = 0; i < 6; i++) await client.create(ConfigMapResource, configMap('default', `filler-${i}`));
    informer.start();
    await expect.poll(() => log.length, { timeout: 10_000 }).toBe(6);
    expect(log.slice(3).sort()).toEqual(['add new', 'delete remove (unknown)', 'update change']);
    expect(informer.stats.failures).toBeGreaterThanOrEqual(1);
    const lists = counter.since(mark).filter((r) => r.method === 'GET' && r.path === path && !r.watch);
    expect(lists).toHaveLength(1);
    await informer.stop();
  });

  it('re-delivers every cached object on each resync period', async () => {
    await namespace('inf-resync');
    await client.create(ConfigMapResource, configMap('inf-resync', 'one'));
    const informer = new Informer(client, ConfigMapResource, {
      namespace: 'inf-resync',
      resyncPeriodMs: 150,
    });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    await expect
      .poll(() => log.filter((l) => l === 'resync one').length, { timeout: 5000 })
      .toBeGreaterThan(1);
    await informer.stop();
  });

  it('backs off with jitter while the server is unreachable and catches up once it is back', async () => {
    const own = await startTestApiServer();
    const ownClient = own.client();
    try {
      const informer = new Informer(ownClient, NamespaceResource, {
        backoff: { initialMs: 100, maxMs: 800 },
      });
      const names: string[] = [];
      informer.addEventHandler({ onAdd: (ns) => names.push(ns.metadata.name ?? '') });
      informer.start();
      await informer.waitForSync(undefined, 5000);
      await own.server.stop();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const failures = informer.stats.failures;
      // 100, 200, 400, 800, 800 ms (each up to twice as long): a handful of attempts in 3 s, not a hot loop.
      expect(failures).toBeGreaterThanOrEqual(2);
      expect(failures).toBeLessThanOrEqual(12);
      await own.restart();
      await ownClient.create(NamespaceResource, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'later' },
      });
      await expect.poll(() => names, { timeout: 10_000 }).toContain('later');
      await informer.stop();
    } finally {
      ownClient.close();
      await own.dispose();
    }
  });
});
