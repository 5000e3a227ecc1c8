/**
 * The set of fields an object (typically an applied configuration) sets: what its manager owns after applying it.
 * Leaves are scalars, atomic lists and maps, and empty maps or lists; items of sets and list-maps are members
 * themselves (`".": {}`), and so are the keys of free-form maps.
 */

import { isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';
import { patchLibraryFailure } from './errors.js';
import { type FieldPath, FieldSet, fieldElement, formatPath } from './field-set.js';
import { fieldStructure, isFreeFormKey, type KindStructure } from './kind-structure.js';
import { listItemElements, listItemsProblem } from './list-items.js';

/** The fields `object` sets, per `structure`. */
export function toFieldSet(object: JsonObject, structure: KindStructure | undefined): FieldSet {
  const set = FieldSet.empty();
  walk(object, structure, [], set);
  return set;
}

function walk(value: JsonValue, structure: KindStructure | undefined, path: FieldPath, set: FieldSet): void {
  if (Array.isArray(value)) {
    const elements = listItemElements(value, structure);
    if (!elements || value.length === 0) {
      set.insert(path);
      return;
    }
    value.forEach((item, index) => {
      const itemPath = [...path, elements[index] as string];
      walk(item, structure?.items, itemPath, set);
      set.insert(itemPath);
    });
    return;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (path.length > 0 && (structure?.mapType === 'atomic' || keys.length === 0)) {
      set.insert(path);
      return;
    }
    for (const key of keys) {
      const childPath = [...path, fieldElement(key)];
      walk(value[key] as JsonValue, fieldStructure(structure, key), childPath, set);
      if (isFreeFormKey(structure, key)) set.insert(childPath);
    }
    return;
  }
  set.insert(path);
}

/**
 * Rejects an applied configuration whose keyed lists cannot be merged item by item (an item without its key, a
 * duplicate). The real server fails such an apply with a plain error (500) worded like this.
 */
export function checkAppliedLists(
  object: JsonObject,
  structure: KindStructure | undefined,
  describe: string,
): void {
  const problem = findListProblem(object, structure, []);
  if (problem) throw patchLibraryFailure(`failed to create typed patch object (${describe}): ${problem}`);
}

function findListProblem(
  value: JsonValue,
  structure: KindStructure | undefined,
  path: FieldPath,
): string | undefined {
  if (Array.isArray(value)) {
    const problem = listItemsProblem(value, structure);
    if (problem) return `${formatPath(path)}: ${problem}`;
    const elements = listItemElements(value, structure);
    if (!elements) return undefined;
    for (const [index, item] of value.entries()) {
      const found = findListProblem(item, structure?.items, [...path, elements[index] as string]);
      if (found) return found;
    }
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findListProblem(child, fieldStructure(structure, key), [...path, fieldElement(key)]);
    if (found) return found;
  }
  return undefined;
}
