/**
 * Ramen's S3 object layout. A VRG stores its PVs, PVCs, itself and Velero captures under `<vrgNamespace>/<vrgName>/`
 * in the bucket of every S3 profile; each object is gzip-compressed JSON of the whole Kubernetes object. Keeping the
 * same keys lets either implementation restore what the other uploaded.
 */

/** The S3 profile name that means "no S3 store" (VRGs skip uploads and restores). */
export const NO_S3_PROFILE = 'NoS3';

/** Keys of the S3 credentials Secret a profile's `s3SecretRef` names. */
export const S3SecretKeys = {
  /** The access key ID. */
  AccessKeyID: 'AWS_ACCESS_KEY_ID',
  /** The secret access key. */
  SecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
} as const;

/** The type segment of an object key: Ramen writes the Go type string of the stored object. */
export const S3ObjectType = {
  /** A PersistentVolume. */
  PersistentVolume: 'v1.PersistentVolume',
  /** A PersistentVolumeClaim. */
  PersistentVolumeClaim: 'v1.PersistentVolumeClaim',
  /** The VRG itself. */
  VolumeReplicationGroup: 'v1alpha1.VolumeReplicationGroup',
  /** A VolumeGroupReplication. */
  VolumeGroupReplication: 'v1alpha1.VolumeGroupReplication',
  /** A VolumeGroupReplicationContent. */
  VolumeGroupReplicationContent: 'v1alpha1.VolumeGroupReplicationContent',
} as const;
/** One object type segment. */
export type S3ObjectType = (typeof S3ObjectType)[keyof typeof S3ObjectType];

/** The key under which a VRG stores its own object (its type prefix plus this name). */
export const VRG_OBJECT_NAME = 'a';

/** The prefix of everything one VRG stores: `<vrgNamespace>/<vrgName>/`. */
export function vrgS3Prefix(vrgNamespace: string, vrgName: string): string {
  return `${vrgNamespace}/${vrgName}/`;
}

/** The prefix listed to find every object of one type a VRG stored: `<ns>/<vrg>/<type>/`. */
export function s3TypePrefix(vrgNamespace: string, vrgName: string, type: S3ObjectType): string {
  return `${vrgS3Prefix(vrgNamespace, vrgName)}${type}/`;
}

/** The key of a protected PV. */
export function pvObjectKey(vrgNamespace: string, vrgName: string, pvName: string): string {
  return `${s3TypePrefix(vrgNamespace, vrgName, S3ObjectType.PersistentVolume)}${pvName}`;
}

/** The key of a protected PVC (namespace-qualified, so one VRG can protect several namespaces). */
export function pvcObjectKey(
  vrgNamespace: string,
  vrgName: string,
  pvcNamespace: string,
  pvcName: string,
): string {
  return `${s3TypePrefix(vrgNamespace, vrgName, S3ObjectType.PersistentVolumeClaim)}${pvcNamespace}/${pvcName}`;
}

/** The key older Ramen versions used for a PVC (no namespace); deleted along with the current one. */
export function legacyPvcObjectKey(vrgNamespace: string, vrgName: string, pvcName: string): string {
  return `${s3TypePrefix(vrgNamespace, vrgName, S3ObjectType.PersistentVolumeClaim)}${pvcName}`;
}

/** The key of the VRG's own object (the hub reads it to recover when a cluster is unreachable). */
export function vrgObjectKey(vrgNamespace: string, vrgName: string): string {
  return `${s3TypePrefix(vrgNamespace, vrgName, S3ObjectType.VolumeReplicationGroup)}${VRG_OBJECT_NAME}`;
}

/** The key of a VolumeGroupReplication the VRG protects. */
export function vgrObjectKey(vrgNamespace: string, vrgName: string, vgrName: string): string {
  return `${s3TypePrefix(vrgNamespace, vrgName, S3ObjectType.VolumeGroupReplication)}${vgrName}`;
}

/** The key of a VolumeGroupReplicationContent the VRG protects. */
export function vgrcObjectKey(vrgNamespace: string, vrgName: string, vgrcName: string): string {
  return `${s3TypePrefix(vrgNamespace, vrgName, S3ObjectType.VolumeGroupReplicationContent)}${vgrcName}`;
}

/** The prefix of kube-object capture slot `captureNumber` (0 or 1, alternating). */
export function kubeObjectsCapturePrefix(
  vrgNamespace: string,
  vrgName: string,
  captureNumber: number,
): string {
  return `${vrgS3Prefix(vrgNamespace, vrgName)}kube-objects/${captureNumber}/`;
}

/** The Velero BackupStorageLocation prefix of a capture slot (Velero writes `backups/<name>/...` below it). */
export function veleroStoragePrefix(vrgNamespace: string, vrgName: string, captureNumber: number): string {
  return `${kubeObjectsCapturePrefix(vrgNamespace, vrgName, captureNumber)}velero/`;
}

/** The name of the Velero Backup that captures one recipe group into one S3 profile. */
export function kubeObjectsCaptureRequestName(
  vrgNamespace: string,
  vrgName: string,
  captureNumber: number,
  groupName: string,
  s3ProfileName: string,
): string {
  return `${vrgNamespace}--${vrgName}--${captureNumber}--${groupName}--${s3ProfileName}`;
}

/** The name of the Velero Restore of recover step `stepIndex`. */
export function kubeObjectsRecoverRequestName(
  vrgNamespace: string,
  vrgName: string,
  stepIndex: number,
): string {
  return `${vrgNamespace}--${vrgName}--${stepIndex}`;
}
