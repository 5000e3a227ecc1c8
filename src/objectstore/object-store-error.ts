/**
 * The one error type of the object store. `reason` tells a caller what kind of failure it is without parsing
 * messages (the VRG controller reports an unreachable store differently from a missing object), and the message
 * says which store, which key, what went wrong and what to do about it. `cause` keeps the underlying error.
 */

/** What kind of failure an object store operation hit. */
export type ObjectStoreErrorReason =
  /** The endpoint could not be reached: connection refused or reset, DNS failure, timeout. */
  | 'Unreachable'
  /** The credentials were refused (unknown key, wrong secret, no permission, clock skew). */
  | 'AccessDenied'
  /** The bucket (or the store's directory) does not exist. */
  | 'NoSuchBucket'
  /** The object does not exist (only from operations that need it to). */
  | 'NotFound'
  /** The key cannot be stored (empty, too long, or not representable by this store). */
  | 'InvalidKey'
  /** The object's bytes are not what the reader expected (e.g. not gzip-compressed JSON). */
  | 'InvalidObject'
  /** The store's configuration or credentials are unusable as given. */
  | 'InvalidConfiguration'
  /** Anything else; the message and `cause` say what. */
  | 'Failed';

/** The operations of `ObjectStore`, for messages and metrics. */
export type ObjectStoreOperation = 'put' | 'get' | 'head' | 'list' | 'delete' | 'deletePrefix' | 'open';

/** Where an error happened. */
export interface ObjectStoreErrorContext {
  readonly operation: ObjectStoreOperation;
  /** The store's `description`. */
  readonly store: string;
  /** The key (or prefix, for list and deletePrefix). */
  readonly key?: string;
}

/** A failed object store operation. */
export class ObjectStoreError extends Error {
  override readonly name = 'ObjectStoreError';
  readonly operation: ObjectStoreOperation;
  readonly store: string;
  readonly key: string | undefined;

  constructor(
    readonly reason: ObjectStoreErrorReason,
    context: ObjectStoreErrorContext,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.operation = context.operation;
    this.store = context.store;
    this.key = context.key;
  }
}

/** Whether `error` is an `ObjectStoreError` with `reason`. */
export function isObjectStoreError(
  error: unknown,
  reason?: ObjectStoreErrorReason,
): error is ObjectStoreError {
  return error instanceof ObjectStoreError && (reason === undefined || error.reason === reason);
}

/** The `NotFound` error for a key that must exist. */
export function objectNotFound(
  context: ObjectStoreErrorContext & { readonly key: string },
): ObjectStoreError {
  return new ObjectStoreError(
    'NotFound',
    context,
    `object "${context.key}" does not exist in ${context.store}; it was never uploaded there or has been deleted ` +
      '(check that this S3 profile is one the VRG protects to)',
  );
}

/** How an operation reads in a message: `put "key"`, `list of prefix "p"`. */
export function describeOperation(context: ObjectStoreErrorContext): string {
  if (context.operation === 'list' || context.operation === 'deletePrefix') {
    return `${context.operation} of prefix "${context.key ?? ''}"`;
  }
  return context.key === undefined ? context.operation : `${context.operation} of "${context.key}"`;
}
