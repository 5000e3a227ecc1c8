/**
 * The registration agent (OCM's klusterlet registration, managed side): registers its cluster with the hub as a
 * ManagedCluster (accepted, in the `default` cluster set, with the `id.k8s.io` claim = the kube-system namespace
 * uid, plus any ClusterClaims published on the cluster), creates the cluster namespace on the hub, renews the
 * cluster lease there every lease period (scaled) and reports HubAccepted, Joined and Available. While the agent
 * runs it keeps Available True; once it stops, the hub's lease checker turns it Unknown.
 */
import type { Condition } from '../../api/index.js';
import {
  CLUSTER_SET_LABEL,
  type ManagedCluster,
  ManagedClusterConditionType,
  ManagedClusterKind,
  type ManagedClusterStatus,
} from '../../api/index.js';
import {
  type ClusterClient,
  defineResource,
  isNotFound,
  type KubeObject,
  LeaseResource,
  microTime,
  NamespaceResource,
  parseMicroTime,
} from '../../kube/index.js';
import { type Controller, objectFilter, setCondition } from '../../runtime/index.js';
import { type AgentContext, type AgentFactory, scaled } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { OCM_AGENT_TUNING } from './agent-tuning.js';
import { createIfAbsent } from './create-if-absent.js';
import {
  CLUSTER_ID_CLAIM,
  CLUSTER_LEASE_NAME,
  DEFAULT_CLUSTER_SET,
  DEFAULT_LEASE_SECONDS,
  OcmReason,
} from './ocm-names.js';

/** A ClusterClaim a managed cluster publishes about itself (`cluster.open-cluster-management.io/v1alpha1`). */
interface ClusterClaimObject extends KubeObject {
  spec?: { value?: string };
}

const ClusterClaimResource = defineResource<ClusterClaimObject>({
  group: 'cluster.open-cluster-management.io',
  version: 'v1alpha1',
  plural: 'clusterclaims',
  kind: 'ClusterClaim',
  scope: 'Cluster',
});

type Claim = NonNullable<ManagedClusterStatus['clusterClaims']>[number];

/** The ManagedCluster the agent registers when none exists. */
export function newManagedCluster(clusterName: string): ManagedCluster {
  return {
    apiVersion: ManagedClusterKind.apiVersion,
    kind: ManagedClusterKind.kind,
    metadata: { name: clusterName, labels: { name: clusterName, [CLUSTER_SET_LABEL]: DEFAULT_CLUSTER_SET } },
    spec: { hubAcceptsClient: true, leaseDurationSeconds: DEFAULT_LEASE_SECONDS },
  };
}

/** The lease period of a cluster in real milliseconds. */
export function leasePeriodMs(cluster: ManagedCluster | undefined, timeScale: number): number {
  return scaled((cluster?.spec?.leaseDurationSeconds || DEFAULT_LEASE_SECONDS) * 1000, timeScale);
}

