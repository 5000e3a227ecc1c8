/**
 * Typed failures of the patch functions. Each carries what the HTTP layer needs to answer with a Kubernetes
 * `Status`: the HTTP code, the `reason`, the `message` and the `details.causes`, chosen as the real API server
 * chooses them (apiserver `handlers/patch.go`, apimachinery `managedfields/internal/conflict.go`).
 */

/**
 * The `Status.reason` values patching can produce. `''` is apimachinery's `StatusReasonUnknown`: the real server
 * answers 500 with an empty reason when a patch library returns a plain Go error (for example a list item without
 * its merge key); the `Status` then carries no `reason` field.
 */
export type PatchStatusReason = 'BadRequest' | 'Invalid' | 'Conflict' | 'RequestEntityTooLarge' | '';

/** One `Status.details.causes` entry. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The generic text the API server sends with a 422 from a patch library (`NewGenericServerResponse(422)`). */
export const GENERIC_UNPROCESSABLE_MESSAGE = 'the server rejected our request due to an error in our request';

/** What a `PatchError` is built from. */
export interface PatchErrorOptions {
  causes?: readonly StatusCause[];
  /** The precise failure when `message` is generic (the real server does not send it): for logs and tests. */
  detail?: string;
  cause?: unknown;
}

/** A patch could not be applied; `code`, `reason`, `message` and `causes` are the Status to answer with. */
export class PatchError extends Error {
  override name = 'PatchError';
  readonly causes: readonly StatusCause[];
  readonly detail: string;

  constructor(
    readonly code: number,
    readonly reason: PatchStatusReason,
    message: string,
    options: PatchErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.causes = options.causes ?? [];
    this.detail = options.detail ?? message;
  }
}

/** One field another manager owns and the apply would change. */
export interface ApplyConflict {
  /** The owner as Kubernetes prints it: `"kubectl-client-side-apply" using v1`, or `"manager"` for an applier. */
  manager: string;
  /** The field path as Kubernetes prints it: `.data.a`, `.spec.containers[name="nginx"].image`. */
  field: string;
}

/**
 * A server-side apply that would change fields other managers own (409 Conflict). The message and causes are
 * exactly the real server's; kubectl prints the message and suggests `--force-conflicts`.
 */
export class ApplyConflictError extends PatchError {
  override name = 'ApplyConflictError';

  constructor(readonly conflicts: readonly ApplyConflict[]) {
    super(409, 'Conflict', conflictMessage(conflicts), {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${c.manager}`,
        field: c.field,
      })),
    });
  }
}

/** `Apply failed with 1 conflict: …` or the grouped N-conflict form, managers sorted as the real server sorts them. */
function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    return `Apply failed with 1 conflict: conflict with ${only.manager}: ${only.field}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${manager}:`);
    for (const field of byManager.get(manager) ?? []) lines.push(`- ${field}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** 400 BadRequest with the given message (undecodable patch, malformed directive). */
export function badRequest(message: string, cause?: unknown): PatchError {
  return new PatchError(400, 'BadRequest', message, { cause });
}

/** 422 Invalid with the generic message the real server sends for a patch that does not apply. */
export function unprocessable(detail: string, cause?: unknown): PatchError {
  return new PatchError(422, 'Invalid', GENERIC_UNPROCESSABLE_MESSAGE, { detail, cause });
}

/** 500 with an empty reason: what the real server answers when a patch library fails with a plain error. */
export function patchLibraryFailure(message: string, cause?: unknown): PatchError {
  return new PatchError(500, '', message, { cause });
}
