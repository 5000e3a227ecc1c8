import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthServer } from './health-server.js';
import { RuntimeMetrics } from './metrics.js';

let server: HealthServer | undefined;

afterEach(async () => {
  await server?.stop();
});

async function get(path: string): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`http://127.0.0.1:${server?.port}${path}`);
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

describe('HealthServer', () => {
  it('answers probes like controller-runtime: ok, verbose listings, failures with reasons, single checks', async () => {
    const registry = new Registry();
    server = new HealthServer({ port: 0, host: '127.0.0.1' }, registry);
    let synced = false;
    server.addReadyzCheck('caches', () => {
      if (!synced) throw new Error('caches are not synced yet');
    });
    await server.start();
    expect(await get('/healthz')).toMatchObject({ status: 200, text: 'ok' });
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(500);
    expect(notReady.text).toBe(
      '[+]ping ok\n[-]caches failed: caches are not synced yet\nreadyz check failed\n',
    );
    expect((await get('/readyz?exclude=caches')).status).toBe(200);
    expect((await get('/readyz/caches')).status).toBe(500);
    synced = true;
    expect(await get('/readyz?verbose')).toMatchObject({
      status: 200,
      text: '[+]ping ok\n[+]caches ok\nreadyz check passed\n',
    });
    expect((await get('/readyz/caches')).text).toBe('ok');
    expect((await get('/nothing')).status).toBe(404);
  });

  it('serves the registry at /metrics in the Prometheus text format', async () => {
    const registry = new Registry();
    const metrics = RuntimeMetrics.for(registry);
    expect(RuntimeMetrics.for(registry)).toBe(metrics);
    metrics.initController('demo', 3);
    server = new HealthServer({ port: 0, host: '127.0.0.1' }, registry);
    await server.start();
    const res = await get('/metrics');
    expect(res.type).toContain('text/plain');
    expect(res.text).toContain('controller_runtime_max_concurrent_reconciles{controller="demo"} 3');
    expect(res.text).toContain(
      'controller_runtime_reconcile_total{controller="demo",result="requeue_after"} 0',
    );
    expect(res.text).toContain('# TYPE workqueue_queue_duration_seconds histogram');
  });
});
