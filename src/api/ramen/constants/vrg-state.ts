/**
 * The states of a VolumeReplicationGroup: the role the hub asks for (`spec.replicationState`, lowercase) and the
 * role the VRG reports having reached (`status.state`, capitalised). Both are plain strings in Ramen's CRD; the
 * hub compares them to decide when a failover or relocation may proceed.
 */

/** `spec.replicationState` of a VRG. */
export const ReplicationState = {
  /** Protect and replicate out the application's data. */
  Primary: 'primary',
  /** Receive the application's data from the peer. */
  Secondary: 'secondary',
} as const;
/** One desired VRG role. */
export type ReplicationState = (typeof ReplicationState)[keyof typeof ReplicationState];

/** `status.state` of a VRG. */
export const VRGState = {
  /** Data is ready and the VRG acts as primary. */
  Primary: 'Primary',
  /** Data is ready and the VRG acts as secondary. */
  Secondary: 'Secondary',
  /** DataReady is not yet true for the current generation. */
  Unknown: 'Unknown',
} as const;
/** One reported VRG role. */
export type VRGState = (typeof VRGState)[keyof typeof VRGState];
