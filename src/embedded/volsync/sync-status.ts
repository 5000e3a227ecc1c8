/**
 * Status helpers shared by the two movers: VolSync's time formats (`metav1.Time` in whole seconds, Go durations)
 * and its `Synchronizing` condition.
 */
import type { Condition } from '../../api/index.js';
import { VolSyncCondition } from '../../api/index.js';
import { setCondition } from '../../runtime/index.js';

/** A time as `metav1.Time` serializes it (RFC 3339, whole seconds). */
export function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A duration as Go's `time.Duration.String()` writes it (`35ms`, `1.5s`, `2m3.25s`). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${seconds}s`;
}

/** Why a mover is (not) synchronizing. */
export type SyncReason = keyof typeof VolSyncCondition.reasons;

const MESSAGES: Record<SyncReason, string> = {
  SyncInProgress: 'Synchronization in-progress',
  WaitingForSchedule: 'Waiting for next scheduled synchronization',
  WaitingForManual: 'Synchronization skipped, waiting for manual trigger',
  CleaningUp: 'Cleaning up',
  Error: 'Synchronization failed',
};

/** Sets `Synchronizing` in `conditions` (a copy); the message defaults to VolSync's. Returns whether it changed. */
export function setSynchronizing(
  conditions: Condition[],
  reason: SyncReason,
  generation: number | undefined,
  message?: string,
): boolean {
  return setCondition(conditions, {
    type: VolSyncCondition.type,
    status: reason === 'SyncInProgress' ? 'True' : 'False',
    reason: VolSyncCondition.reasons[reason],
    message: message ?? MESSAGES[reason],
    ...(generation !== undefined && { observedGeneration: generation }),
  });
}
