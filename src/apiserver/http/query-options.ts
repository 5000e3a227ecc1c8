/**
 * Query parameters of resource requests (kube-api.md §5.2) parsed into the registry's option objects, with the
 * real server's checks and wording: an unparsable number or boolean is a 400 (`strconv.ParseInt: parsing "x":
 * invalid syntax`), an unsupported option value a 422 on the options kind (`PatchOptions.meta.k8s.io "" is
 * invalid: force: Forbidden: may not be specified for non-apply patch`).
 */

import {
  type FieldError,
  forbiddenError,
  goQuote,
  invalidError,
  notSupportedError,
  requiredError,
  tooLongError,
} from '../../api/index.js';
import type {
  DeleteRequestOptions,
  FieldValidation,
  LogOptions,
  PatchType,
  PropagationPolicy,
  ReadOptions,
  WatchRequestOptions,
  WriteOptions,
} from '../registry/index.js';
import { badRequest, invalid } from '../wire/index.js';

/** The options kinds whose validation errors name them (`CreateOptions.meta.k8s.io "" is invalid: ...`). */
export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);
const FIELD_VALIDATIONS: readonly FieldValidation[] = ['Ignore', 'Strict', 'Warn'];
const PROPAGATION_POLICIES: readonly PropagationPolicy[] = ['Foreground', 'Background', 'Orphan'];
const MAX_FIELD_MANAGER_LENGTH = 128;

/** Go's `strconv.ParseBool` on a query parameter; undefined when absent. */
function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw badRequest(`strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`);
}

