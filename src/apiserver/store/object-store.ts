/**
 * The contract of the API server's storage: Kubernetes storage semantics (resourceVersions, optimistic
 * concurrency, consistent paged lists, watches with history) without any transport. The HTTP layer and the
 * registry above it speak only to this interface.
 *
 * Division of labour. The store owns `metadata.resourceVersion`: it assigns one on every write and checks it on
 * update. Everything else in metadata is the registry's job, above the store: `uid` and `creationTimestamp` on
 * create, `generation` bumps, `generateName`, name validation, rejecting a resourceVersion on create or its absence
 * on update of custom resources, and the finalizer dance of deletion (set `deletionTimestamp` with an update; delete
 * for real once finalizers are empty, with a precondition on the resourceVersion it read).
 */
import type { KubeObject } from './kube-object.js';
import type { ResourceKey } from './resource-key.js';
import type { Selection } from './selection.js';
import type { WatchOptions } from './watch-hub.js';
import type { WatchStream } from './watch-stream.js';

/** How a list interprets `resourceVersion` (Kubernetes `resourceVersionMatch`). */
export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';

/** Options of `list`: the filter, the revision semantics and paging. */
export interface ListOptions extends Selection {
  /**
   * Unset: the latest state. `"0"` or `"N"` (NotOlderThan): any state at least that new — the store always serves
   * the latest. With `resourceVersionMatch: 'Exact'`, exactly revision N (410 if it left the history window).
   */
  resourceVersion?: string;
  /** @default NotOlderThan semantics; requires `resourceVersion` when set */
  resourceVersionMatch?: ResourceVersionMatch;
  /** At most this many items; the rest comes with `continue`. 0 or unset means no limit. */
  limit?: number;
  /** A token from a previous page; the page is served at that page's revision. Excludes `resourceVersion`. */
  continue?: string;
}

/** A list result: the items in key order (namespace, then name) and the revision they were read at. */
export interface ListResult {
  /** Deep copies; the caller may change them. */
  items: KubeObject[];
  /** The revision of the snapshot; always a valid starting point for a watch. */
  resourceVersion: string;
  /** Set when more items follow. */
  continue?: string;
  /** How many items follow, when known (only without selectors, as real servers do). */
  remainingItemCount?: number;
}

/** Preconditions of a delete (Kubernetes `DeleteOptions.preconditions`); a mismatch is a ConflictError. */
export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

/** Options of `delete`. */
export interface DeleteOptions {
  preconditions?: DeletePreconditions;
}

/**
 * Stores Kubernetes objects by resource, namespace and name. Every method returns deep copies and takes copies of
 * what it is given, so no caller can change stored state behind the store's back. Writes resolve once durable
 * (when the store persists), and are visible to reads and watches from then on, in revision order.
 */
export interface ObjectStore {
  /**
   * Reads one object. Use namespace `''` for cluster-scoped resources.
   * @throws NotFoundError
   */
  get(resource: ResourceKey, namespace: string, name: string): Promise<KubeObject>;

  /**
   * Lists objects in key order.
   * @throws GoneError for an expired continue token or an Exact revision out of the history window
   * @throws BadRequestError for malformed or conflicting options
   * @throws TooLargeResourceVersionError for an Exact revision that does not exist yet
   */
  list(resource: ResourceKey, options?: ListOptions): Promise<ListResult>;

  /**
   * Stores a new object under its `metadata.namespace` (`''` if unset) and `metadata.name`. Any resourceVersion in
   * the body is replaced by the one the write takes.
   * @throws AlreadyExistsError
   * @throws BadRequestError when the object has no name
   */
  create(resource: ResourceKey, object: KubeObject): Promise<KubeObject>;

  /**
   * Replaces an object. When the body carries `metadata.resourceVersion`, it must equal the stored one
   * (otherwise ConflictError); without it the update is unconditional. An update that changes nothing returns the
   * stored object without a new revision or watch event, as real servers do.
   * @throws NotFoundError
   * @throws ConflictError
   */
  update(resource: ResourceKey, object: KubeObject): Promise<KubeObject>;

  /**
   * Removes an object and returns its last state stamped with the deletion's resourceVersion (what DELETED watch
   * events carry).
   * @throws NotFoundError
   * @throws ConflictError when a precondition does not hold
   */
  delete(
    resource: ResourceKey,
    namespace: string,
    name: string,
    options?: DeleteOptions,
  ): Promise<KubeObject>;

  /**
   * Opens a watch; see `WatchOptions` for the starting point. Synchronous so that the starting state and the
   * following changes join without a gap.
   * @throws GoneError when the requested revision left the history window
   */
  watch(resource: ResourceKey, options?: WatchOptions): WatchStream;

  /** The revision of the last committed write, as a resourceVersion string. */
  currentResourceVersion(): string;

  /** Finishes pending writes, closes every watch and releases files. Later calls fail with StoreClosedError. */
  close(): Promise<void>;
}
