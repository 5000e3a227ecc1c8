/**
 * Condition types and reasons of every Ramen kind. Tools (kubectl printer columns, ramenctl, UIs, e2e waits) and the
 * hub itself match on these exact strings: the hub derives a DRPC's Protected condition from the VRG's reasons,
 * and `kubectl get drpc -o wide` shows `status.conditions[1]`, so the DRPC's condition order matters too.
 */

/** DRPlacementControl condition types. */
export const DRPCCondition = {
  /** The application is available where the current action wants it (reason = the phase while acting). */
  Available: 'Available',
  /** The peer cluster is cleaned up and ready for the next action. */
  PeerReady: 'PeerReady',
  /** The VRG on the current cluster protects the application's data and cluster data. */
  Protected: 'Protected',
  /** A global (cross-application) action has reached consensus. */
  GlobalAction: 'GlobalAction',
  /** The DRPolicy's network mapping ConfigMap was loaded (VM static IPs). */
  NetworkMappingLoaded: 'NetworkMappingLoaded',
} as const;
/** One DRPC condition type. */
export type DRPCCondition = (typeof DRPCCondition)[keyof typeof DRPCCondition];

/** The order in which a new DRPC gets its conditions; the wide printer column reads index 1 (PeerReady). */
export const DRPC_CONDITION_ORDER: readonly DRPCCondition[] = [
  DRPCCondition.Available,
  DRPCCondition.PeerReady,
  DRPCCondition.Protected,
];

/**
 * DRPlacementControl condition reasons. While an action runs, Available's reason is the DRState phase itself
 * (`Deployed`, `FailingOver`, ...); these are the other reasons.
 */
export const DRPCReason = {
  /** Initial Available/PeerReady reason on a new DRPC. */
  Initiating: 'Initiating',
  /** PeerReady True ("Ready"); Available/PeerReady True when hub recovery allows a failover. */
  Success: 'Success',
  /** PeerReady False while an action has not yet cleaned up the peer. */
  NotStarted: 'NotStarted',
  /** PeerReady False during cleanup; Protected False while the VRG is getting there. */
  Progressing: 'Progressing',
  /** Cleanup of the peer is running. */
  Cleaning: 'Cleaning',
  /** Hub recovery stopped the DRPC until a user intervenes. */
  Paused: 'Paused',
  /** Protected True. */
  Protected: 'Protected',
  /** Available False on a config/placement/policy error; Protected False on a VRG error. */
  Error: 'Error',
  /** Protected Unknown: the VRG's status is missing or stale. */
  Unknown: 'Unknown',
  /** Available False while waiting for the placement to produce a decision. */
  Waiting: 'Waiting',
  /** Available False for an invalid request such as a bad dry run. */
  ValidationFailed: 'ValidationFailed',
} as const;
/** One DRPC condition reason (besides the phase names). */
export type DRPCReason = (typeof DRPCReason)[keyof typeof DRPCReason];

/** DRPolicy condition types. */
export const DRPolicyCondition = {
  /** The policy's clusters exist and at least one is validated. */
  Validated: 'Validated',
  /** The NetworkAttachmentDefinitions named by the network mapping exist on both clusters. */
  NetworkAttachmentsValidated: 'NetworkAttachmentsValidated',
} as const;
/** One DRPolicy condition type. */
export type DRPolicyCondition = (typeof DRPolicyCondition)[keyof typeof DRPolicyCondition];

/** DRPolicy condition reasons. */
export const DRPolicyReason = {
  /** Validated True. */
  Succeeded: 'Succeeded',
  /** The policy is invalid (e.g. both sync and async peer classes). */
  ValidationFailed: 'ValidationFailed',
  /** A listed DRCluster does not exist. */
  DRClusterNotFound: 'DRClusterNotFound',
  /** None of the listed clusters is validated. */
  DRClustersUnavailable: 'DRClustersUnavailable',
  /** The policy overlaps an older Metro policy's clusters. */
  DRPolicyConflictFound: 'DRPolicyConflictFound',
  /** The RamenConfig ConfigMap could not be read. */
  ConfigMapGetFailed: 'ConfigMapGetFailed',
  /** The RamenOps namespace could not be created on the hub. */
  NamespaceCreateFailed: 'NamespaceCreateFailed',
  /** Details of the DRClusters could not be gathered (Ramen spells it with a lowercase d). */
  DRClusterDetailsFailed: 'drClusterDetailsFailed',
  /** The finalizer could not be added. */
  FinalizerAddFailed: 'FinalizerAddFailed',
  /** NetworkAttachmentsValidated False: a mapped NAD is missing. */
  NADsMissing: 'NADsMissing',
} as const;
/** One DRPolicy condition reason. */
export type DRPolicyReason = (typeof DRPolicyReason)[keyof typeof DRPolicyReason];

