/**
 * Merging an applied configuration into the live object, as structured-merge-diff does for server-side apply: the
 * configuration's values win; maps merge key by key; sets and list-maps merge item by item (live-only items keep
 * their place, applied items follow the configuration's order); atomic lists and maps are replaced. A `null` in
 * the configuration removes the field.
 */

import { deepCopy, isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';
import type { PathElement } from './field-set.js';
import { fieldStructure, type KindStructure } from './kind-structure.js';
import { listItemElements } from './list-items.js';

/** `live` with `applied` merged in (a new object; neither argument is modified). */
export function mergeApplied(
  live: JsonObject,
  applied: JsonObject,
  structure: KindStructure | undefined,
): JsonObject {
  return mergeMaps(live, applied, structure);
}

function merge(
  live: JsonValue | undefined,
  applied: JsonValue,
  structure: KindStructure | undefined,
): JsonValue {
  if (Array.isArray(live) && Array.isArray(applied)) return mergeLists(live, applied, structure);
  if (isJsonObject(live) && isJsonObject(applied) && structure?.mapType !== 'atomic') {
    return mergeMaps(live, applied, structure);
  }
  return withoutNulls(applied);
}

function mergeMaps(live: JsonObject, applied: JsonObject, structure: KindStructure | undefined): JsonObject {
  const out = deepCopy(live);
  for (const [key, value] of Object.entries(applied)) {
    if (value === null) delete out[key];
    else out[key] = merge(live[key], value, fieldStructure(structure, key));
  }
  return out;
}

/**
 * structured-merge-diff's list merge (`mergingWalker.visitListItems`): live-only items keep their place, items in
 * both lists follow the applied order, new items come where the configuration puts them.
 */
function mergeLists(
  live: JsonValue[],
  applied: JsonValue[],
  structure: KindStructure | undefined,
): JsonValue[] {
  const liveElements = listItemElements(live, structure);
  const appliedElements = listItemElements(applied, structure);
  if (!liveElements || !appliedElements) return withoutNulls(applied) as JsonValue[];
  const liveItems = firstByElement(live, liveElements);
  const appliedItems = firstByElement(applied, appliedElements);
  const sharedOrder = appliedElements.filter((element) => liveItems.has(element));
  let nextShared = sharedOrder.shift();
  const merged = new Set<PathElement>();
  const out: JsonValue[] = [];
  const emit = (element: PathElement) => {
    merged.add(element);
    out.push(merge(liveItems.get(element), appliedItems.get(element) as JsonValue, structure?.items));
  };
  let l = 0;
  let r = 0;
  while (l < live.length || r < applied.length) {
    const liveElement = liveElements[l];
    const appliedElement = appliedElements[r];
    if (liveElement !== undefined && appliedElement !== undefined) {
      if (liveElement === appliedElement) {
        emit(liveElement);
        l++;
        r++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (appliedItems.has(liveElement) && nextShared !== undefined && nextShared !== liveElement) {
        l++;
        continue;
      }
    }
    if (liveElement !== undefined && !appliedItems.has(liveElement)) {
      out.push(deepCopy(live[l] as JsonValue));
      l++;
    } else if (liveElement !== undefined && merged.has(liveElement)) {
      l++;
    } else if (appliedElement !== undefined) {
      emit(appliedElement);
      r++;
      if (nextShared === appliedElement) nextShared = sharedOrder.shift();
    } else {
      l++;
    }
  }
  return out;
}

function firstByElement(list: JsonValue[], elements: PathElement[]): Map<PathElement, JsonValue> {
  const items = new Map<PathElement, JsonValue>();
  elements.forEach((element, index) => {
    if (!items.has(element)) items.set(element, list[index] as JsonValue);
  });
  return items;
}

/** A configuration value as stored: `null` members of maps are dropped. */
function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) out[key] = withoutNulls(child);
  return out;
}
