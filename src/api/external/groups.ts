/**
 * API groups and versions of the external kinds Ramen reads or writes. Kept in one place because several files
 * (and the embedded agents that serve these kinds) must agree on them exactly.
 */

/** OCM cluster registration and placement (ManagedCluster, ManagedClusterSet, Placement, PlacementDecision). */
export const OCM_CLUSTER_GROUP = 'cluster.open-cluster-management.io';
/** OCM work distribution (ManifestWork, ManifestWorkReplicaSet). */
export const OCM_WORK_GROUP = 'work.open-cluster-management.io';
/** OCM foundation's read-only views of spoke objects (ManagedClusterView). */
export const OCM_VIEW_GROUP = 'view.open-cluster-management.io';
/** OCM application lifecycle (PlacementRule, Channel, Subscription). */
export const OCM_APPS_GROUP = 'apps.open-cluster-management.io';
/** csi-addons volume and volume-group replication. */
export const CSI_ADDONS_REPLICATION_GROUP = 'replication.storage.openshift.io';
/** csi-addons node operations, among them network fencing. */
export const CSI_ADDONS_GROUP = 'csiaddons.openshift.io';
/** VolSync asynchronous volume replication. */
export const VOLSYNC_GROUP = 'volsync.backube';
/** Kubernetes CSI volume snapshots. */
export const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';
/** The group of Ramen's Recipe kind (shared with Ramen's own kinds, but Recipe ships its own CRD). */
export const RECIPE_GROUP = 'ramendr.openshift.io';
