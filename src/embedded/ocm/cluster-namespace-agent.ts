/**
 * The shape the work and view agents share: one controller over a hub kind, cached only in the managed cluster's
 * namespace on the hub, whose reconciler keeps a handle on its controller (to enqueue objects when what they apply
 * or show changes on the cluster).
 */
import type { KubeObject, ResourceRef } from '../../kube/index.js';
import type { Controller, Manager, Result } from '../../runtime/index.js';
import type { AgentContext } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { OCM_AGENT_TUNING } from './agent-tuning.js';

/** A reconciler of the hub objects in the cluster's namespace, by name. */
export interface ClusterNamespaceReconciler {
  controller: Controller | undefined;
  reconcile(name: string): Promise<Result>;
}

/** What a cluster-namespace agent is built from. */
export interface ClusterNamespaceAgentOptions<T extends KubeObject> {
  name: string;
  controllerName: string;
  context: AgentContext;
  resource: ResourceRef<T>;
  /** Builds the reconciler on each fresh manager. */
  reconciler(manager: Manager): ClusterNamespaceReconciler;
}

/** Creates a managed-cluster agent reconciling one hub kind in its cluster namespace; see the module comment. */
export function clusterNamespaceAgent<T extends KubeObject>(
  options: ClusterNamespaceAgentOptions<T>,
): ManagerAgent {
  const { context, resource } = options;
  return new ManagerAgent({
    name: options.name,
    context,
    clusters: 'hub-and-cluster',
    tuning: {
      ...OCM_AGENT_TUNING,
      cacheScopes: { [context.hub.name]: [{ resource, namespace: context.clusterName }] },
    },
    setup: (manager) => {
      const reconciler = options.reconciler(manager);
      reconciler.controller = manager.addController({
        name: options.controllerName,
        maxConcurrentReconciles: 2,
        for: { resource, clusters: context.hub.name },
        reconciler: (request) => reconciler.reconcile(request.name),
      });
    },
  });
}
