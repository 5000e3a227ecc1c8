/**
 * The two ways an object write fails validation, as typed errors that carry the exact `Status` body a real API
 * server answers with: 422 `Invalid` (schema, CEL and list-type failures, one cause per field error) and 400
 * `BadRequest` (unknown fields under `fieldValidation=Strict`).
 */
import { type FieldError, type FieldErrorType, fieldErrorBody, renderFieldError } from './field-error.js';
import { goQuote } from './go-format.js';

/** One entry of `Status.details.causes`. */
export interface StatusCause {
  reason: FieldErrorType;
  message: string;
  field: string;
}

/** `Status.details` of an `Invalid` failure. */
export interface InvalidStatusDetails {
  name?: string;
  group?: string;
  kind: string;
  causes: StatusCause[];
}

/** The `metav1.Status` body of a failed request. */
export interface FailureStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'Invalid' | 'BadRequest';
  details?: InvalidStatusDetails;
  code: 422 | 400;
}

/** Which kind an error is about. */
export interface KindIdentity {
  /** The API group; empty for the core group. */
  group: string;
  version: string;
  kind: string;
}

/** Go's `schema.GroupKind.String()`: `DRPolicy.ramendr.openshift.io`, or `Pod` for the core group. */
export function qualifiedKind(identity: Pick<KindIdentity, 'group' | 'kind'>): string {
  return identity.group ? `${identity.kind}.${identity.group}` : identity.kind;
}

/** Go's error aggregate text: one message alone, several as `[a, b]`, duplicates dropped. */
export function aggregateMessages(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

/** `ErrorList.ToAggregate().Error()`: the field errors' texts, one alone or several as `[a, b]`, duplicates dropped. */
export function aggregateFieldErrors(errors: readonly FieldError[]): string {
  return aggregateMessages(errors.map(renderFieldError));
}

/** The Status of a failure, its keys in the order of the Go struct (so bodies serialize as a real server's). */
function failureStatus(
  message: string,
  reason: FailureStatus['reason'],
  code: FailureStatus['code'],
  details?: InvalidStatusDetails,
): FailureStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details !== undefined && { details }),
    code,
  };
}

/** A write was rejected by validation (HTTP 422, reason `Invalid`). */
export class InvalidObjectError extends Error {
  override readonly name = 'InvalidObjectError';
  /** The HTTP status code. */
  readonly code = 422;
  /** The Status body to answer with. */
  readonly status: FailureStatus;

  constructor(
    identity: Pick<KindIdentity, 'group' | 'kind'>,
    objectName: string,
    readonly errors: readonly FieldError[],
    options?: { cause?: unknown },
  ) {
    const prefix = `${qualifiedKind(identity)} ${goQuote(objectName)} is invalid`;
    const message = errors.length ? `${prefix}: ${aggregateFieldErrors(errors)}` : prefix;
    super(message, options);
    const details: InvalidStatusDetails = {
      ...(objectName ? { name: objectName } : {}),
      ...(identity.group ? { group: identity.group } : {}),
      kind: identity.kind,
      causes: errors.map((error) => ({
        reason: error.type,
        message: fieldErrorBody(error),
        field: error.field,
      })),
    };
    this.status = failureStatus(message, 'Invalid', 422, details);
  }
}

/** A write named fields the schema does not know while `fieldValidation=Strict` (HTTP 400, reason `BadRequest`). */
export class StrictDecodingError extends Error {
  override readonly name = 'StrictDecodingError';
  /** The HTTP status code. */
  readonly code = 400;
  /** The Status body to answer with. */
  readonly status: FailureStatus;

  constructor(
    identity: Pick<KindIdentity, 'version' | 'kind'>,
    readonly unknownFields: readonly string[],
    options?: { cause?: unknown },
  ) {
    const fields = unknownFields.map((path) => `unknown field ${goQuote(path)}`).join(', ');
    const message =
      `${identity.kind} in version ${goQuote(identity.version)} cannot be handled as a ${identity.kind}: ` +
      `strict decoding error: ${fields}`;
    super(message, options);
    this.status = failureStatus(message, 'BadRequest', 400);
  }
}
