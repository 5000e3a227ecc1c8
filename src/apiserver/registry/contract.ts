/**
 * The contract between the HTTP layer and the registry: everything the API server does, as transport-free calls.
 * The HTTP layer parses a request into one of these calls and renders the result (or a thrown `StatusError` from
 * `wire/`, or a store error's `toStatus()`) as a response; it holds no Kubernetes semantics of its own.
 */
import type { PrinterContext, TableCell, TableRowCondition } from '../builtins/index.js';
import type { KubeObject, WatchStream } from '../store/index.js';

/** `fieldValidation`: how unknown or duplicate fields in a request body are handled (kube-api.md §15.5). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The patch content types the server understands (kube-api.md §12, §13). */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Deletion propagation (kube-api.md §14). */
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** A subresource the HTTP layer routes to. */
export type Subresource = 'status' | 'scale' | 'log' | 'finalize';

/** A printer column definition for Table output: a JSONPath (CRDs) or a cell function (built-ins). */
export interface TableColumn {
  name: string;
  type: 'integer' | 'number' | 'string' | 'boolean' | 'date';
  format?: string;
  description?: string;
  /** 0: always shown; > 0: only with `-o wide`. */
  priority: number;
  jsonPath?: string;
  /** The formatted cell of a built-in column; `context` carries the clock and wire/'s HumanDuration. */
  cell?: (object: KubeObject, context: PrinterContext) => TableCell;
}

/** Everything discovery, routing and Table output need to know about one served resource. */
export interface ResourceInfo {
  group: string;
  version: string;
  /** The plural resource name used in URLs. */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  verbs: readonly string[];
  shortNames: readonly string[];
  categories: readonly string[];
  subresources: readonly Subresource[];
  /** Columns for Table output; empty means the default Name and Age. */
  columns: readonly TableColumn[];
  /** The structural schema, for OpenAPI v3 component schemas (`kubectl explain`); undefined when none is known. */
  openAPIV3Schema?: Record<string, unknown>;
  /** True for custom resources (served from a CRD). */
  custom: boolean;
  /** Table row conditions of built-ins (pods that finished are `Completed`). */
  rowConditions?: (object: KubeObject) => TableRowCondition[];
}

/** One API group version with its resources, in discovery order. */
export interface GroupVersionInfo {
  group: string;
  version: string;
  resources: readonly ResourceInfo[];
}

/** Options every mutating call takes. */
export interface WriteOptions {
  /** `dryRun=All`: validate and compute the result, persist nothing. @default false */
  dryRun?: boolean;
  /**
   * `fieldManager`, recorded in managedFields. The HTTP layer passes the query parameter or, like the real server's
   * `managerOrUserAgent`, the User-Agent's first segment (`kubectl-edit`, `node-fetch`); without one, ordinary
   * writes leave managedFields as they are. Required for apply patches (422 otherwise).
   */
  fieldManager?: string;
  /** @default 'Warn' (the server default when the client sends none) */
  fieldValidation?: FieldValidation;
}

/** The result of a write: the object as stored (or as it would be with dryRun) and warnings for `Warning` headers. */
export interface WriteResult {
  /**
   * The object in the requested version. For a DELETE: the object while it waits for finalizers; once removed,
   * the object itself for kinds whose storage returns it (pods, namespaces, PVs, PVCs, services, …), else a
   * `Status` with `status: 'Success'` and `details` (name, group, kind = resource, uid), exactly as the body to send.
   */
  object: KubeObject;
  warnings: string[];
  /** True when a create happened (201 rather than 200), e.g. an apply patch that created the object. */
  created?: boolean;
}

/** Options of list and watch calls (query parameters already parsed; selectors as strings). */
export interface ReadOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  limit?: number;
  continue?: string;
}

/** Options of watch calls. */
export interface WatchRequestOptions extends ReadOptions {
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

/** Options of delete calls (`DeleteOptions` from the body merged with query parameters). */
export interface DeleteRequestOptions {
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** Options of `pods/log`. */
export interface LogOptions {
  container?: string;
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  previous?: boolean;
  limitBytes?: number;
}

/** Where pod logs come from: the embedded kubelet plugs one in; without it `pods/log` answers that no log exists. */
export interface PodLogSource {
  /** The log text so far, or a stream of it when `follow` is set. */
  read(namespace: string, pod: string, options: LogOptions): Promise<string | AsyncIterable<string>>;
}

/** A list as returned to clients. */
export interface ListObject {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

/**
 * What the HTTP layer asks of the API server core. Every method may throw a `StatusError` (wire/, carrying the
 * Status body: validation 422/400 and patch errors are converted to it) or a store error (`toStatus()`).
 */
export interface ApiRegistry {
  /** Served group versions, recomputed when CRDs change. */
  groupVersions(): readonly GroupVersionInfo[];
  /** Finds a served resource; undefined answers 404. */
  resolve(group: string, version: string, resource: string): ResourceInfo | undefined;
  /** Subscribes to discovery changes (CRD established or removed); returns an unsubscribe function. */
  onDiscoveryChange(listener: () => void): () => void;

  get(info: ResourceInfo, namespace: string, name: string, subresource?: Subresource): Promise<KubeObject>;
  list(info: ResourceInfo, namespace: string | undefined, options: ReadOptions): Promise<ListObject>;
  /**
   * Opens a watch; events carry full objects with apiVersion and kind (BOOKMARKs: apiVersion, kind and metadata).
   * The stream is a `MappedWatchStream` over the store's; its `source` is the store stream (for
   * `MemoryStore.sendBookmark`).
   */
  watch(info: ResourceInfo, namespace: string | undefined, options: WatchRequestOptions): WatchStream;
  create(
    info: ResourceInfo,
    namespace: string,
    body: KubeObject,
    options: WriteOptions,
  ): Promise<WriteResult>;
  update(
    info: ResourceInfo,
    namespace: string,
    name: string,
    body: KubeObject,
    options: WriteOptions,
    subresource?: Subresource,
  ): Promise<WriteResult>;
  patch(
    info: ResourceInfo,
    namespace: string,
    name: string,
    type: PatchType,
    body: unknown,
    options: WriteOptions & { force?: boolean },
    subresource?: Subresource,
  ): Promise<WriteResult>;
  delete(
    info: ResourceInfo,
    namespace: string,
    name: string,
    options: DeleteRequestOptions,
  ): Promise<WriteResult>;
  deleteCollection(
    info: ResourceInfo,
    namespace: string | undefined,
    read: ReadOptions,
    options: DeleteRequestOptions,
  ): Promise<ListObject>;
  /** `pods/log`. */
  podLog(namespace: string, name: string, options: LogOptions): Promise<string | AsyncIterable<string>>;
  /** The current global resourceVersion. */
  currentResourceVersion(): string;
}
