/**
 * @module apiserver/store
 *
 * The transport-free storage core of the embedded API server: Kubernetes storage semantics (one global
 * resourceVersion, optimistic concurrency, consistent paged lists, label/field selectors, watches with a history
 * window, 410 and bookmarks) over an in-memory store that can persist to a state directory (fsync'd append log plus
 * atomic snapshots). The HTTP layer maps the typed errors to `Status` objects with `toStatus()`.
 *
 * uid, creationTimestamp, generation, generateName and finalizer handling belong to the registry above the store;
 * see `ObjectStore`.
 *
 * @example
 * const store = await MemoryStore.open({ stateDir: '.ramen/env/hub/store' });
 * const cms = { group: '', resource: 'configmaps' };
 * const created = await store.create(cms, { metadata: { namespace: 'default', name: 'a' }, data: { k: 'v' } });
 * const watch = store.watch(cms, { namespace: 'default', resourceVersion: created.metadata.resourceVersion });
 * for await (const event of watch) console.log(event.type, event.object.metadata.name);
 */
export {
  type ContinuePosition,
  decodeContinueToken,
  encodeContinueToken,
} from './continue-token.js';
export {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  type ConflictKind,
  CorruptStateError,
  type FailureStatus,
  GoneError,
  type GoneKind,
  InvalidSelectorError,
  NotFoundError,
  PersistenceError,
  StoreClosedError,
  StoreError,
  type StoreStatusDetails,
  type StoreStatusReason,
  TooLargeResourceVersionError,
} from './errors.js';
export type { ChangeType, CommittedChange } from './event-history.js';
export { type KubeObject, objectNamespace } from './kube-object.js';
export { MemoryStore, type MemoryStoreOptions, type RecoveryReport } from './memory-store.js';
export type {
  DeleteOptions,
  DeletePreconditions,
  ListOptions,
  ListResult,
  ObjectStore,
  ResourceVersionMatch,
} from './object-store.js';
export {
  DEFAULT_COMPACT_EVERY,
  FileJournal,
  type FileJournalOptions,
  type PersistedEntry,
  type RecoveredState,
  type SnapshotData,
  type WriteRecord,
} from './persistence.js';
export { qualifiedResource, type ResourceKey, resourceKeyId } from './resource-key.js';
export { formatResourceVersion, parseResourceVersion, ResourceVersionCounter } from './resource-version.js';
export { compileSelection, type ObjectPredicate, type Selection } from './selection.js';
export {
  type FieldOperator,
  type FieldRequirement,
  FieldSelector,
  type FieldSelectorOptions,
  type FieldValueResolver,
  type LabelOperator,
  type LabelRequirement,
  LabelSelector,
  type LabelSelectorSpec,
  labelSelectorFromSpec,
  parseFieldSelector,
  parseLabelSelector,
  resolveFieldPath,
  STANDARD_FIELD_LABELS,
} from './selectors.js';
export {
  DEFAULT_BOOKMARK_INTERVAL_MS,
  DEFAULT_HISTORY_SIZE,
  DEFAULT_MAX_BUFFERED_EVENTS,
  eventForWatcher,
  WatchHub,
  type WatchHubOptions,
  type WatchOptions,
  type WatchStateSource,
} from './watch-hub.js';
export {
  INITIAL_EVENTS_END_ANNOTATION,
  type WatchCloseReason,
  type WatchEvent,
  type WatchEventType,
  WatchStream,
} from './watch-stream.js';
