/**
 * Controller runtime throughput: how long the sample Widget controller (finalizer, owned ConfigMap, status with a
 * Ready condition, an event) takes to converge 2,000 new objects against the embedded API server over HTTPS, and
 * how many API requests the runtime spends per converged object (counted on the manager's own client: lists,
 * watches, reads and writes; leader election is off). The floor is 4 writes per object — the finalizer patch, the
 * ConfigMap create, the status patch and the Synced Event — since reads come from the informer cache, which costs
 * one list and one watch per resource.
 */
import { Registry } from 'prom-client';
import { startApiServer } from '../src/apiserver/http/index.js';
import {
  ClientNodeClusterClient,
  type ClusterClient,
  loadKubeConfig,
  NamespaceResource,
  type RequestRecord,
} from '../src/kube/index.js';
import { installCrd } from '../src/kube/testing/api-server-env.js';
import { WidgetKind, widget } from '../src/kube/testing/widget-kind.js';
import { controllerIdle, runWidgetManager } from '../src/runtime/testing/manager-harness.js';
import { convergenceGap } from '../src/runtime/testing/widget-controller.js';
import { atLeast, atMost, type BenchSuite, type Figure } from './harness.js';

const OBJECTS = 2000;
const CREATE_CONCURRENCY = 32;
const WORKERS = 4;

async function createAll(client: ClusterClient, namespace: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < OBJECTS) {
      const i = next++;
      await client.create(WidgetKind, widget(namespace, `w${i}`, i % 1000));
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
}

async function waitConverged(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not converged within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(): Promise<Figure[]> {
  const server = await startApiServer({ name: 'bench', stopGraceMs: 200 });
  const connect = () =>
    new ClientNodeClusterClient({
      kubeConfig: loadKubeConfig({ path: server.kubeconfigPath }),
      name: 'bench',
    });
  const driver = connect();
  const managerClient = connect();
  const records: RequestRecord[] = [];
  managerClient.observeRequests((record) => records.push(record));
  try {
    await installCrd(driver, WidgetKind);
    await driver.create(NamespaceResource, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'bench' },
    });
    const run = runWidgetManager([managerClient], {
      maxConcurrentReconciles: WORKERS,
      registry: new Registry(),
    });
    try {
      await run.manager.elected();
      const started = performance.now();
      await createAll(driver, 'bench');
      const created = performance.now();
      await waitConverged(
        async () => controllerIdle(run.controller) && (await convergenceGap(driver, 'bench')) === '',
        300_000,
      );
      const seconds = (performance.now() - started) / 1000;
      const writes = records.filter((r) => r.method !== 'GET').length;
      const errors = run.logs.filter((l) => l.msg === 'Reconciler error').length;
      return [
        atMost(`time to converge ${OBJECTS} objects`, seconds, 's', 60),
        atLeast('reconcile throughput', OBJECTS / seconds, 'objects/s', 50),
        atMost('API requests per converged object', records.length / OBJECTS, 'requests', 4.1),
        { metric: 'API writes per converged object', value: writes / OBJECTS, unit: 'requests' },
        {
          metric: 'API reads (lists, watches, gets) in total',
          value: records.length - writes,
          unit: 'requests',
        },
        { metric: 'reconciles per object', value: run.probe.reconciles / OBJECTS, unit: 'reconciles' },
        { metric: 'retried reconcile errors', value: errors, unit: 'errors' },
        { metric: `creating ${OBJECTS} objects (driver)`, value: (created - started) / 1000, unit: 's' },
      ];
    } finally {
      await run.stop();
    }
  } finally {
    driver.close();
    managerClient.close();
    await server.stop();
  }
}

/** The `runtime` suite: see the module comment. */
export const runtimeSuite: BenchSuite = { name: 'runtime', run: measure };
