/**
 * Reads where an application is placed: the clusters listed by the PlacementDecisions of a Placement (every
 * decision counts, including those Ramen keeps with reason `RetainedForFailover`: the application stays there until
 * the decision goes), or the `status.decisions` of a legacy PlacementRule (which Ramen writes itself for
 * `schedulerName: ramen` rules). Reads go through the manager's cache.
 */
import { PLACEMENT_LABEL, PlacementDecisionKind, PlacementKind, PlacementRuleKind } from '../../api/index.js';
import type { ClusterCache } from '../../runtime/index.js';

/** The kinds a placement reference can name. */
export type PlacementRefKind = 'Placement' | 'PlacementRule';

/** A placement in a namespace. */
export interface PlacementTarget {
  kind: PlacementRefKind;
  namespace: string;
  name: string;
}

/** What a placement decided: whether the placement exists and the clusters chosen (sorted, unique). */
export interface Decided {
  found: boolean;
  clusters: string[];
}

function sortedUnique(names: Iterable<string>): string[] {
  return [...new Set([...names].filter((name) => name !== ''))].sort();
}

/** The clusters the PlacementDecisions of a Placement list. */
export async function clustersOfPlacement(
  cache: ClusterCache,
  namespace: string,
  name: string,
): Promise<Decided> {
  const placement = await cache.get(PlacementKind, { namespace, name });
  const decisions = await cache.list(PlacementDecisionKind, {
    namespace,
    labelSelector: { matchLabels: { [PLACEMENT_LABEL]: name } },
  });
  const clusters = decisions.flatMap((d) => (d.status?.decisions ?? []).map((c) => c.clusterName));
  return { found: placement !== undefined, clusters: sortedUnique(clusters) };
}

/** The clusters in a PlacementRule's `status.decisions`. */
export async function clustersOfPlacementRule(
  cache: ClusterCache,
  namespace: string,
  name: string,
): Promise<Decided> {
  const rule = await cache.get(PlacementRuleKind, { namespace, name });
  const clusters = (rule?.status?.decisions ?? []).map((d) => d.clusterName ?? '');
  return { found: rule !== undefined, clusters: sortedUnique(clusters) };
}

/** The clusters a Placement or PlacementRule decided. */
export function decidedClusters(cache: ClusterCache, target: PlacementTarget): Promise<Decided> {
  return target.kind === 'Placement'
    ? clustersOfPlacement(cache, target.namespace, target.name)
    : clustersOfPlacementRule(cache, target.namespace, target.name);
}
