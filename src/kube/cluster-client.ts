/**
 * `ClusterClient`: typed CRUD, patch and watch for any kind on one cluster, in plain JSON. It is the only way the
 * runtime and the operators talk to an API server; one instance per cluster (kubeconfig context), so a process can
 * talk to several clusters at once. Failures are the typed errors of errors.ts.
 */
import type { KubeObject, ObjectKey, ObjectList } from './kube-object.js';
import type { SelectorInput } from './label-selector.js';
import type { ObjectOf, ResourceRef } from './resource-ref.js';

/** Options every request takes. */
export interface RequestOptions {
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** Options of `list`. */
export interface ListOptions extends RequestOptions {
  /** Restricts a namespaced resource to one namespace; all namespaces when absent. */
  namespace?: string;
  labelSelector?: SelectorInput;
  /** In query syntax, e.g. `metadata.name=x`. */
  fieldSelector?: string;
  /** Page size; the server decides when absent. */
  limit?: number;
  /** The continue token of the previous page. */
  continue?: string;
  /** `resourceVersion` semantics of a list (`'0'`: any version is fine). */
  resourceVersion?: string;
}

/** Options of writes. */
export interface WriteOptions extends RequestOptions {
  /** The field manager recorded in managedFields (required for server-side apply). */
  fieldManager?: string;
  /** Validate and answer without persisting. */
  dryRun?: boolean;
}

/** One RFC 6902 JSON Patch operation. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/** A patch: JSON merge patch, JSON Patch, or a server-side apply configuration. */
export type Patch =
  | { type: 'merge'; patch: Record<string, unknown> }
  | { type: 'json'; patch: JsonPatchOperation[] }
  | { type: 'apply'; configuration: Record<string, unknown>; force?: boolean };

/** Options of `patch`. */
export interface PatchOptions extends WriteOptions {
  /** Patches the status subresource instead of the object. */
  subresource?: 'status';
}

/** Options of `delete`. */
export interface DeleteOptions extends RequestOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  /** Deletes only if the object still has this uid / resourceVersion (409 otherwise). */
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
}

/** Options of `watch`. */
export interface WatchOptions {
  namespace?: string;
  labelSelector?: SelectorInput;
  fieldSelector?: string;
  /** Start after this resourceVersion; from the current state (synthetic ADDED events) when absent. */
  resourceVersion?: string;
  /** Ask for BOOKMARK events (they keep the resume point fresh). @default true */
  allowWatchBookmarks?: boolean;
  /** The server ends the watch cleanly after this long. */
  timeoutSeconds?: number;
}

/** One event of a watch. BOOKMARK objects carry only `metadata.resourceVersion`. */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

/** A running watch. */
export interface WatchHandle {
  /**
   * Settles when the watch ends: resolves on a clean end (the server closed it, or `stop()`); rejects with a typed
   * error otherwise (`GoneError` for an expired resourceVersion, `KubeNetworkError`, ...).
   */
  readonly done: Promise<void>;
  /** Ends the watch; `done` resolves. */
  stop(): void;
}

/** One request as the client saw it, for metrics (`rest_client_requests_total`) and request accounting. */
export interface RequestRecord {
  method: string;
  path: string;
  /** The HTTP status; undefined when the request got no answer. */
  code: number | undefined;
  durationMs: number;
}

/** Typed CRUD, patch and watch against one cluster; see the module comment. */
export interface ClusterClient {
  /** The cluster's name (the kubeconfig context, unless named otherwise). */
  readonly name: string;
  /** Reads one object; `NotFoundError` when absent. */
  get<R extends ResourceRef>(resource: R, key: ObjectKey, options?: RequestOptions): Promise<ObjectOf<R>>;
  /** Lists objects (one page when `limit` is set). */
  list<R extends ResourceRef>(resource: R, options?: ListOptions): Promise<ObjectList<ObjectOf<R>>>;
  /** Creates `object` (namespace from its metadata); `AlreadyExistsError` when the name is taken. */
  create<R extends ResourceRef>(
    resource: R,
    object: ObjectOf<R>,
    options?: WriteOptions,
  ): Promise<ObjectOf<R>>;
  /** Replaces `object`; with `metadata.resourceVersion` set, `ConflictError` when it is stale. */
  update<R extends ResourceRef>(
    resource: R,
    object: ObjectOf<R>,
    options?: WriteOptions,
  ): Promise<ObjectOf<R>>;
  /** Replaces the status subresource of `object` (same concurrency rules as `update`). */
  updateStatus<R extends ResourceRef>(
    resource: R,
    object: ObjectOf<R>,
    options?: WriteOptions,
  ): Promise<ObjectOf<R>>;
  /** Patches one object (merge, JSON Patch or server-side apply). */
  patch<R extends ResourceRef>(
    resource: R,
    key: ObjectKey,
    patch: Patch,
    options?: PatchOptions,
  ): Promise<ObjectOf<R>>;
  /** Deletes one object (finalizers may keep it around with a deletionTimestamp); `NotFoundError` when absent. */
  delete<R extends ResourceRef>(resource: R, key: ObjectKey, options?: DeleteOptions): Promise<void>;
  /** Starts a watch; `onEvent` is called for every event in order, synchronously. */
  watch<R extends ResourceRef>(
    resource: R,
    options: WatchOptions,
    onEvent: (event: WatchEvent<ObjectOf<R>>) => void,
  ): WatchHandle;
  /** Calls `listener` after every request (watches when their response starts); returns the unsubscribe. */
  observeRequests(listener: (record: RequestRecord) => void): () => void;
  /** Releases pooled connections; running watches are not affected. */
  close(): void;
}
