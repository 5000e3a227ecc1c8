/**
 * The external kinds Ramen reads or writes (OCM, csi-addons, VolSync, CSI snapshots, Recipe). Their CRDs are
 * generated like Ramen's so the embedded clusters can serve them; on real clusters the upstream projects install
 * their own, which accept everything ours accept for the fields we use.
 */
import type { KindDefinition } from '../schema/index.js';
import { NetworkFenceClassKind, NetworkFenceKind } from './csi-addons-fence.js';
import {
  VolumeGroupReplicationClassKind,
  VolumeGroupReplicationContentKind,
  VolumeGroupReplicationKind,
  VolumeReplicationClassKind,
  VolumeReplicationKind,
} from './csi-addons-replication.js';
import { ChannelKind, PlacementRuleKind, SubscriptionKind } from './ocm-apps.js';
import { ManagedClusterKind, ManagedClusterSetBindingKind, ManagedClusterSetKind } from './ocm-cluster.js';
import { PlacementDecisionKind, PlacementKind } from './ocm-placement.js';
import { ManagedClusterViewKind } from './ocm-view.js';
import { ManifestWorkKind, ManifestWorkReplicaSetKind } from './ocm-work.js';
import { RecipeKind } from './recipe.js';
import { VolumeSnapshotClassKind, VolumeSnapshotContentKind, VolumeSnapshotKind } from './snapshot.js';
import { ReplicationDestinationKind, ReplicationSourceKind } from './volsync.js';

export * from './csi-addons-fence.js';
export * from './csi-addons-replication.js';
export * from './groups.js';
export * from './ocm-apps.js';
export * from './ocm-cluster.js';
export * from './ocm-placement.js';
export * from './ocm-view.js';
export * from './ocm-work.js';
export * from './recipe.js';
export * from './snapshot.js';
export * from './volsync.js';
export * from './volsync-movers.js';

/** Every external kind, in the order `npm run generate` writes them. */
export const externalKinds: readonly KindDefinition[] = [
  ManagedClusterKind,
  ManagedClusterSetKind,
  ManagedClusterSetBindingKind,
  ManifestWorkKind,
  ManifestWorkReplicaSetKind,
  ManagedClusterViewKind,
  PlacementKind,
  PlacementDecisionKind,
  PlacementRuleKind,
  ChannelKind,
  SubscriptionKind,
  VolumeReplicationKind,
  VolumeReplicationClassKind,
  VolumeGroupReplicationKind,
  VolumeGroupReplicationClassKind,
  VolumeGroupReplicationContentKind,
  NetworkFenceKind,
  NetworkFenceClassKind,
  ReplicationSourceKind,
  ReplicationDestinationKind,
  VolumeSnapshotKind,
  VolumeSnapshotClassKind,
  VolumeSnapshotContentKind,
  RecipeKind,
];
