/**
 * The placement scheduler (OCM's placement controller, hub): for every Placement it writes the PlacementDecision
 * `<placement>-decision-1` (labelled with the Placement and decision group 0, owned by the Placement) listing the
 * clusters `cluster-selection.ts` chooses, and the Placement status (numberOfSelectedClusters, decisionGroups,
 * PlacementSatisfied, PlacementMisconfigured). Placements annotated
 * `cluster.open-cluster-management.io/experimental-scheduling-disable: "true"` are left alone entirely: Ramen writes
 * their decisions. At start it creates the `default` ManagedClusterSet (as OCM's hub does), and it binds that set
 * (ManagedClusterSetBinding `default`) in every namespace that has a Placement, standing in for the administrator
 * who would; a binding deleted later is created again only when this agent restarts.
 */
import {
  type Condition,
  DECISION_GROUP_INDEX_LABEL,
  DECISION_GROUP_NAME_LABEL,
  EXPERIMENTAL_SCHEDULING_DISABLE_ANNOTATION,
  ManagedClusterKind,
  type ManagedClusterSet,
  type ManagedClusterSetBinding,
  ManagedClusterSetBindingKind,
  ManagedClusterSetKind,
  PLACEMENT_LABEL,
  type Placement,
  PlacementConditionType,
  type PlacementDecision,
  PlacementDecisionKind,
  PlacementKind,
  type PlacementStatus,
} from '../../api/index.js';
import {
  enqueueRequestForOwner,
  enqueueRequestsFromMapFunc,
  type Manager,
  type Request,
  setCondition,
} from '../../runtime/index.js';
import type { AgentContext, AgentFactory } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { OCM_AGENT_TUNING } from './agent-tuning.js';
import { selectClusters } from './cluster-selection.js';
import { createIfAbsent } from './create-if-absent.js';
import { DEFAULT_CLUSTER_SET, OcmReason } from './ocm-names.js';

/** The name of the (single) decision of a Placement. */
export function decisionName(placement: string): string {
  return `${placement}-decision-1`;
}

/** Whether OCM scheduling is disabled on the Placement (Ramen owns its decisions). */
export function isSchedulingDisabled(placement: Placement): boolean {
  return placement.metadata.annotations?.[EXPERIMENTAL_SCHEDULING_DISABLE_ANNOTATION] === 'true';
}

