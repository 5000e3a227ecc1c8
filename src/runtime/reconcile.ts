/**
 * The reconcile contract, after controller-runtime's `reconcile` package, with multicluster-runtime's request
 * shape: a `Request` names one object in one cluster; a `Reconciler` brings the world in line with it and returns a
 * `Result` (`requeueAfter` to look again later) or throws (retried with per-key backoff), or throws a
 * `TerminalError` (not retried: only a new event for the object reconciles it again).
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../kube/index.js';

/** One object to reconcile: the cluster it lives in and its key there. */
export interface Request {
  cluster: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/** What a reconcile asks for next. */
export interface Result {
  /** Reconcile this request again after this many milliseconds (absent or 0: only on the next event). */
  requeueAfter?: number;
}

/** What a reconcile is called with besides its request. */
export interface ReconcileContext {
  /**
   * Aborted when the reconcile must stop at once: the graceful shutdown period ran out, or leadership was lost. A
   * graceful shutdown itself lets in-flight reconciles finish.
   */
  signal: AbortSignal;
  /** A logger carrying the controller, the request and the reconcile id. */
  log: Logger;
  /** A fresh id per reconcile, also in every log line of it. */
  reconcileId: string;
}

/** Brings the world in line with one object; see the module comment. */
export interface Reconciler {
  // biome-ignore lint/suspicious/noConfusingVoidType: an async reconciler that returns nothing means "done".
  reconcile(request: Request, context: ReconcileContext): Promise<Result | undefined | void>;
}

/** A reconciler given as a function. */
export type ReconcileFunction = Reconciler['reconcile'];

/** An error that retrying cannot fix (bad user input, ...): logged and counted, but the request is not requeued. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

/** Whether `error` is, or was caused by, a `TerminalError` (like Go's `errors.Is` through wrapped causes). */
export function isTerminalError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    if (current instanceof TerminalError) return true;
    seen.add(current);
    current = current.cause;
  }
  return false;
}

/** The work-queue key of a request: `cluster/namespace/name` (`cluster//name` when cluster-scoped). */
export function requestKey(request: Request): string {
  return `${request.cluster}/${request.namespace ?? ''}/${request.name}`;
}

/** The request for an object of `cluster`. */
export function requestFor(cluster: string, object: KubeObject): Request {
  const { namespace, name } = object.metadata;
  return namespace ? { cluster, namespace, name: name ?? '' } : { cluster, name: name ?? '' };
}
