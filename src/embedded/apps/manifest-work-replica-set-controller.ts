/**
 * The embedded ManifestWorkReplicaSet controller (OCM's work hub controller, without rollout strategies): for each
 * ManifestWorkReplicaSet it keeps one ManifestWork, named like the set and labelled with it, in the namespace of
 * every cluster the PlacementDecisions of its `spec.placementRefs` list, with the set's `manifestWorkTemplate`;
 * works of clusters no longer decided are deleted, so the workload follows the decisions. The status carries the
 * counts of the works and the `PlacementVerified` and `ManifestworkApplied` conditions.
 */
import {
  type Condition,
  type ManifestWork,
  ManifestWorkConditionType,
  ManifestWorkKind,
  type ManifestWorkReplicaSet,
  ManifestWorkReplicaSetKind,
  PLACEMENT_LABEL,
  PlacementDecisionKind,
  PlacementKind,
} from '../../api/index.js';
import {
  type ConditionInput,
  type ControllerOptions,
  enqueueRequestsFromMapFunc,
  type Manager,
  type Request,
  setCondition,
} from '../../runtime/index.js';
import type { AgentFactory } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { clustersOfPlacement } from './decided-clusters.js';
import { MANIFEST_WORK_PLACEMENT_LABEL, MANIFEST_WORK_REPLICA_SET_LABEL, ownerLabelValue } from './labels.js';
import {
  type DesiredManifestWork,
  type ManifestWorkSyncResult,
  syncManifestWorks,
} from './manifest-work-sync.js';
import { ownerRequestOf } from './owner-label.js';

/** The condition types of a ManifestWorkReplicaSet (OCM's spelling). */
export const ManifestWorkReplicaSetConditionType = {
  PlacementVerified: 'PlacementVerified',
  ManifestworkApplied: 'ManifestworkApplied',
} as const;

/** What the placements of a set decided. */
interface PlacementOutcome {
  name: string;
  found: boolean;
  clusters: string[];
}

type Summary = { total: number; applied: number; available: number; degraded: number; progressing: number };

function countWorks(works: readonly ManifestWork[]): Summary {
  const has = (work: ManifestWork, type: string) =>
    work.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
  const count = (type: string) => works.filter((work) => has(work, type)).length;
  return {
    total: works.length,
    applied: count(ManifestWorkConditionType.Applied),
    available: count(ManifestWorkConditionType.Available),
    degraded: count(ManifestWorkConditionType.Degraded),
    progressing: count(ManifestWorkConditionType.Progressing),
  };
}

function desiredWorks(
  set: ManifestWorkReplicaSet,
  outcomes: readonly PlacementOutcome[],
): DesiredManifestWork[] {
  const byCluster = new Map<string, DesiredManifestWork>();
  for (const outcome of outcomes) {
    for (const cluster of outcome.clusters) {
      if (byCluster.has(cluster)) continue;
      byCluster.set(cluster, {
        cluster,
        name: set.metadata.name ?? '',
        labels: { [MANIFEST_WORK_PLACEMENT_LABEL]: outcome.name },
        spec: set.spec?.manifestWorkTemplate ?? {},
      });
    }
  }
  return [...byCluster.values()];
}

function placementCondition(outcomes: readonly PlacementOutcome[], generation?: number): ConditionInput {
  const missing = outcomes.filter((o) => !o.found).map((o) => o.name);
  const base = {
    type: ManifestWorkReplicaSetConditionType.PlacementVerified,
    observedGeneration: generation,
  };
  if (missing.length > 0) {
    return {
      ...base,
      status: 'False',
      reason: 'PlacementDecisionNotFound',
      message: `Placement ${missing.join(', ')} not found`,
    };
  }
  if (outcomes.every((o) => o.clusters.length === 0)) {
    return {
      ...base,
      status: 'False',
      reason: 'PlacementDecisionEmpty',
      message: 'the placements decided no cluster',
    };
  }
  return { ...base, status: 'True', reason: 'AsExpected', message: '' };
}

function appliedCondition(summary: Summary, pending: number, generation?: number): ConditionInput {
  const base = {
    type: ManifestWorkReplicaSetConditionType.ManifestworkApplied,
    observedGeneration: generation,
  };
  if (summary.total > 0 && pending === 0 && summary.applied === summary.total) {
    return { ...base, status: 'True', reason: 'AsExpected', message: '' };
  }
  return {
    ...base,
    status: 'False',
    reason: 'Processing',
    message: `${summary.applied} of ${summary.total + pending} ManifestWorks applied`,
  };
}

