/**
 * Fixed names of Ramen's VolSync integration: the pre-shared-key secrets, the manual triggers of the relocate final
 * sync and the temporary objects it creates. The hub and both clusters must agree on them.
 */

/** VolSync names and values. */
export const VolSyncNames = {
  /** Key of the rsync-TLS pre-shared key in the PSK secrets. */
  PSKSecretKey: 'psk.txt',
  /** Prefix of the PSK value: `volsyncramen:` followed by 64 random bytes in hex. */
  PSKIdentityPrefix: 'volsyncramen:',
  /** Manual trigger that stops scheduled syncs while preparing the final sync. */
  PrepareForFinalSyncTrigger: 'PREPARE-FOR-FINAL-SYNC-STOP-SCHEDULING',
  /** Manual trigger of the final sync; `status.lastManualSync` equal to it means the sync completed. */
  FinalSyncTrigger: 'vrg-final-sync',
  /** Prefix of the rsync-TLS destination Service (exported through Submariner). */
  RsyncTLSServicePrefix: 'volsync-rsync-tls-dst-',
  /** Cron schedule used when the replication interval is empty. */
  DefaultSchedule: '*/10 * * * *',
} as const;

/** The PSK secret a VRG uses in its namespace (the VRG has the DRPC's name). */
export function volSyncSecretName(vrgName: string): string {
  return `${vrgName}-vs-secret`;
}

/** The hub copy of the PSK secret, in the DRPC's namespace. */
export function volSyncHubSecretName(drpcName: string): string {
  return `${volSyncSecretName(drpcName)}-hub`;
}

/** The temporary PVC the retained PV is bound to while the final sync runs. */
export function finalSyncPVCName(pvcName: string): string {
  return `${pvcName}-for-finalsync`;
}

/** The local ReplicationSource/Destination pair used to roll a Direct-copy PVC back to its last snapshot. */
export function localReplicationName(pvcName: string): string {
  return `${pvcName}-local`;
}
