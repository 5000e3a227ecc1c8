/**
 * The walk shared by the structural checks that run after schema validation (list-type uniqueness, embedded
 * resources): down a value along its schema, only into nodes below which such a check is declared, keeping the
 * field path current so that errors are reported where they occur.
 */
import { isJsonObject, type JsonRecord } from '../json-value.js';
import type { FieldError } from './field-error.js';
import { PathStack } from './field-path.js';
import type { SchemaNode } from './schema-node.js';

/** What a structural check does at each list and object it reaches (before descending into it). */
export interface StructureVisitor {
  list?(list: unknown[], node: SchemaNode, path: PathStack, errors: FieldError[]): void;
  object?(object: JsonRecord, node: SchemaNode, path: PathStack, errors: FieldError[]): void;
}

/** Walks `value` (an object validated against `root`) and returns the errors the visitor reported. */
export function walkStructure(value: unknown, root: SchemaNode, visitor: StructureVisitor): FieldError[] {
  const errors: FieldError[] = [];
  walk(value, root, new PathStack(), visitor, errors);
  return errors;
}

function walk(
  value: unknown,
  node: SchemaNode,
  path: PathStack,
  visitor: StructureVisitor,
  errors: FieldError[],
): void {
  if (!node.structureChecksInside) return;
  if (Array.isArray(value)) {
    visitor.list?.(value, node, path, errors);
    const items = node.items;
    if (!items) return;
    value.forEach((item, index) => {
      path.pushIndex(index);
      walk(item, items, path, visitor, errors);
      path.pop();
    });
    return;
  }
  if (!isJsonObject(value)) return;
  visitor.object?.(value, node, path, errors);
  for (const [key, item] of Object.entries(value)) {
    const property = node.properties?.get(key);
    const schema = property ?? node.additionalProperties;
    if (!schema) continue;
    if (property) path.pushField(key);
    else path.pushKey(key);
    walk(item, schema, path, visitor, errors);
    path.pop();
  }
}
