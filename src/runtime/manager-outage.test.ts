import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, ConfigMapResource, NamespaceResource } from '../kube/index.js';
import { installCrd, startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { WidgetKind, widget } from '../kube/testing/widget-kind.js';
import { runWidgetManager } from './testing/manager-harness.js';
import { convergenceGap } from './testing/widget-controller.js';

let env: TestApiServer;
let client: ClusterClient;

beforeAll(async () => {
  env = await startTestApiServer({ name: 'hub' });
  client = env.client();
  await installCrd(client, WidgetKind);
  await client.create(NamespaceResource, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'outage' },
  });
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

describe('Manager across an API server outage', () => {
  it('recovers with backoff after 10 s down (same port and state) and misses no change', {
    timeout: 60_000,
  }, async () => {
    const run = runWidgetManager([env.client({ name: 'hub' })]);
    try {
      for (let i = 0; i < 10; i++) await client.create(WidgetKind, widget('outage', `w${i}`, i));
      await expect.poll(() => convergenceGap(client, 'outage'), { timeout: 20_000, interval: 100 }).toBe('');
      const informers = run.manager.cluster().cache.informers();
      const failuresBefore = informers.map((informer) => informer.stats.failures);
      const reconcilesBefore = run.probe.reconciles;

      await env.restart(10_000);
      const failuresDuringOutage = informers.map(
        (informer, i) => informer.stats.failures - (failuresBefore[i] ?? 0),
      );
      // Changes made at once after the restart, while the informers are still backing off.
      const key = (name: string) => ({ namespace: 'outage', name });
      for (const name of ['w0', 'w1', 'w2']) {
        await client.patch(WidgetKind, key(name), {
          type: 'merge',
          patch: { spec: { size: 500, color: 'red' } },
        });
      }
      await client.delete(WidgetKind, key('w3'));
      await client.delete(WidgetKind, key('w4'));
      await client.create(WidgetKind, widget('outage', 'w10', 10));
      await client.delete(ConfigMapResource, key('widget-w5'));
      await client.patch(ConfigMapResource, key('widget-w6'), {
        type: 'merge',
        patch: { data: { size: 'tampered' } },
      });

      await expect.poll(() => convergenceGap(client, 'outage'), { timeout: 30_000, interval: 100 }).toBe('');
      const names = (await client.list(WidgetKind, { namespace: 'outage' })).items
        .map((w) => w.metadata.name)
        .sort();
      expect(names).toEqual(['w0', 'w1', 'w10', 'w2', 'w5', 'w6', 'w7', 'w8', 'w9']);
      expect((await client.get(ConfigMapResource, key('widget-w5'))).data?.size).toBe('5');
      expect((await client.get(ConfigMapResource, key('widget-w6'))).data?.size).toBe('6');
      expect((await client.get(ConfigMapResource, key('widget-w1'))).data).toEqual({
        size: '500',
        color: 'red',
      });
      // 200 ms doubling to 2 s, each stretched by up to 2×: a handful of attempts per informer in 10 s, not a loop.
      for (const failures of failuresDuringOutage) {
        expect(failures).toBeGreaterThanOrEqual(3);
        expect(failures).toBeLessThanOrEqual(25);
      }
      expect(run.probe.reconciles).toBeGreaterThan(reconcilesBefore);
      console.log(
        `outage: informer failures during 10 s down: ${failuresDuringOutage.join(', ')}; ` +
          `reconciles after restart: ${run.probe.reconciles - reconcilesBefore}`,
      );
    } finally {
      await run.stop();
    }
  });
});
