/**
 * Which managed clusters a Placement may choose, as OCM's scheduler filters them: members of the cluster sets
 * bound to the Placement's namespace (narrowed to `spec.clusterSets` when given), available
 * (`ManagedClusterConditionAvailable` True), matching at least one predicate (label selector and claim selector of
 * `requiredClusterSelector`; no predicates match all). The choice is steady: clusters already decided stay first,
 * the rest follow by name, and `numberOfClusters` (all when unset) are taken.
 */
import {
  CLUSTER_SET_LABEL,
  type ManagedCluster,
  ManagedClusterConditionType,
  type ManagedClusterSet,
  type Placement,
} from '../../api/index.js';
import { matchesLabelSelector } from '../../kube/index.js';
import { isConditionTrue } from '../../runtime/index.js';

type Predicate = NonNullable<NonNullable<Placement['spec']>['predicates']>[number];

/** Whether a cluster belongs to a set (by the exclusive set label, or the set's label selector). */
export function isMember(cluster: ManagedCluster, set: ManagedClusterSet): boolean {
  const selector = set.spec?.clusterSelector;
  if (selector?.selectorType === 'LabelSelector') {
    return matchesLabelSelector(selector.labelSelector ?? {}, cluster.metadata.labels);
  }
  return cluster.metadata.labels?.[CLUSTER_SET_LABEL] === set.metadata.name;
}

function claimsOf(cluster: ManagedCluster): Record<string, string> {
  return Object.fromEntries(
    (cluster.status?.clusterClaims ?? []).map((claim) => [claim.name ?? '', claim.value ?? '']),
  );
}

function matchesPredicate(cluster: ManagedCluster, predicate: Predicate): boolean {
  const selector = predicate.requiredClusterSelector;
  if (!selector) return true;
  if (selector.labelSelector && !matchesLabelSelector(selector.labelSelector, cluster.metadata.labels)) {
    return false;
  }
  const claims = selector.claimSelector?.matchExpressions;
  return !claims || matchesLabelSelector({ matchExpressions: claims }, claimsOf(cluster));
}

/** The clusters a Placement selects, given the sets bound to its namespace and the current decision. */
export function selectClusters(
  placement: Placement,
  boundSets: readonly ManagedClusterSet[],
  clusters: readonly ManagedCluster[],
  decided: readonly string[],
): string[] {
  const wanted = placement.spec?.clusterSets ?? [];
  const sets = boundSets.filter((set) => wanted.length === 0 || wanted.includes(set.metadata.name ?? ''));
  const predicates = placement.spec?.predicates ?? [];
  const eligible = clusters
    .filter((cluster) => sets.some((set) => isMember(cluster, set)))
    .filter((cluster) => isConditionTrue(cluster.status?.conditions, ManagedClusterConditionType.Available))
    .filter((cluster) => predicates.length === 0 || predicates.some((p) => matchesPredicate(cluster, p)))
    .map((cluster) => cluster.metadata.name ?? '')
    .sort();
  const ordered = [
    ...eligible.filter((name) => decided.includes(name)),
    ...eligible.filter((n) => !decided.includes(n)),
  ];
  const count = placement.spec?.numberOfClusters;
  return count === undefined ? ordered : ordered.slice(0, Math.max(0, count));
}
