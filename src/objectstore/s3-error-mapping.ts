/**
 * Turns what the AWS SDK throws into `ObjectStoreError`s: S3 error codes and HTTP statuses into reasons, transport
 * failures (refused, reset, DNS, timeouts) into `Unreachable`, each with a message that names the profile and says
 * what to check.
 */
import {
  describeOperation,
  ObjectStoreError,
  type ObjectStoreErrorContext,
  type ObjectStoreErrorReason,
} from './object-store-error.js';

/** What the messages name: the profile, its bucket and endpoint, and where its credentials come from. */
export interface S3Target {
  readonly profileName: string;
  readonly bucket: string;
  readonly endpoint: string;
  /** e.g. `Secret ramen-system/s3-secret`; absent when unknown. */
  readonly credentialsSource?: string;
}

/** System error codes that mean the request never reached S3 or never came back. */
const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'UND_ERR_SOCKET',
]);

/** S3 error codes that mean the credentials were refused. */
const AUTH_CODES = new Set([
  'AccessDenied',
  'Forbidden',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'RequestTimeTooSkewed',
  'AuthorizationHeaderMalformed',
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number };
}

/** The system error code of a transport failure (looking inside AggregateErrors from dual-stack connects). */
function transportCode(error: SdkErrorShape): string | undefined {
  if (error.name === 'TimeoutError') return 'timeout';
  if (error.code && TRANSPORT_CODES.has(error.code)) return error.code;
  for (const inner of error.errors ?? []) {
    const code = (inner as SdkErrorShape | undefined)?.code;
    if (code && TRANSPORT_CODES.has(code)) return code;
  }
  return undefined;
}

/** The reason for an S3 error code and HTTP status. */
function reasonOf(code: string, status: number | undefined): ObjectStoreErrorReason {
  if (code === 'NoSuchBucket') return 'NoSuchBucket';
  if (code === 'NoSuchKey' || code === 'NotFound' || status === 404) return 'NotFound';
  if (AUTH_CODES.has(code) || status === 403 || status === 401) return 'AccessDenied';
  return 'Failed';
}

/** The message for `reason`, saying what to do. */
function messageFor(
  reason: ObjectStoreErrorReason,
  detail: string,
  context: ObjectStoreErrorContext,
  target: S3Target,
): string {
  const where = `${context.store} during ${describeOperation(context)}`;
  switch (reason) {
    case 'Unreachable':
      return (
        `cannot reach ${where} (${detail}); check that the S3 server at ${target.endpoint} is running and reachable ` +
        `from this cluster, or correct s3CompatibleEndpoint of profile "${target.profileName}"`
      );
    case 'AccessDenied':
      return detail.startsWith('RequestTimeTooSkewed')
        ? `${where} refused the request (${detail}); the clocks of this cluster and the S3 server differ by more ` +
            'than 15 minutes, fix the clock'
        : `${where} refused the credentials (${detail}); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in ` +
            `${target.credentialsSource ?? 'the S3 secret of the profile'} and the permissions of that key`;
    case 'NoSuchBucket':
      return (
        `bucket "${target.bucket}" does not exist at ${target.endpoint} (${where}); create the bucket or correct ` +
        `s3Bucket of profile "${target.profileName}"`
      );
    case 'NotFound':
      return `object "${context.key ?? ''}" does not exist in ${context.store}`;
    default:
      return `${where} failed (${detail})`;
  }
}

/** The `ObjectStoreError` for an error the SDK threw during `context`. */
export function toObjectStoreError(
  error: unknown,
  context: ObjectStoreErrorContext,
  target: S3Target,
): ObjectStoreError {
  if (error instanceof ObjectStoreError) return error;
  const shape = (error ?? {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const transport = status === undefined ? transportCode(shape) : undefined;
  if (transport !== undefined) {
    return new ObjectStoreError(
      'Unreachable',
      context,
      messageFor('Unreachable', `${transport}: ${shape.message ?? ''}`.trim(), context, target),
      { cause: error },
    );
  }
  const code = shape.name ?? 'Error';
  const reason = reasonOf(code, status);
  const detail = `${code}${status === undefined ? '' : `, HTTP ${status}`}: ${shape.message ?? String(error)}`;
  return new ObjectStoreError(reason, context, messageFor(reason, detail, context, target), { cause: error });
}
