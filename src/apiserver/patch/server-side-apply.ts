/**
 * Server-side apply (`application/apply-patch+yaml`): merges an applied configuration into the live object and
 * keeps `metadata.managedFields`, following structured-merge-diff's `Updater.Apply` and the apimachinery field
 * manager chain:
 * 1. the configuration's fields become the manager's `Apply` entry (name, apiVersion and other server-set metadata
 *    are never owned);
 * 2. the configuration is merged into the live object (maps by key, sets and list-maps by item, atomic lists whole),
 *    so a configuration with only an annotation (kubectl's second, `kubectl-last-applied` apply) leaves the spec;
 * 3. fields the manager applied last time, no longer applies, and nobody else owns are removed;
 * 4. fields the change adds or modifies that another manager owns are conflicts (409) unless `force` (then the
 *    others lose them); for manager `kubectl`, conflicts on fields still equal to the client-side
 *    `last-applied-configuration` are taken over (the client-side to server-side upgrade);
 * 5. fields the change removes are taken from every other manager.
 * An object without managedFields first gets a `before-first-apply` entry owning all its fields, so an apply over
 * an object written without field tracking conflicts instead of silently taking it over.
 *
 * Differences from Kubernetes: a new `Apply` entry always gets a time stamp (the real server leaves it out when
 * the apply changes nothing); list-maps of built-in kinds are keyed by their single strategic-merge key (the real
 * server uses the OpenAPI keys, e.g. `containerPort` and `protocol` for container ports).
 */

import { isJsonObject, type JsonObject, jsonEqual } from '../../api/index.js';
import { type Comparison, compareFields } from './compare-fields.js';
import { ApplyConflictError, badRequest, PatchError } from './errors.js';
import {
  comparisonWithoutIgnored,
  ignoredPaths,
  updateOwnership,
  withoutIgnored,
} from './field-ownership.js';
import { type FieldPath, FieldSet } from './field-set.js';
import type { KindStructure } from './kind-structure.js';
import {
  conflictsAllowedByLastApplied,
  KUBECTL_APPLY_MANAGER,
  lastAppliedConfiguration,
  withLastApplied,
} from './last-applied.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  type ManagerEntry,
  managedFieldsTime,
  managerIdentity,
  metadataOf,
  stripManagedFields,
  withManagedFields,
} from './managed-fields.js';
import { mergeApplied } from './merge-applied.js';
import { updateEntries } from './record-update.js';
import { removeFields } from './remove-fields.js';
import { checkAppliedLists, toFieldSet } from './to-field-set.js';

/** The manager Kubernetes attributes the fields of an object that had no managedFields when first applied to. */
export const BEFORE_FIRST_APPLY_MANAGER = 'before-first-apply';

/** What an apply request says besides the configuration. */
export interface ApplyOptions {
  /** `?fieldManager=`; required for apply. */
  manager: string;
  /** `?force=true` (`kubectl apply --force-conflicts`): take conflicting fields instead of failing. */
  force?: boolean;
  /** The request's group/version; the configuration's `apiVersion` must be the same. */
  apiVersion: string;
  /**
   * The kind's list and map types: `structureFromSchema` for custom resources, `structureFromPatchMeta` for
   * built-ins. Lists it does not describe are atomic.
   */
  kindMeta?: KindStructure;
  /** `status` (or `scale`) when applying through a subresource. */
  subresource?: string;
  /** Field paths this endpoint resets and nobody owns through it, e.g. `[['status']]` on the main resource. */
  resetFields?: readonly (readonly string[])[];
  /** @default new Date() */
  now?: Date;
}

/** The outcome of an apply. */
export interface ApplyResult {
  /** The new object, with managedFields (and without server-set fields the caller still has to fill on create). */
  object: JsonObject;
  /** True when the object did not exist: the HTTP layer answers 201. */
  created: boolean;
  /** Whether anything but managedFields changed (a no-op apply must not bump resourceVersion). */
  changed: boolean;
}

/**
 * Server-side applies `applied` (the decoded body) to `live` (undefined when the object does not exist yet).
 * @throws ApplyConflictError 409 when another manager owns a field the apply changes and `force` is not set.
 * @throws PatchError 400 (managedFields in the body, wrong apiVersion), 422 (no field manager), 500 (a keyed list
 *   item without its key, or duplicated).
 */
