/**
 * The states of a DRCluster: the fencing state a user asks for (`spec.clusterFence`) and the phase the hub reports
 * (`status.phase`). Metro DR fails over only once the failed cluster is fenced, so these values drive the DRPC too.
 */

/** `spec.clusterFence` values in the order Ramen's CRD lists them (the CRD enum must match it exactly). */
export const CLUSTER_FENCE_STATES = ['Unfenced', 'Fenced', 'ManuallyFenced', 'ManuallyUnfenced'] as const;

/** The fencing state a user asks of a DRCluster; absent or empty means "clean, never fenced". */
export const ClusterFence = {
  /** No fencing requested: the cluster is clean. Not in the CRD enum; it is the absent field. */
  Unset: '',
  /** Ramen fences the cluster through a NetworkFence on its peer. */
  Fenced: 'Fenced',
  /** Ramen lifts its NetworkFence and cleans it up. */
  Unfenced: 'Unfenced',
  /** The admin fenced the cluster outside Ramen; Ramen only records it. */
  ManuallyFenced: 'ManuallyFenced',
  /** The admin unfenced the cluster outside Ramen; Ramen only records it. */
  ManuallyUnfenced: 'ManuallyUnfenced',
} as const satisfies Record<string, (typeof CLUSTER_FENCE_STATES)[number] | ''>;
/** One `spec.clusterFence` value, including the empty (unset) one. */
export type ClusterFence = (typeof ClusterFence)[keyof typeof ClusterFence];

/** `status.phase` of a DRCluster (a plain string in the CRD). */
export const DRClusterPhase = {
  /** The hub has not finished its first reconcile. */
  Starting: 'Starting',
  /** Validated and not fenced: usable as a DR target. */
  Available: 'Available',
  /** A NetworkFence is being applied. */
  Fencing: 'Fencing',
  /** The cluster is fenced (by Ramen or manually). */
  Fenced: 'Fenced',
  /** The NetworkFence is being lifted. */
  Unfencing: 'Unfencing',
  /** The fence is lifted (by Ramen or manually). */
  Unfenced: 'Unfenced',
} as const;
/** One DRCluster phase. */
export type DRClusterPhase = (typeof DRClusterPhase)[keyof typeof DRClusterPhase];
