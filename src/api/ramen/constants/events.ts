/** Reasons of the Kubernetes Events Ramen emits; event-based alerts and `kubectl get events` filters use them. */

/** Event reasons. */
export const EventReason = {
  /** A DRPC started deploying. */
  Deploying: 'Deploying',
  /** A DRPC finished deploying. */
  DeploySuccess: 'DeploySuccess',
  /** A DRPC started failing over. */
  FailingOver: 'FailingOver',
  /** A DRPC finished failing over. */
  FailoverSuccess: 'FailoverSuccess',
  /** A DRPC started relocating. */
  Relocating: 'Relocating',
  /** A DRPC finished relocating. */
  RelocationSuccess: 'RelocationSuccess',
  /** A VRG finished a reconcile as primary. */
  PrimarySuccess: 'PrimarySuccess',
  /** A VRG finished deleting. */
  DeleteSuccess: 'DeleteSuccess',
  /** A VRG could not upload itself to S3. */
  VrgUploadFailed: 'VrgUploadFailed',
} as const;
/** One event reason. */
export type EventReason = (typeof EventReason)[keyof typeof EventReason];