/** DRCluster condition types. */
export const DRClusterCondition = {
  /** The cluster, its S3 profile and its dr-cluster deployment are usable. */
  Validated: 'Validated',
  /** The cluster is fenced. */
  Fenced: 'Fenced',
  /** No fencing resources remain for the cluster. */
  Clean: 'Clean',
  /** The configured CIDRs match what the cluster reports (absent when `cidrs` is empty). */
  CIDRsValidated: 'CIDRsValidated',
} as const;
/** One DRCluster condition type. */
export type DRClusterCondition = (typeof DRClusterCondition)[keyof typeof DRClusterCondition];

/** DRCluster condition reasons. */
export const DRClusterReason = {
  /** Initial Unknown reason. */
  Initializing: 'Initializing',
  /** Validated True; CIDRsValidated True. */
  Succeeded: 'Succeeded',
  /** The S3 profile is missing from RamenConfig or its secret is unreadable. */
  S3ConnectionFailed: 's3ConnectionFailed',
  /** The S3 bucket does not exist. */
  S3BucketNotFound: 's3BucketNotFound',
  /** Listing the S3 bucket failed. */
  S3ListFailed: 's3ListFailed',
  /** The `ramen-dr-cluster` ManifestWork could not be created. */
  DrClustersDeployFailed: 'DrClustersDeployFailed',
  /** The `ramen-dr-cluster` ManifestWork is not yet applied and available. */
  DrClustersDeployStatusCheckFailed: 'DrClustersDeployStatusCheckFailed',
  /** The DRClusterConfig ManifestWork is not yet applied. */
  DRClusterConfigInProgress: 'DRClusterConfigInProgress',
  /** The spec is invalid (e.g. bad CIDRs). */
  ValidationFailed: 'ValidationFailed',
  /** The RamenConfig ConfigMap could not be read. */
  ConfigMapGetFailed: 'ConfigMapGetFailed',
  /** The finalizer could not be added. */
  FinalizerAddFailed: 'FinalizerAddFailed',
  /** A fence is being applied. */
  Fencing: 'Fencing',
  /** A fence is being lifted. */
  Unfencing: 'Unfencing',
  /** Fencing resources are being removed. */
  Cleaning: 'Cleaning',
  /** The cluster is fenced. */
  Fenced: 'Fenced',
  /** The fence was lifted. */
  Unfenced: 'Unfenced',
  /** No fencing resources remain. */
  Clean: 'Clean',
  /** Fencing failed (e.g. no CIDRs, NetworkFence failed). */
  FenceError: 'FenceError',
  /** Unfencing failed. */
  UnfenceError: 'UnfenceError',
  /** Cleaning up fencing resources failed. */
  CleanError: 'CleanError',
  /** A generic failure. */
  Error: 'Error',
  /** The state could not be determined. */
  UnknownError: 'UnknownError',
  /** CIDRsValidated False: a CIDR is malformed. */
  InvalidCIDRsFormat: 'InvalidCIDRsFormat',
  /** CIDRsValidated False: the cluster reports CIDRs missing from `cidrs` (fails validation). */
  DetectedCIDRsUnconfigured: 'DetectedCIDRsUnconfigured',
  /** CIDRsValidated: `cidrs` lists CIDRs the cluster does not report (a warning only). */
  UndetectedCIDRsFound: 'UndetectedCIDRsFound',
} as const;
/** One DRCluster condition reason. */
export type DRClusterReason = (typeof DRClusterReason)[keyof typeof DRClusterReason];

/** DRClusterConfig condition types. */
export const DRClusterConfigCondition = {
  /** The configuration was processed and validated. */
  Processed: 'Processed',
  /** The S3 stores are reachable from the cluster. */
  Reachable: 'Reachable',
} as const;
/** One DRClusterConfig condition type. */
export type DRClusterConfigCondition =
  (typeof DRClusterConfigCondition)[keyof typeof DRClusterConfigCondition];

