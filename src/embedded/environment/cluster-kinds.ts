/**
 * Which CRDs each side of the environment serves. The hub gets what Ramen's hub operator and OCM's hub components
 * read and write; a managed cluster gets what the managed-cluster operator, the storage (csi-addons, snapshots,
 * VolSync) and OCM's application manager read and write there. Kinds a side does not need are left out, so a client
 * that writes one on the wrong side fails as it would on real clusters.
 */
import {
  ChannelKind,
  DRClusterConfigKind,
  DRClusterKind,
  DRPlacementControlKind,
  DRPolicyKind,
  type KindDefinition,
  MaintenanceModeKind,
  ManagedClusterKind,
  ManagedClusterSetBindingKind,
  ManagedClusterSetKind,
  ManagedClusterViewKind,
  ManifestWorkKind,
  ManifestWorkReplicaSetKind,
  NetworkFenceClassKind,
  NetworkFenceKind,
  PlacementDecisionKind,
  PlacementKind,
  PlacementRuleKind,
  ProtectedVolumeReplicationGroupListKind,
  RecipeKind,
  ReplicationDestinationKind,
  ReplicationGroupDestinationKind,
  ReplicationGroupSourceKind,
  ReplicationSourceKind,
  SubscriptionKind,
  VolumeGroupReplicationClassKind,
  VolumeGroupReplicationContentKind,
  VolumeGroupReplicationKind,
  VolumeReplicationClassKind,
  VolumeReplicationGroupKind,
  VolumeReplicationKind,
  VolumeSnapshotClassKind,
  VolumeSnapshotContentKind,
  VolumeSnapshotKind,
} from '../../api/index.js';

/** The application-lifecycle kinds OCM serves on the hub and, through its application manager, on managed clusters. */
const applicationKinds: readonly KindDefinition[] = [ChannelKind, SubscriptionKind, PlacementRuleKind];

/** The CRDs of the hub: Ramen's hub kinds and OCM's cluster, placement, work, view and application kinds. */
export const hubKinds: readonly KindDefinition[] = [
  DRPolicyKind,
  DRClusterKind,
  DRPlacementControlKind,
  ProtectedVolumeReplicationGroupListKind,
  ManagedClusterKind,
  ManagedClusterSetKind,
  ManagedClusterSetBindingKind,
  PlacementKind,
  PlacementDecisionKind,
  ManifestWorkKind,
  ManifestWorkReplicaSetKind,
  ManagedClusterViewKind,
  ...applicationKinds,
];

/**
 * The CRDs of a managed cluster: Ramen's cluster kinds, csi-addons replication and fencing, CSI snapshots, VolSync,
 * Recipe, and OCM's application kinds (the application manager runs Subscriptions there).
 */
export const managedKinds: readonly KindDefinition[] = [
  VolumeReplicationGroupKind,
  DRClusterConfigKind,
  MaintenanceModeKind,
  ReplicationGroupSourceKind,
  ReplicationGroupDestinationKind,
  ProtectedVolumeReplicationGroupListKind,
  VolumeReplicationKind,
  VolumeReplicationClassKind,
  VolumeGroupReplicationKind,
  VolumeGroupReplicationClassKind,
  VolumeGroupReplicationContentKind,
  NetworkFenceKind,
  NetworkFenceClassKind,
  VolumeSnapshotKind,
  VolumeSnapshotClassKind,
  VolumeSnapshotContentKind,
  ReplicationSourceKind,
  ReplicationDestinationKind,
  RecipeKind,
  ...applicationKinds,
];

/** The role of a cluster in the environment. */
export type ClusterRole = 'hub' | 'managed';

/** The kinds a cluster of `role` serves. */
export function kindsFor(role: ClusterRole): readonly KindDefinition[] {
  return role === 'hub' ? hubKinds : managedKinds;
}
