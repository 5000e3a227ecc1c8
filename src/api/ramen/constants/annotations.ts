/**
 * Annotation keys Ramen sets or reads, and their fixed values. The hub uses them to tie ManifestWorks, views and
 * VRGs back to a DRPC; the managed cluster uses them to mark PVCs and PVs it has prepared, archived or restored.
 */

/** The prefix of the DRPC's own annotations. */
const DRPC = 'drplacementcontrol.ramendr.openshift.io';
/** The prefix of the VRG's PVC/PV annotations. */
const VRG = 'volumereplicationgroups.ramendr.openshift.io';
/** The prefix of the DRCluster's storage annotations. */
const DRCLUSTER = 'drcluster.ramendr.openshift.io';

/** Annotation keys. */
export const Annotations = {
  /** On ManifestWorks, views and Placements: the DRPC they belong to (maps watch events to DRPCs). */
  DRPCName: `${DRPC}/drpc-name`,
  /** On ManifestWorks, views and Placements: that DRPC's namespace. */
  DRPCNamespace: `${DRPC}/drpc-namespace`,
  /** On a VRG: the UID of the DRPC that owns it (adoption after hub recovery or upgrade). */
  DRPCUID: `${DRPC}/drpc-uid`,
  /** On a DRPC: the resolved namespace of its VRGs. */
  AppNamespace: `${DRPC}/app-namespace`,
  /** On a DRPC: the cluster currently running the application (not updated by a dry run). */
  LastAppDeploymentCluster: `${DRPC}/last-app-deployment-cluster`,
  /** On a DRPC: the last action applied (`""`, `Failover` or `Relocate`). */
  LastAction: `${DRPC}/last-action`,
  /** On a DRPC: JSON `{failover, relocate, lastPhase}` counting actions started (metrics). */
  DRActionCount: `${DRPC}/dr-action-count`,
  /** DRPC to VRG: use consistency groups (`"true"`). */
  IsCGEnabled: `${DRPC}/is-cg-enabled`,
  /** DRPC to VRG: Submariner carries VolSync traffic unless the value is `"false"`. */
  IsSubmarinerEnabled: `${DRPC}/is-submariner-enabled`,
  /** DRPC to VRG: protect every PVC with VolSync even when it could use VolRep (`"true"`). */
  UseVolSyncForPVCProtection: `${DRPC}/use-volsync-for-pvc-protection`,
  /** DRPC to VRG: VolSync diff (external) mode. */
  EnableDiff: `${DRPC}/enable-diff`,
  /** DRPC and its test-target VRG: a test failover (dry run) is running. */
  TestFailoverDryRun: `${DRPC}/test-failover-dryrun`,
  /** On a VRG: the cluster its ManifestWork targets. */
  DestinationCluster: `${DRPC}/destination-cluster`,
  /** On an OCM Placement: must be `"true"` so that Ramen, not OCM, schedules it. */
  ExperimentalSchedulingDisable: 'cluster.open-cluster-management.io/experimental-scheduling-disable',
  /** On a PVC: Ramen finished preparing it for protection (value `protected`). */
  VRProtected: `${VRG}/vr-protected`,
  /** On a PVC (spec hash) or PV (`archiveV1-<generation>`): already uploaded to S3. */
  VRArchived: `${VRG}/vr-archived`,
  /** On a PV: Ramen switched its reclaim policy to Retain for VolRep (value `retained`). */
  VRRetained: `${VRG}/vr-retained`,
  /** On a PV: Ramen switched its reclaim policy to Retain for VolSync. */
  VolSyncRetained: `${VRG}/volsync-retained`,
  /** On a PV or PVC Ramen restored from S3 (value `True`). */
  RamenRestore: `${VRG}/ramen-restore`,
  /** On a PV: the CSI volume handle to use on restore. */
  DestinationVolumeHandle: 'ramendr.openshift.io/destination-volume-handle',
  /** On Velero requests: the VRG generation a capture started from. */
  VRGGeneration: 'ramendr.openshift.io/vrg-generation',
  /** On a (group) replication class: the default when several match (`"true"`). */
  ReplicationClassIsDefault: 'replication.storage.openshift.io/is-default-class',
  /** On a VolumeSnapshotClass: the default when several match (`"true"`). */
  SnapshotClassIsDefault: 'snapshot.storage.kubernetes.io/is-default-class',
  /** On a DRCluster: the storage secret name used for a NetworkFence when no NetworkFenceClass exists. */
  StorageSecretName: `${DRCLUSTER}/storage-secret-name`,
  /** On a DRCluster: that secret's namespace. */
  StorageSecretNamespace: `${DRCLUSTER}/storage-secret-namespace`,
  /** On a DRCluster: the storage cluster ID passed to the NetworkFence. */
  StorageClusterID: `${DRCLUSTER}/storage-clusterid`,
  /** On a DRCluster: the CSI driver that performs the fence. */
  StorageDriver: `${DRCLUSTER}/storage-driver`,
} as const;
/** One annotation key. */
export type Annotation = (typeof Annotations)[keyof typeof Annotations];

/** The fixed values Ramen writes for its annotations (or matches on). */
export const AnnotationValues = {
  /** Value of `vr-protected`. */
  VRProtected: 'protected',
  /** Value of `vr-retained`. */
  VRRetained: 'retained',
  /** Value of `ramen-restore`. */
  RamenRestore: 'True',
  /** Value of the Placement scheduling-disable annotation and of the `is-default-class` annotations. */
  True: 'true',
  /** The only value of `is-submariner-enabled` that turns Submariner off. */
  False: 'false',
} as const;

/** The `vr-archived` value of a PV archived at `generation` (Ramen skips re-uploads when it matches). */
export function pvArchivedAnnotationValue(generation: number): string {
  return `archiveV1-${generation}`;
}
