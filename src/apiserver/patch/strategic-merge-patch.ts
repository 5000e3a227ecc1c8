/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the server half of apimachinery's
 * `strategicpatch.StrategicMergeMapPatch`, driven by a `PatchMeta` tree instead of Go struct tags.
 *
 * kubectl sends it for `patch` (default type), client-side `apply` and `edit` of built-in kinds: partial list items
 * keyed by merge key, `$setElementOrder/<list>`, `$patch: delete|replace`, `$deleteFromPrimitiveList/<list>`,
 * `$retainKeys`, and `null` to delete. A plain merge patch would drop the containers the patch does not mention.
 *
 * Custom resources do not support it: the real API server answers 415 UnsupportedMediaType (kubectl prints
 * `application/strategic-merge-patch+json is not supported by <group/version, Kind>`). That decision belongs to the
 * HTTP layer, which must not call this function for a CRD.
 *
 * Deliberate differences from apimachinery, all on inputs kubectl never produces:
 * - `$patch: merge` is accepted as "merge as usual" (apimachinery rejects it on lists and on maps);
 * - values added where the original has nothing are cleaned of `null`s and of every directive, not only `$patch`;
 * - a `$deleteFromPrimitiveList` for a list whose strategy is replace still deletes (apimachinery would store the
 *   deletion list itself);
 * - numbers are one kind (apimachinery refuses a list mixing integers and decimals).
 *
 * Errors, as `interpretStrategicMergePatchError` classifies them: 400 for malformed directives (`invalid patch format
 * of …`) and for a body that is not an object; 422 for lists of lists; 500 with an empty reason for the rest (for
 * example `map: map[image:x] does not contain declared merge key: name`).
 */

import {
  deepCopy,
  goFormat,
  goJsonTypeName,
  goKindName,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
} from '../../api/index.js';
import { badRequest, type PatchError, patchLibraryFailure, unprocessable } from './errors.js';
import { fieldPatchMeta, type PatchMeta } from './patch-meta.js';

export type { PatchMeta } from './patch-meta.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

/** The kind of a list's items, as the merge logic distinguishes them. */
type ItemKind = 'map' | 'scalar';

/**
 * Applies a strategic merge patch to `original` described by `meta` and returns the merged copy. A `null` patch is
 * a no-op, as on the real server.
 * @throws PatchError (400, 422 or 500) as described in the module comment.
 */
