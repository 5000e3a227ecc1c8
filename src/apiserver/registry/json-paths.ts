/**
 * Reading and writing a field of a JSON object by its dotted path (`spec.replicas`, or `.spec.replicas` as CRDs
 * write scale paths). Subresource writes copy such paths between the stored object and the request body, and the
 * scale subresource reads and writes replica counts through them.
 */
import { deepCopy, isJsonObject, type JsonRecord } from '../../api/index.js';

/** The segments of a dotted path; a leading dot (CRD JSONPath style) is ignored. */
export function pathSegments(path: string): string[] {
  return (path.startsWith('.') ? path.slice(1) : path).split('.').filter((part) => part !== '');
}

/** The value at `path`, or undefined when any step is missing or not an object. */
export function getPath(object: unknown, path: string): unknown {
  let current = object;
  for (const part of pathSegments(path)) {
    if (!isJsonObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** Sets the value at `path`, creating the objects on the way; `undefined` removes the field. */
export function setPath(object: JsonRecord, path: string, value: unknown): void {
  const parts = pathSegments(path);
  const last = parts.pop();
  if (last === undefined) return;
  let current = object;
  for (const part of parts) {
    const next = current[part];
    if (!isJsonObject(next)) {
      if (value === undefined) return;
      current[part] = {};
    }
    current = current[part] as JsonRecord;
  }
  if (value === undefined) delete current[last];
  else current[last] = value;
}

/** Copies the value at each path from `source` into `target` (removing it from `target` where `source` has none). */
export function copyPaths(target: JsonRecord, source: unknown, paths: readonly string[]): void {
  for (const path of paths) {
    const value = getPath(source, path);
    setPath(target, path, value === undefined ? undefined : deepCopy(value));
  }
}

/** A copy of `object` without the given top-level fields (for comparisons that ignore them). */
export function withoutFields(object: JsonRecord, fields: readonly string[]): JsonRecord {
  const copy: JsonRecord = { ...object };
  for (const field of fields) delete copy[field];
  return copy;
}
