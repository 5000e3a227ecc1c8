/**
 * Field selector values of built-in objects (§11.2): every kind answers `metadata.name` and `metadata.namespace`;
 * a kind's descriptor adds its own labels (`spec.nodeName`, `involvedObject.name`, …). A label the kind does not
 * support is reported so the HTTP layer can answer 400 `field label not supported: <label>`.
 */
import type { BuiltinObject, BuiltinResource } from './builtin-resource.js';

/** Thrown for a field label the kind does not support. */
export class UnsupportedFieldLabelError extends Error {
  override readonly name = 'UnsupportedFieldLabelError';
  constructor(
    readonly label: string,
    options?: { cause?: unknown },
  ) {
    super(`field label not supported: ${label}`, options);
  }
}

/** The labels a kind's field selectors may use. */
export function supportedFieldLabels(resource: BuiltinResource): string[] {
  return ['metadata.name', 'metadata.namespace', ...resource.fieldSelectors.map((field) => field.label)];
}

/** The value `label` has for `object` (a cluster-scoped object's namespace is `""`). */
export function fieldSelectorValue<T extends BuiltinObject>(
  resource: BuiltinResource<T>,
  object: T,
  label: string,
): string {
  if (label === 'metadata.name') return object.metadata.name ?? '';
  if (label === 'metadata.namespace') return resource.namespaced ? (object.metadata.namespace ?? '') : '';
  const field = resource.fieldSelectors.find((candidate) => candidate.label === label);
  if (!field) throw new UnsupportedFieldLabelError(label);
  return field.value(object);
}

/** Every supported label with its value for `object` (Go's `fields.Set` of the object). */
export function selectableFields<T extends BuiltinObject>(
  resource: BuiltinResource<T>,
  object: T,
): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': object.metadata.name ?? '' };
  if (resource.namespaced) fields['metadata.namespace'] = object.metadata.namespace ?? '';
  for (const field of resource.fieldSelectors) fields[field.label] = field.value(object);
  return fields;
}