export function applyPatch(
  live: JsonObject | undefined,
  applied: unknown,
  options: ApplyOptions,
): ApplyResult {
  const config = checkConfiguration(applied, options);
  const structure = options.kindMeta;
  const ignored = ignoredPaths(options.resetFields);
  const liveObject = live ? stripManagedFields(live) : undefined;
  const identity = managerIdentity({ ...options, operation: 'Apply' });
  const managers = liveManagers(live, liveObject, options);
  const previous = managers.find((entry) => managerIdentity(entry) === identity);
  const applier: ManagerEntry = {
    manager: options.manager,
    operation: 'Apply',
    apiVersion: options.apiVersion,
    ...(options.subresource && { subresource: options.subresource }),
    ...(previous?.time !== undefined && { time: previous.time }),
    fields: withoutIgnored(toFieldSet(config, structure), ignored),
  };
  const withApplier = [...managers.filter((entry) => managerIdentity(entry) !== identity), applier];

  let merged = mergeApplied(liveObject ?? {}, config, structure);
  if (previous) merged = removeFields(merged, fieldsToPrune(previous.fields, withApplier), structure);

  const comparison = comparisonWithoutIgnored(compareFields(liveObject, merged, structure), ignored);
  const ownership = resolveOwnership(withApplier, comparison, identity, liveObject, options, ignored);

  if (options.manager === KUBECTL_APPLY_MANAGER && liveObject && lastAppliedConfiguration(liveObject)) {
    merged = withLastApplied(merged, config);
  }
  const changed = liveObject === undefined || !jsonEqual(liveObject, merged);
  const stamped = ownership.map((entry) =>
    managerIdentity(entry) === identity && (changed || entry.time === undefined)
      ? { ...entry, time: managedFieldsTime(options.now ?? new Date()) }
      : entry,
  );
  return {
    object: withManagedFields(merged, capUpdateManagers(stamped)),
    created: live === undefined,
    changed,
  };
}

/**
 * The managers after the apply's change; conflicts throw unless forced or, for manager `kubectl`, all allowed by
 * the client-side last-applied configuration.
 */
function resolveOwnership(
  managers: readonly ManagerEntry[],
  comparison: Comparison,
  identity: string,
  liveObject: JsonObject | undefined,
  options: ApplyOptions,
  ignored: readonly FieldPath[],
): ManagerEntry[] {
  const ownership = updateOwnership(managers, comparison, identity, options.force ?? false);
  if (ownership.conflicts.length === 0 || options.force) return ownership.managers;
  const allowed =
    options.manager === KUBECTL_APPLY_MANAGER && liveObject
      ? conflictsAllowedByLastApplied(liveObject, options.apiVersion, options.kindMeta, ignored)
      : undefined;
  const refused = ownership.conflicts.filter((_, i) => !allowed?.has(ownership.conflictPaths[i] ?? []));
  if (refused.length > 0) throw new ApplyConflictError(refused);
  return updateOwnership(managers, comparison, identity, true).managers;
}

/** The checks the real field manager makes on an apply body before anything else. */
function checkConfiguration(applied: unknown, options: ApplyOptions): JsonObject {
  if (!options.manager) {
    throw new PatchError(
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      {
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: is required for apply patch',
            field: 'fieldManager',
          },
        ],
      },
    );
  }
  if (!isJsonObject(applied)) throw badRequest('error decoding YAML: the apply patch must be an object');
  if (applied.apiVersion !== options.apiVersion) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${String(applied.apiVersion ?? '')}, expected: ${options.apiVersion}`,
    );
  }
  if (metadataOf(applied).managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  checkAppliedLists(applied, options.kindMeta, describeObject(applied));
  return applied;
}

/** `namespace/name; apiVersion, Kind=Kind`, how apimachinery names the object in apply errors. */
function describeObject(applied: JsonObject): string {
  const metadata = metadataOf(applied);
  const name = [metadata.namespace, metadata.name].filter((part) => typeof part === 'string').join('/');
  return `${name}; ${String(applied.apiVersion)}, Kind=${String(applied.kind ?? '')}`;
}

/** The live managers; a live object without any gets a `before-first-apply` entry owning all its fields. */
function liveManagers(
  live: JsonObject | undefined,
  liveObject: JsonObject | undefined,
  options: ApplyOptions,
): ManagerEntry[] {
  const decoded = live ? decodeManagedFields(metadataOf(live).managedFields) : undefined;
  if (!liveObject || (decoded && decoded.length > 0)) return decoded ?? [];
  return updateEntries([], { metadata: {} }, liveObject, BEFORE_FIRST_APPLY_MANAGER, {
    apiVersion: options.apiVersion,
    ...(options.kindMeta && { kindMeta: options.kindMeta }),
    ...(options.resetFields && { resetFields: options.resetFields }),
    ...(options.now && { now: options.now }),
  });
}

/** Fields the applier owned last time that nobody (the applier's new configuration included) owns now. */
function fieldsToPrune(previous: FieldSet, managers: readonly ManagerEntry[]): FieldSet {
  const owned = managers.reduce((all, entry) => all.union(entry.fields), FieldSet.empty());
  return previous.difference(owned);
}
