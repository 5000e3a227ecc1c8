import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, ConfigMapResource, EventResource, NamespaceResource } from '../kube/index.js';
import { installCrd, startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { WidgetKind, widget } from '../kube/testing/widget-kind.js';
import { GracefulShutdownTimeoutError } from './manager.js';
import { runWidgetManager } from './testing/manager-harness.js';
import { convergenceGap } from './testing/widget-controller.js';

let env: TestApiServer;
let client: ClusterClient;

beforeAll(async () => {
  env = await startTestApiServer({ name: 'hub' });
  client = env.client();
  await installCrd(client, WidgetKind);
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

async function namespace(name: string): Promise<void> {
  await client.create(NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

async function converged(target: ClusterClient, ns: string, timeout = 20_000): Promise<void> {
  await expect.poll(() => convergenceGap(target, ns), { timeout, interval: 100 }).toBe('');
}

async function get(port: number | undefined, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
}

describe('Manager with the sample Widget controller', () => {
  it('converges after objects are created, updated and deleted, and serves health and metrics', async () => {
    await namespace('converge');
    const run = runWidgetManager([env.client({ name: 'hub' })], { health: { port: 0, host: '127.0.0.1' } });
    try {
      await run.manager.elected();
      for (let i = 0; i < 20; i++) await client.create(WidgetKind, widget('converge', `w${i}`, i));
      await converged(client, 'converge');
      for (let i = 0; i < 5; i++) {
        await client.patch(
          WidgetKind,
          { namespace: 'converge', name: `w${i}` },
          { type: 'merge', patch: { spec: { size: 100 + i, color: 'blue' } } },
        );
      }
      for (let i = 15; i < 20; i++) await client.delete(WidgetKind, { namespace: 'converge', name: `w${i}` });
      await converged(client, 'converge');
      const widgets = await client.list(WidgetKind, { namespace: 'converge' });
      expect(widgets.items).toHaveLength(15);
      const cm = await client.get(ConfigMapResource, { namespace: 'converge', name: 'widget-w3' });
      expect(cm.data).toEqual({ size: '103', color: 'blue' });
      const ready = widgets.items.find((w) => w.metadata.name === 'w3')?.status?.conditions?.[0];
      expect(ready).toMatchObject({ type: 'Ready', status: 'True', observedGeneration: 2 });
      // One Synced event per widget; the second write of an updated widget's ConfigMap bumps its count.
      const countOf = async (name: string) =>
        (await client.list(EventResource, { namespace: 'converge' })).items.find(
          (e) => e.involvedObject.name === name && e.reason === 'Synced',
        )?.count;
      await expect.poll(() => countOf('w0'), { timeout: 5000 }).toBe(2);
      expect(await countOf('w10')).toBe(1);
      expect((await client.list(EventResource, { namespace: 'converge' })).items).toHaveLength(20);
      const port = run.manager.healthPort;
      expect(await get(port, '/healthz')).toEqual({ status: 200, text: 'ok' });
      expect((await get(port, '/readyz?verbose')).text).toContain('[+]caches ok');
      const metrics = (await get(port, '/metrics')).text;
      const successes = Number(
        /controller_runtime_reconcile_total\{controller="widget",result="success"\} (\d+)/.exec(metrics)?.[1],
      );
      expect(successes).toBeGreaterThanOrEqual(25);
      expect(metrics).toMatch(/workqueue_adds_total\{name="widget",controller="widget"\} [1-9]/);
      expect(metrics).toMatch(/workqueue_depth\{name="widget",controller="widget",priority=""\} 0/);
      expect(metrics).toMatch(/controller_runtime_reconcile_time_seconds_count\{controller="widget"\} [1-9]/);
      expect(metrics).toMatch(/rest_client_requests_total\{code="201",method="POST",host="hub"\} [1-9]/);
    } finally {
      await run.stop();
    }
  });

  it('retries conflicting writes and logs the error with controller, object and reconcile id', async () => {
    await namespace('conflict');
    const run = runWidgetManager([env.client({ name: 'hub' })]);
    try {
      await client.create(WidgetKind, widget('conflict', 'c1', 1));
      await converged(client, 'conflict');
      let interfered = false;
      run.probe.beforeConfigMapWrite = async (cm) => {
        if (interfered || cm.metadata.name !== 'widget-c1') return;
        interfered = true;
        await client.patch(
          ConfigMapResource,
          { namespace: 'conflict', name: 'widget-c1' },
          { type: 'merge', patch: { metadata: { annotations: { 'someone-else': 'was here' } } } },
        );
      };
      const errorsBefore = run.logs.filter((l) => l.msg === 'Reconciler error').length;
      await client.patch(
        WidgetKind,
        { namespace: 'conflict', name: 'c1' },
        { type: 'merge', patch: { spec: { size: 2 } } },
      );
      await converged(client, 'conflict');
      expect(interfered).toBe(true);
      const errors = run.logs.filter((l) => l.msg === 'Reconciler error').slice(errorsBefore);
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors[0]).toMatchObject({
        controller: 'widget',
        cluster: 'hub',
        namespace: 'conflict',
        name: 'c1',
      });
      expect((errors[0]?.err as { type?: string } | undefined)?.type).toBe('ConflictError');
      expect(errors[0]?.reconcileID).toMatch(/^[0-9a-f-]{36}$/);
      const cm = await client.get(ConfigMapResource, { namespace: 'conflict', name: 'widget-c1' });
      expect(cm.data?.size).toBe('2');
      expect(cm.metadata.annotations?.['someone-else']).toBe('was here');
    } finally {
      await run.stop();
    }
  });

  it('drains in-flight reconciles on shutdown', async () => {
    await namespace('drain');
    const run = runWidgetManager([env.client({ name: 'hub' })]);
    let slowStarted = false;
    run.probe.beforeReconcile = async (request) => {
      if (request.name !== 'slow' || slowStarted) return;
      slowStarted = true;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    };
    await client.create(WidgetKind, widget('drain', 'slow', 7));
    await expect.poll(() => slowStarted, { timeout: 10_000 }).toBe(true);
    const stopping = Date.now();
    await run.stop();
    const took = Date.now() - stopping;
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(run.manager.state).toBe('stopped');
    const cm = await client.get(ConfigMapResource, { namespace: 'drain', name: 'widget-slow' });
    expect(cm.data?.size).toBe('7');
  });

  it('aborts reconciles that outlive the graceful shutdown timeout and reports it', async () => {
    await namespace('stuck');
    const run = runWidgetManager([env.client({ name: 'hub' })], { gracefulShutdownTimeoutMs: 300 });
    let sawAbort = false;
    let started = false;
    run.probe.beforeReconcile = async (request, { signal }) => {
      if (request.namespace !== 'stuck') return;
      started = true;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      sawAbort = true;
    };
    await client.create(WidgetKind, widget('stuck', 'stuck', 1));
    await expect.poll(() => started, { timeout: 10_000 }).toBe(true);
    await expect(run.stop()).rejects.toBeInstanceOf(GracefulShutdownTimeoutError);
    expect(sawAbort).toBe(true);
  });
});
