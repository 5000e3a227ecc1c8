import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_SET_LABEL, type ManagedCluster, ManagedClusterKind } from '../../api/index.js';
import { LeaseResource, NamespaceResource } from '../../kube/index.js';
import { type EventuallyOptions, eventually } from '../../kube/testing/eventually.js';
import { findCondition } from '../../runtime/index.js';
import type { Agent } from '../agent.js';
import { leaseCheckerFactory } from './lease-checker.js';
import { CLUSTER_LEASE_NAME } from './ocm-names.js';
import { type OcmTestEnv, startOcmTestEnv } from './ocm-test-env.js';
import { registrationAgentFactory } from './registration-agent.js';

/** Lease 60 s / 300 = 200 ms; grace 5 × 200 ms = 1 s. */
const TIME_SCALE = 300;
const GRACE_MS = 1_000;
let env: OcmTestEnv;
/** How long this file's waits poll. */
const WAIT: EventuallyOptions = { timeoutMs: 10_000 };
const agents = new Map<string, Agent>();

async function available(name: string): Promise<string | undefined> {
  const cluster = await env.hub.client.get(ManagedClusterKind, { name });
  return findCondition(cluster.status?.conditions, 'ManagedClusterConditionAvailable')?.status;
}

beforeAll(async () => {
  env = await startOcmTestEnv(['dr1', 'dr2'], TIME_SCALE);
  await env.start(leaseCheckerFactory, 'hub');
  for (const name of ['dr1', 'dr2']) agents.set(name, await env.start(registrationAgentFactory, name));
});

afterAll(async () => {
  await env?.dispose();
});

describe('registration agent and lease checker', () => {
  it('registers each cluster with its namespace, lease, claim and conditions', async () => {
    const cluster: ManagedCluster = await eventually(
      async () => {
        const current = await env.hub.client.get(ManagedClusterKind, { name: 'dr1' });
        return findCondition(current.status?.conditions, 'ManagedClusterConditionAvailable')?.status ===
          'True'
          ? current
          : undefined;
      },
      { ...WAIT, what: 'dr1 available' },
    );
    expect(cluster.spec?.hubAcceptsClient).toBe(true);
    expect(cluster.metadata.labels).toMatchObject({ name: 'dr1', [CLUSTER_SET_LABEL]: 'default' });
    for (const type of ['HubAcceptedManagedCluster', 'ManagedClusterJoined']) {
      expect(findCondition(cluster.status?.conditions, type)?.status).toBe('True');
    }
    const kubeSystem = await env.managed.get('dr1')?.client.get(NamespaceResource, { name: 'kube-system' });
    expect(kubeSystem?.metadata.uid).toBeTruthy();
    expect(cluster.status?.clusterClaims).toContainEqual({
      name: 'id.k8s.io',
      value: kubeSystem?.metadata.uid,
    });
    await env.hub.client.get(NamespaceResource, { name: 'dr1' });
    const lease = await env.hub.client.get(LeaseResource, { namespace: 'dr1', name: CLUSTER_LEASE_NAME });
    const firstRenew = lease.spec?.renewTime;
    await eventually(
      async () => {
        const again = await env.hub.client.get(LeaseResource, { namespace: 'dr1', name: CLUSTER_LEASE_NAME });
        return again.spec?.renewTime !== firstRenew ? true : undefined;
      },
      { ...WAIT, what: 'lease renewed' },
    );
  });

  it('turns Available Unknown within the grace period once the agents stop, and True when they return', async () => {
    await eventually(
      async () =>
        (await available('dr1')) === 'True' && (await available('dr2')) === 'True' ? true : undefined,
      { ...WAIT, what: 'both available' },
    );
    const stoppedAt = Date.now();
    await agents.get('dr1')?.stop();
    await eventually(async () => ((await available('dr1')) === 'Unknown' ? true : undefined), {
      what: 'dr1 unknown',
      timeoutMs: 5_000,
    });
    const elapsed = Date.now() - stoppedAt;
    expect(elapsed).toBeLessThan(GRACE_MS + 500);
    expect(elapsed).toBeGreaterThan(GRACE_MS / 2);
    const dr1 = await env.hub.client.get(ManagedClusterKind, { name: 'dr1' });
    expect(findCondition(dr1.status?.conditions, 'ManagedClusterConditionAvailable')?.reason).toBe(
      'ManagedClusterLeaseUpdateStopped',
    );
    expect(await available('dr2')).toBe('True');

    agents.set('dr1', await env.start(registrationAgentFactory, 'dr1'));
    await eventually(async () => ((await available('dr1')) === 'True' ? true : undefined), {
      what: 'dr1 back',
      timeoutMs: 5_000,
    });
  });
});
