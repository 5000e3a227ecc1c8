/**
 * The bridge between client-side and server-side apply that the real API server builds in for manager `kubectl`
 * (apimachinery `lastAppliedManager` and `lastAppliedUpdater`):
 * - a `kubectl apply --server-side` that conflicts only on fields whose live value still equals the
 *   `kubectl.kubernetes.io/last-applied-configuration` annotation takes them over (the user applied them before,
 *   client-side);
 * - after such an apply, an object that carries the annotation gets it rewritten to the applied configuration,
 *   so a later client-side apply computes its diff from the right base.
 */

import { isJsonObject, type JsonObject, type JsonValue, sortKeys } from '../../api/index.js';
import { compareFields } from './compare-fields.js';
import { withoutIgnored } from './field-ownership.js';
import type { FieldPath, FieldSet } from './field-set.js';
import type { KindStructure } from './kind-structure.js';
import { metadataOf } from './managed-fields.js';
import { toFieldSet } from './to-field-set.js';

/** The annotation `kubectl apply` (client-side) keeps the applied configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The default field manager of `kubectl apply --server-side`, the only one the bridge applies to. */
export const KUBECTL_APPLY_MANAGER = 'kubectl';

/** The annotation's value when present and non-empty. */
export function lastAppliedConfiguration(object: JsonObject): string | undefined {
  const annotations = metadataOf(object).annotations;
  const value = isJsonObject(annotations) ? annotations[LAST_APPLIED_ANNOTATION] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The fields of the last-applied configuration whose live value still matches it: conflicts on them are allowed.
 * Undefined when there is no usable annotation (not JSON, another apiVersion).
 */
export function conflictsAllowedByLastApplied(
  live: JsonObject,
  apiVersion: string,
  structure: KindStructure | undefined,
  ignored: readonly FieldPath[],
): FieldSet | undefined {
  const text = lastAppliedConfiguration(live);
  if (text === undefined) return undefined;
  let lastApplied: JsonValue;
  try {
    lastApplied = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  if (!isJsonObject(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  const comparison = compareFields(lastApplied, live, structure);
  return withoutIgnored(toFieldSet(lastApplied, structure), ignored)
    .difference(comparison.modified)
    .difference(comparison.added)
    .difference(comparison.removed);
}

/** `object` with the annotation set to the applied configuration, encoded as the real server encodes it. */
export function withLastApplied(object: JsonObject, applied: JsonObject): JsonObject {
  const metadata = metadataOf(object);
  const annotations = isJsonObject(metadata.annotations) ? metadata.annotations : {};
  return {
    ...object,
    metadata: {
      ...metadata,
      annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: encodeLastApplied(applied) },
    },
  };
}

/** The applied configuration without the annotation itself, as Go's encoding/json writes it (sorted, escaped, `\n`). */
function encodeLastApplied(applied: JsonObject): string {
  const metadata = metadataOf(applied);
  let copy = applied;
  if (isJsonObject(metadata.annotations)) {
    const { [LAST_APPLIED_ANNOTATION]: _self, ...annotations } = metadata.annotations;
    copy = { ...applied, metadata: { ...metadata, annotations } };
  }
  const json = JSON.stringify(sortKeys(copy)).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `${json}\n`;
}
