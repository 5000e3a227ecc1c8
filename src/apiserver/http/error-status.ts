/**
 * Turns anything a handler throws into the Kubernetes `Status` to answer with. The registry throws wire's
 * `StatusError` and the store its typed errors (`toStatus()`); validation and patch errors are converted as the
 * registry converts them (`toApiError`). Any other exception is a bug or an outage and becomes a 500
 * InternalError, as apimachinery reports unexpected errors.
 */
import { toApiError } from '../registry/index.js';
import { StoreError } from '../store/index.js';
import { internalError, type Status, StatusError } from '../wire/index.js';

/** The Status for a thrown value. */
export function statusOf(error: unknown): Status {
  const apiError = toApiError(error);
  if (apiError instanceof StatusError) return apiError.status;
  if (apiError instanceof StoreError) return apiError.toStatus() as Status;
  return internalError(apiError).status;
}

/** True when the Status is a server fault worth logging (5xx other than the deliberate 503/504). */
export function isServerFault(status: Status): boolean {
  return (status.code ?? 500) === 500;
}