/** DRClusterConfig condition reasons. */
export const DRClusterConfigReason = {
  /** Initial reason. */
  Initializing: 'Initializing',
  /** Processed True ("Configuration processed and validated"). */
  Succeeded: 'Succeeded',
  /** Processed False. */
  Failed: 'Failed',
  /** Reachable True. */
  Reachable: 'Reachable',
  /** Reachable False. */
  Unreachable: 'Unreachable',
} as const;
/** One DRClusterConfig condition reason. */
export type DRClusterConfigReason = (typeof DRClusterConfigReason)[keyof typeof DRClusterConfigReason];

/** MaintenanceMode condition types (set by the storage driver). */
export const MaintenanceModeCondition = {
  /** The Failover maintenance mode is active; the DRPC may fail over. */
  FailoverActivated: 'FailoverActivated',
} as const;
/** One MaintenanceMode condition type. */
export type MaintenanceModeCondition =
  (typeof MaintenanceModeCondition)[keyof typeof MaintenanceModeCondition];

/** VolumeReplicationGroup condition types, at VRG level and (where noted) per protected PVC. */
export const VRGCondition = {
  /** Volume data is usable (primary) or replication is healthy (secondary). VRG and PVC level. */
  DataReady: 'DataReady',
  /** Volume data is fully synced to the peer. VRG and PVC level. */
  DataProtected: 'DataProtected',
  /** PVs and PVCs were restored before the application is placed. VRG level only. */
  ClusterDataReady: 'ClusterDataReady',
  /** PV/PVC, the VRG object and kube objects are uploaded to every S3 profile. VRG and PVC level. */
  ClusterDataProtected: 'ClusterDataProtected',
  /** Kube objects were restored (Velero). */
  KubeObjectsReady: 'KubeObjectsReady',
  /** No PVC conflicts with the peer (split-brain guard). */
  NoClusterDataConflict: 'NoClusterDataConflict',
  /** Recipe hooks ran. */
  HooksReady: 'HooksReady',
  /** Automatic cleanup of the old primary (VM recipes). */
  AutoCleanup: 'AutoCleanup',
  /** The storage reports destination information (only when VRs report it). VRG and PVC level. */
  DestinationInfoAvailable: 'DestinationInfoAvailable',
  /** Global VolumeGroupReplication consensus. */
  GlobalState: 'GlobalState',
  /** Global VolumeGroupReplication secondary readiness. */
  GlobalSecondary: 'GlobalSecondary',
  /** Per PVC: the VolSync ReplicationSource is set up. */
  ReplicationSourceSetup: 'ReplicationSourceSetup',
  /** Per PVC: the VolSync ReplicationDestination is set up. */
  ReplicationDestinationSetup: 'ReplicationDestinationSetup',
  /** Per PVC: the VolSync final sync of a relocation is running or done. */
  FinalSyncInProgress: 'FinalSyncInProgress',
  /** Per PVC: the PV/PVC was restored from VolSync. */
  PVsRestored: 'PVsRestored',
} as const;
/** One VRG (or protected PVC) condition type. */
export type VRGCondition = (typeof VRGCondition)[keyof typeof VRGCondition];

/** The VRG-level conditions a VRG initialises to Unknown/`Initializing`, in Ramen's order. */
export const VRG_INITIAL_CONDITIONS: readonly VRGCondition[] = [
  VRGCondition.DataReady,
  VRGCondition.DataProtected,
  VRGCondition.ClusterDataReady,
  VRGCondition.KubeObjectsReady,
  VRGCondition.ClusterDataProtected,
  VRGCondition.AutoCleanup,
  VRGCondition.NoClusterDataConflict,
  VRGCondition.HooksReady,
];

