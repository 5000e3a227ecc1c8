/**
 * metav1.Condition helpers, as apimachinery's `meta.SetStatusCondition` and friends: setting a condition changes
 * `lastTransitionTime` only when its status changes, and reports whether anything changed at all — so a reconcile
 * that finds nothing new writes nothing (steady state stays quiet). `isConditionCurrent` applies the rule that a
 * condition counts only for the generation it was computed from.
 */
import type { Condition } from '../api/index.js';
import type { KubeObject } from '../kube/index.js';

/** The fields a caller sets; `lastTransitionTime` is managed here. */
export type ConditionInput = Omit<Condition, 'lastTransitionTime'> & { lastTransitionTime?: string };

/** The condition of `type`, if present. */
export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/** Whether the condition of `type` is present with status True. */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/** Whether the condition of `type` is present with status False. */
export function isConditionFalse(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'False';
}

/** The time format of `lastTransitionTime` (RFC 3339, whole seconds, as the API server writes it). */
export function conditionTime(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Sets a condition in `conditions` (mutated; pass a copy of cached data). Returns whether the list changed.
 * `lastTransitionTime` moves only when the status changes (or the condition is new).
 */
export function setCondition(
  conditions: Condition[],
  input: ConditionInput,
  now: Date = new Date(),
): boolean {
  const existing = findCondition(conditions, input.type);
  if (!existing) {
    conditions.push({
      ...input,
      lastTransitionTime: input.lastTransitionTime ?? conditionTime(now),
    } as Condition);
    return true;
  }
  let changed = false;
  if (existing.status !== input.status) {
    existing.status = input.status;
    existing.lastTransitionTime = input.lastTransitionTime ?? conditionTime(now);
    changed = true;
  }
  if (existing.reason !== input.reason) {
    existing.reason = input.reason;
    changed = true;
  }
  if (existing.message !== input.message) {
    existing.message = input.message;
    changed = true;
  }
  if (existing.observedGeneration !== input.observedGeneration) {
    if (input.observedGeneration === undefined) delete existing.observedGeneration;
    else existing.observedGeneration = input.observedGeneration;
    changed = true;
  }
  return changed;
}

/** Removes the condition of `type`; returns whether it was there. */
export function removeCondition(conditions: Condition[], type: string): boolean {
  const index = conditions.findIndex((condition) => condition.type === type);
  if (index < 0) return false;
  conditions.splice(index, 1);
  return true;
}

/**
 * Whether the condition of `type` describes the object's current generation (its `observedGeneration` equals
 * `metadata.generation`); a stale condition must not drive decisions.
 */
export function isConditionCurrent(
  object: KubeObject,
  conditions: readonly Condition[] | undefined,
  type: string,
): boolean {
  const condition = findCondition(conditions, type);
  return condition !== undefined && condition.observedGeneration === object.metadata.generation;
}
