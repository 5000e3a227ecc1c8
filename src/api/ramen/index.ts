/** Ramen's own kinds (`ramendr.openshift.io/v1alpha1`) and the RamenConfig document. */
import type { KindDefinition } from '../schema/index.js';
import { DRClusterKind } from './drcluster.js';
import { DRClusterConfigKind } from './drclusterconfig.js';
import { DRPlacementControlKind } from './drplacementcontrol.js';
import { DRPolicyKind } from './drpolicy.js';
import { MaintenanceModeKind } from './maintenancemode.js';
import { ProtectedVolumeReplicationGroupListKind } from './protectedvolumereplicationgrouplist.js';
import { ReplicationGroupDestinationKind } from './replicationgroupdestination.js';
import { ReplicationGroupSourceKind } from './replicationgroupsource.js';
import { VolumeReplicationGroupKind } from './volumereplicationgroup.js';

export * from './constants/index.js';
export * from './dr-action.js';
export * from './drcluster.js';
export * from './drclusterconfig.js';
export * from './drplacementcontrol.js';
export * from './drpolicy.js';
export * from './group.js';
export * from './kube-object-protection.js';
export * from './maintenancemode.js';
export * from './peer-class.js';
export * from './protected-pvc.js';
export * from './protectedvolumereplicationgrouplist.js';
export * from './ramen-config.js';
export * from './replicationgroupdestination.js';
export * from './replicationgroupsource.js';
export * from './static-ip.js';
export * from './volsync-spec.js';
export * from './volumereplicationgroup.js';
export * from './vrg-spec.js';
export * from './vrg-status.js';

/** Every Ramen CRD kind, in the order `npm run generate` writes them. */
export const ramenKinds: readonly KindDefinition[] = [
  DRPolicyKind,
  DRClusterKind,
  DRClusterConfigKind,
  MaintenanceModeKind,
  DRPlacementControlKind,
  VolumeReplicationGroupKind,
  ProtectedVolumeReplicationGroupListKind,
  ReplicationGroupSourceKind,
  ReplicationGroupDestinationKind,
];