/** VolumeReplicationGroup condition reasons. */
export const VRGReason = {
  /** Initial Unknown reason. */
  Initializing: 'Initializing',
  /** True with nothing to do for this scheme or role (no PVCs, secondary). */
  Unused: 'Unused',
  /** DataReady True on a primary. */
  Ready: 'Ready',
  /** DataReady True on a resyncing secondary; DataProtected False while replicating. */
  Replicating: 'Replicating',
  /** DataReady True on a synced secondary. */
  Replicated: 'Replicated',
  /** DataProtected True. */
  DataProtected: 'DataProtected',
  /** False while work is under way. */
  Progressing: 'Progressing',
  /** ClusterDataReady True; per-PVC PVsRestored. */
  Restored: 'Restored',
  /** KubeObjectsReady True. */
  KubeObjectsRestored: 'KubeObjectsRestored',
  /** A failure. */
  Error: 'Error',
  /** Unknown: the VR's state could not be read. */
  UnknownError: 'UnknownError',
  /** ClusterDataProtected False while uploading. */
  Uploading: 'Uploading',
  /** ClusterDataProtected True. */
  Uploaded: 'Uploaded',
  /** ClusterDataProtected False: an upload to some S3 profile failed. */
  UploadError: 'UploadError',
  /** ClusterDataProtected False: the archived annotation could not be set. */
  AnnotationFailed: 'AnnotationFailed',
  /** ClusterDataProtected False: the VRG object could not be uploaded. */
  VRGObjectCaptureError: 'VolumeReplicationGroupObjectCaptureError',
  /** DataReady Unknown: no peer class for the PVC's storage class. */
  PeerClassNotFound: 'PeerClassNotFound',
  /** DataReady Unknown: the PVC's storage class has no storage ID. */
  StorageIDNotFound: 'StorageIDNotFound',
  /** NoClusterDataConflict True. */
  NoConflictDetected: 'NoConflictDetected',
  /** NoClusterDataConflict False on the primary. */
  ClusterDataConflictPrimary: 'ClusterDataConflictPrimary',
  /** NoClusterDataConflict False on the secondary. */
  ClusterDataConflictSecondary: 'ClusterDataConflictSecondary',
  /** NoClusterDataConflict True again after a conflict. */
  ConflictResolved: 'ConflictResolved',
  /** Kube-object capture has not started for this generation. */
  KubeObjectsCaptureNotStarted: 'KubeObjectsCaptureNotStarted',
  /** Kube-object capture failed. */
  KubeObjectsCaptureError: 'KubeObjectsCaptureError',
  /** Querying in-flight capture requests failed. */
  KubeObjectsCaptureRequestsQueryError: 'KubeObjectsCaptureRequestsQueryError',
  /** Deleting completed capture requests failed. */
  KubeObjectsCaptureRequestsDeleteError: 'KubeObjectsCaptureRequestsDeleteError',
  /** Deleting an old capture from S3 failed. */
  KubeObjectsReplicaDeleteError: 'KubeObjectsReplicaDeleteError',
  /** A recipe workflow step failed. */
  KubeObjectsWorkflowError: 'KubeObjectsWorkflowError',
  /** HooksReady True. */
  HookExecuted: 'HookExecuted',
  /** HooksReady False. */
  HookFailed: 'HookFailed',
  /** AutoCleanup cannot run. */
  NotFeasible: 'NotFeasible',
  /** AutoCleanup done. */
  Completed: 'Completed',
  /** GlobalState True. */
  ConsensusReached: 'ConsensusReached',
  /** GlobalState False. */
  ConsensusNotReached: 'ConsensusNotReached',
  /** GlobalSecondary True. */
  PVCsNotInUse: 'PVCsNotInUse',
  /** GlobalSecondary False. */
  PVCsInUse: 'PVCsInUse',
  /** Per PVC ReplicationSourceSetup True. */
  SourceInitialized: 'SourceInitialized',
  /** Per PVC ReplicationDestinationSetup True. */
  DestinationInitialized: 'DestinationInitialized',
  /** Per PVC FinalSyncInProgress: running. */
  Syncing: 'Syncing',
  /** Per PVC FinalSyncInProgress: done. */
  Synced: 'Synced',
} as const;
/** One VRG condition reason. */
export type VRGReason = (typeof VRGReason)[keyof typeof VRGReason];

/** VRG reasons the hub treats as errors (DRPC Protected False/`Error` rather than `Progressing`). */
export const VRG_ERROR_REASONS: readonly VRGReason[] = [
  VRGReason.Error,
  VRGReason.UnknownError,
  VRGReason.UploadError,
  VRGReason.AnnotationFailed,
  VRGReason.ClusterDataConflictPrimary,
  VRGReason.ClusterDataConflictSecondary,
];
