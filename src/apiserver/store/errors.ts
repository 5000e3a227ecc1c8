/**
 * Typed failures of the store. Each class is one kind of failure and carries what the HTTP layer needs to answer
 * with a Kubernetes `Status`: the HTTP code, the `reason`, a message in apimachinery's wording and the `details`
 * (resource, group, object name). `toStatus()` builds that object; the store itself never speaks HTTP.
 */
import { qualifiedResource, type ResourceKey } from './resource-key.js';

/** The `Status.reason` values the store can produce. */
export type StoreStatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Expired'
  | 'BadRequest'
  | 'Timeout'
  | 'InternalError'
  | 'ServiceUnavailable';

/** `Status.details`: `kind` is the resource plural for NotFound/AlreadyExists/Conflict, as real servers send. */
export interface StoreStatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  retryAfterSeconds?: number;
}

/** A `meta.k8s.io/v1` Status describing a failure, ready to serialize. */
export interface FailureStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StoreStatusReason;
  details?: StoreStatusDetails;
  code: number;
}

/** The base of every store failure, so callers can tell store errors from bugs with one `instanceof`. */
export abstract class StoreError extends Error {
  /** The HTTP status code the API server answers with. */
  abstract readonly code: number;
  /** The Kubernetes `Status.reason`. */
  abstract readonly reason: StoreStatusReason;
  /** The Kubernetes `Status.details`, when the failure concerns one object. */
  readonly details: StoreStatusDetails | undefined;

  constructor(message: string, details?: StoreStatusDetails, options?: ErrorOptions) {
    super(message, options);
    this.details = details;
  }

  /** The Kubernetes Status object for this failure. */
  toStatus(): FailureStatus {
    const status: FailureStatus = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details !== undefined) status.details = { ...this.details };
    return status;
  }
}

function objectDetails(resource: ResourceKey, objectName: string): StoreStatusDetails {
  const details: StoreStatusDetails = { name: objectName, kind: resource.resource };
  if (resource.group !== '') details.group = resource.group;
  return details;
}

/** The object does not exist (404). */
export class NotFoundError extends StoreError {
  override readonly name = 'NotFoundError';
  readonly code = 404;
  readonly reason = 'NotFound';

  constructor(
    readonly resource: ResourceKey,
    readonly objectName: string,
    options?: ErrorOptions,
  ) {
    super(
      `${qualifiedResource(resource)} "${objectName}" not found`,
      objectDetails(resource, objectName),
      options,
    );
  }
}

/** A create found an object with the same namespace and name (409). */
export class AlreadyExistsError extends StoreError {
  override readonly name = 'AlreadyExistsError';
  readonly code = 409;
  readonly reason = 'AlreadyExists';

  constructor(
    readonly resource: ResourceKey,
    readonly objectName: string,
    options?: ErrorOptions,
  ) {
    super(
      `${qualifiedResource(resource)} "${objectName}" already exists`,
      objectDetails(resource, objectName),
      options,
    );
  }
}

/** What a conflict is about: a stale `metadata.resourceVersion`, or a failed delete precondition. */
export type ConflictKind = 'resource-version' | 'precondition';

/** An optimistic-concurrency check failed (409): the caller must re-read and retry. */
export class ConflictError extends StoreError {
  override readonly name = 'ConflictError';
  readonly code = 409;
  readonly reason = 'Conflict';

  /**
   * @param problem for `precondition`, apimachinery's explanation, e.g.
   *   `Precondition failed: UID in precondition: a, UID in object meta: b`
   */
  constructor(
    readonly resource: ResourceKey,
    readonly objectName: string,
    readonly conflict: ConflictKind,
    problem = 'the object has been modified; please apply your changes to the latest version and try again',
    options?: ErrorOptions,
  ) {
    super(
      `Operation cannot be fulfilled on ${qualifiedResource(resource)} "${objectName}": ${problem}`,
      objectDetails(resource, objectName),
      options,
    );
  }
}

/** Why something is gone: a watch from before the history window, or a continue token that outlived it. */
export type GoneKind = 'too-old-resource-version' | 'continue-expired';

/**
 * The requested point in history is no longer available (410 `Expired`). A watcher answers this by re-listing;
 * a pager by starting a new list.
 */
export class GoneError extends StoreError {
  override readonly name = 'GoneError';
  readonly code = 410;
  readonly reason = 'Expired';

  constructor(
    readonly gone: GoneKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, undefined, options);
  }

  /** A watch or exact list asked for `requested`, older than the oldest revision still retained. */
  static tooOld(requested: number, oldest: number): GoneError {
    return new GoneError('too-old-resource-version', `too old resource version: ${requested} (${oldest})`);
  }

  /** A continue token whose snapshot revision fell out of the history window. */
  static continueExpired(): GoneError {
    return new GoneError(
      'continue-expired',
      'The provided continue parameter is too old to display a consistent list result. ' +
        'You can start a new list without the continue parameter.',
    );
  }
}

/** A resourceVersion newer than anything the store has written was required exactly (504 `Timeout`). */
export class TooLargeResourceVersionError extends StoreError {
  override readonly name = 'TooLargeResourceVersionError';
  readonly code = 504;
  readonly reason = 'Timeout';

  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`Too large resource version: ${requested}, current: ${current}`, { retryAfterSeconds: 1 });
  }
}

/** A label or field selector does not parse, or names a field the resource does not support (400). */
export class InvalidSelectorError extends StoreError {
  override readonly name = 'InvalidSelectorError';
  readonly code = 400;
  readonly reason = 'BadRequest';

  constructor(
    message: string,
    readonly selector: string,
    options?: ErrorOptions,
  ) {
    super(message, undefined, options);
  }
}

/**
 * A request the store cannot serve as asked (400): an unparsable resourceVersion or continue token, an object
 * without a name, or options that do not go together (e.g. `continue` with `resourceVersion`).
 */
export class BadRequestError extends StoreError {
  override readonly name = 'BadRequestError';
  readonly code = 400;
  readonly reason = 'BadRequest';
}

/** Writing to the state directory failed; the store refuses further writes because durability is unknown (500). */
export class PersistenceError extends StoreError {
  override readonly name = 'PersistenceError';
  readonly code = 500;
  readonly reason = 'InternalError';

  constructor(message: string, options?: ErrorOptions) {
    super(`Internal error occurred: ${message}`, undefined, options);
  }
}

/** The state directory holds data that cannot be read back safely; starting would lose acknowledged writes. */
export class CorruptStateError extends StoreError {
  override readonly name = 'CorruptStateError';
  readonly code = 500;
  readonly reason = 'InternalError';

  constructor(
    message: string,
    readonly file: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${message}`, undefined, options);
  }
}

/** The store was closed; requests arriving afterwards fail (503). */
export class StoreClosedError extends StoreError {
  override readonly name = 'StoreClosedError';
  readonly code = 503;
  readonly reason = 'ServiceUnavailable';

  constructor() {
    super('the object store is shut down');
  }
}
