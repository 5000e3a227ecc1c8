/**
 * The one long test: with 500 Widgets converged, a real minute of idle must produce no writes besides the leader's
 * Lease renewals and no reconciles (resyncs are 10 h apart). The minute is real because what could disturb the
 * steady state runs on real time on both sides: watches end on their server-side timeout (20–30 s here, so every
 * informer re-watches at least once), the server sends bookmarks every 5 s, and the leader renews every 2 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, NamespaceResource } from '../kube/index.js';
import { installCrd, startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { RequestCounter } from '../kube/testing/request-counter.js';
import { WidgetKind, widget } from '../kube/testing/widget-kind.js';
import { controllerIdle, runWidgetManager } from './testing/manager-harness.js';
import { convergenceGap } from './testing/widget-controller.js';

const WIDGETS = 500;
const IDLE_MS = 60_000;

let env: TestApiServer;
let client: ClusterClient;
const counter = new RequestCounter();

beforeAll(async () => {
  env = await startTestApiServer({
    name: 'hub',
    onRequest: counter.onRequest,
    store: { bookmarkIntervalMs: 5000 },
  });
  client = env.client();
  await installCrd(client, WidgetKind);
  await client.create(NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'idle' } });
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

describe('steady state', () => {
  it(`is quiet: ${WIDGETS} converged objects, one minute idle, no writes but Lease renewals, no reconciles`, {
    timeout: 180_000,
  }, async () => {
    const run = runWidgetManager([env.client({ name: 'hub' })], {
      maxConcurrentReconciles: 4,
      informer: { watchTimeoutSeconds: [20, 30] },
      leaderElection: { name: 'idle-test', namespace: 'default' },
    });
    try {
      await run.manager.elected();
      for (let i = 0; i < WIDGETS; i++) await client.create(WidgetKind, widget('idle', `w${i}`, i % 100));
      await expect.poll(() => convergenceGap(client, 'idle'), { timeout: 120_000, interval: 500 }).toBe('');
      const convergedAt = Date.now();
      // Converged also means the controller has nothing left to do: no queued, delayed or in-flight requests.
      await expect.poll(() => controllerIdle(run.controller), { timeout: 60_000, interval: 200 }).toBe(true);
      const conflicts = run.logs.filter((l) => l.msg === 'Reconciler error').length;
      console.log(
        `converged with ${run.probe.reconciles} reconciles, ${conflicts} retried errors; ` +
          `controller idle ${Date.now() - convergedAt} ms later`,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));

      const mark = counter.mark();
      const reconcilesBefore = run.probe.reconciles;
      const successesBefore = await reconcileTotal(run.manager.registry.metrics());
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      const requests = counter.since(mark);
      const writes = counter.writesSince(mark);
      const leaseWrites = writes.filter((r) => r.path.includes('/leases/'));
      const otherWrites = writes.filter((r) => !r.path.includes('/leases/'));
      const watches = requests.filter((r) => r.watch).length;
      const lists = requests.filter(
        (r) => r.method === 'GET' && !r.watch && !r.path.includes('/leases/'),
      ).length;
      const reconciles = run.probe.reconciles - reconcilesBefore;
      console.log(
        `idle minute with ${WIDGETS} widgets: ${requests.length} requests (${watches} re-watches, ${lists} other reads, ` +
          `${leaseWrites.length} Lease renewals), ${otherWrites.length} other writes, ${reconciles} reconciles`,
      );
      expect(otherWrites).toEqual([]);
      expect(reconciles).toBe(0);
      expect((await reconcileTotal(run.manager.registry.metrics())) - successesBefore).toBe(0);
      expect(lists).toBe(0);
      // Renewals every 2 s (controller-runtime's retry period): about 30 in a minute.
      expect(leaseWrites.length).toBeGreaterThanOrEqual(25);
      expect(leaseWrites.length).toBeLessThanOrEqual(31);
      // Both informers (Widgets, ConfigMaps) re-watched at least twice on their 20–30 s timeouts, without re-listing.
      expect(watches).toBeGreaterThanOrEqual(4);
    } finally {
      await run.stop();
    }
  });
});

async function reconcileTotal(metrics: Promise<string>): Promise<number> {
  let total = 0;
  for (const line of (await metrics).split('\n')) {
    if (line.startsWith('controller_runtime_reconcile_total{')) total += Number(line.split(' ').pop());
  }
  return total;
}
