/**
 * Pod predicates the workload controllers share (`podutil`): active (counts toward replicas), ready, available.
 */
import type { Pod } from '../../apiserver/builtins/index.js';

/** Not finished and not being deleted (`controller.IsPodActive`). */
export function isPodActive(pod: Pod): boolean {
  return (
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed' &&
    pod.metadata.deletionTimestamp === undefined
  );
}

/** The Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Ready for at least `minReadySeconds` (`podutil.IsPodAvailable`). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number = Date.now()): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const since = Date.parse(ready?.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}