/** Go's `strconv.ParseInt` on a query parameter; undefined when absent. */
function intParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^[+-]?\d+$/.test(value))
    throw badRequest(`strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
  return Number(value);
}

function stringParam(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

/** Options of list (and the selection part of watch and deletecollection). */
export function parseReadOptions(query: URLSearchParams): ReadOptions {
  const options: ReadOptions = {};
  const labelSelector = stringParam(query, 'labelSelector');
  if (labelSelector !== undefined) options.labelSelector = labelSelector;
  const fieldSelector = stringParam(query, 'fieldSelector');
  if (fieldSelector !== undefined) options.fieldSelector = fieldSelector;
  const resourceVersion = query.get('resourceVersion');
  if (resourceVersion !== null && resourceVersion !== '') options.resourceVersion = resourceVersion;
  const match = stringParam(query, 'resourceVersionMatch');
  if (match !== undefined) {
    if (match !== 'NotOlderThan' && match !== 'Exact') {
      throw invalid('ListOptions', 'meta.k8s.io', '', [
        notSupportedError('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']),
      ]);
    }
    options.resourceVersionMatch = match;
  }
  const limit = intParam(query, 'limit');
  if (limit !== undefined && limit > 0) options.limit = limit;
  const token = stringParam(query, 'continue');
  if (token !== undefined) options.continue = token;
  return options;
}

/**
 * Options of a watch. A watch on one object (the deprecated `/watch/.../{name}` path) selects it by
 * `metadata.name`, as the real server does.
 */
export function parseWatchOptions(query: URLSearchParams, name?: string): WatchRequestOptions {
  const options: WatchRequestOptions = parseReadOptions(query);
  if (name !== undefined) {
    const byName = `metadata.name=${name}`;
    options.fieldSelector =
      options.fieldSelector === undefined ? byName : `${options.fieldSelector},${byName}`;
  }
  const bookmarks = boolParam(query, 'allowWatchBookmarks');
  if (bookmarks !== undefined) options.allowWatchBookmarks = bookmarks;
  const initialEvents = boolParam(query, 'sendInitialEvents');
  if (initialEvents !== undefined) options.sendInitialEvents = initialEvents;
  const timeoutSeconds = intParam(query, 'timeoutSeconds');
  if (timeoutSeconds !== undefined && timeoutSeconds > 0) options.timeoutSeconds = timeoutSeconds;
  return options;
}

/** `dryRun`: only `All` exists. */
function dryRunErrors(values: readonly string[]): FieldError[] {
  const unsupported = values.filter((value) => value !== 'All');
  return unsupported.length === 0 ? [] : [notSupportedError('dryRun', values, ['All'])];
}

function fieldManagerErrors(manager: string | undefined): FieldError[] {
  if (manager === undefined) return [];
  if (manager.length > MAX_FIELD_MANAGER_LENGTH)
    return [tooLongError('fieldManager', MAX_FIELD_MANAGER_LENGTH)];
  if (!/^[\x20-\x7e]*$/.test(manager)) {
    return [invalidError('fieldManager', manager, 'must only contain printable characters')];
  }
  return [];
}

/**
 * Options of create, update and patch (`dryRun`, `fieldManager`, `fieldValidation`, and `force` for patches).
 * @param patchType for patches: `force` is only allowed, and `fieldManager` required, for apply patches.
 */
export function parseWriteOptions(
  query: URLSearchParams,
  kind: OptionsKind,
  patchType?: PatchType,
): WriteOptions & { force?: boolean } {
  const dryRun = query.getAll('dryRun');
  const fieldManager = query.get('fieldManager') ?? undefined;
  const fieldValidation = stringParam(query, 'fieldValidation');
  const force = boolParam(query, 'force');
  const errors = [...dryRunErrors(dryRun), ...fieldManagerErrors(fieldManager)];
  if (fieldValidation !== undefined && !FIELD_VALIDATIONS.includes(fieldValidation as FieldValidation)) {
    errors.push(notSupportedError('fieldValidation', fieldValidation, ['', ...FIELD_VALIDATIONS]));
  }
  if (kind === 'PatchOptions' && patchType === 'apply' && (fieldManager ?? '') === '') {
    errors.push(requiredError('fieldManager', 'is required for apply patch'));
  }
  if (force !== undefined && (kind !== 'PatchOptions' || patchType !== 'apply')) {
    errors.push(forbiddenError('force', 'may not be specified for non-apply patch'));
  }
  if (errors.length > 0) throw invalid(kind, 'meta.k8s.io', '', errors);
  const options: WriteOptions & { force?: boolean } = {};
  if (dryRun.length > 0) options.dryRun = true;
  if (fieldManager !== undefined && fieldManager !== '') options.fieldManager = fieldManager;
  if (fieldValidation !== undefined) options.fieldValidation = fieldValidation as FieldValidation;
  if (force !== undefined) options.force = force;
  return options;
}

/** Reads `DeleteOptions` fields from a decoded body. */
function deleteOptionsFromBody(body: Record<string, unknown>): DeleteRequestOptions {
  const options: DeleteRequestOptions = {};
  const { propagationPolicy, orphanDependents, gracePeriodSeconds, preconditions, dryRun } = body;
  const typeError = (field: string, goType: string) =>
    badRequest(`json: cannot unmarshal into Go struct field DeleteOptions.${field} of type ${goType}`);
  if (propagationPolicy != null) {
    if (typeof propagationPolicy !== 'string') throw typeError('propagationPolicy', 'v1.DeletionPropagation');
    options.propagationPolicy = propagationPolicy as PropagationPolicy;
  }
  if (orphanDependents != null) {
    if (typeof orphanDependents !== 'boolean') throw typeError('orphanDependents', 'bool');
    options.orphanDependents = orphanDependents;
  }
  if (gracePeriodSeconds != null) {
    if (!Number.isInteger(gracePeriodSeconds)) throw typeError('gracePeriodSeconds', 'int64');
    options.gracePeriodSeconds = gracePeriodSeconds as number;
  }
  if (preconditions != null) {
    if (typeof preconditions !== 'object') throw typeError('preconditions', 'v1.Preconditions');
    const { uid, resourceVersion } = preconditions as Record<string, unknown>;
    options.preconditions = {};
    if (typeof uid === 'string') options.preconditions.uid = uid;
    if (typeof resourceVersion === 'string') options.preconditions.resourceVersion = resourceVersion;
  }
  if (dryRun != null) {
    if (!Array.isArray(dryRun) || dryRun.some((value) => typeof value !== 'string')) {
      throw typeError('dryRun', '[]string');
    }
    if (dryRun.length > 0) options.dryRun = true;
    checkDeleteOptions(options, dryRun as string[]);
    return options;
  }
  checkDeleteOptions(options, []);
  return options;
}

function deleteOptionsFromQuery(query: URLSearchParams): DeleteRequestOptions {
  const options: DeleteRequestOptions = {};
  const propagationPolicy = stringParam(query, 'propagationPolicy');
  if (propagationPolicy !== undefined) options.propagationPolicy = propagationPolicy as PropagationPolicy;
  const orphanDependents = boolParam(query, 'orphanDependents');
  if (orphanDependents !== undefined) options.orphanDependents = orphanDependents;
  const gracePeriodSeconds = intParam(query, 'gracePeriodSeconds');
  if (gracePeriodSeconds !== undefined) options.gracePeriodSeconds = gracePeriodSeconds;
  const dryRun = query.getAll('dryRun');
  if (dryRun.length > 0) options.dryRun = true;
  checkDeleteOptions(options, dryRun);
  return options;
}

/** `ValidateDeleteOptions`. */
function checkDeleteOptions(options: DeleteRequestOptions, dryRun: readonly string[]): void {
  const errors = dryRunErrors(dryRun);
  const policy = options.propagationPolicy;
  if (policy !== undefined && !PROPAGATION_POLICIES.includes(policy)) {
    errors.push(notSupportedError('propagationPolicy', policy, PROPAGATION_POLICIES));
  }
  if (policy !== undefined && options.orphanDependents !== undefined) {
    errors.push(
      invalidError(
        'propagationPolicy',
        policy,
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    );
  }
  if (errors.length > 0) throw invalid('DeleteOptions', 'meta.k8s.io', '', errors);
}

/**
 * Options of delete and deletecollection: from the `DeleteOptions` body when there is one, otherwise from the
 * query parameters (the real server reads one or the other, never both).
 */
export function parseDeleteOptions(
  query: URLSearchParams,
  body: Record<string, unknown> | undefined,
): DeleteRequestOptions {
  return body === undefined ? deleteOptionsFromQuery(query) : deleteOptionsFromBody(body);
}

/** Options of `pods/log`. */
export function parseLogOptions(query: URLSearchParams): LogOptions {
  const options: LogOptions = {};
  const container = stringParam(query, 'container');
  if (container !== undefined) options.container = container;
  for (const name of ['follow', 'timestamps', 'previous'] as const) {
    const value = boolParam(query, name);
    if (value !== undefined) options[name] = value;
  }
  for (const name of ['tailLines', 'sinceSeconds', 'limitBytes'] as const) {
    const value = intParam(query, name);
    if (value !== undefined) options[name] = value;
  }
  return options;
}
