/**
 * Names, reasons and periods the OCM agents share with the components they stand in for: the lease the
 * registration agent renews (OCM's `managed-cluster-lease`), OCM's condition reasons, and the default periods
 * (lease 60 s with a grace of 5 periods, view refresh 30 s) before `timeScale` shortens them.
 */

/** The Lease in the cluster namespace on the hub that the registration agent renews. */
export const CLUSTER_LEASE_NAME = 'managed-cluster-lease';

/** OCM's default lease period (`spec.leaseDurationSeconds`). */
export const DEFAULT_LEASE_SECONDS = 60;

/** How many lease periods the hub waits before it calls a cluster's state unknown (OCM's grace ratio). */
export const LEASE_GRACE_RATIO = 5;

/** The default refresh period of a ManagedClusterView. */
export const DEFAULT_VIEW_REFRESH_SECONDS = 30;

/** The cluster claim carrying the cluster's identity (the kube-system namespace uid). */
export const CLUSTER_ID_CLAIM = 'id.k8s.io';

/** The ManagedClusterSet every registered cluster joins, and the binding that makes it usable. */
export const DEFAULT_CLUSTER_SET = 'default';

/** The field manager the work agent applies manifests as. */
export const WORK_FIELD_MANAGER = 'work-agent';

/** Condition reasons as OCM writes them. */
export const OcmReason = {
  HubClusterAdminAccepted: 'HubClusterAdminAccepted',
  ManagedClusterJoined: 'ManagedClusterJoined',
  ManagedClusterAvailable: 'ManagedClusterAvailable',
  ManagedClusterLeaseUpdateStopped: 'ManagedClusterLeaseUpdateStopped',
  AppliedManifestWorkComplete: 'AppliedManifestWorkComplete',
  AppliedManifestWorkFailed: 'AppliedManifestWorkFailed',
  AppliedManifestComplete: 'AppliedManifestComplete',
  AppliedManifestFailed: 'AppliedManifestFailed',
  ResourcesAvailable: 'ResourcesAvailable',
  ResourcesNotAvailable: 'ResourcesNotAvailable',
  ResourceAvailable: 'ResourceAvailable',
  ResourceNotAvailable: 'ResourceNotAvailable',
  StatusFeedbackSynced: 'StatusFeedbackSynced',
  StatusFeedbackSyncFailed: 'StatusFeedbackSyncFailed',
  AllDecisionsScheduled: 'AllDecisionsScheduled',
  NotAllDecisionsScheduled: 'NotAllDecisionsScheduled',
  NoManagedClusterSetBindings: 'NoManagedClusterSetBindings',
  Succeedconfigured: 'Succeedconfigured',
} as const;

/** The per-manifest condition reporting whether status feedback could be read. */
export const STATUS_FEEDBACK_SYNCED = 'StatusFeedbackSynced';
