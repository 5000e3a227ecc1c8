/**
 * The status csi-addons writes on a VolumeReplication, as pure functions of what the driver found: the condition
 * sets of its design document (healthy primary, healthy secondary, secondary resyncing, split brain, failed
 * prerequisites), each stamped with the VR generation.
 */
import type { Condition } from '../../api/index.js';
import {
  ReplicationConditionReason as Reason,
  ReplicationConditionType as Type,
  type VolumeReplication,
  type VolumeReplicationStatus,
} from '../../api/index.js';
import { setCondition } from '../../runtime/index.js';

/** How the image of a primary VR is doing. */
export interface PrimaryHealth {
  /** The other sites that are primary too (split brain), empty when healthy. */
  otherPrimaries: readonly string[];
  /** Whether a secondary copy received the last snapshot. */
  replicating: boolean;
  lastSync?: { time: string; bytes: number; durationMs: number };
}

/** How the image of a secondary VR is doing. */
export type SecondaryHealth =
  | { kind: 'in-sync' }
  | { kind: 'awaiting-initial-sync' }
  | { kind: 'resyncing' }
  | { kind: 'split-brain' };

type ConditionSpec = [type: string, status: 'True' | 'False', reason: string, message: string];

/**
 * What the status functions read: a VolumeReplication, or a VolumeGroupReplication (whose status inlines a VR's),
 * so the failure statuses are written the same way for both.
 */
export interface ReplicationSubject {
  metadata: { generation?: number };
  spec?: { replicationState?: string };
  status?: VolumeReplicationStatus;
}

function withConditions(
  vr: ReplicationSubject,
  state: NonNullable<VolumeReplicationStatus['state']>,
  message: string,
  specs: readonly ConditionSpec[],
): VolumeReplicationStatus {
  const conditions: Condition[] = structuredClone(vr.status?.conditions ?? []);
  const generation = vr.metadata.generation;
  for (const [type, status, reason, text] of specs) {
    setCondition(conditions, { type, status, reason, message: text, observedGeneration: generation });
  }
  const { lastSyncTime, lastSyncBytes, lastSyncDuration, ...rest } = vr.status ?? {};
  const kept = state === 'Primary' ? { lastSyncTime, lastSyncBytes, lastSyncDuration } : {};
  return JSON.parse(
    JSON.stringify({ ...rest, ...kept, state, message, conditions, observedGeneration: generation }),
  ) as VolumeReplicationStatus;
}

/** A Go duration string of milliseconds (`1.234s`). */
export function goDuration(ms: number): string {
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

/** The status of a promoted (primary) VR. */
export function primaryStatus(vr: VolumeReplication, health: PrimaryHealth): VolumeReplicationStatus {
  const splitBrain = health.otherPrimaries.length > 0;
  const brainMessage = `split-brain: the image is also primary on ${health.otherPrimaries.join(', ')}; demote one side and resync it (data is neither merged nor discarded)`;
  const status = withConditions(vr, 'Primary', splitBrain ? brainMessage : 'volume is marked primary', [
    [Type.Validated, 'True', Reason.PrerequisiteMet, 'prerequisites are met'],
    [Type.Completed, 'True', Reason.Promoted, 'is promoted to primary and replicating to secondary'],
    splitBrain
      ? [Type.Degraded, 'True', Reason.VolumeDegraded, brainMessage]
      : [Type.Degraded, 'False', Reason.Healthy, 'volume is healthy'],
    [Type.Resyncing, 'False', Reason.NotResyncing, 'volume is not resyncing'],
    health.replicating && !splitBrain
      ? [Type.Replicating, 'True', Reason.Replicating, 'volume is replicating']
      : [
          Type.Replicating,
          'False',
          Reason.NotReplicating,
          splitBrain ? brainMessage : 'no reachable secondary',
        ],
  ]);
  if (health.lastSync !== undefined) {
    status.lastSyncTime = health.lastSync.time;
    status.lastSyncBytes = health.lastSync.bytes;
    status.lastSyncDuration = goDuration(health.lastSync.durationMs);
  }
  return status;
}

/** The status of a demoted (secondary or resync) VR. */
export function secondaryStatus(vr: VolumeReplication, health: SecondaryHealth): VolumeReplicationStatus {
  const degraded: Record<SecondaryHealth['kind'], ConditionSpec[]> = {
    'in-sync': [
      [Type.Degraded, 'False', Reason.Healthy, 'volume is healthy'],
      [Type.Resyncing, 'False', Reason.NotResyncing, 'volume is not resyncing'],
    ],
    'awaiting-initial-sync': [
      [Type.Degraded, 'True', Reason.VolumeDegraded, 'volume is degraded: awaiting the first snapshot'],
      [Type.Resyncing, 'True', Reason.ResyncTriggered, 'volume is resyncing from the primary'],
    ],
    resyncing: [
      [Type.Degraded, 'True', Reason.VolumeDegraded, 'volume is degraded: the local image is being replaced'],
      [Type.Resyncing, 'True', Reason.ResyncTriggered, 'volume is resyncing from the primary'],
    ],
    'split-brain': [
      [
        Type.Degraded,
        'True',
        Reason.VolumeDegraded,
        'split-brain: the local image diverged from the primary; request resync (or autoResync) to discard it',
      ],
      [Type.Resyncing, 'False', Reason.NotResyncing, 'volume is not resyncing: resync not requested'],
    ],
  };
  return withConditions(vr, 'Secondary', 'volume is marked secondary', [
    [Type.Validated, 'True', Reason.PrerequisiteMet, 'prerequisites are met'],
    [Type.Completed, 'True', Reason.Demoted, 'volume is demoted to secondary'],
    ...degraded[health.kind],
  ]);
}

/** The status of a VR whose prerequisites (class, bound claim) are not met. */
export function invalidStatus(vr: ReplicationSubject, message: string): VolumeReplicationStatus {
  const failed = vr.spec?.replicationState === 'primary' ? Reason.FailedToPromote : Reason.FailedToDemote;
  return withConditions(vr, vr.status?.state ?? 'Unknown', message, [
    [Type.Validated, 'False', Reason.PrerequisiteNotMet, message],
    [Type.Completed, 'False', failed, message],
  ]);
}

/** The status of a VR whose operation failed (the error is retried). */
export function failedStatus(vr: ReplicationSubject, message: string): VolumeReplicationStatus {
  const failed = vr.spec?.replicationState === 'primary' ? Reason.FailedToPromote : Reason.FailedToDemote;
  return withConditions(vr, vr.status?.state ?? 'Unknown', message, [
    [Type.Completed, 'False', failed, message],
  ]);
}
