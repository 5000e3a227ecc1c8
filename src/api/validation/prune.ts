/**
 * Pruning: the copy of a request body the API server keeps, without the fields its schema does not declare.
 *
 * Unknown fields are dropped at any depth, except under `x-kubernetes-preserve-unknown-fields` (whose declared
 * properties are still pruned inside). The resource root and every embedded resource keep `apiVersion`, `kind` and
 * `metadata` (the root `metadata` is handled by the API server's ObjectMeta rules, not here). An explicit `null`
 * for a non-nullable field without a default is dropped too, so a missing required field reads `Required value`.
 * The dropped paths (`spec.foo`, `spec.items[0].bar`) feed `fieldValidation` (Strict/Warn).
 */

import { deepCopy, isJsonObject, type JsonRecord } from '../json-value.js';
import { PathStack } from './field-path.js';
import type { SchemaNode } from './schema-node.js';

/** A pruned copy and what was dropped from it. */
export interface PruneResult {
  /** A fresh copy of the input without unknown fields (the input is not modified). */
  readonly value: unknown;
  /** The dropped fields' paths, sorted. */
  readonly unknownFields: string[];
}

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function isKeptMetaField(key: string, value: unknown): boolean {
  if (key === 'metadata') return isJsonObject(value);
  return META_FIELDS.has(key) && typeof value === 'string';
}

function isDroppedNull(value: unknown, schema: SchemaNode): boolean {
  return value === null && !schema.nullable && !schema.hasDefault;
}

class Pruner {
  readonly unknownFields: string[] = [];
  private readonly path = new PathStack();

  copy(value: unknown, node: SchemaNode | undefined, resourceRoot = false): unknown {
    if (node?.preserveUnknownFields) return this.copyPreserving(value, node);
    if (Array.isArray(value)) return this.copyList(value, node?.items);
    if (!isJsonObject(value)) return value;
    if (!node) return this.dropAll(value);
    const embedded = resourceRoot || node.embeddedResource;
    const out: JsonRecord = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (embedded && isKeptMetaField(key, item)) {
        out[key] = deepCopy(item);
        continue;
      }
      const schema = node.properties?.get(key) ?? node.additionalProperties;
      if (schema) {
        if (!isDroppedNull(item, schema)) out[key] = this.child(key, item, schema);
      } else if (node.additionalPropertiesAny) {
        out[key] = this.child(key, item, undefined);
      } else {
        this.record(key);
      }
    }
    return out;
  }

  private child(key: string, value: unknown, schema: SchemaNode | undefined): unknown {
    this.path.pushField(key);
    const copy = this.copy(value, schema);
    this.path.pop();
    return copy;
  }

  private copyList(list: unknown[], items: SchemaNode | undefined): unknown[] {
    return list.map((item, index) => {
      this.path.pushIndex(index);
      const copy = this.copy(item, items);
      this.path.pop();
      return copy;
    });
  }

  private dropAll(object: JsonRecord): JsonRecord {
    for (const key of Object.keys(object)) this.record(key);
    return {};
  }

  private record(key: string): void {
    this.path.pushField(key);
    this.unknownFields.push(this.path.toOpenAPI());
    this.path.pop();
  }

  /** Copies everything, pruning only inside declared properties that do not preserve unknown fields. */
  private copyPreserving(value: unknown, node: SchemaNode): unknown {
    if (Array.isArray(value)) {
      const items = node.items;
      return value.map((item, index) => {
        if (!items) return deepCopy(item);
        this.path.pushIndex(index);
        const copy = items.preserveUnknownFields ? this.copyPreserving(item, items) : this.copy(item, items);
        this.path.pop();
        return copy;
      });
    }
    if (!isJsonObject(value)) return value;
    const out: JsonRecord = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      const schema =
        node.embeddedResource && META_FIELDS.has(key)
          ? undefined
          : (node.properties?.get(key) ?? node.additionalProperties);
      if (!schema) out[key] = deepCopy(item);
      else if (!isDroppedNull(item, schema)) out[key] = this.child(key, item, schema);
    }
    return out;
  }
}

/**
 * Copies `object` without the fields `root` does not declare. `resourceRoot` (the default) treats `object` as a
 * whole resource, whose `apiVersion`, `kind` and `metadata` are always kept.
 */
export function pruneCopy(object: unknown, root: SchemaNode, resourceRoot = true): PruneResult {
  const pruner = new Pruner();
  const value = pruner.copy(object, root, resourceRoot);
  return { value, unknownFields: pruner.unknownFields.sort() };
}
