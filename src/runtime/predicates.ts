/**
 * Predicates filter events before they reach a controller's queue, as controller-runtime's `predicate` package
 * does. A predicate decides per event type; a missing method lets that type through. The usual ones:
 * `generationChanged` (spec changes only: status writes and resyncs do not reconcile again), `labelChanged`,
 * `annotationChanged`, `resourceVersionChanged` (drops resyncs), `labelSelectorPredicate` and combinators.
 */
import type { LabelSelector } from '../api/index.js';
import { type KubeObject, matchesLabelSelector } from '../kube/index.js';
import type { CreateEvent, DeleteEvent, ObjectEvent, UpdateEvent } from './object-event.js';

/** Decides which events pass; see the module comment. */
export interface Predicate<T extends KubeObject = KubeObject> {
  create?(event: CreateEvent<T>): boolean;
  update?(event: UpdateEvent<T>): boolean;
  delete?(event: DeleteEvent<T>): boolean;
}

/** Whether `event` passes every predicate. */
export function passes<T extends KubeObject>(
  predicates: readonly Predicate<T>[],
  event: ObjectEvent<T>,
): boolean {
  for (const predicate of predicates) {
    const verdict =
      event.type === 'create'
        ? predicate.create?.(event)
        : event.type === 'update'
          ? predicate.update?.(event)
          : predicate.delete?.(event);
    if (verdict === false) return false;
  }
  return true;
}

function sameRecord(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const left = Object.entries(a ?? {});
  if (left.length !== Object.keys(b ?? {}).length) return false;
  return left.every(([key, value]) => b?.[key] === value);
}

/** Updates pass only when `metadata.generation` changed (a spec change); creates and deletes pass. */
export const generationChanged: Predicate = {
  update: (event) => event.oldObject.metadata.generation !== event.object.metadata.generation,
};

/** Updates pass only when the labels changed; creates and deletes pass. */
export const labelChanged: Predicate = {
  update: (event) => !sameRecord(event.oldObject.metadata.labels, event.object.metadata.labels),
};

/** Updates pass only when the annotations changed; creates and deletes pass. */
export const annotationChanged: Predicate = {
  update: (event) => !sameRecord(event.oldObject.metadata.annotations, event.object.metadata.annotations),
};

/** Updates pass only when the resourceVersion changed: periodic resyncs are dropped. */
export const resourceVersionChanged: Predicate = {
  update: (event) => event.oldObject.metadata.resourceVersion !== event.object.metadata.resourceVersion,
};

/** Every event type passes when `test` holds for the (new) object. */
export function objectFilter<T extends KubeObject = KubeObject>(test: (object: T) => boolean): Predicate<T> {
  return {
    create: (event) => test(event.object),
    update: (event) => test(event.object),
    delete: (event) => test(event.object),
  };
}

/** Events pass when the (new) object's labels match `selector`. */
export function labelSelectorPredicate(selector: LabelSelector): Predicate {
  return objectFilter((object) => matchesLabelSelector(selector, object.metadata.labels));
}

function verdictOf<T extends KubeObject>(predicate: Predicate<T>, event: ObjectEvent<T>): boolean {
  return passes([predicate], event);
}

/** Passes when every predicate passes. */
export function and<T extends KubeObject = KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  const all = (event: ObjectEvent<T>) => predicates.every((p) => verdictOf(p, event));
  return { create: all, update: all, delete: all };
}

/** Passes when any predicate passes. */
export function or<T extends KubeObject = KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  const any = (event: ObjectEvent<T>) => predicates.some((p) => verdictOf(p, event));
  return { create: any, update: any, delete: any };
}

/** Passes when `predicate` does not. */
export function not<T extends KubeObject = KubeObject>(predicate: Predicate<T>): Predicate<T> {
  const negated = (event: ObjectEvent<T>) => !verdictOf(predicate, event);
  return { create: negated, update: negated, delete: negated };
}
