import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManagedClusterView, ManagedClusterViewKind } from '../../api/index.js';
import { type ConfigMap, ConfigMapResource, NamespaceResource } from '../../kube/index.js';
import { type EventuallyOptions, eventually } from '../../kube/testing/eventually.js';
import { findCondition } from '../../runtime/index.js';
import { type OcmTestEnv, startOcmTestEnv } from './ocm-test-env.js';
import { viewAgentFactory } from './view-agent.js';

const CLUSTER = 'dr1';
/** Refresh every 30 s / 60 = 500 ms. */
const TIME_SCALE = 60;
let env: OcmTestEnv;
/** How long this file's waits poll. */
const WAIT: EventuallyOptions = { timeoutMs: 10_000 };

const spoke = () => env.managed.get(CLUSTER)?.client as OcmTestEnv['hub']['client'];

function view(name: string, scope: NonNullable<ManagedClusterView['spec']>['scope']): ManagedClusterView {
  return {
    apiVersion: ManagedClusterViewKind.apiVersion,
    kind: ManagedClusterViewKind.kind,
    metadata: { name, namespace: CLUSTER },
    spec: { scope },
  };
}

async function readView(name: string): Promise<ManagedClusterView> {
  return env.hub.client.get(ManagedClusterViewKind, { namespace: CLUSTER, name });
}

function resultData(current: ManagedClusterView): Record<string, string> | undefined {
  return (current.status?.result as ConfigMap | undefined)?.data;
}

beforeAll(async () => {
  env = await startOcmTestEnv([CLUSTER], TIME_SCALE);
  await env.hub.client.create(NamespaceResource, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: CLUSTER },
  });
  await spoke().create(ConfigMapResource, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'watched', namespace: 'default' },
    data: { state: 'one' },
  });
  await env.start(viewAgentFactory, CLUSTER);
});

afterAll(async () => {
  await env?.dispose();
});

describe('view agent', () => {
  it('reports a missing object as GetResourceFailed "not found"', async () => {
    await env.hub.client.create(
      ManagedClusterViewKind,
      view('missing', { resource: 'configmaps', name: 'nothing', namespace: 'default' }),
    );
    const processing = await eventually(
      async () => {
        const condition = findCondition((await readView('missing')).status?.conditions, 'Processing');
        return condition?.status === 'False' ? condition : undefined;
      },
      { ...WAIT, what: 'Processing False' },
    );
    expect(processing.reason).toBe('GetResourceFailed');
    expect(processing.message).toMatch(/not found$/);
  });

  it('reads by kind and version as well as by resource', async () => {
    await env.hub.client.create(
      ManagedClusterViewKind,
      view('by-kind', { kind: 'ConfigMap', version: 'v1', name: 'watched', namespace: 'default' }),
    );
    const current = await eventually(
      async () => {
        const found = await readView('by-kind');
        return resultData(found) ? found : undefined;
      },
      { ...WAIT, what: 'by-kind result' },
    );
    expect(resultData(current)).toEqual({ state: 'one' });
  });

  it('reflects a change within a second and keeps the last result while the cluster is down', async () => {
    await env.hub.client.create(
      ManagedClusterViewKind,
      view('cm', { resource: 'configmaps', name: 'watched', namespace: 'default' }),
    );
    const first = await eventually(
      async () => {
        const current = await readView('cm');
        return resultData(current)?.state === 'one' ? current : undefined;
      },
      { ...WAIT, what: 'first result' },
    );
    const processing = findCondition(first.status?.conditions, 'Processing');
    expect(processing).toMatchObject({ status: 'True', reason: 'GetResourceProcessing' });

    const changedAt = Date.now();
    await spoke().patch(
      ConfigMapResource,
      { namespace: 'default', name: 'watched' },
      { type: 'merge', patch: { data: { state: 'two' } } },
    );
    await eventually(async () => (resultData(await readView('cm'))?.state === 'two' ? true : undefined), {
      what: 'changed result',
      timeoutMs: 1_000,
    });
    expect(Date.now() - changedAt).toBeLessThan(1_000);

    await env.managed.get(CLUSTER)?.server.server.stop();
    const failed = await eventually(
      async () => {
        const current = await readView('cm');
        return findCondition(current.status?.conditions, 'Processing')?.status === 'False'
          ? current
          : undefined;
      },
      { what: 'Processing False while down', timeoutMs: 5_000 },
    );
    expect(findCondition(failed.status?.conditions, 'Processing')?.reason).toBe('GetResourceFailed');
    expect(resultData(failed)).toEqual({ state: 'two' });
  });
});
