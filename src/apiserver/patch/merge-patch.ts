/**
 * JSON Merge Patch (RFC 7386, `application/merge-patch+json`): object members merge recursively, `null` deletes,
 * anything else (arrays included) replaces. kubectl uses it for `label`, `annotate`, and for `apply`/`edit`/`patch
 * --type merge` of custom resources.
 */

import { deepCopy, isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';
import { badRequest } from './errors.js';

/** RFC 7386 `MergePatch(target, patch)`, returning a new value (neither argument is modified). */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  return mergeInto(target === undefined ? undefined : deepCopy(target), deepCopy(patch));
}

/** The RFC's recursion on values this module owns (so it may reuse them). */
function mergeInto(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergeInto(result[key], value);
  }
  return result;
}

/**
 * A merge patch as the API server applies it to a stored object: the body must be a JSON object, else 400
 * `Invalid JSON Patch` (evanphx/json-patch `ErrBadJSONPatch`, which the server turns into a BadRequest).
 */
export function applyMergePatchToObject(object: JsonObject, patch: unknown): JsonObject {
  if (!isJsonObject(patch)) throw badRequest('Invalid JSON Patch');
  return applyMergePatch(object, patch) as JsonObject;
}
