/**
 * Label keys Ramen sets or reads, and the values it gives them. Users, dashboards and the other half of a mixed
 * Ramen/ours deployment select objects by these exact strings, so they are part of the API.
 */

/** Label keys. */
export const Labels = {
  /** On everything Ramen creates (ManifestWorks, views, VRs, RS/RD, namespaces, PlacementDecisions, snapshots). */
  CreatedByRamen: 'ramendr.openshift.io/created-by-ramen',
  /** Marks hub objects (DRPC, DRPolicy, DRCluster, VolSync PSK secret) for the ACM hub backup. */
  OCMBackup: 'cluster.open-cluster-management.io/backup',
  /** Keeps Ramen's PlacementDecision out of Velero backups. */
  VeleroExcludeFromBackup: 'velero.io/exclude-from-backup',
  /** The PlacementDecision label naming its Placement. */
  OCMPlacement: 'cluster.open-cluster-management.io/placement',
  /** Namespace of the VRG that owns a PVC, VR or VGR. */
  OwnerNamespaceName: 'ramendr.openshift.io/owner-namespace-name',
  /** Name of the VRG that owns a PVC, VR or VGR. */
  OwnerName: 'ramendr.openshift.io/owner-name',
  /** The consistency group a PVC belongs to (VGR / ReplicationGroupSource grouping). */
  ConsistencyGroup: 'ramendr.openshift.io/consistency-group',
  /** The storage instance of a StorageClass, snapshot class or replication class. */
  StorageID: 'ramendr.openshift.io/storageid',
  /** The replication instance of a VolumeReplicationClass. */
  ReplicationID: 'ramendr.openshift.io/replicationid',
  /** The group replication instance of a VolumeGroupReplicationClass. */
  GroupReplicationID: 'ramendr.openshift.io/groupreplicationid',
  /** A StorageClass whose replication is managed outside Kubernetes (`"true"`). */
  Offloaded: 'ramendr.openshift.io/offloaded',
  /** A VolumeGroupReplicationClass replicating one global group across clusters (`"true"`). */
  Global: 'ramendr.openshift.io/global',
  /** Comma-separated maintenance modes a storage or replication class asks for before an action (`Failover`). */
  MaintenanceModes: 'ramendr.openshift.io/maintenancemodes',
  /** A DRPC/VRG sharing a global VolumeGroupReplication; the value names it. */
  GlobalVGR: 'ramendr.openshift.io/global-vgr',
  /** A NetworkAttachmentDefinition that DR should map between clusters. */
  DRNetwork: 'ramendr.openshift.io/dr-network',
  /** Snapshots taken for a test failover (dry run). */
  DryRunSnapshot: 'ramendr.openshift.io/dry-run-snapshot',
  /** Legacy OCM ClusterClaims created by the DRClusterConfig controller (value `ramen`); pruned. */
  DRClusterConfigOwner: 'drclusterconfigs.ramendr.openshift.io/owner',
  /** Name of the VRG owning a VolSync RS/RD, RGS/RGD or snapshot. */
  VRGOwner: 'volumereplicationgroups-owner',
  /** Namespace of the VRG owning a VolSync RS/RD, RGS/RGD or snapshot. */
  VRGOwnerNamespace: 'volumereplicationgroups-owner-namespace',
  /** Stops VolSync from pruning the latestImage snapshot Ramen restored from (`"true"`). */
  VolSyncDoNotDelete: 'volsync.backube/do-not-delete',
  /** Set by VolSync on its temporary PVCs (`volsync`); Ramen never protects those. */
  AppCreatedBy: 'app.kubernetes.io/created-by',
} as const;
/** One label key. */
export type Label = (typeof Labels)[keyof typeof Labels];

/** The values Ramen writes for its labels (or matches on). */
export const LabelValues = {
  /** Value of `created-by-ramen`. */
  CreatedByRamen: 'true',
  /** Value of the ACM backup label on Ramen's hub objects. */
  OCMBackup: 'ramen',
  /** Value of `velero.io/exclude-from-backup`. */
  VeleroExcludeFromBackup: 'true',
  /** Value of `volsync.backube/do-not-delete`. */
  VolSyncDoNotDelete: 'true',
  /** Value of `ramendr.openshift.io/global` and `.../offloaded` when set. */
  True: 'true',
  /** Value of `app.kubernetes.io/created-by` on VolSync's temporary PVCs. */
  CreatedByVolSync: 'volsync',
  /** Value of the legacy ClusterClaim owner label. */
  DRClusterConfigOwner: 'ramen',
} as const;
