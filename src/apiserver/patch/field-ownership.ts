/**
 * Ownership bookkeeping shared by apply and update (structured-merge-diff `Updater.update`): after a change, other
 * managers lose the fields it removed; fields it added or modified are conflicts unless forced, in which case the
 * other managers lose them too. Fields nobody may own (identity and server-set metadata) are ignored throughout.
 */
import type { Comparison } from './compare-fields.js';
import type { ApplyConflict } from './errors.js';
import { type FieldPath, type FieldSet, fieldElement, formatPath } from './field-set.js';
import { describeManager, type ManagerEntry, managerIdentity } from './managed-fields.js';

/** Fields never recorded in managedFields (apimachinery `StripMetaManager`). */
const NEVER_OWNED: readonly FieldPath[] = [
  ['apiVersion'],
  ['kind'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'selfLink'],
  ['metadata', 'uid'],
  ['metadata', 'clusterName'],
  ['metadata', 'generation'],
  ['metadata', 'managedFields'],
  ['metadata', 'resourceVersion'],
].map((path) => path.map(fieldElement));

/** The paths to leave out of ownership: the never-owned metadata plus the caller's reset fields (e.g. `status`). */
export function ignoredPaths(resetFields: readonly (readonly string[])[] = []): FieldPath[] {
  return [...NEVER_OWNED, ...resetFields.map((path) => path.map(fieldElement))];
}

/** `set` without the ignored paths. */
export function withoutIgnored(set: FieldSet, ignored: readonly FieldPath[]): FieldSet {
  return set.withoutPrefixes(ignored);
}

/** A comparison without the ignored paths. */
export function comparisonWithoutIgnored(comparison: Comparison, ignored: readonly FieldPath[]): Comparison {
  return {
    added: comparison.added.withoutPrefixes(ignored),
    modified: comparison.modified.withoutPrefixes(ignored),
    removed: comparison.removed.withoutPrefixes(ignored),
  };
}

/** What a change does to the other managers. */
export interface OwnershipChange {
  /** Every manager after the change (the acting one unchanged). */
  managers: ManagerEntry[];
  /** Fields other managers own that the change added or modified, with the manager that owns each. */
  conflicts: ApplyConflict[];
  /** The conflicts as field paths, to compare with an allowed set. */
  conflictPaths: FieldPath[];
}

/**
 * Applies a change's comparison to the managers other than `actingIdentity`: removed fields are taken away; with
 * `force`, added or modified fields they own are taken away too, otherwise they are reported as conflicts.
 */
export function updateOwnership(
  managers: readonly ManagerEntry[],
  comparison: Comparison,
  actingIdentity: string | undefined,
  force: boolean,
): OwnershipChange {
  const changed = comparison.modified.union(comparison.added);
  const conflicts: { entry: ManagerEntry; path: FieldPath }[] = [];
  const next = managers.map((entry) => {
    if (managerIdentity(entry) === actingIdentity) return entry;
    const owned = entry.fields.intersection(changed);
    for (const path of owned.paths()) conflicts.push({ entry, path });
    const kept = force ? entry.fields.difference(owned) : entry.fields;
    return { ...entry, fields: kept.difference(comparison.removed) };
  });
  conflicts.sort((a, b) => compare(describeManager(a.entry), describeManager(b.entry)));
  return {
    managers: next.filter((entry) => !entry.fields.isEmpty()),
    conflicts: conflicts.map(({ entry, path }) => ({
      manager: describeManager(entry),
      field: formatPath(path),
    })),
    conflictPaths: conflicts.map(({ path }) => path),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