function newDecision(placement: Placement): PlacementDecision {
  const name = placement.metadata.name ?? '';
  return {
    apiVersion: PlacementDecisionKind.apiVersion,
    kind: PlacementDecisionKind.kind,
    metadata: {
      name: decisionName(name),
      namespace: placement.metadata.namespace ?? '',
      labels: { [PLACEMENT_LABEL]: name, [DECISION_GROUP_INDEX_LABEL]: '0', [DECISION_GROUP_NAME_LABEL]: '' },
      ownerReferences: [
        {
          apiVersion: PlacementKind.apiVersion,
          kind: PlacementKind.kind,
          name,
          uid: placement.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
  };
}

function placementStatus(placement: Placement, chosen: string[], bound: number): PlacementStatus {
  const conditions = structuredClone((placement.status?.conditions ?? []) as Condition[]);
  const wanted = placement.spec?.numberOfClusters;
  const satisfied = bound > 0 && (wanted === undefined ? chosen.length > 0 : chosen.length >= wanted);
  setCondition(conditions, {
    type: PlacementConditionType.Satisfied,
    status: satisfied ? 'True' : 'False',
    reason:
      bound === 0
        ? OcmReason.NoManagedClusterSetBindings
        : satisfied
          ? OcmReason.AllDecisionsScheduled
          : OcmReason.NotAllDecisionsScheduled,
    message: satisfied
      ? 'All cluster decisions scheduled'
      : bound === 0
        ? 'None of ManagedClusterSets is bound to placement namespace'
        : `${chosen.length} cluster(s) selected, ${wanted ?? 'at least 1'} wanted`,
  });
  setCondition(conditions, {
    type: PlacementConditionType.Misconfigured,
    status: 'False',
    reason: OcmReason.Succeedconfigured,
    message: 'Placement configurations check pass',
  });
  const decisions = [decisionName(placement.metadata.name ?? '')];
  return {
    ...structuredClone(placement.status ?? {}),
    conditions,
    numberOfSelectedClusters: chosen.length,
    decisionGroups: [
      { decisionGroupIndex: 0, decisionGroupName: '', decisions, clusterCount: chosen.length },
    ],
  };
}

class Scheduler {
  readonly #context: AgentContext;
  readonly #manager: Manager;
  readonly #boundNamespaces = new Set<string>();

  constructor(context: AgentContext, manager: Manager) {
    this.#context = context;
    this.#manager = manager;
  }

  async reconcile(request: Request): Promise<void> {
    const cache = this.#manager.cluster(this.#context.hub.name).cache;
    const namespace = request.namespace ?? '';
    const placement = await cache.get(PlacementKind, { namespace, name: request.name });
    if (!placement || placement.metadata.deletionTimestamp) return;
    const created = await this.#bindDefaultSet(namespace);
    if (isSchedulingDisabled(placement)) return;
    const bindings = await cache.list(ManagedClusterSetBindingKind, { namespace });
    // A binding just created may not be in the cache yet.
    if (created && !bindings.some((b) => b.metadata.name === created.metadata.name)) bindings.push(created);
    const sets: ManagedClusterSet[] = [];
    for (const binding of bindings) {
      const set = await cache.get(ManagedClusterSetKind, { name: binding.spec.clusterSet });
      if (set) sets.push(set);
    }
    const key = { namespace, name: decisionName(request.name) };
    const existing = await cache.get(PlacementDecisionKind, key);
    const decided = (existing?.status?.decisions ?? []).map((d) => d.clusterName);
    const chosen = selectClusters(placement, sets, await cache.list(ManagedClusterKind), decided);
    await this.#writeDecision(placement, existing, decided, chosen);
    const status = placementStatus(placement, chosen, bindings.length);
    if (JSON.stringify(status) !== JSON.stringify(placement.status ?? {})) {
      await this.#context.hub.updateStatus(PlacementKind, { ...placement, status });
    }
  }

  async #writeDecision(
    placement: Placement,
    existing: PlacementDecision | undefined,
    decided: string[],
    chosen: string[],
  ): Promise<void> {
    const hub = this.#context.hub;
    if (existing && decided.join(',') === chosen.join(',')) return;
    const decision = existing ?? (await createIfAbsent(hub, PlacementDecisionKind, newDecision(placement)));
    await hub.updateStatus(PlacementDecisionKind, {
      ...decision,
      status: { decisions: chosen.map((clusterName) => ({ clusterName, reason: '' })) },
    });
  }

  async #bindDefaultSet(namespace: string): Promise<ManagedClusterSetBinding | undefined> {
    if (this.#boundNamespaces.has(namespace)) return undefined;
    const binding = await createIfAbsent(this.#context.hub, ManagedClusterSetBindingKind, {
      apiVersion: ManagedClusterSetBindingKind.apiVersion,
      kind: ManagedClusterSetBindingKind.kind,
      metadata: { name: DEFAULT_CLUSTER_SET, namespace },
      spec: { clusterSet: DEFAULT_CLUSTER_SET },
    });
    this.#boundNamespaces.add(namespace);
    return binding;
  }
}

/** Creates the hub's placement scheduler. */
export function createPlacementScheduler(context: AgentContext): ManagerAgent {
  const hubName = context.hub.name;
  return new ManagerAgent({
    name: 'placement',
    context,
    clusters: 'hub-and-cluster',
    tuning: OCM_AGENT_TUNING,
    prepare: async () => {
      await createIfAbsent(context.hub, ManagedClusterSetKind, {
        apiVersion: ManagedClusterSetKind.apiVersion,
        kind: ManagedClusterSetKind.kind,
        metadata: { name: DEFAULT_CLUSTER_SET },
        spec: { clusterSelector: { selectorType: 'ExclusiveClusterSetLabel' } },
      });
    },
    setup: (manager) => {
      const scheduler = new Scheduler(context, manager);
      // Cluster, set and binding changes concern every Placement (of the binding's namespace for bindings).
      const placements = (namespace?: string): Request[] =>
        manager
          .informerFor(hubName, PlacementKind)
          .list(namespace === undefined ? {} : { namespace })
          .map((p) => ({
            cluster: hubName,
            namespace: p.metadata.namespace ?? '',
            name: p.metadata.name ?? '',
          }));
      manager.addController({
        name: 'placement',
        for: { resource: PlacementKind, clusters: hubName },
        watches: [
          {
            resource: PlacementDecisionKind,
            clusters: hubName,
            handler: enqueueRequestForOwner(PlacementKind, { onlyController: true }),
          },
          {
            resource: ManagedClusterSetBindingKind,
            clusters: hubName,
            handler: enqueueRequestsFromMapFunc((binding) => placements(binding.metadata.namespace ?? '')),
          },
          {
            resource: ManagedClusterKind,
            clusters: hubName,
            handler: enqueueRequestsFromMapFunc(() => placements()),
          },
          {
            resource: ManagedClusterSetKind,
            clusters: hubName,
            handler: enqueueRequestsFromMapFunc(() => placements()),
          },
        ],
        reconciler: async (request) => {
          await scheduler.reconcile(request);
        },
      });
    },
  });
}

/** The placement scheduler (hub): decides Placements unless Ramen owns them. */
export const placementSchedulerFactory: AgentFactory = {
  name: 'ocm-placement',
  placement: 'hub',
  create: createPlacementScheduler,
};