export function applyStrategicMergePatch(original: JsonObject, patch: unknown, meta?: PatchMeta): JsonObject {
  if (patch === null) return deepCopy(original);
  if (!isJsonObject(patch)) {
    throw badRequest(
      `json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  return mergeMap(deepCopy(original), deepCopy(patch), meta);
}

/** Merges `patch` into `original`; both are this module's private copies and may be modified. */
function mergeMap(original: JsonObject, patch: JsonObject, meta: PatchMeta | undefined): JsonObject {
  if (DIRECTIVE in patch) {
    const directive = patch[DIRECTIVE];
    delete patch[DIRECTIVE];
    if (directive === 'delete') return {};
    if (directive === 'replace') return mergeMap({}, patch, meta);
    if (directive !== 'merge')
      throw unknownPatchType(directive, { ...patch, [DIRECTIVE]: directive as JsonValue });
  }
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, meta);
  for (const [patchKey, patchValue] of Object.entries(patch)) {
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const key = isDeleteList ? extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST) : patchKey;
    mergeField(original, key, patchValue, fieldPatchMeta(meta, key), isDeleteList);
  }
  return original;
}

/** One member of the patch: delete on null, take new values, recurse into maps and lists of the same kind. */
function mergeField(
  original: JsonObject,
  key: string,
  patchValue: JsonValue,
  meta: PatchMeta | undefined,
  isDeleteList: boolean,
): void {
  if (patchValue === null) {
    delete original[key];
    return;
  }
  const current = original[key];
  if (current === undefined || current === null || goKindName(current) !== goKindName(patchValue)) {
    if (isDeleteList) return;
    const value = newValue(patchValue, meta);
    if (value === undefined) delete original[key];
    else original[key] = value;
    return;
  }
  if (isJsonObject(current)) {
    const patchMap = patchValue as JsonObject;
    original[key] =
      meta?.strategy === 'replace' ? mergeMap({}, patchMap, meta) : mergeMap(current, patchMap, meta);
  } else if (Array.isArray(current)) {
    original[key] = mergeListField(current, patchValue as JsonValue[], meta, isDeleteList);
  } else {
    original[key] = patchValue;
  }
}

/** A patch value with nothing to merge into: its nulls and directives are resolved against an empty value. */
function newValue(value: JsonValue, meta: PatchMeta | undefined): JsonValue | undefined {
  if (isJsonObject(value)) return value[DIRECTIVE] === 'delete' ? undefined : mergeMap({}, value, meta);
  if (Array.isArray(value)) return newList(value, meta?.items);
  return value;
}

/** A list taken from the patch as is, minus `$patch: delete|replace` marker items, each item cleaned. */
function newList(items: JsonValue[], itemMeta: PatchMeta | undefined): JsonValue[] {
  return items.flatMap((item) => {
    if (isJsonObject(item) && (item[DIRECTIVE] === 'delete' || item[DIRECTIVE] === 'replace')) return [];
    const value = newValue(item, itemMeta);
    return value === undefined ? [] : [value];
  });
}

/** A list field: merged per its strategy, filtered by a deletion list, or replaced. */
function mergeListField(
  original: JsonValue[],
  patch: JsonValue[],
  meta: PatchMeta | undefined,
  isDeleteList: boolean,
): JsonValue[] {
  if (meta?.strategy === 'merge') return mergeList(original, patch, meta, isDeleteList);
  if (isDeleteList) return original.filter((item) => !patch.some((p) => jsonEqual(p, item)));
  return newList(patch, meta?.items);
}

/** `mergeSlice`: scalars as a set, objects by merge key, then the order apimachinery enforces. */
function mergeList(
  original: JsonValue[],
  patch: JsonValue[],
  meta: PatchMeta,
  isDeleteList: boolean,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = itemKind(original, patch);
  if (kind === 'scalar') {
    if (isDeleteList) return original.filter((item) => !patch.includes(item));
    const merged = unique([...original, ...patch]);
    const [fromPatch, serverOnly] = partition(merged, patch, undefined);
    return normalizeOrder(fromPatch, serverOnly, patch, original, undefined);
  }
  const mergeKey = meta.mergeKey;
  if (!mergeKey) throw patchLibraryFailure('cannot merge lists without merge key for type struct');
  const [base, items] = applySpecialItems(original, patch as JsonObject[], mergeKey, meta.items);
  const merged = mergeKeyedItems(base, items, mergeKey, meta.items);
  const [fromPatch, serverOnly] = partition(merged, items, mergeKey);
  return normalizeOrder(fromPatch, serverOnly, items, base, mergeKey);
}

/**
 * Items carrying `$patch`: `delete` removes the live item with that key, `replace` makes the rest of the patch the
 * whole list, `merge` is dropped. Returns the base list and the ordinary patch items.
 */
function applySpecialItems(
  original: JsonValue[],
  patch: JsonObject[],
  mergeKey: string,
  itemMeta: PatchMeta | undefined,
): [JsonValue[], JsonObject[]] {
  let base = original;
  let replace = false;
  const items: JsonObject[] = [];
  for (const item of patch) {
    if (!(DIRECTIVE in item)) {
      items.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
      base = base.filter((live) => !(isJsonObject(live) && live[mergeKey] === item[mergeKey]));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      const { [DIRECTIVE]: _marker, ...rest } = item;
      if (Object.keys(rest).length > 0) items.push(rest);
    } else {
      throw unknownPatchType(directive, item);
    }
  }
  if (!replace) return [base, items];
  return [items.map((item) => mergeMap({}, item, itemMeta)), []];
}

/** Merges each patch item into the live item with the same key, or appends it. */
function mergeKeyedItems(
  base: JsonValue[],
  items: JsonObject[],
  mergeKey: string,
  itemMeta: PatchMeta | undefined,
): JsonValue[] {
  const merged = [...base];
  for (const item of items) {
    if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
    const index = merged.findIndex((live) => {
      if (!isJsonObject(live))
        throw patchLibraryFailure(`value for key ${merged.indexOf(live)} is not a map.`);
      return live[mergeKey] === item[mergeKey];
    });
    if (index >= 0) merged[index] = mergeMap(merged[index] as JsonObject, item, itemMeta);
    else merged.push(mergeMap({}, item, itemMeta));
  }
  return merged;
}

/**
 * `$setElementOrder/<list>`: merges the list with its patch (if any) and orders the result as the directive says;
 * live items the directive does not name keep their relative place. Processed lists leave the patch.
 */
function mergeOrderedLists(original: JsonObject, patch: JsonObject, meta: PatchMeta | undefined): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badArgType('slice', order);
    const key = extractKey(directiveKey, SET_ELEMENT_ORDER);
    const originalList = listOrUndefined(original[key]);
    const patchList = patch[key] === null ? undefined : listOrUndefined(patch[key]);
    const fieldMeta = fieldPatchMeta(meta, key);
    const mergeKey = fieldMeta?.mergeKey;
    validateSetElementOrder(patchList ?? [], order, mergeKey);
    let merged: JsonValue[];
    if (originalList && patchList) merged = mergeListField(originalList, patchList, fieldMeta, false);
    else if (originalList) merged = originalList;
    else if (patchList) merged = newList(patchList, fieldMeta?.items);
    else continue;
    const [named, serverOnly] = partition(merged, order, mergeKey);
    original[key] = normalizeOrder(named, serverOnly, order, originalList ?? [], mergeKey);
    delete patch[key];
  }
}

/** The items of the patch list must appear in the same relative order as in `$setElementOrder`. */
function validateSetElementOrder(
  patchList: JsonValue[],
  order: JsonValue[],
  mergeKey: string | undefined,
): void {
  if (order.length === 0 || patchList.length === 0) return;
  const kept = mergeKey
    ? patchList.filter((item) => !(isJsonObject(item) && item[DIRECTIVE] === 'delete'))
    : patchList;
  let p = 0;
  let o = 0;
  while (p < kept.length && o < order.length) {
    const item = kept[p] as JsonValue;
    if (isJsonObject(item) && DIRECTIVE in item) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[o] as JsonValue, mergeKey)) p++;
    o++;
  }
  if (p < kept.length) {
    throw patchLibraryFailure(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string | undefined): boolean {
  if (!mergeKey) return left === right;
  if (!isJsonObject(left)) throw badArgType('map', left);
  if (!isJsonObject(right)) throw badArgType('map', right);
  if (!(mergeKey in left)) throw noMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** `$retainKeys`: every non-null patch member must be listed; live members not listed are cleared. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw badRequest('invalid patch format of retainKeys');
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER))
      continue;
    if (!retain.includes(key)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const key of Object.keys(original)) {
    if (!retain.includes(key)) delete original[key];
  }
}

/**
 * `normalizeElementOrder`: patch items in `patchOrder`, server-only items in `serverOrder`, then interleaved so
 * that a server-only item stays before a patch item it preceded in the live list.
 */
function normalizeOrder(
  fromPatch: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: JsonValue[],
  serverOrder: JsonValue[],
  mergeKey: string | undefined,
): JsonValue[] {
  const right = sortByOrder(fromPatch, patchOrder, mergeKey);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey);
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++] as JsonValue);
    else if (j >= right.length) out.push(left[i++] as JsonValue);
    else {
      const li = indexIn(serverOrder, left[i] as JsonValue, mergeKey);
      const ri = indexIn(serverOrder, right[j] as JsonValue, mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++] as JsonValue);
      else out.push(right[j++] as JsonValue);
    }
  }
  return out;
}

/** Stable sort by position in `order`; items marked `$patch: delete` go last. Keyed lists need their keys. */
function sortByOrder(items: JsonValue[], order: JsonValue[], mergeKey: string | undefined): JsonValue[] {
  let toSort = items;
  let deleted: JsonValue[] = [];
  if (mergeKey) {
    for (const item of [...items, ...order]) {
      if (!isJsonObject(item)) throw badArgType('map', item);
      if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
    }
    toSort = items.filter((item) => (item as JsonObject)[DIRECTIVE] !== 'delete');
    deleted = items.filter((item) => (item as JsonObject)[DIRECTIVE] === 'delete');
  }
  const sorted = [...toSort].sort((a, b) => {
    const ia = indexIn(order, a, mergeKey);
    const ib = indexIn(order, b, mergeKey);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
  return [...sorted, ...deleted];
}

/** Splits `list` into items present in `by` (by merge key, or by value for scalars) and the others. */
function partition(
  list: JsonValue[],
  by: JsonValue[],
  mergeKey: string | undefined,
): [JsonValue[], JsonValue[]] {
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  for (const item of list) {
    if (mergeKey) {
      if (!isJsonObject(item)) throw badArgType('map', item);
      if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
    }
    (indexIn(by, item, mergeKey) >= 0 ? present : absent).push(item);
  }
  return [present, absent];
}

function indexIn(list: JsonValue[], item: JsonValue, mergeKey: string | undefined): number {
  if (!mergeKey) return list.findIndex((candidate) => jsonEqual(candidate, item));
  const key = isJsonObject(item) ? item[mergeKey] : undefined;
  return list.findIndex((candidate) => (isJsonObject(candidate) ? candidate[mergeKey] : undefined) === key);
}

/** The kind shared by the items of the given lists (apimachinery `sliceElementType`). */
function itemKind(...lists: JsonValue[][]): ItemKind {
  let kind: ItemKind | undefined;
  for (const item of lists.flat()) {
    if (Array.isArray(item)) throw unprocessable('lists of lists are not supported');
    const current: ItemKind = isJsonObject(item) ? 'map' : 'scalar';
    if (kind !== undefined && kind !== current) {
      throw patchLibraryFailure(`list element types are not identical: ${goFormat(lists)}`);
    }
    kind = current;
  }
  if (kind === undefined) throw patchLibraryFailure('no elements in any of the given slices');
  return kind;
}

function unique(items: JsonValue[]): JsonValue[] {
  return items.filter((item, index) => items.findIndex((other) => jsonEqual(other, item)) === index);
}

function listOrUndefined(value: JsonValue | undefined): JsonValue[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw badArgType('slice', value);
  return value;
}

/** `$setElementOrder/<field>` → `<field>`; a directive without `/` is a malformed patch (400). */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(
      prefix === DELETE_FROM_PRIMITIVE_LIST
        ? 'invalid patch format of primitive list'
        : 'invalid patch format of setElementOrder list',
    );
  }
  return key.slice(slash + 1);
}

function noMergeKey(item: JsonObject, mergeKey: string): PatchError {
  return patchLibraryFailure(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}

function unknownPatchType(directive: JsonValue | undefined, item: JsonObject): PatchError {
  return patchLibraryFailure(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
}

function badArgType(expected: string, actual: JsonValue | undefined): PatchError {
  return patchLibraryFailure(`expected a ${expected}, but received a ${goKindName(actual)}`);
}
