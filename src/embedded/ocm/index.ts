/**
 * @module embedded/ocm
 *
 * The Open Cluster Management agents of the embedded environment, each an `AgentFactory`: on every managed
 * cluster the registration agent (ManagedCluster, cluster namespace, lease, availability), the work agent
 * (ManifestWorks) and the view agent (ManagedClusterViews); on the hub the lease checker (Available Unknown when a
 * cluster goes silent) and the placement scheduler (PlacementDecisions). Cluster-set choice: the scheduler
 * creates the `default` ManagedClusterSet and binds it in every namespace that has a Placement.
 */
import type { AgentFactory } from '../agent.js';
import { leaseCheckerFactory } from './lease-checker.js';
import { placementSchedulerFactory } from './placement-scheduler.js';
import { registrationAgentFactory } from './registration-agent.js';
import { viewAgentFactory } from './view-agent.js';
import { workAgentFactory } from './work-agent.js';

export { leaseCheckerFactory } from './lease-checker.js';
export * from './ocm-names.js';
export { decisionName, isSchedulingDisabled, placementSchedulerFactory } from './placement-scheduler.js';
export { registrationAgentFactory } from './registration-agent.js';
export { ResourceMapper, UnknownResourceError } from './resource-mapper.js';
export { viewAgentFactory } from './view-agent.js';
export { workAgentFactory } from './work-agent.js';

/** Every OCM agent, for the environment to start on the hub and on each managed cluster. */
export const ocmAgentFactories: readonly AgentFactory[] = [
  registrationAgentFactory,
  workAgentFactory,
  viewAgentFactory,
  leaseCheckerFactory,
  placementSchedulerFactory,
];
