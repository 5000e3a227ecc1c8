/**
 * The uniqueness invariants of `x-kubernetes-list-type`: a `set` holds no value twice, a `map` list holds no two
 * items with the same `x-kubernetes-list-map-keys`. Checked after schema validation, with the API server's
 * `Duplicate value` errors placed at the second occurrence.
 */

import { canonicalJson, isJsonObject, type JsonRecord } from '../json-value.js';
import { duplicateError, type FieldError, invalidError } from './field-error.js';
import type { PathStack } from './field-path.js';
import type { SchemaNode } from './schema-node.js';
import { walkStructure } from './structure-walk.js';

const UNSPECIFIED = 'u';

function identity(value: unknown): string {
  if (value === undefined) return UNSPECIFIED;
  if (value === null) return 'null';
  if (typeof value === 'object') return `j:${canonicalJson(value)}`;
  return `${typeof value}:${String(value)}`;
}

/** The index of the second occurrence of every value that occurs more than once. */
function secondOccurrences(identities: readonly string[]): number[] {
  const seen = new Map<string, number>();
  const indices: number[] = [];
  identities.forEach((id, index) => {
    const times = seen.get(id) ?? 0;
    seen.set(id, times + 1);
    if (times === 1) indices.push(index);
  });
  return indices;
}

function validateSet(list: unknown[], path: PathStack, errors: FieldError[]): void {
  if (list.length <= 1) return;
  for (const index of secondOccurrences(list.map(identity))) {
    errors.push(duplicateError(path.childField(index), list[index]));
  }
}

function mapKey(item: unknown, keys: readonly string[]): JsonRecord | undefined {
  if (!isJsonObject(item)) return keys.length === 1 ? undefined : {};
  const key: JsonRecord = {};
  for (const name of keys) if (Object.hasOwn(item, name)) key[name] = item[name];
  return keys.length === 1 && !Object.hasOwn(key, keys[0] as string) ? undefined : key;
}

function validateMap(list: unknown[], keys: readonly string[], path: PathStack, errors: FieldError[]): void {
  const wrong = list.findIndex((item) => item !== null && !isJsonObject(item));
  if (wrong >= 0) {
    const detail = 'must be an object for an array of list-type map';
    errors.push(invalidError(path.childField(wrong), list[wrong], detail));
    return;
  }
  if (list.length <= 1) return;
  const itemKeys = list.map((item) => mapKey(item, keys));
  const identities = itemKeys.map((key) =>
    keys.length === 1 ? identity(key?.[keys[0] as string]) : identity(key),
  );
  for (const index of secondOccurrences(identities)) {
    errors.push(duplicateError(path.childField(index), itemKeys[index] ?? {}));
  }
}

/** The list-type `set` and `map` uniqueness errors of `value` (an object validated against `root`). */
export function validateListTypes(value: unknown, root: SchemaNode): FieldError[] {
  return walkStructure(value, root, {
    list(list, node, path, errors) {
      if (node.listType === 'set') validateSet(list, path, errors);
      else if (node.listType === 'map') validateMap(list, node.listMapKeys, path, errors);
    },
  });
}
