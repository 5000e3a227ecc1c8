/**
 * The uniqueness invariants of `x-kubernetes-list-type`: a `set` holds no value twice, a `map` list holds no two
 * items with the same `x-kubernetes-list-map-keys`. Checked after schema validation, with the API server's
 * `Duplicate value` errors placed at the second occurrence.
 */
import { duplicateError, type FieldError, invalidError } from './field-error.js';
import { PathStack } from './field-path.js';
import { isJsonObject, type JsonObject } from './json-value.js';
import type { SchemaNode } from './schema-node.js';

const UNSPECIFIED = 'u';

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

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

function errorAt(path: PathStack, index: number, build: (field: string) => FieldError): FieldError {
  path.pushIndex(index);
  const error = build(path.toField());
  path.pop();
  return error;
}

function validateSet(list: unknown[], path: PathStack, errors: FieldError[]): void {
  if (list.length <= 1) return;
  for (const index of secondOccurrences(list.map(identity))) {
    errors.push(errorAt(path, index, (field) => duplicateError(field, list[index])));
  }
}

function mapKey(item: unknown, keys: readonly string[]): JsonObject | undefined {
  if (!isJsonObject(item)) return keys.length === 1 ? undefined : {};
  const key: JsonObject = {};
  for (const name of keys) if (Object.hasOwn(item, name)) key[name] = item[name];
  return keys.length === 1 && !Object.hasOwn(key, keys[0] as string) ? undefined : key;
}

function validateMap(list: unknown[], keys: readonly string[], path: PathStack, errors: FieldError[]): void {
  const wrong = list.findIndex((item) => item !== null && !isJsonObject(item));
  if (wrong >= 0) {
    const detail = 'must be an object for an array of list-type map';
    errors.push(errorAt(path, wrong, (field) => invalidError(field, list[wrong], detail)));
    return;
  }
  if (list.length <= 1) return;
  const itemKeys = list.map((item) => mapKey(item, keys));
  const identities = itemKeys.map((key) =>
    keys.length === 1 ? identity(key?.[keys[0] as string]) : identity(key),
  );
  for (const index of secondOccurrences(identities)) {
    errors.push(errorAt(path, index, (field) => duplicateError(field, itemKeys[index] ?? {})));
  }
}

function walk(value: unknown, node: SchemaNode, path: PathStack, errors: FieldError[]): void {
  if (!node.structureChecksInside) return;
  if (Array.isArray(value)) {
    if (node.listType === 'set') validateSet(value, path, errors);
    else if (node.listType === 'map') validateMap(value, node.listMapKeys, path, errors);
    const items = node.items;
    if (!items) return;
    value.forEach((item, index) => {
      path.pushIndex(index);
      walk(item, items, path, errors);
      path.pop();
    });
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const property = node.properties?.get(key);
    const schema = property ?? node.additionalProperties;
    if (!schema) continue;
    if (property) path.pushField(key);
    else path.pushKey(key);
    walk(item, schema, path, errors);
    path.pop();
  }
}

/** The list-type `set` and `map` uniqueness errors of `value` (an object validated against `root`). */
export function validateListTypes(value: unknown, root: SchemaNode): FieldError[] {
  const errors: FieldError[] = [];
  walk(value, root, new PathStack(), errors);
  return errors;
}
