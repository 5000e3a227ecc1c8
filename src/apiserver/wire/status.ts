/**
 * Kubernetes `Status` objects, the body of every error response, and `StatusError`, the exception that carries one
 * from the registry to the HTTP layer. Each constructor reproduces an apimachinery constructor (`api/errors`,
 * negotiation and field-manager errors): same code, reason, details and message text, because clients match on
 * reasons and kubectl prints messages verbatim.
 */

import { aggregateFieldErrors, type FieldError, fieldErrorBody, goQuote } from '../../api/index.js';

/** `metav1.StatusReason` values we produce. */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Expired'
  | 'Gone'
  | 'Forbidden'
  | 'Unauthorized'
  | 'UnsupportedMediaType'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'InternalError'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'ServiceUnavailable'
  | 'Timeout';

/** One cause in `details.causes`. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** `details`: for resource errors `kind` is the resource (plural), for Invalid it is the Kind. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A `v1 Status`; key order follows the Go struct, so serialized bodies match a real server's. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code?: number;
}

/** An API error: thrown by the registry and the handlers, turned into a response with `status.code`. */
export class StatusError extends Error {
  override name = 'StatusError';
  constructor(
    readonly status: Status,
    options?: { cause?: unknown },
  ) {
    super(status.message ?? status.reason ?? `status ${status.code}`, options);
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code ?? 500;
  }

  /** The machine-readable reason. */
  get reason(): StatusReason | undefined {
    return this.status.reason;
  }
}

/** True for a StatusError, and when `reason` is given, one with that reason. */
export function isStatusError(error: unknown, reason?: StatusReason): error is StatusError {
  return error instanceof StatusError && (reason === undefined || error.reason === reason);
}

/** The Status to answer with for any thrown value: its own, or a 500 InternalError. */
export function statusFromError(error: unknown): Status {
  return error instanceof StatusError ? error.status : internalError(error).status;
}

/** The message of an optimistic-concurrency conflict (`storage.OptimisticLockErrorMsg`). */
export const OPTIMISTIC_LOCK_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

/** The reason server-side apply gives when a field is owned by another manager. */
export const FIELD_MANAGER_CONFLICT = 'FieldManagerConflict';

interface Fields {
  code: number;
  reason: StatusReason;
  message: string;
  details?: StatusDetails;
}

function failure({ code, reason, message, details }: Fields, cause?: unknown): StatusError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
  };
  if (details !== undefined) status.details = details;
  status.code = code;
  return new StatusError(status, cause === undefined ? undefined : { cause });
}

/** Details with Go's omitempty: empty strings and lists are left out, key order as in the Go struct. */
function details(fields: StatusDetails): StatusDetails {
  const result: StatusDetails = {};
  if (fields.name) result.name = fields.name;
  if (fields.group) result.group = fields.group;
  if (fields.kind) result.kind = fields.kind;
  if (fields.uid) result.uid = fields.uid;
  if (fields.causes && fields.causes.length > 0) result.causes = fields.causes;
  if (fields.retryAfterSeconds) result.retryAfterSeconds = fields.retryAfterSeconds;
  return result;
}

/** `schema.GroupResource.String()` / `GroupKind.String()`: `name` or `name.group`. */
export function qualifiedName(name: string, group: string): string {
  return group === '' ? name : `${name}.${group}`;
}

/** 404: `widgets.example.com "w1" not found`. */
export function notFound(resource: string, group: string, name: string): StatusError {
  return failure({
    code: 404,
    reason: 'NotFound',
    message: `${qualifiedName(resource, group)} ${goQuote(name)} not found`,
    details: details({ name, group, kind: resource }),
  });
}

/** 404 for a path that names no resource at all. */
export function pathNotFound(): StatusError {
  return failure({
    code: 404,
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
    details: {},
  });
}

/** 409: `widgets.example.com "w1" already exists`. */
export function alreadyExists(resource: string, group: string, name: string): StatusError {
  return failure({
    code: 409,
    reason: 'AlreadyExists',
    message: `${qualifiedName(resource, group)} ${goQuote(name)} already exists`,
    details: details({ name, group, kind: resource }),
  });
}