async function writeStatus(
  manager: Manager,
  set: ManifestWorkReplicaSet,
  outcomes: readonly PlacementOutcome[],
  result: ManifestWorkSyncResult,
): Promise<void> {
  const summary = countWorks(result.works);
  const conditions: Condition[] = structuredClone(set.status?.conditions ?? []);
  const generation = set.metadata.generation;
  setCondition(conditions, placementCondition(outcomes, generation));
  setCondition(conditions, appliedCondition(summary, result.pending.length, generation));
  const placementSummary = outcomes.map((outcome) => ({
    name: outcome.name,
    summary: countWorks(
      result.works.filter((w) => w.metadata.labels?.[MANIFEST_WORK_PLACEMENT_LABEL] === outcome.name),
    ),
  }));
  const status = { ...set.status, conditions, summary, placementSummary };
  if (JSON.stringify(status) === JSON.stringify(set.status)) return;
  await manager
    .cluster()
    .client.updateStatus(ManifestWorkReplicaSetKind, { ...set, status } as ManifestWorkReplicaSet);
}

/** Reconciles one ManifestWorkReplicaSet; see the module comment. */
async function reconcileSet(manager: Manager, request: Request): Promise<void> {
  const { cache, client } = manager.cluster(request.cluster);
  const namespace = request.namespace ?? '';
  const ownerLabels = { [MANIFEST_WORK_REPLICA_SET_LABEL]: ownerLabelValue(namespace, request.name) };
  const set = await cache.get(ManifestWorkReplicaSetKind, { namespace, name: request.name });
  if (!set || set.metadata.deletionTimestamp) {
    await syncManifestWorks(client, cache, ownerLabels, []);
    return;
  }
  const outcomes: PlacementOutcome[] = [];
  for (const ref of set.spec?.placementRefs ?? []) {
    outcomes.push({ name: ref.name, ...(await clustersOfPlacement(cache, namespace, ref.name)) });
  }
  const result = await syncManifestWorks(client, cache, ownerLabels, desiredWorks(set, outcomes));
  await writeStatus(manager, set, outcomes, result);
}

/** The sets of `namespace` that name placement `placement`. */
function setsNaming(manager: Manager, cluster: string, namespace: string, placement: string): Request[] {
  return manager
    .cluster(cluster)
    .cache.informerFor(ManifestWorkReplicaSetKind)
    .list({ namespace })
    .filter((set) => set.spec?.placementRefs?.some((ref) => ref.name === placement))
    .map((set) => ({ cluster, namespace, name: set.metadata.name ?? '' }));
}

/** The controller options of the ManifestWorkReplicaSet controller, reading through `manager`'s hub cache. */
export function manifestWorkReplicaSetController(manager: Manager): ControllerOptions {
  return {
    name: 'embedded-manifestworkreplicaset',
    needLeaderElection: false,
    for: { resource: ManifestWorkReplicaSetKind },
    watches: [
      {
        resource: PlacementDecisionKind,
        handler: enqueueRequestsFromMapFunc((decision, cluster) => {
          const placement = decision.metadata.labels?.[PLACEMENT_LABEL];
          return placement ? setsNaming(manager, cluster, decision.metadata.namespace ?? '', placement) : [];
        }),
      },
      {
        resource: PlacementKind,
        handler: enqueueRequestsFromMapFunc((placement, cluster) =>
          setsNaming(manager, cluster, placement.metadata.namespace ?? '', placement.metadata.name ?? ''),
        ),
      },
      {
        resource: ManifestWorkKind,
        handler: enqueueRequestsFromMapFunc((work, cluster) =>
          ownerRequestOf(work, MANIFEST_WORK_REPLICA_SET_LABEL, cluster),
        ),
      },
    ],
    reconciler: async (request) => {
      await reconcileSet(manager, request);
      return {};
    },
  };
}

/** The hub agent running the embedded ManifestWorkReplicaSet controller. */
export const manifestWorkReplicaSetAgentFactory: AgentFactory = {
  name: 'manifestworkreplicaset-controller',
  placement: 'hub',
  create: (context) =>
    new ManagerAgent({
      name: 'manifestworkreplicaset-controller',
      context,
      clusters: 'hub',
      tuning: { gracefulShutdownTimeoutMs: 10_000 },
      setup: (manager) => {
        manager.addController(manifestWorkReplicaSetController(manager));
      },
    }),
};
