/**
 * Typed errors of the Kubernetes API. A failed request becomes a `KubeApiError` subclass chosen by HTTP code and the
 * `Status` reason, carrying the `Status` body; a request that never got an answer becomes a `KubeNetworkError`.
 * Callers branch with `instanceof` or the `is*` predicates, never by matching messages.
 */

/** A cause inside a `Status` (one invalid field, one server-side apply conflict, ...). */
export interface KubeStatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The `Status` object the API server answers failures with. */
export interface KubeStatus {
  kind?: string;
  apiVersion?: string;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: KubeStatusCause[];
    retryAfterSeconds?: number;
  };
}

/** A request the API server answered with a failure `Status`. */
export class KubeApiError extends Error {
  override readonly name: string = 'KubeApiError';
  /** The HTTP status code. */
  readonly code: number;
  /** The `Status` reason (`NotFound`, `Conflict`, ...), or '' when the body carried none. */
  readonly reason: string;
  /** The `Status` body as the server sent it (empty when the body was not a Status). */
  readonly status: KubeStatus;

  constructor(code: number, status: KubeStatus, options?: ErrorOptions) {
    super(status.message || `the API server answered ${code}`, options);
    this.code = code;
    this.reason = status.reason ?? '';
    this.status = status;
  }
}

/** 404: the object (or the resource) does not exist. */
export class NotFoundError extends KubeApiError {
  override readonly name: string = 'NotFoundError';
}

/** 409 Conflict: the resourceVersion was stale, or server-side apply found a conflicting field manager. */
export class ConflictError extends KubeApiError {
  override readonly name: string = 'ConflictError';
}

/** 409 AlreadyExists: a create found an object with that name. */
export class AlreadyExistsError extends KubeApiError {
  override readonly name: string = 'AlreadyExistsError';
}

/** 422: the object failed validation; `status.details.causes` names the fields. */
export class InvalidError extends KubeApiError {
  override readonly name: string = 'InvalidError';
}

/** 410: the resourceVersion (of a watch or a list continuation) is older than the server's history. */
export class GoneError extends KubeApiError {
  override readonly name: string = 'GoneError';
}

/** The request got no answer: connection refused or reset, TLS failure, timeout. `cause` is the transport error. */
export class KubeNetworkError extends Error {
  override readonly name = 'KubeNetworkError';
  /** The system error code (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, ...), when there is one. */
  readonly errorCode: string | undefined;

  constructor(message: string, options: ErrorOptions & { errorCode?: string | undefined }) {
    super(message, options);
    this.errorCode = options.errorCode;
  }
}

/** A call the client cannot turn into a request (a namespaced object without a namespace, ...). */
export class KubeUsageError extends Error {
  override readonly name = 'KubeUsageError';
}

function asStatus(body: unknown): KubeStatus {
  if (body !== null && typeof body === 'object' && (body as KubeStatus).kind === 'Status')
    return body as KubeStatus;
  return typeof body === 'string' && body ? { message: body } : {};
}

/** The typed error for a failed response (`code` and its body, parsed when it was JSON). */
export function errorFromStatus(code: number, body: unknown, options?: ErrorOptions): KubeApiError {
  const status = asStatus(body);
  switch (code) {
    case 404:
      return new NotFoundError(code, status, options);
    case 409:
      return status.reason === 'AlreadyExists'
        ? new AlreadyExistsError(code, status, options)
        : new ConflictError(code, status, options);
    case 410:
      return new GoneError(code, status, options);
    case 422:
      return new InvalidError(code, status, options);
    default:
      return new KubeApiError(code, status, options);
  }
}

/** Whether `error` is a 404. */
export function isNotFound(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError;
}

/** Whether `error` is a 409 Conflict (stale resourceVersion or apply conflict). */
export function isConflict(error: unknown): error is ConflictError {
  return error instanceof ConflictError;
}

/** Whether `error` is a 409 AlreadyExists. */
export function isAlreadyExists(error: unknown): error is AlreadyExistsError {
  return error instanceof AlreadyExistsError;
}

/** Whether `error` is a 422 Invalid. */
export function isInvalid(error: unknown): error is InvalidError {
  return error instanceof InvalidError;
}

/** Whether `error` is a 410 (expired resourceVersion). */
export function isGone(error: unknown): error is GoneError {
  return error instanceof GoneError;
}

/** Whether `error` is a transport failure (no answer from the server). */
export function isNetworkError(error: unknown): error is KubeNetworkError {
  return error instanceof KubeNetworkError;
}
