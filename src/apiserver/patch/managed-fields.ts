/**
 * `metadata.managedFields`: one entry per field manager and operation (`Apply`, or `Update` per API version and
 * subresource) with the fields it owns in FieldsV1. This module decodes and encodes the entries, identifies
 * managers as apimachinery does, prints them as conflict messages do, and caps the number of `Update` entries.
 */

import { isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';
import { FieldSet } from './field-set.js';

/** The operation that gave a manager its fields. */
export type ManagedFieldsOperation = 'Apply' | 'Update';

/** One decoded `managedFields` entry. */
export interface ManagerEntry {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  /** RFC 3339, seconds precision. */
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

/** How many `Update` entries an object keeps before the oldest are folded into `ancient-changes`. */
export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/**
 * A manager's identity: name, operation, subresource, and the API version for updates only (an applier stays the
 * same manager whatever version it applies with). Entries with the same identity are one manager.
 */
export function managerIdentity(
  entry: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  const version = entry.operation === 'Update' ? entry.apiVersion : '';
  return JSON.stringify([entry.manager, entry.operation, version, entry.subresource ?? '']);
}

/** How conflict messages name a manager: `"kubectl"`, `"kubectl-client-side-apply" using v1`. */
export function describeManager(entry: ManagerEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') text += ` using ${entry.apiVersion}`;
  return text;
}

/** Whether a request sets `managedFields: [{}]`, Kubernetes' way of asking to clear them. */
export function isResetManagedFields(value: JsonValue | undefined): boolean {
  return (
    Array.isArray(value) && value.length === 1 && isJsonObject(value[0]) && Object.keys(value[0]).length === 0
  );
}

/**
 * Decodes `metadata.managedFields`; undefined when absent or invalid (then the caller falls back, as the real
 * server does). Entries with the same identity are united.
 */
export function decodeManagedFields(value: JsonValue | undefined): ManagerEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const byIdentity = new Map<string, ManagerEntry>();
  for (const raw of value) {
    const entry = decodeEntry(raw);
    if (!entry) return undefined;
    const id = managerIdentity(entry);
    const same = byIdentity.get(id);
    byIdentity.set(id, same ? { ...entry, fields: same.fields.union(entry.fields) } : entry);
  }
  return [...byIdentity.values()];
}

function decodeEntry(raw: JsonValue): ManagerEntry | undefined {
  if (!isJsonObject(raw)) return undefined;
  const { manager = '', operation, apiVersion = '', time, subresource, fieldsType, fieldsV1 } = raw;
  if (operation !== 'Apply' && operation !== 'Update') return undefined;
  if (typeof manager !== 'string' || typeof apiVersion !== 'string') return undefined;
  if (fieldsType !== 'FieldsV1' && !(fieldsType === undefined && fieldsV1 === undefined)) return undefined;
  let fields: FieldSet;
  try {
    fields = fieldsV1 === undefined ? FieldSet.empty() : FieldSet.fromFieldsV1(fieldsV1);
  } catch {
    return undefined;
  }
  return {
    manager,
    operation,
    apiVersion,
    fields,
    ...(typeof time === 'string' && { time }),
    ...(typeof subresource === 'string' && subresource !== '' && { subresource }),
  };
}

/** Encodes entries in the order the real server stores them; managers owning nothing are dropped. */
export function encodeManagedFields(entries: readonly ManagerEntry[]): JsonObject[] {
  return entries
    .filter((entry) => !entry.fields.isEmpty())
    .sort(compareEntries)
    .map((entry) => ({
      manager: entry.manager,
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      ...(entry.time !== undefined && { time: entry.time }),
      fieldsType: 'FieldsV1',
      fieldsV1: entry.fields.toFieldsV1(),
      ...(entry.subresource && { subresource: entry.subresource }),
    }));
}

/** Apply entries first, then by time (seconds), manager, API version and subresource. */
function compareEntries(a: ManagerEntry, b: ManagerEntry): number {
  return (
    compareText(a.operation, b.operation) ||
    seconds(a.time) - seconds(b.time) ||
    compareText(a.manager, b.manager) ||
    compareText(a.apiVersion, b.apiVersion) ||
    compareText(a.subresource ?? '', b.subresource ?? '')
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function seconds(time: string | undefined): number {
  const ms = time ? Date.parse(time) : Number.NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/**
 * Folds the oldest `Update` entries into one `ancient-changes` entry per API version until at most `max` remain
 * (apimachinery `capManagersManager`).
 */
export function capUpdateManagers(
  entries: readonly ManagerEntry[],
  max = MAX_UPDATE_MANAGERS,
): ManagerEntry[] {
  const updaters = entries.filter((entry) => entry.operation === 'Update');
  if (updaters.length <= max) return [...entries];
  const oldestFirst = [...updaters].sort(
    (a, b) => seconds(a.time) - seconds(b.time) || compareText(managerIdentity(a), managerIdentity(b)),
  );
  const result = new Map(entries.map((entry) => [managerIdentity(entry), entry]));
  const firstOfVersion = new Map<string, ManagerEntry>();
  let count = updaters.length;
  for (const entry of oldestFirst) {
    if (count <= max) break;
    const first = firstOfVersion.get(entry.apiVersion);
    if (!first) {
      firstOfVersion.set(entry.apiVersion, entry);
      continue;
    }
    const bucketId = managerIdentity({
      manager: ANCIENT_CHANGES,
      operation: 'Update',
      apiVersion: entry.apiVersion,
    });
    const bucket = result.get(bucketId) ?? first;
    result.delete(managerIdentity(first));
    result.delete(managerIdentity(entry));
    result.set(bucketId, {
      manager: ANCIENT_CHANGES,
      operation: 'Update',
      apiVersion: entry.apiVersion,
      fields: bucket.fields.union(entry.fields),
      ...(entry.time !== undefined && { time: entry.time }),
    });
    count--;
  }
  return [...result.values()];
}

/** A copy of `object` without `metadata.managedFields` (what field comparisons and merges work on). */
export function stripManagedFields(object: JsonObject): JsonObject {
  const metadata = object.metadata;
  if (!isJsonObject(metadata) || !('managedFields' in metadata)) return object;
  const { managedFields: _dropped, ...rest } = metadata;
  return { ...object, metadata: rest };
}

/** A copy of `object` whose `metadata.managedFields` encodes `entries` (absent when nobody owns anything). */
export function withManagedFields(object: JsonObject, entries: readonly ManagerEntry[]): JsonObject {
  const encoded = encodeManagedFields(entries);
  const { managedFields: _old, ...metadata } = metadataOf(object);
  return { ...object, metadata: encoded.length > 0 ? { ...metadata, managedFields: encoded } : metadata };
}

/** A managedFields time stamp: RFC 3339 in UTC with seconds precision, as Kubernetes writes it. */
export function managedFieldsTime(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/** `object.metadata` when it is an object, else an empty one. */
export function metadataOf(object: JsonObject): JsonObject {
  return isJsonObject(object.metadata) ? object.metadata : {};
}
