/**
 * The view agent (the work-manager addon's ManagedClusterView controller, managed side): for each
 * ManagedClusterView in its cluster namespace on the hub it reads the object `spec.scope` names (by resource, or
 * by kind and version, in `apiGroup`) from its cluster and puts it in `status.result` with `Processing` True
 * (`GetResourceProcessing`). A failed read keeps the last result and sets `Processing` False (`GetResourceFailed`,
 * the error as message: a missing object reads `... "<name>" not found`, which Ramen takes for NotFound); a bad
 * scope gives `ResourceNameInvalid` / `ResourceTypeInvalid`. Reads go to the API server, not a cache, so a dead
 * cluster shows as a failure. Event-driven through a watch of each viewed kind, plus the periodic refresh
 * (`updateIntervalSeconds`, 30 s by default, scaled).
 */
import type { Condition } from '../../api/index.js';
import {
  MANAGED_CLUSTER_VIEW_PROCESSING,
  type ManagedClusterView,
  ManagedClusterViewKind,
  ManagedClusterViewReason,
  type ManagedClusterViewStatus,
} from '../../api/index.js';
import type { KubeObject, ObjectKey, ResourceRef } from '../../kube/index.js';
import { type Controller, type Manager, type Result, setCondition } from '../../runtime/index.js';
import { type AgentContext, type AgentFactory, scaled } from '../agent.js';
import type { ManagerAgent } from '../manager-agent.js';
import { clusterNamespaceAgent } from './cluster-namespace-agent.js';
import { DependentObjects } from './dependent-objects.js';
import { DEFAULT_VIEW_REFRESH_SECONDS } from './ocm-names.js';
import { ResourceMapper } from './resource-mapper.js';

type Scope = NonNullable<NonNullable<ManagedClusterView['spec']>['scope']>;
type ViewResult = NonNullable<ManagedClusterViewStatus['result']>;

/** The outcome of one read. */
type ReadOutcome = { ok: true; object: KubeObject } | { ok: false; reason: string; message: string };

function scopeKey(scope: Scope, ref: ResourceRef): ObjectKey {
  const name = scope.name ?? '';
  return ref.scope === 'Namespaced' && scope.namespace ? { namespace: scope.namespace, name } : { name };
}

/** The status after a read: the new result, or the last one kept on failure. */
export function viewStatus(view: ManagedClusterView, outcome: ReadOutcome): ManagedClusterViewStatus {
  const conditions = structuredClone((view.status?.conditions ?? []) as Condition[]).filter(
    (condition) => condition.type === MANAGED_CLUSTER_VIEW_PROCESSING,
  );
  setCondition(
    conditions,
    outcome.ok
      ? {
          type: MANAGED_CLUSTER_VIEW_PROCESSING,
          status: 'True',
          reason: ManagedClusterViewReason.GetResourceProcessing,
          message: 'Watching resources successfully',
        }
      : {
          type: MANAGED_CLUSTER_VIEW_PROCESSING,
          status: 'False',
          reason: outcome.reason,
          message: outcome.message,
        },
  );
  const result = outcome.ok ? (outcome.object as unknown as ViewResult) : view.status?.result;
  return { conditions, ...(result !== undefined && result !== null && { result: structuredClone(result) }) };
}

class ViewReconciler {
  readonly #context: AgentContext;
  readonly #manager: Manager;
  readonly #mapper: ResourceMapper;
  /** The views by the object they show. */
  readonly #viewed: DependentObjects;
  controller: Controller | undefined;

  constructor(context: AgentContext, manager: Manager) {
    this.#context = context;
    this.#manager = manager;
    this.#mapper = new ResourceMapper(context.cluster);
    this.#viewed = new DependentObjects(manager, {
      cluster: context.cluster.name,
      enqueue: (name) =>
        this.controller?.queue?.add({ cluster: context.hub.name, namespace: context.clusterName, name }),
    });
  }

  async reconcile(name: string): Promise<Result> {
    const { hub, clusterName, timeScale } = this.#context;
    const view = await this.#manager
      .cluster(hub.name)
      .cache.get(ManagedClusterViewKind, { namespace: clusterName, name });
    if (!view || view.metadata.deletionTimestamp) {
      this.#viewed.track(name, []);
      return {};
    }
    const outcome = await this.#read(name, view.spec?.scope ?? {});
    const status = viewStatus(view, outcome);
    if (JSON.stringify(status) !== JSON.stringify(view.status ?? {})) {
      await hub.updateStatus(ManagedClusterViewKind, { ...view, status });
    }
    const seconds = view.spec?.scope?.updateIntervalSeconds || DEFAULT_VIEW_REFRESH_SECONDS;
    return { requeueAfter: scaled(seconds * 1000, timeScale) };
  }

  async #read(name: string, scope: Scope): Promise<ReadOutcome> {
    if (!scope.name) {
      return {
        ok: false,
        reason: ManagedClusterViewReason.ResourceNameInvalid,
        message: 'the name is empty',
      };
    }
    if (!scope.resource && !(scope.kind && scope.version)) {
      return {
        ok: false,
        reason: ManagedClusterViewReason.ResourceTypeInvalid,
        message: 'either resource or kind and version must be set',
      };
    }
    let ref: ResourceRef;
    try {
      ref = await this.#mapper.resolve({
        group: scope.apiGroup ?? '',
        ...(scope.version && { version: scope.version }),
        ...(scope.resource ? { resource: scope.resource } : { kind: scope.kind as string }),
      });
    } catch (error) {
      return {
        ok: false,
        reason: ManagedClusterViewReason.GetResourceFailed,
        message: (error as Error).message,
      };
    }
    const key = scopeKey(scope, ref);
    this.#viewed.track(name, [{ ref, key }]);
    try {
      return { ok: true, object: await this.#context.cluster.get(ref, key) };
    } catch (error) {
      return {
        ok: false,
        reason: ManagedClusterViewReason.GetResourceFailed,
        message: (error as Error).message,
      };
    }
  }
}

/** Creates the view agent of one managed cluster. */
export function createViewAgent(context: AgentContext): ManagerAgent {
  return clusterNamespaceAgent({
    name: 'view',
    controllerName: 'managedclusterview',
    context,
    resource: ManagedClusterViewKind,
    reconciler: (manager) => new ViewReconciler(context, manager),
  });
}

/** The view agent (managed): fills ManagedClusterViews from its cluster. */
export const viewAgentFactory: AgentFactory = {
  name: 'ocm-view',
  placement: 'managed',
  create: createViewAgent,
};
