/**
 * Field ownership for ordinary writes (create, update, JSON/merge/strategic patch): the writer becomes an `Update`
 * manager of the fields it added or changed, and other managers lose what it changed or removed. kubectl relies on
 * these entries: `kubectl apply --server-side` after a client-side apply conflicts with (or upgrades from) the
 * `kubectl-client-side-apply` entry its first `kubectl apply` left.
 */

import { deepCopy, type JsonObject } from '../../api/index.js';
import { compareFields } from './compare-fields.js';
import { comparisonWithoutIgnored, ignoredPaths, updateOwnership } from './field-ownership.js';
import type { KindStructure } from './kind-structure.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  isResetManagedFields,
  type ManagerEntry,
  managedFieldsTime,
  managerIdentity,
  metadataOf,
  stripManagedFields,
  withManagedFields,
} from './managed-fields.js';

/** What `recordUpdate` needs besides the objects. */
export interface UpdateOptions {
  /** The request's group/version (`v1`, `apps/v1`, `example.com/v1`). */
  apiVersion: string;
  /** `status` (or `scale`) for writes through a subresource. */
  subresource?: string;
  /** The kind's list and map types; lists it does not describe are atomic. */
  kindMeta?: KindStructure;
  /** Field paths this endpoint resets and nobody owns through it, e.g. `[['status']]` on the main resource. */
  resetFields?: readonly (readonly string[])[];
  /** @default new Date() */
  now?: Date;
}

/** The object a create compares against: nothing but (always present) metadata. */
const NOTHING: JsonObject = { metadata: {} };

/**
 * Returns `updated` with `metadata.managedFields` maintained for a write by `manager` (operation `Update`).
 * `live` is undefined on create. As on the real server, managedFields sent in `updated` replace the live ones
 * when valid and non-empty, `[{}]` clears them, and anything else keeps the live ones.
 */
export function recordUpdate(
  live: JsonObject | undefined,
  updated: JsonObject,
  manager: string,
  options: UpdateOptions,
): JsonObject {
  const after = stripManagedFields(updated);
  const entries = updateEntries(
    startingManagers(live, updated, options.subresource),
    live ? stripManagedFields(live) : NOTHING,
    after,
    manager,
    options,
  );
  return withManagedFields(deepCopy(after), entries);
}

/**
 * The managers after `manager` changed `before` into `after` with an `Update`: the others lose what changed or
 * vanished, and `manager`'s entry gains what it added or modified (stamped with the time when it gained anything).
 */
export function updateEntries(
  managers: readonly ManagerEntry[],
  before: JsonObject,
  after: JsonObject,
  manager: string,
  options: UpdateOptions,
): ManagerEntry[] {
  const comparison = comparisonWithoutIgnored(
    compareFields(before, after, options.kindMeta),
    ignoredPaths(options.resetFields),
  );
  const { managers: others } = updateOwnership(managers, comparison, undefined, true);
  const gained = comparison.added.union(comparison.modified);
  if (gained.isEmpty()) return capUpdateManagers(others);
  const entry: ManagerEntry = {
    manager,
    operation: 'Update',
    apiVersion: options.apiVersion,
    ...(options.subresource && { subresource: options.subresource }),
    time: managedFieldsTime(options.now ?? new Date()),
    fields: gained,
  };
  const identity = managerIdentity(entry);
  const previous = others.find((other) => managerIdentity(other) === identity);
  const merged = previous ? { ...entry, fields: previous.fields.union(gained) } : entry;
  return capUpdateManagers([...others.filter((other) => managerIdentity(other) !== identity), merged]);
}

/**
 * `decodeLiveOrNew`: the request's managedFields if it sets valid ones, none if it resets them, else the live ones.
 * Writes through a subresource cannot set managedFields: the live ones are kept.
 */
function startingManagers(
  live: JsonObject | undefined,
  updated: JsonObject,
  subresource: string | undefined,
): ManagerEntry[] {
  const fromLive = decodeManagedFields(live && metadataOf(live).managedFields) ?? [];
  if (subresource) return fromLive;
  const requested = metadataOf(updated).managedFields;
  if (isResetManagedFields(requested)) return [];
  const fromRequest = decodeManagedFields(requested);
  return fromRequest && fromRequest.length > 0 ? fromRequest : fromLive;
}
