/**
 * Turns anything a handler throws into the Kubernetes `Status` to answer with. The registry throws wire's
 * `StatusError` and the store its typed errors (`toStatus()`); validation errors carry a ready `status`. Any other
 * exception is a bug or an outage and becomes a 500 InternalError, as apimachinery reports unexpected errors.
 */
import { StoreError } from '../store/index.js';
import { internalError, type Status, StatusError } from '../wire/index.js';

/** A thrown value that carries a finished Status (validation errors do). */
function carriedStatus(error: unknown): Status | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status: unknown }).status;
  if (typeof status !== 'object' || status === null) return undefined;
  return (status as { kind?: unknown }).kind === 'Status' ? (status as Status) : undefined;
}

/** A thrown value that names an HTTP code and a reason but no Status (patch errors). */
function codedStatus(error: unknown): Status | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, reason, causes } = error as Error & { code?: unknown; reason?: unknown; causes?: unknown };
  if (typeof code !== 'number' || code < 400 || code > 599 || typeof reason !== 'string') return undefined;
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: error.message,
  };
  if (reason !== '') status.reason = reason as Status['reason'];
  if (Array.isArray(causes) && causes.length > 0) status.details = { causes };
  status.code = code;
  return status;
}

/** The Status for a thrown value. */
export function statusOf(error: unknown): Status {
  if (error instanceof StatusError) return error.status;
  if (error instanceof StoreError) return error.toStatus() as Status;
  return carriedStatus(error) ?? codedStatus(error) ?? internalError(error).status;
}

/** True when the Status is a server fault worth logging (5xx other than the deliberate 503/504). */
export function isServerFault(status: Status): boolean {
  return (status.code ?? 500) === 500;
}
