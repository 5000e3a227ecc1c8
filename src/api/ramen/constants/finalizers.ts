/**
 * Finalizers Ramen puts on its own and on users' objects. An operator that takes over from Ramen (or runs next to
 * it) must recognise and remove exactly these, or deletions hang.
 */

/** Finalizer names. */
export const Finalizers = {
  /** On a DRPC and on the user's Placement/PlacementRule it manages. */
  DRPC: 'drpc.ramendr.openshift.io/finalizer',
  /** On a DRPolicy (hub). */
  DRPolicy: 'drpolicies.ramendr.openshift.io/ramen',
  /** On the OCM policies that distribute S3 secrets for DRPolicies. */
  DRPolicyS3SecretPolicy: 'drpolicies.ramendr.openshift.io/policy-protection',
  /** On a DRCluster (hub). */
  DRCluster: 'drclusters.ramendr.openshift.io/ramen',
  /** On a DRClusterConfig (managed cluster). */
  DRClusterConfig: 'drclusterconfigs.ramendr.openshift.io/finalizer',
  /** On a VRG (managed cluster). */
  VRG: 'volumereplicationgroups.ramendr.openshift.io/vrg-protection',
  /** On a PVC protected through VolumeReplication (VolRep). */
  PVCVolRep: 'volumereplicationgroups.ramendr.openshift.io/pvc-vr-protection',
  /** On a PVC protected through VolSync. */
  PVCVolSync: 'volumereplicationgroups.ramendr.openshift.io/pvc-volsync-protection',
  /** Kubernetes' own PVC finalizer; its removal means the PVC is no longer in use (the VRG watches for it). */
  KubernetesPVCProtection: 'kubernetes.io/pvc-protection',
} as const;
/** One finalizer name. */
export type Finalizer = (typeof Finalizers)[keyof typeof Finalizers];
