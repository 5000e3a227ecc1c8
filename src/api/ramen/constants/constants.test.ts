/**
 * Exact values that Ramen, its tools and its users depend on. A typo here would silently break interoperability
 * (a finalizer nobody removes, a label no selector matches), so each value is spelled out literally.
 */
import { describe, expect, it } from 'vitest';
import {
  Annotations,
  CLUSTER_FENCE_STATES,
  DRActions,
  DRClusterPhase,
  DRClusterReason,
  DRPC_CONDITION_ORDER,
  DRPCCondition,
  DRPolicyReason,
  DRState,
  Finalizers,
  Labels,
  LabelValues,
  MAINTENANCE_MODE_STATES,
  MaintenanceModeCondition,
  NO_S3_PROFILE,
  PRE_RELOCATE_PROGRESSIONS,
  ProgressionStatus,
  pvArchivedAnnotationValue,
  pvcObjectKey,
  pvObjectKey,
  ReplicationState,
  S3SecretKeys,
  VRG_ERROR_REASONS,
  VRGCondition,
  VRGReason,
  VRGState,
  veleroStoragePrefix,
  volSyncHubSecretName,
  vrgObjectKey,
  vrgS3Prefix,
} from './index.js';

/** A Kubernetes qualified name: optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

describe('Ramen well-known names', () => {
  it('spells the DRPC progression with a space where Ramen does', () => {
    expect(ProgressionStatus.CleaningUp).toBe('Cleaning Up');
    expect(ProgressionStatus.WaitOnUserToCleanUp).toBe('WaitOnUserToCleanUp');
    expect(ProgressionStatus.SettingUpVolSyncDest).toBe('SettingUpVolSyncDest');
    expect(PRE_RELOCATE_PROGRESSIONS).toContain('EnsuringVolumesAreSecondary');
    expect(PRE_RELOCATE_PROGRESSIONS).not.toContain('Cleaning Up');
  });

  it('uses Ramen’s annotation keys', () => {
    expect(Annotations.DRPCUID).toBe('drplacementcontrol.ramendr.openshift.io/drpc-uid');
    expect(Annotations.DRPCName).toBe('drplacementcontrol.ramendr.openshift.io/drpc-name');
    expect(Annotations.LastAppDeploymentCluster).toBe(
      'drplacementcontrol.ramendr.openshift.io/last-app-deployment-cluster',
    );
    expect(Annotations.ExperimentalSchedulingDisable).toBe(
      'cluster.open-cluster-management.io/experimental-scheduling-disable',
    );
    expect(Annotations.VRArchived).toBe('volumereplicationgroups.ramendr.openshift.io/vr-archived');
    expect(Annotations.StorageClusterID).toBe('drcluster.ramendr.openshift.io/storage-clusterid');
    expect(pvArchivedAnnotationValue(3)).toBe('archiveV1-3');
  });

  it('uses Ramen’s finalizers', () => {
    expect(Finalizers.PVCVolRep).toBe('volumereplicationgroups.ramendr.openshift.io/pvc-vr-protection');
    expect(Finalizers.PVCVolSync).toBe('volumereplicationgroups.ramendr.openshift.io/pvc-volsync-protection');
    expect(Finalizers.VRG).toBe('volumereplicationgroups.ramendr.openshift.io/vrg-protection');
    expect(Finalizers.DRPC).toBe('drpc.ramendr.openshift.io/finalizer');
    expect(Finalizers.DRCluster).toBe('drclusters.ramendr.openshift.io/ramen');
  });

  it('uses Ramen’s labels and their values', () => {
    expect(Labels.CreatedByRamen).toBe('ramendr.openshift.io/created-by-ramen');
    expect(LabelValues.CreatedByRamen).toBe('true');
    expect(Labels.OCMBackup).toBe('cluster.open-cluster-management.io/backup');
    expect(LabelValues.OCMBackup).toBe('ramen');
    expect(Labels.StorageID).toBe('ramendr.openshift.io/storageid');
    expect(Labels.VRGOwner).toBe('volumereplicationgroups-owner');
  });

  it('declares every label, annotation and finalizer once, as a valid qualified name', () => {
    for (const names of [Labels, Annotations, Finalizers]) {
      const values = Object.values(names);
      expect(new Set(values).size).toBe(values.length);
      for (const value of values) expect(value).toMatch(QUALIFIED_NAME);
    }
  });

  it('keeps the DRPC condition order the printer column depends on', () => {
    expect(DRPC_CONDITION_ORDER).toEqual(['Available', 'PeerReady', 'Protected']);
    expect(DRPCCondition.PeerReady).toBe('PeerReady');
  });

  it('uses Ramen’s condition reasons, including its odd spellings', () => {
    expect(DRClusterReason.S3ConnectionFailed).toBe('s3ConnectionFailed');
    expect(DRPolicyReason.DRClusterDetailsFailed).toBe('drClusterDetailsFailed');
    expect(VRGReason.VRGObjectCaptureError).toBe('VolumeReplicationGroupObjectCaptureError');
    expect(VRGCondition.NoClusterDataConflict).toBe('NoClusterDataConflict');
    expect(MaintenanceModeCondition.FailoverActivated).toBe('FailoverActivated');
    expect(VRG_ERROR_REASONS).toEqual([
      'Error',
      'UnknownError',
      'UploadError',
      'AnnotationFailed',
      'ClusterDataConflictPrimary',
      'ClusterDataConflictSecondary',
    ]);
  });

  it('separates desired (lowercase) and reported (capitalised) VRG roles', () => {
    expect(ReplicationState.Primary).toBe('primary');
    expect(VRGState.Primary).toBe('Primary');
    expect(VRGState.Unknown).toBe('Unknown');
  });

  it('uses Ramen’s phases and enums in Ramen’s order', () => {
    expect(DRState.Unset).toBe('');
    expect(DRState.WaitForUser).toBe('WaitForUser');
    expect(DRActions.Failover).toBe('Failover');
    expect(DRClusterPhase.Available).toBe('Available');
    expect(CLUSTER_FENCE_STATES).toEqual(['Unfenced', 'Fenced', 'ManuallyFenced', 'ManuallyUnfenced']);
    expect(MAINTENANCE_MODE_STATES).toEqual(['Unknown', 'Error', 'Progressing', 'Completed']);
  });

  it('lays out S3 keys as Ramen does', () => {
    expect(NO_S3_PROFILE).toBe('NoS3');
    expect(S3SecretKeys).toEqual({
      AccessKeyID: 'AWS_ACCESS_KEY_ID',
      SecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
    });
    expect(vrgS3Prefix('app', 'busybox')).toBe('app/busybox/');
    expect(pvObjectKey('app', 'busybox', 'pv-1')).toBe('app/busybox/v1.PersistentVolume/pv-1');
    expect(pvcObjectKey('app', 'busybox', 'app', 'data')).toBe(
      'app/busybox/v1.PersistentVolumeClaim/app/data',
    );
    expect(vrgObjectKey('app', 'busybox')).toBe('app/busybox/v1alpha1.VolumeReplicationGroup/a');
    expect(veleroStoragePrefix('app', 'busybox', 1)).toBe('app/busybox/kube-objects/1/velero/');
  });

  it('names VolSync secrets as Ramen does', () => {
    expect(volSyncHubSecretName('busybox-drpc')).toBe('busybox-drpc-vs-secret-hub');
  });
});