/** 409 when a name generated from `generateName` was taken; the client should retry after a second. */
export function generateNameConflict(resource: string, group: string, name: string): StatusError {
  return failure({
    code: 409,
    reason: 'AlreadyExists',
    message: `${qualifiedName(resource, group)} ${goQuote(name)} already exists, the server was not able to generate a unique name for the object`,
    details: details({ name, group, kind: resource, retryAfterSeconds: 1 }),
  });
}

/** 409: `Operation cannot be fulfilled on widgets.example.com "w1": <reason>` (stale resourceVersion by default). */
export function conflict(
  resource: string,
  group: string,
  name: string,
  reason = OPTIMISTIC_LOCK_MESSAGE,
): StatusError {
  return failure({
    code: 409,
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${qualifiedName(resource, group)} ${goQuote(name)}: ${reason}`,
    details: details({ name, group, kind: resource }),
  });
}

/** A field owned by another manager, as server-side apply reports it. */
export interface ApplyConflict {
  manager: string;
  operation: 'Apply' | 'Update';
  /** The manager's apiVersion (shown for Update managers). */
  apiVersion?: string;
  subresource?: string;
  /** The field path as structured-merge-diff prints it, e.g. `.spec.replicas`. */
  path: string;
}

/** 409 from server-side apply: `Apply failed with 1 conflict: conflict with "kubectl" using v1: .data.a`. */
export function applyConflict(conflicts: readonly ApplyConflict[]): StatusError {
  const causes = conflicts.map((c) => ({
    reason: FIELD_MANAGER_CONFLICT,
    message: `conflict with ${printManager(c)}`,
    field: c.path,
  }));
  return failure({
    code: 409,
    reason: 'Conflict',
    message: applyConflictMessage(conflicts),
    details: details({ causes }),
  });
}

function applyConflictMessage(conflicts: readonly ApplyConflict[]): string {
  if (conflicts.length === 1) {
    const [only] = conflicts as [ApplyConflict];
    return `Apply failed with 1 conflict: conflict with ${printManager(only)}: ${only.path}`;
  }
  // Grouped by manager identifier, in the order of the encoded identifiers.
  const byManager = new Map<string, ApplyConflict[]>();
  for (const c of conflicts)
    byManager.set(managerIdentifier(c), [...(byManager.get(managerIdentifier(c)) ?? []), c]);
  const lines = [...byManager.keys()].sort().flatMap((key) => {
    const group = byManager.get(key)!;
    return [`conflicts with ${printManager(group[0]!)}:`, ...group.map((c) => `- ${c.path}`)];
  });
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The manager identifier the field manager encodes (a ManagedFieldsEntry without time or fields). */
function managerIdentifier(c: ApplyConflict): string {
  const entry: Record<string, string> = { manager: c.manager, operation: c.operation };
  if (c.operation === 'Update' && c.apiVersion) entry.apiVersion = c.apiVersion;
  if (c.subresource) entry.subresource = c.subresource;
  return JSON.stringify(entry);
}

function printManager(c: ApplyConflict): string {
  let text = goQuote(c.manager);
  if (c.subresource) text += ` with subresource ${goQuote(c.subresource)}`;
  return c.operation === 'Update' ? `${text} using ${c.apiVersion ?? ''}` : text;
}

/** 422: `Widget.example.com "w1" is invalid: spec.size: Invalid value: -1: must be positive`. */
export function invalid(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): StatusError {
  const prefix = `${qualifiedName(kind, group)} ${goQuote(name)} is invalid`;
  const causes = errors.map((e) => {
    const cause: StatusCause = { reason: e.type, message: fieldErrorBody(e) };
    if (e.field) cause.field = e.field;
    return cause;
  });
  return failure({
    code: 422,
    reason: 'Invalid',
    message: errors.length === 0 ? prefix : `${prefix}: ${aggregateFieldErrors(errors)}`,
    details: details({ name, group, kind, causes }),
  });
}

/** 400 with free text. */
export function badRequest(message: string): StatusError {
  return failure({ code: 400, reason: 'BadRequest', message });
}

/** 400 for a body that cannot be decoded: `Widget in version "v1" cannot be handled as a Widget: <detail>`. */
export function undecodableBody(kind: string, version: string, detail: string, intoKind = kind): StatusError {
  return badRequest(`${kind} in version ${goQuote(version)} cannot be handled as a ${intoKind}: ${detail}`);
}

/** 400 for a field selector on a field the resource does not index. */
export function fieldLabelNotSupported(label: string): StatusError {
  return badRequest(`field label not supported: ${label}`);
}

/** 410 Expired with a message, e.g. for an expired continue token. */
export function resourceExpired(message: string): StatusError {
  return failure({ code: 410, reason: 'Expired', message });
}

/** 410 Expired for a watch or list from a resourceVersion older than the retained history. */
export function gone(
  requestedResourceVersion: string | number,
  oldestResourceVersion: string | number,
): StatusError {
  return resourceExpired(`too old resource version: ${requestedResourceVersion} (${oldestResourceVersion})`);
}

/** 403: `configmaps "c" is forbidden: <reason>` (the resource and name parts are left out when empty). */
export function forbidden(
  resource: string,
  group: string,
  name: string,
  reason: string,
  causes: StatusCause[] = [],
): StatusError {
  const qualified = qualifiedName(resource, group);
  let message: string;
  if (resource === '' && group === '') message = `forbidden: ${reason}`;
  else if (name === '') message = `${qualified} is forbidden: ${reason}`;
  else message = `${qualified} ${goQuote(name)} is forbidden: ${reason}`;
  return failure({
    code: 403,
    reason: 'Forbidden',
    message,
    details: details({ name, group, kind: resource, causes }),
  });
}

/** 401, as the authentication filter answers a missing or wrong token. */
export function unauthorized(message = 'Unauthorized'): StatusError {
  return failure({ code: 401, reason: 'Unauthorized', message: message || 'not authorized' });
}

/** 415 for a request body in a media type the endpoint does not take. */
export function unsupportedMediaType(accepted: readonly string[]): StatusError {
  return failure({
    code: 415,
    reason: 'UnsupportedMediaType',
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  });
}

/** 405 for a method the path does not serve. */
export function methodNotAllowed(): StatusError {
  return failure({
    code: 405,
    reason: 'MethodNotAllowed',
    message: 'the server does not allow this method on the requested resource',
    details: {},
  });
}

/** 405 for a verb the resource does not support: `deletecollection is not supported on resources of kind "x"`. */
export function methodNotSupported(resource: string, group: string, action: string): StatusError {
  return failure({
    code: 405,
    reason: 'MethodNotAllowed',
    message: `${action} is not supported on resources of kind ${goQuote(qualifiedName(resource, group))}`,
    details: details({ group, kind: resource }),
  });
}

/** 406 when no media type of the Accept header can be served. */
export function notAcceptable(accepted: readonly string[]): StatusError {
  return failure({
    code: 406,
    reason: 'NotAcceptable',
    message: `only the following media types are accepted: ${accepted.join(', ')}`,
  });
}

/** 413 for a body over the size limit: `Request entity too large: limit is 3145728`. */
export function tooLarge(detail: string): StatusError {
  return failure({
    code: 413,
    reason: 'RequestEntityTooLarge',
    message: `Request entity too large: ${detail}`,
  });
}

/** 429 with the seconds after which to retry. */
export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return failure({ code: 429, reason: 'TooManyRequests', message, details: details({ retryAfterSeconds }) });
}

/** 503. */
export function serviceUnavailable(message: string): StatusError {
  return failure({ code: 503, reason: 'ServiceUnavailable', message });
}

/** 504: `Timeout: <message>`. */
export function timeout(message: string, retryAfterSeconds = 0): StatusError {
  return failure({
    code: 504,
    reason: 'Timeout',
    message: `Timeout: ${message}`,
    details: details({ retryAfterSeconds }),
  });
}

/** 500: `Internal error occurred: <error>`, the error text also as the single cause. */
export function internalError(error: unknown): StatusError {
  const text = error instanceof Error ? error.message : String(error);
  return failure(
    {
      code: 500,
      reason: 'InternalError',
      message: `Internal error occurred: ${text}`,
      details: { causes: [{ message: text }] },
    },
    error,
  );
}

/** A Success Status, as DELETE returns for an object removed at once (`details.kind` is the resource). */
export function success(fields: StatusDetails = {}, code?: number): Status {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  const successDetails = details(fields);
  if (Object.keys(successDetails).length > 0) status.details = successDetails;
  if (code !== undefined) status.code = code;
  return status;
}
