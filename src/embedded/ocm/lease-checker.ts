/**
 * The hub side of cluster health (OCM's lease controller on the hub): a ManagedCluster whose cluster lease has not
 * been renewed for the grace period (5 × its scaled lease period) gets `ManagedClusterConditionAvailable` Unknown.
 * A cluster without a lease counts from its creation. The registration agent, while alive, sets it True again.
 */
import type { Condition } from '../../api/index.js';
import { type ManagedCluster, ManagedClusterConditionType, ManagedClusterKind } from '../../api/index.js';
import { type Lease, LeaseResource, parseMicroTime } from '../../kube/index.js';
import {
  enqueueRequestsFromMapFunc,
  findCondition,
  type Manager,
  objectFilter,
  setCondition,
} from '../../runtime/index.js';
import type { AgentContext, AgentFactory } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { OCM_AGENT_TUNING } from './agent-tuning.js';
import { CLUSTER_LEASE_NAME, LEASE_GRACE_RATIO, OcmReason } from './ocm-names.js';
import { leasePeriodMs } from './registration-agent.js';

/** When the cluster was last heard of: its lease renewal, or its creation when it has no lease. */
export function lastHeardOf(cluster: ManagedCluster, lease: Lease | undefined): number {
  const renewed = parseMicroTime(lease?.spec?.renewTime);
  if (!Number.isNaN(renewed)) return renewed;
  const created = Date.parse(cluster.metadata.creationTimestamp ?? '');
  return Number.isNaN(created) ? Date.now() : created;
}

async function check(manager: Manager, context: AgentContext, name: string): Promise<number | undefined> {
  const cache = manager.cluster(context.hub.name).cache;
  const cluster = await cache.get(ManagedClusterKind, { name });
  if (!cluster || cluster.metadata.deletionTimestamp) return undefined;
  const lease = await cache.get(LeaseResource, { namespace: name, name: CLUSTER_LEASE_NAME });
  const graceMs = LEASE_GRACE_RATIO * leasePeriodMs(cluster, context.timeScale);
  const left = lastHeardOf(cluster, lease) + graceMs - Date.now();
  if (left > 0) return left + 10;
  const available = findCondition(cluster.status?.conditions, ManagedClusterConditionType.Available);
  if (available?.status === 'Unknown') return undefined;
  const conditions = structuredClone(cluster.status?.conditions ?? []) as Condition[];
  setCondition(conditions, {
    type: ManagedClusterConditionType.Available,
    status: 'Unknown',
    reason: OcmReason.ManagedClusterLeaseUpdateStopped,
    message: `Registration agent stopped updating its lease.`,
  });
  await context.hub.updateStatus(ManagedClusterKind, {
    ...structuredClone(cluster),
    status: { ...structuredClone(cluster.status ?? {}), conditions },
  });
  return undefined;
}

/** Creates the hub's lease checker. */
export function createLeaseChecker(context: AgentContext): ManagerAgent {
  return new ManagerAgent({
    name: 'cluster-lease-checker',
    context,
    clusters: 'hub-and-cluster',
    tuning: OCM_AGENT_TUNING,
    setup: (manager) => {
      manager.addController({
        name: 'cluster-lease-checker',
        for: { resource: ManagedClusterKind, clusters: context.hub.name },
        watches: [
          {
            resource: LeaseResource,
            clusters: context.hub.name,
            predicates: [objectFilter((lease) => lease.metadata.name === CLUSTER_LEASE_NAME)],
            handler: enqueueRequestsFromMapFunc((lease, cluster) => [
              { cluster, name: lease.metadata.namespace ?? '' },
            ]),
          },
        ],
        reconciler: async (request) => {
          const requeueAfter = await check(manager, context, request.name);
          return requeueAfter === undefined ? {} : { requeueAfter };
        },
      });
    },
  });
}

/** The lease checker (hub): marks clusters whose agents went silent as Unknown. */
export const leaseCheckerFactory: AgentFactory = {
  name: 'ocm-cluster-lease-checker',
  placement: 'hub',
  create: createLeaseChecker,
};
