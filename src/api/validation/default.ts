/**
 * Defaulting: schema `default`s applied where the parent exists (`spec.size` only when `spec` is there), inside
 * list items and map values too, and in place of an explicit `null` on a non-nullable field. A default is copied
 * in and then defaulted itself, so defaults nested in defaults apply. The API server defaults every write (after
 * pruning) and every object it reads back from storage, so objects stored before a default existed get it.
 *
 * Copy-on-write: the input is never modified; containers on the way to a change are copied and the rest shared,
 * and an object that needs no default is returned as is (reads cost nothing when there is nothing to add).
 */
import { deepCopy, isJsonObject, type JsonRecord } from '../json-value.js';
import type { SchemaNode } from './schema-node.js';

function needsDefault(value: unknown, present: boolean, schema: SchemaNode): boolean {
  return schema.hasDefault && (!present || (value === null && !schema.nullable));
}

function defaultList(list: unknown[], node: SchemaNode): unknown[] {
  const items = node.items;
  if (!items || !(items.hasDefault || items.defaultsInside)) return list;
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const filled = needsDefault(item, true, items) ? deepCopy(items.defaultValue) : item;
    const next = withDefaults(filled, items);
    if (next !== item) {
      out ??= list.slice();
      out[i] = next;
    }
  }
  return out ?? list;
}

function defaultObject(object: JsonRecord, node: SchemaNode): JsonRecord {
  let out: JsonRecord | undefined;
  for (const [name, property] of node.propertiesWithDefault) {
    if (needsDefault(object[name], Object.hasOwn(object, name), property)) {
      out ??= { ...object };
      out[name] = deepCopy(property.defaultValue);
    }
  }
  const source = out ?? object;
  const additional = node.additionalProperties;
  for (const key of Object.keys(source)) {
    const property = node.properties?.get(key);
    const schema = property ?? additional;
    if (!schema) continue;
    const value = source[key];
    const filled = !property && needsDefault(value, true, schema) ? deepCopy(schema.defaultValue) : value;
    const next = schema.defaultsInside ? withDefaults(filled, schema) : filled;
    if (next !== value) {
      out ??= { ...object };
      out[key] = next;
    }
  }
  return out ?? object;
}

/** `value` with the defaults of `node` applied (the same reference when nothing was added). */
export function withDefaults(value: unknown, node: SchemaNode): unknown {
  if (!node.defaultsInside) return value;
  if (Array.isArray(value)) return defaultList(value, node);
  if (isJsonObject(value)) return defaultObject(value, node);
  return value;
}
