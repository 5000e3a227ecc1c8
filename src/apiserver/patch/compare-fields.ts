/**
 * Field-level difference between two versions of an object, as structured-merge-diff computes it: which paths a
 * change added, modified or removed. Server-side apply uses it to find conflicts (another manager owns a path that
 * changes) and to take removed paths away from their owners.
 */

import { isJsonObject, type JsonObject, type JsonValue, jsonEqual } from '../../api/index.js';
import { type FieldPath, FieldSet, fieldElement, type PathElement } from './field-set.js';
import { fieldStructure, type KindStructure } from './kind-structure.js';
import { listItemElements } from './list-items.js';

/** The paths a change touched. A new map or list item is added together with everything under it. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Compares `before` and `after` (either may be absent, as on create). */
export function compareFields(
  before: JsonObject | undefined,
  after: JsonObject | undefined,
  structure: KindStructure | undefined,
): Comparison {
  const comparison = { added: FieldSet.empty(), modified: FieldSet.empty(), removed: FieldSet.empty() };
  walk(before, after, structure, [], comparison);
  return comparison;
}

function walk(
  lhs: JsonValue | undefined,
  rhs: JsonValue | undefined,
  structure: KindStructure | undefined,
  path: FieldPath,
  out: Comparison,
): void {
  if (lhs === undefined && rhs === undefined) return;
  const walked =
    (isListOrAbsent(lhs) && isListOrAbsent(rhs) && walkList(lhs, rhs, structure, path, out)) ||
    (isMapOrAbsent(lhs) && isMapOrAbsent(rhs) && walkMap(lhs, rhs, structure, path, out));
  if (path.length === 0) return;
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
  else if (!walked && !jsonEqual(lhs, rhs)) out.modified.insert(path);
}

/** Walks a granular list item by item; false when it must be compared as a leaf (atomic, unkeyable, empty). */
function walkList(
  lhs: JsonValue[] | undefined,
  rhs: JsonValue[] | undefined,
  structure: KindStructure | undefined,
  path: FieldPath,
  out: Comparison,
): boolean {
  if (!lhs?.length && !rhs?.length) return false;
  const left = itemsByElement(lhs ?? [], structure);
  const right = itemsByElement(rhs ?? [], structure);
  if (!left || !right) return false;
  for (const element of new Set([...left.keys(), ...right.keys()])) {
    walk(left.get(element), right.get(element), structure?.items, [...path, element], out);
  }
  return true;
}

/** Walks a granular map key by key; false when it must be compared as a leaf (atomic, or empty on both sides). */
function walkMap(
  lhs: JsonObject | undefined,
  rhs: JsonObject | undefined,
  structure: KindStructure | undefined,
  path: FieldPath,
  out: Comparison,
): boolean {
  if (path.length > 0 && structure?.mapType === 'atomic') return false;
  const keys = new Set([...Object.keys(lhs ?? {}), ...Object.keys(rhs ?? {})]);
  if (keys.size === 0) return path.length === 0;
  for (const key of keys) {
    walk(lhs?.[key], rhs?.[key], fieldStructure(structure, key), [...path, fieldElement(key)], out);
  }
  return true;
}

/** The items of a keyed list by path element (first occurrence wins), or undefined for an atomic list. */
export function itemsByElement(
  list: readonly JsonValue[],
  structure: KindStructure | undefined,
): Map<PathElement, JsonValue> | undefined {
  const elements = listItemElements(list, structure);
  if (!elements) return undefined;
  const items = new Map<PathElement, JsonValue>();
  elements.forEach((element, index) => {
    if (!items.has(element)) items.set(element, list[index] as JsonValue);
  });
  return items;
}

function isListOrAbsent(value: JsonValue | undefined): value is JsonValue[] | undefined {
  return value === undefined || Array.isArray(value);
}

function isMapOrAbsent(value: JsonValue | undefined): value is JsonObject | undefined {
  return value === undefined || isJsonObject(value);
}
