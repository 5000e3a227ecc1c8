/**
 * How server-side apply names the items of a list: a set item by its value (`v:`), a list-map item by its key
 * fields (`k:`). Atomic lists have no item names: they are owned and replaced as a whole.
 */

import { isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';
import { keyElement, type PathElement, valueElement } from './field-set.js';
import { type KindStructure, listTypeOf } from './kind-structure.js';

/**
 * The path element of each item, or undefined when the list is atomic or cannot be keyed (an item without its
 * key fields, a set item that is not a scalar): such a list is then handled as a whole.
 */
export function listItemElements(
  list: readonly JsonValue[],
  structure: KindStructure | undefined,
): PathElement[] | undefined {
  if (listTypeOf(structure) === 'atomic') return undefined;
  const elements: PathElement[] = [];
  for (const item of list) {
    const element = itemElement(item, structure);
    if (element === undefined) return undefined;
    elements.push(element);
  }
  return elements;
}

/**
 * Why an applied configuration's list cannot be merged item by item (missing key field, non-scalar set item,
 * duplicate item), worded as structured-merge-diff words it; undefined when the list is fine or atomic.
 */
export function listItemsProblem(
  list: readonly JsonValue[],
  structure: KindStructure | undefined,
): string | undefined {
  const type = listTypeOf(structure);
  if (type === 'atomic') return undefined;
  const seen = new Set<PathElement>();
  for (const [index, item] of list.entries()) {
    const element = itemElement(item, structure);
    if (element === undefined) return `element ${index}: ${itemProblem(item, structure)}`;
    if (seen.has(element))
      return `duplicate entries for ${type === 'map' ? 'key' : 'value'} ${element.slice(2)}`;
    seen.add(element);
  }
  return undefined;
}

/** The path element of one item of a set or list-map (undefined when it cannot be named). */
function itemElement(item: JsonValue, structure: KindStructure | undefined): PathElement | undefined {
  const type = listTypeOf(structure);
  if (type === 'set') return typeof item === 'object' && item !== null ? undefined : valueElement(item);
  if (!isJsonObject(item)) return undefined;
  const keys: JsonObject = {};
  for (const name of structure?.listMapKeys ?? []) {
    const value = item[name];
    if (value === undefined || value === null) return undefined;
    keys[name] = value;
  }
  return keyElement(keys);
}

function itemProblem(item: JsonValue, structure: KindStructure | undefined): string {
  if (listTypeOf(structure) === 'set') return 'expected a scalar value in a set';
  if (!isJsonObject(item)) return 'expected a map in an associative list';
  const missing = (structure?.listMapKeys ?? []).find(
    (name) => item[name] === undefined || item[name] === null,
  );
  return `associative list with keys has an element that omits key field ${JSON.stringify(missing)} (and doesn't have default value)`;
}
