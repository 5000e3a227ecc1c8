/**
 * Helpers for plain JSON values (what a decoded request body is): type names as Kubernetes reports them, deep
 * equality and deep copies. The validator never sees class instances, so these stay small and fast.
 */

/** A JSON object (never an array, never null). */
export type JsonObject = Record<string, unknown>;

/** The JSON type of a value as the API server names it; integral numbers are `integer` (Go decodes them as int64). */
export type JsonTypeName = 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

/** Whether `value` is a JSON object (a map), as opposed to an array, a scalar or null. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type name of a value; what type errors report as the offending type. */
export function jsonTypeOf(value: unknown): JsonTypeName {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/** Structural equality of two JSON values (object key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  let count = 0;
  for (const key in ao) {
    if (!Object.hasOwn(ao, key)) continue;
    count++;
    if (!Object.hasOwn(bo, key) || !deepEqual(ao[key], bo[key])) return false;
  }
  for (const key in bo) if (Object.hasOwn(bo, key)) count--;
  return count === 0;
}

/** A deep copy of a JSON value; scalars are returned as they are. */
export function deepCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  const out: JsonObject = {};
  for (const key in value) if (Object.hasOwn(value, key)) out[key] = deepCopy((value as JsonObject)[key]);
  return out as T;
}
