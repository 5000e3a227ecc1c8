/**
 * @module embedded/apps
 *
 * Application delivery in the embedded environment, following placement decisions as OCM does: the
 * ManifestWorkReplicaSet controller and the git Subscription controller (local repositories only) turn what a
 * Placement or PlacementRule decided into ManifestWorks in the decided clusters' namespaces on the hub; the work
 * agent applies them on the clusters. When a decision moves, the application leaves the old cluster and appears on
 * the new one.
 */
import type { AgentFactory } from '../agent.js';
import { manifestWorkReplicaSetAgentFactory } from './manifest-work-replica-set-controller.js';
import { subscriptionAgentFactory } from './subscription-controller.js';

export * from './application-renderer.js';
export * from './decided-clusters.js';
export * from './git-source.js';
export * from './labels.js';
export * from './manifest-work-replica-set-controller.js';
export * from './manifest-work-sync.js';
export * from './owner-label.js';
export * from './render-manifests.js';
export * from './subscription-controller.js';
export * from './subscription-source.js';

/** The hub agents delivering applications, for the environment to start. */
export const appDeliveryAgentFactories: readonly AgentFactory[] = [
  manifestWorkReplicaSetAgentFactory,
  subscriptionAgentFactory,
];
