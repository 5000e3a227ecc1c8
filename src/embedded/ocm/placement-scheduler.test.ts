import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPERIMENTAL_SCHEDULING_DISABLE_ANNOTATION,
  ManagedClusterKind,
  ManagedClusterSetBindingKind,
  PLACEMENT_LABEL,
  type Placement,
  type PlacementDecision,
  PlacementDecisionKind,
  PlacementKind,
} from '../../api/index.js';
import { isNotFound, NamespaceResource } from '../../kube/index.js';
import { type EventuallyOptions, eventually } from '../../kube/testing/eventually.js';
import { findCondition, isConditionTrue } from '../../runtime/index.js';
import { leaseCheckerFactory } from './lease-checker.js';
import { type OcmTestEnv, startOcmTestEnv } from './ocm-test-env.js';
import { placementSchedulerFactory } from './placement-scheduler.js';
import { registrationAgentFactory } from './registration-agent.js';

const NAMESPACE = 'apps';
let env: OcmTestEnv;
/** How long this file's waits poll. */
const WAIT: EventuallyOptions = { timeoutMs: 10_000 };

function placement(name: string, spec: Placement['spec'], annotations?: Record<string, string>): Placement {
  return {
    apiVersion: PlacementKind.apiVersion,
    kind: PlacementKind.kind,
    metadata: { name, namespace: NAMESPACE, ...(annotations && { annotations }) },
    spec,
  };
}

async function decisionOf(name: string): Promise<PlacementDecision | undefined> {
  try {
    const decision = await env.hub.client.get(PlacementDecisionKind, {
      namespace: NAMESPACE,
      name: `${name}-decision-1`,
    });
    return decision.status?.decisions ? decision : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

const chosen = (decision: PlacementDecision) => decision.status?.decisions.map((d) => d.clusterName);

beforeAll(async () => {
  env = await startOcmTestEnv(['dr1', 'dr2'], 60);
  await env.hub.client.create(NamespaceResource, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NAMESPACE },
  });
  await env.start(leaseCheckerFactory, 'hub');
  for (const name of ['dr1', 'dr2']) await env.start(registrationAgentFactory, name);
  await eventually(
    async () => {
      const clusters = (await env.hub.client.list(ManagedClusterKind)).items;
      const ready = clusters.filter((c) =>
        isConditionTrue(c.status?.conditions, 'ManagedClusterConditionAvailable'),
      );
      return ready.length === 2 ? true : undefined;
    },
    { ...WAIT, what: 'clusters available' },
  );
  await env.start(placementSchedulerFactory, 'hub');
});

afterAll(async () => {
  await env?.dispose();
});

describe('placement scheduler', () => {
  it('decides a Placement from the bound default set and reports its status', async () => {
    const created = await env.hub.client.create(PlacementKind, placement('one', { numberOfClusters: 1 }));
    const decision = await eventually(() => decisionOf('one'), { ...WAIT, what: 'decision of one' });
    expect(chosen(decision)).toEqual(['dr1']);
    expect(decision.metadata.labels?.[PLACEMENT_LABEL]).toBe('one');
    expect(decision.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Placement',
      name: 'one',
      uid: created.metadata.uid,
      controller: true,
    });
    const binding = await env.hub.client.get(ManagedClusterSetBindingKind, {
      namespace: NAMESPACE,
      name: 'default',
    });
    expect(binding.spec.clusterSet).toBe('default');
    const status = await eventually(
      async () => {
        const current = await env.hub.client.get(PlacementKind, { namespace: NAMESPACE, name: 'one' });
        return current.status?.numberOfSelectedClusters === 1 ? current.status : undefined;
      },
      { ...WAIT, what: 'placement status' },
    );
    expect(findCondition(status.conditions, 'PlacementSatisfied')).toMatchObject({
      status: 'True',
      reason: 'AllDecisionsScheduled',
    });
  });

  it('selects all clusters by default and honours label predicates', async () => {
    await env.hub.client.create(PlacementKind, placement('all', {}));
    await env.hub.client.create(
      PlacementKind,
      placement('second', {
        predicates: [{ requiredClusterSelector: { labelSelector: { matchLabels: { name: 'dr2' } } } }],
      }),
    );
    expect(chosen(await eventually(() => decisionOf('all'), { ...WAIT, what: 'decision of all' }))).toEqual([
      'dr1',
      'dr2',
    ]);
    expect(
      chosen(await eventually(() => decisionOf('second'), { ...WAIT, what: 'decision of second' })),
    ).toEqual(['dr2']);
  });

  it('leaves Placements with scheduling disabled to their owner', async () => {
    await env.hub.client.create(
      PlacementKind,
      placement('ramen', { numberOfClusters: 1 }, { [EXPERIMENTAL_SCHEDULING_DISABLE_ANNOTATION]: 'true' }),
    );
    // A control Placement created after it is decided; by then the disabled one has been seen too.
    await env.hub.client.create(PlacementKind, placement('control', { numberOfClusters: 1 }));
    await eventually(() => decisionOf('control'), { ...WAIT, what: 'decision of control' });
    expect(await decisionOf('ramen')).toBeUndefined();

    // Ramen writes the decision itself; the scheduler must not overwrite it.
    const own = await env.hub.client.create(PlacementDecisionKind, {
      apiVersion: PlacementDecisionKind.apiVersion,
      kind: PlacementDecisionKind.kind,
      metadata: { name: 'ramen-decision-1', namespace: NAMESPACE, labels: { [PLACEMENT_LABEL]: 'ramen' } },
    });
    await env.hub.client.updateStatus(PlacementDecisionKind, {
      ...own,
      status: { decisions: [{ clusterName: 'dr2', reason: 'RetainedForFailover' }] },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const kept = await decisionOf('ramen');
    expect(kept?.status?.decisions).toEqual([{ clusterName: 'dr2', reason: 'RetainedForFailover' }]);
  });
});