/** The ClusterClaims published on the managed cluster (none when the cluster does not serve the kind). */
async function publishedClaims(cluster: ClusterClient): Promise<Claim[]> {
  try {
    const list = await cluster.list(ClusterClaimResource);
    return list.items
      .filter((claim) => claim.metadata.name && claim.spec?.value)
      .map((claim) => ({ name: claim.metadata.name as string, value: claim.spec?.value as string }));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** The status the agent reports for an accepted, live cluster. */
function desiredStatus(current: ManagedCluster, claims: Claim[]): ManagedClusterStatus {
  const status = structuredClone(current.status ?? {}) as ManagedClusterStatus;
  const conditions = (status.conditions ?? []) as Condition[];
  setCondition(conditions, {
    type: ManagedClusterConditionType.HubAccepted,
    status: 'True',
    reason: OcmReason.HubClusterAdminAccepted,
    message: 'Accepted by hub cluster admin',
  });
  setCondition(conditions, {
    type: ManagedClusterConditionType.Joined,
    status: 'True',
    reason: OcmReason.ManagedClusterJoined,
    message: 'Managed cluster joined',
  });
  setCondition(conditions, {
    type: ManagedClusterConditionType.Available,
    status: 'True',
    reason: OcmReason.ManagedClusterAvailable,
    message: 'Managed cluster is available',
  });
  status.conditions = conditions;
  status.clusterClaims = claims;
  return status;
}

class Registration {
  readonly #context: AgentContext;
  #clusterId: string | undefined;
  #namespaceReady = false;

  constructor(context: AgentContext) {
    this.#context = context;
  }

  async reconcile(): Promise<number> {
    const { hub, clusterName } = this.#context;
    if (!this.#namespaceReady) {
      await createIfAbsent(hub, NamespaceResource, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: clusterName },
      });
      this.#namespaceReady = true;
    }
    const cluster = await this.#ensureCluster();
    const period = leasePeriodMs(cluster, this.#context.timeScale);
    await this.#renewLease(period, cluster.spec?.leaseDurationSeconds || DEFAULT_LEASE_SECONDS);
    await this.#reportStatus(cluster);
    return period;
  }

  async #ensureCluster(): Promise<ManagedCluster> {
    const { hub, clusterName } = this.#context;
    const cluster = await createIfAbsent(hub, ManagedClusterKind, newManagedCluster(clusterName));
    const labels = cluster.metadata.labels ?? {};
    if (labels.name && labels[CLUSTER_SET_LABEL]) return cluster;
    const missing = {
      ...(labels.name ? {} : { name: clusterName }),
      ...(labels[CLUSTER_SET_LABEL] ? {} : { [CLUSTER_SET_LABEL]: DEFAULT_CLUSTER_SET }),
    };
    return hub.patch(
      ManagedClusterKind,
      { name: clusterName },
      { type: 'merge', patch: { metadata: { labels: missing } } },
    );
  }

  async #renewLease(periodMs: number, leaseSeconds: number): Promise<void> {
    const { hub, clusterName } = this.#context;
    const key = { namespace: clusterName, name: CLUSTER_LEASE_NAME };
    const lease = await createIfAbsent(hub, LeaseResource, {
      apiVersion: LeaseResource.apiVersion,
      kind: LeaseResource.kind,
      metadata: key,
      spec: { leaseDurationSeconds: leaseSeconds, renewTime: microTime() },
    });
    const age = Date.now() - parseMicroTime(lease.spec?.renewTime);
    if (age < periodMs / 2) return;
    await hub.update(LeaseResource, {
      ...lease,
      spec: { ...lease.spec, leaseDurationSeconds: leaseSeconds, renewTime: microTime() },
    });
  }

  async #reportStatus(cluster: ManagedCluster): Promise<void> {
    const { hub, cluster: spoke } = this.#context;
    this.#clusterId ??= (await spoke.get(NamespaceResource, { name: 'kube-system' })).metadata.uid;
    const claims: Claim[] = [
      ...(this.#clusterId ? [{ name: CLUSTER_ID_CLAIM, value: this.#clusterId }] : []),
      ...(await publishedClaims(spoke)).filter((claim) => claim.name !== CLUSTER_ID_CLAIM),
    ];
    const status = desiredStatus(cluster, claims);
    if (JSON.stringify(status) === JSON.stringify(cluster.status ?? {})) return;
    await hub.updateStatus(ManagedClusterKind, { ...cluster, status });
  }
}

/** Creates the registration agent of one managed cluster. */
export function createRegistrationAgent(context: AgentContext): ManagerAgent {
  const registration = new Registration(context);
  let controller: Controller | undefined;
  return new ManagerAgent({
    name: 'registration',
    context,
    clusters: 'hub-and-cluster',
    tuning: OCM_AGENT_TUNING,
    setup: (manager) => {
      controller = manager.addController({
        name: 'registration',
        for: {
          resource: ManagedClusterKind,
          clusters: context.hub.name,
          predicates: [objectFilter((object) => object.metadata.name === context.clusterName)],
        },
        reconciler: async () => ({ requeueAfter: await registration.reconcile() }),
      });
    },
    // The ManagedCluster may not exist yet, so no watch event would start the first registration.
    started: () => controller?.queue?.add({ cluster: context.hub.name, name: context.clusterName }),
  });
}

/** The registration agent (managed): registers the cluster and renews its lease. */
export const registrationAgentFactory: AgentFactory = {
  name: 'ocm-registration',
  placement: 'managed',
  create: createRegistrationAgent,
};
