/**
 * Pairs a node of the new object with the same node of the old one, as Kubernetes does for transition rules
 * (`oldSelf`) and validation ratcheting: object properties and map values by name, items of `list-type: map`
 * lists by their map keys. Items of other lists have no old counterpart.
 */
import { isJsonObject, jsonEqual } from '../json-value.js';
import type { SchemaNode } from './schema-node.js';

/** The old value of property or map key `name` (undefined when there is none). */
export function correlateField(old: unknown, name: string): unknown {
  return isJsonObject(old) ? old[name] : undefined;
}

function keyValue(item: Record<string, unknown>, key: string, itemSchema: SchemaNode | undefined): unknown {
  return Object.hasOwn(item, key) ? item[key] : itemSchema?.properties?.get(key)?.defaultValue;
}

/**
 * A lookup of the old item of each new item of a list at `node`, or undefined when the list's items cannot be
 * correlated (no old list, or not a `list-type: map`).
 */
export function listCorrelator(node: SchemaNode, old: unknown): ((item: unknown) => unknown) | undefined {
  if (node.listType !== 'map' || node.listMapKeys.length === 0 || !Array.isArray(old)) return undefined;
  const keys = node.listMapKeys;
  const itemSchema = node.items;
  return (item) => {
    if (!isJsonObject(item)) return undefined;
    return old.find(
      (candidate) =>
        isJsonObject(candidate) &&
        keys.every((key) => jsonEqual(keyValue(candidate, key, itemSchema), keyValue(item, key, itemSchema))),
    );
  };
}
