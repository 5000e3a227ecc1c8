/**
 * Removing a set of fields from an object: what server-side apply does to fields a manager applied before, no
 * longer applies, and nobody else owns. Removing a member removes everything under it (a whole list item).
 */

import { isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';
import type { FieldSet } from './field-set.js';
import { fieldElement } from './field-set.js';
import { fieldStructure, type KindStructure } from './kind-structure.js';
import { listItemElements } from './list-items.js';

/** `object` without the members of `fields` (a new object). */
export function removeFields(
  object: JsonObject,
  fields: FieldSet,
  structure: KindStructure | undefined,
): JsonObject {
  return prune(object, fields, structure) as JsonObject;
}

function prune(value: JsonValue, fields: FieldSet, structure: KindStructure | undefined): JsonValue {
  if (Array.isArray(value)) {
    const elements = listItemElements(value, structure);
    if (!elements) return value;
    return value.flatMap((item, index) => {
      const below = fields.child(elements[index] as string);
      if (below?.isMember) return [];
      return [below ? prune(item, below, structure?.items) : item];
    });
  }
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const below = fields.child(fieldElement(key));
    if (below?.isMember) continue;
    out[key] = below ? prune(child, below, fieldStructure(structure, key)) : child;
  }
  return out;
}
