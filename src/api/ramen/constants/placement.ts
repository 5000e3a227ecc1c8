/**
 * Fixed names Ramen uses when it acts as the scheduler of a user's OCM Placement or legacy PlacementRule: a
 * placement not set up this way is refused, and decisions kept for a failover carry this reason.
 */

/** Scheduling names and decision reasons. */
export const PlacementScheduling = {
  /** The `spec.schedulerName` a PlacementRule must carry so that Ramen, not OCM, places it. */
  RamenSchedulerName: 'ramen',
  /** PlacementDecision reason of the old cluster's decision kept until its VRG is secondary after a failover. */
  RetainedForFailover: 'RetainedForFailover',
} as const;
