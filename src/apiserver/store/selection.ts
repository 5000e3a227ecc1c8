/**
 * What a list or a watch asks for: a namespace and label/field selectors. Compiled once into a predicate so the
 * hot paths (listing 10,000 objects, fanning an event out to every watcher) do no option handling per object.
 */
import { type KubeObject, objectNamespace } from './kube-object.js';
import {
  type FieldSelector,
  type FieldValueResolver,
  type LabelSelector,
  resolveFieldPath,
} from './selectors.js';

/** The filter part of list and watch options. */
export interface Selection {
  /** Only objects in this namespace; all namespaces when unset. Use `''` for cluster-scoped resources. */
  namespace?: string;
  /** @default everything */
  labelSelector?: LabelSelector;
  /** @default everything */
  fieldSelector?: FieldSelector;
  /**
   * Reads field-label values for `fieldSelector`; supply one when the resource has field labels that are not plain
   * paths into the object. @default resolveFieldPath
   */
  fieldValue?: FieldValueResolver;
}

/** A compiled selection. */
export type ObjectPredicate = (object: KubeObject) => boolean;

/** Compiles a selection into a predicate over stored objects. */
export function compileSelection(selection: Selection): ObjectPredicate {
  const { namespace, labelSelector, fieldSelector } = selection;
  const resolve = selection.fieldValue ?? resolveFieldPath;
  const labels = labelSelector !== undefined && !labelSelector.isEmpty ? labelSelector : undefined;
  const fields = fieldSelector !== undefined && !fieldSelector.isEmpty ? fieldSelector : undefined;
  return (object) =>
    (namespace === undefined || objectNamespace(object) === namespace) &&
    (labels === undefined || labels.matches(object.metadata.labels)) &&
    (fields === undefined || fields.matches(object, resolve));
}

/** Whether a selection filters on anything besides the namespace. */
export function hasSelectors(selection: Selection): boolean {
  return (
    (selection.labelSelector !== undefined && !selection.labelSelector.isEmpty) ||
    (selection.fieldSelector !== undefined && !selection.fieldSelector.isEmpty)
  );
}
