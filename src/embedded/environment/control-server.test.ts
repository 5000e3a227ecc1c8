import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlRequestError, sendControl } from './control-client.js';
import { type ControlServer, startControlServer } from './control-server.js';
import { startEnvironment } from './environment.js';
import type { Environment } from './environment-types.js';
import type { RunInfo } from './run-file.js';

describe.sequential('the control endpoint of a running environment', () => {
  let env: Environment;
  let control: ControlServer;
  let run: RunInfo;

  beforeAll(async () => {
    env = await startEnvironment({ agents: [] });
    control = await startControlServer(env);
    run = {
      pid: process.pid,
      controlUrl: control.url,
      token: control.token,
      startedAt: new Date().toISOString(),
    };
  });

  afterAll(async () => {
    await control?.close();
    await env?.stop();
  });

  it('reports every cluster without the S3 secret key', async () => {
    const status = await sendControl(run, 'GET', '/status');
    expect(status.map((cluster) => [cluster.name, cluster.role, cluster.state])).toEqual([
      ['hub', 'hub', 'running'],
      ['dr1', 'managed', 'running'],
      ['dr2', 'managed', 'running'],
    ]);
    expect(status[1]?.s3?.profileName).toBe('minio-on-dr1');
    expect(JSON.stringify(status)).not.toContain(env.s3('dr1').secretAccessKey);
  });

  it('applies faults to the environment and answers with the status after them', async () => {
    const stopped = await sendControl(run, 'POST', '/clusters/dr1/stop');
    expect(stopped.find((cluster) => cluster.name === 'dr1')?.state).toBe('stopped');
    expect(env.s3('dr1').reachable).toBe(false);
    await sendControl(run, 'POST', '/clusters/dr1/start');
    expect(env.status().find((cluster) => cluster.name === 'dr1')?.state).toBe('running');

    await sendControl(run, 'POST', '/s3/dr2/down');
    expect([env.s3('dr1').reachable, env.s3('dr2').reachable]).toEqual([true, false]);
    await sendControl(run, 'POST', '/s3/down');
    expect(env.s3('dr1').reachable).toBe(false);
    await sendControl(run, 'POST', '/s3/up');
    expect([env.s3('dr1').reachable, env.s3('dr2').reachable]).toEqual([true, true]);

    const partitioned = await sendControl(run, 'POST', '/clusters/dr2/partition');
    expect(partitioned.find((cluster) => cluster.name === 'dr2')?.partitioned).toBe(true);
    await sendControl(run, 'POST', '/clusters/dr2/heal');
    expect(env.status().find((cluster) => cluster.name === 'dr2')?.partitioned).toBe(false);
  });

  it('refuses a wrong token, unknown clusters and unknown actions', async () => {
    await expect(sendControl({ ...run, token: 'wrong' }, 'GET', '/status')).rejects.toThrow(/token/);
    await expect(sendControl(run, 'POST', '/clusters/dr9/stop')).rejects.toThrow(/no cluster named dr9/);
    await expect(sendControl(run, 'POST', '/clusters/hub/partition')).rejects.toBeInstanceOf(
      ControlRequestError,
    );
    await expect(sendControl(run, 'POST', '/clusters/dr1/explode')).rejects.toThrow(/no such control action/);
  });
});
