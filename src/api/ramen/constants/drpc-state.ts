/**
 * The states a DRPlacementControl reports: the DR phase (`status.phase`) and the step within it
 * (`status.progression`). Both are plain strings in Ramen's CRD; the hub's state machine and every tool that
 * watches a DRPC (`kubectl get drpc`, e2e waits) read these exact values.
 */

/** `status.phase` of a DRPC. */
export const DRState = {
  /** New DRPC, or status wiped for a hub-recovery rebuild. */
  Unset: '',
  /** An action is starting; the start time is set. */
  Initiating: 'Initiating',
  /** The primary VRG is being created on the preferred cluster. */
  Deploying: 'Deploying',
  /** The application is placed on the preferred cluster. */
  Deployed: 'Deployed',
  /** A failover is in progress. */
  FailingOver: 'FailingOver',
  /** The application runs on the failover cluster. */
  FailedOver: 'FailedOver',
  /** A relocation is in progress. */
  Relocating: 'Relocating',
  /** The application is back on the preferred cluster. */
  Relocated: 'Relocated',
  /** Hub recovery could not pick a safe continuation; a user must decide. */
  WaitForUser: 'WaitForUser',
  /** DR protection is being removed. */
  Deleting: 'Deleting',
} as const;
/** One DR phase. */
export type DRState = (typeof DRState)[keyof typeof DRState];

/** `status.progression` of a DRPC: the step of the current phase. */
export const ProgressionStatus = {
  /** No step recorded yet. */
  Unset: '',
  /** The action finished. */
  Completed: 'Completed',
  /** Creating the ManifestWorks of the VRG and namespace. */
  CreatingMW: 'CreatingMW',
  /** Pointing the placement decision at the target cluster. */
  UpdatingPlRule: 'UpdatingPlRule',
  /** Waiting for the new primary VRG to report its data ready. */
  WaitForReadiness: 'WaitForReadiness',
  /** Waiting until the old primary may be cleaned up (VM recipes). */
  CleanupReadiness: 'CleanupReadiness',
  /** Demoting the old primary to secondary (Ramen writes this one with a space). */
  CleaningUp: 'Cleaning Up',
  /** Waiting for the user to delete a discovered application from the old cluster. */
  WaitOnUserToCleanUp: 'WaitOnUserToCleanUp',
  /** Checking that the failover target is a valid secondary. */
  CheckingFailoverPrerequisites: 'CheckingFailoverPrerequisites',
  /** Promoting the VRG on the failover cluster. */
  FailingOverToCluster: 'FailingOverToCluster',
  /** Metro DR: waiting for the failed cluster to be fenced. */
  WaitForFencing: 'WaitForFencing',
  /** Regional DR: waiting for the storage maintenance mode needed for failover. */
  WaitForStorageMaintenanceActivation: 'WaitForStorageMaintenanceActivation',
  /** Relocate: stopping scheduled syncs before the final one. */
  PreparingFinalSync: 'PreparingFinalSync',
  /** Relocate: removing the application from the current cluster. */
  ClearingPlacement: 'ClearingPlacement',
  /** Relocate: running the final sync. */
  RunningFinalSync: 'RunningFinalSync',
  /** Relocate: the final sync is done. */
  FinalSyncComplete: 'FinalSyncComplete',
  /** Relocate: waiting for every VRG to become secondary. */
  EnsuringVolumesAreSecondary: 'EnsuringVolumesAreSecondary',
  /** Waiting for a global (cross-application) action to finish. */
  WaitOnGlobalAction: 'WaitOnGlobalAction',
  /** Waiting for the new primary to restore PVs and objects. */
  WaitingForResourceRestore: 'WaitingForResourceRestore',
  /** The placement decision was updated. */
  UpdatedPlacement: 'UpdatedPlacement',
  /** Setting up VolSync replication after the action. */
  EnsuringVolSyncSetup: 'EnsuringVolSyncSetup',
  /** Creating the secondary VRG that receives VolSync data. */
  SettingUpVolSyncDest: 'SettingUpVolSyncDest',
  /** DR protection is being removed. */
  Deleting: 'Deleting',
  /** DR protection was removed. */
  Deleted: 'Deleted',
  /** Hub recovery paused the DRPC for the user. */
  Paused: 'Paused',
  /** A test failover (dry run) is active. */
  TestingFailover: 'TestingFailover',
} as const;
/** One progression step. */
export type ProgressionStatus = (typeof ProgressionStatus)[keyof typeof ProgressionStatus];

/** Phases in which an action has finished: the DRPC's Available condition is True. */
export const FINAL_DR_STATES: readonly DRState[] = [DRState.Deployed, DRState.FailedOver, DRState.Relocated];

/** Phases in which an action is under way: the DRPC's Available condition is False. */
export const PROGRESSING_DR_STATES: readonly DRState[] = [
  DRState.Initiating,
  DRState.Deploying,
  DRState.FailingOver,
  DRState.Relocating,
];

/**
 * Progressions that happen before the relocation target is promoted (Ramen's `IsPreRelocateProgression`): while
 * in one of them the application still counts as running on the cluster it is leaving.
 */
export const PRE_RELOCATE_PROGRESSIONS: readonly ProgressionStatus[] = [
  ProgressionStatus.PreparingFinalSync,
  ProgressionStatus.ClearingPlacement,
  ProgressionStatus.RunningFinalSync,
  ProgressionStatus.FinalSyncComplete,
  ProgressionStatus.EnsuringVolumesAreSecondary,
  ProgressionStatus.WaitOnUserToCleanUp,
];

/** The `spec.action` values of a DRPC (and of the VRG the hub promotes); the `DRAction` type is their union. */
export const DRActions = {
  /** No action: deploy to, or stay on, the preferred cluster. Not in the CRD enum; it is the absent field. */
  None: '',
  /** Move the application to `failoverCluster` without the current cluster's cooperation. */
  Failover: 'Failover',
  /** Move the application back to `preferredCluster` with a final sync (no data loss). */
  Relocate: 'Relocate',
} as const;
/** A DRPC action or none (the value of the `last-action` annotation too). */
export type DRActionOrNone = (typeof DRActions)[keyof typeof DRActions];
