import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, ConfigMapResource, NamespaceResource } from '../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { silentLogger } from './logging.js';
import { Manager } from './manager.js';
import { objectFilter } from './predicates.js';
import { type Request, type Result, TerminalError } from './reconcile.js';

let env: TestApiServer;
let client: ClusterClient;

beforeAll(async () => {
  env = await startTestApiServer({ name: 'hub' });
  client = env.client();
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

async function metricValue(manager: Manager, name: string, labels: string): Promise<number> {
  const text = await manager.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return Number(line?.split(' ').pop());
}

function startManager(reconcile: (request: Request) => Promise<Result>, namespace: string, workers = 1) {
  const manager = new Manager({ clusters: [env.client({ name: 'hub' })], logger: silentLogger() });
  manager.addController({
    name: `loop-${namespace}`,
    maxConcurrentReconciles: workers,
    for: {
      resource: ConfigMapResource,
      predicates: [objectFilter((cm) => cm.metadata.namespace === namespace)],
    },
    reconciler: reconcile,
  });
  const stop = new AbortController();
  const done = manager.start(stop.signal);
  return {
    manager,
    stop: async () => {
      stop.abort();
      await done;
    },
  };
}

async function configMaps(namespace: string, names: string[]): Promise<void> {
  await client.create(NamespaceResource, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  for (const name of names) {
    await client.create(ConfigMapResource, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace, name },
    });
  }
}

describe('Controller reconcile loop', () => {
  it("follows controller-runtime's reconcileHandler: backoff on errors, no retry on TerminalError, requeueAfter", async () => {
    const calls = new Map<string, number[]>();
    const { manager, stop } = startManager(async (request) => {
      const times = calls.get(request.name) ?? [];
      times.push(Date.now());
      calls.set(request.name, times);
      switch (request.name) {
        case 'terminal':
          throw new TerminalError('the spec cannot work');
        case 'wrapped':
          throw new Error('could not apply', { cause: new TerminalError('bad input') });
        case 'flaky':
          if (times.length < 3) throw new Error('transient');
          return {};
        case 'poll':
          return times.length < 4 ? { requeueAfter: 100 } : {};
        default:
          return {};
      }
    }, 'loop');
    try {
      await configMaps('loop', ['terminal', 'wrapped', 'flaky', 'poll', 'plain']);
      await expect.poll(() => calls.get('poll')?.length, { timeout: 5000 }).toBe(4);
      await expect.poll(() => calls.get('flaky')?.length, { timeout: 5000 }).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(calls.get('terminal')).toHaveLength(1);
      expect(calls.get('wrapped')).toHaveLength(1);
      expect(calls.get('plain')).toHaveLength(1);
      expect(calls.get('flaky')).toHaveLength(3);
      expect(calls.get('poll')).toHaveLength(4);
      const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));
      for (const gap of gaps(calls.get('poll') ?? [])) expect(gap).toBeGreaterThanOrEqual(95);
      const [firstRetry, secondRetry] = gaps(calls.get('flaky') ?? []);
      expect(firstRetry).toBeGreaterThanOrEqual(4);
      expect(secondRetry).toBeGreaterThanOrEqual(9);
      const labels = (result: string) => `controller="loop-loop",result="${result}"`;
      expect(await metricValue(manager, 'controller_runtime_reconcile_total', labels('error'))).toBe(4);
      expect(await metricValue(manager, 'controller_runtime_reconcile_total', labels('requeue_after'))).toBe(
        3,
      );
      expect(await metricValue(manager, 'controller_runtime_reconcile_total', labels('success'))).toBe(3);
      expect(
        await metricValue(
          manager,
          'controller_runtime_terminal_reconcile_errors_total',
          'controller="loop-loop"',
        ),
      ).toBe(2);
      expect(
        await metricValue(manager, 'workqueue_retries_total', 'name="loop-loop",controller="loop-loop"'),
      ).toBe(2);
    } finally {
      await stop();
    }
  });

  it('never reconciles one key in two workers at once and collapses events that arrive meanwhile', async () => {
    let active = 0;
    let maxActive = 0;
    let busyCalls = 0;
    let otherCalls = 0;
    const { stop } = startManager(
      async (request) => {
        if (request.name !== 'busy') {
          otherCalls++;
          return {};
        }
        busyCalls++;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 150));
        active--;
        return {};
      },
      'dedupe',
      4,
    );
    try {
      await configMaps('dedupe', ['busy', 'other']);
      await expect.poll(() => busyCalls, { timeout: 5000 }).toBe(1);
      for (let i = 0; i < 10; i++) {
        await client.patch(
          ConfigMapResource,
          { namespace: 'dedupe', name: 'busy' },
          { type: 'merge', patch: { data: { n: String(i) } } },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(maxActive).toBe(1);
      expect(busyCalls).toBeGreaterThanOrEqual(2);
      expect(busyCalls).toBeLessThan(11);
      expect(otherCalls).toBe(1);
    } finally {
      await stop();
    }
  });
});
