/**
 * The in-memory `ObjectStore`, optionally durable through a state directory.
 *
 * Write path: a write is checked against the newest state (committed objects plus writes still waiting for their
 * fsync), takes the next revision, and — with persistence — is appended to the log. Only once the log says the
 * record is durable is the write applied to the committed state, published to watchers and acknowledged, always in
 * revision order. Readers and watchers therefore never see a write that a crash could take back, and revisions
 * after a restart continue from the last durable one. Without persistence a write commits synchronously.
 */

import { deepCopy, jsonEqual } from '../../api/index.js';
import { type ContinuePosition, decodeContinueToken, encodeContinueToken } from './continue-token.js';
import {
  AlreadyExistsError,
  BadRequestError,
  ConflictError,
  GoneError,
  NotFoundError,
  StoreClosedError,
  TooLargeResourceVersionError,
} from './errors.js';
import type { CommittedChange } from './event-history.js';
import { type KubeObject, objectNamespace } from './kube-object.js';
import type { DeleteOptions, ListOptions, ListResult, ObjectStore } from './object-store.js';
import { FileJournal, type PersistedEntry, type SnapshotData, type WriteRecord } from './persistence.js';
import { type ResourceKey, resourceKeyId } from './resource-key.js';
import { type KeyedEntry, ResourceTable, type ScanStart, type TableEntry } from './resource-table.js';
import { formatResourceVersion, parseResourceVersion, ResourceVersionCounter } from './resource-version.js';
import { compileSelection, hasSelectors } from './selection.js';
import { WatchHub, type WatchHubOptions, type WatchOptions } from './watch-hub.js';
import type { WatchStream } from './watch-stream.js';

/** Options of `MemoryStore.open`. */
export interface MemoryStoreOptions extends WatchHubOptions {
  /** Where to persist; without it the store lives in memory only. @default undefined */
  stateDir?: string;
  /** Log records between snapshots, when persisting. @default 10_000 */
  compactEvery?: number;
}

/** What the store found in its state directory on start. */
export interface RecoveryReport {
  readonly objects: number;
  readonly revision: number;
  readonly replayedRecords: number;
  readonly discardedBytes: number;
}

/** The newest state of a key while writes to it wait for their fsync. */
interface OverlayEntry {
  /** Undefined when the pending write is a delete. */
  readonly entry: TableEntry | undefined;
  readonly revision: number;
  /** Settles with the pending write. */
  readonly settled: Promise<unknown>;
}

interface InflightWrite {
  readonly resource: ResourceKey;
  readonly change: CommittedChange;
  durable: boolean;
}

function overlayKey(resource: ResourceKey, namespace: string, name: string): string {
  return `${resource.group}\u0000${resource.resource}\u0000${namespace}\u0000${name}`;
}

function requireName(object: KubeObject): string {
  if (
    object === null ||
    typeof object !== 'object' ||
    object.metadata === null ||
    typeof object.metadata !== 'object'
  ) {
    throw new BadRequestError('the object has no metadata');
  }
  const name = object.metadata.name;
  if (typeof name !== 'string' || name === '')
    throw new BadRequestError('metadata.name: Required value: name is required');
  return name;
}

function withRevision(object: KubeObject, revision: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: formatResourceVersion(revision) } };
}

/** An `ObjectStore` in memory, with optional persistence, watch fan-out and consistent paged lists. */
export class MemoryStore implements ObjectStore {
  readonly #tables = new Map<string, ResourceTable>();
  readonly #resources = new Map<string, ResourceKey>();
  readonly #overlay = new Map<string, OverlayEntry>();
  readonly #inflight: InflightWrite[] = [];
  readonly #counter: ResourceVersionCounter;
  readonly #hub: WatchHub;
  readonly #journal: FileJournal | undefined;
  #committed: number;
  #closed = false;

  /** What was read back from the state directory, when the store persists. */
  readonly recovery: RecoveryReport | undefined;

  private constructor(options: MemoryStoreOptions, journal?: FileJournal, recovery?: RecoveryReport) {
    this.#journal = journal;
    this.recovery = recovery;
    this.#committed = recovery?.revision ?? 0;
    this.#counter = new ResourceVersionCounter(this.#committed);
    this.#hub = new WatchHub(
      {
        committedRevision: () => this.#committed,
        committedObjects: (resource, namespace) => this.#committedObjects(resource, namespace),
      },
      options,
    );
    journal?.setSnapshotSource(() => this.#snapshot());
  }

  /**
   * Opens a store. With `stateDir`, loads the snapshot and replays the log first.
   * @throws CorruptStateError, PersistenceError when the state directory cannot be used safely.
   */
  static async open(options: MemoryStoreOptions = {}): Promise<MemoryStore> {
    if (options.stateDir === undefined) return new MemoryStore(options);
    const { journal, recovered } = await FileJournal.open({
      stateDir: options.stateDir,
      ...(options.compactEvery !== undefined && { compactEvery: options.compactEvery }),
    });
    const report: RecoveryReport = {
      objects: recovered.entries.length,
      revision: recovered.revision,
      replayedRecords: recovered.replayedRecords,
      discardedBytes: recovered.discardedBytes,
    };
    const store = new MemoryStore(options, journal, report);
    for (const e of recovered.entries) store.#load(e);
    store.#hub.restoreHistory(
      recovered.historyFloor,
      recovered.changes.map(({ group, resource, change }) => ({ resource: { group, resource }, change })),
    );
    return store;
  }

  async get(resource: ResourceKey, namespace: string, name: string): Promise<KubeObject> {
    this.#assertOpen();
    const entry = this.#tables.get(resourceKeyId(resource))?.get(namespace, name);
    if (entry === undefined) throw new NotFoundError(resource, name);
    return deepCopy(entry.object);
  }

  async list(resource: ResourceKey, options: ListOptions = {}): Promise<ListResult> {
    this.#assertOpen();
    const { revision, start } = this.#listPosition(resource, options);
    const matches = compileSelection(options);
    const onlyName = options.fieldSelector?.exactValue('metadata.name');
    const candidates = this.#stateAt(resource, revision, options.namespace, start, onlyName);
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
    const items: KubeObject[] = [];
    let last: KeyedEntry | undefined;
    let remaining = 0;
    for (const candidate of candidates) {
      if (!matches(candidate.entry.object)) continue;
      if (items.length >= limit) {
        remaining++;
        if (hasSelectors(options)) break;
        continue;
      }
      items.push(deepCopy(candidate.entry.object));
      last = candidate;
    }
    const result: ListResult = { items, resourceVersion: formatResourceVersion(revision) };
    if (remaining > 0 && last !== undefined) {
      result.continue = encodeContinueToken({ revision, namespace: last.namespace, name: last.name });
      if (!hasSelectors(options)) result.remainingItemCount = remaining;
    }
    return result;
  }

  async create(resource: ResourceKey, object: KubeObject): Promise<KubeObject> {
    this.#assertOpen();
    const copy = deepCopy(object);
    const name = requireName(copy);
    const namespace = objectNamespace(copy);
    if (this.#head(resource, namespace, name) !== undefined) throw new AlreadyExistsError(resource, name);
    const revision = this.#counter.next();
    const stored = withRevision(copy, revision);
    return this.#commit(resource, { revision, type: 'ADDED', namespace, name, object: stored });
  }

  async update(resource: ResourceKey, object: KubeObject): Promise<KubeObject> {
    this.#assertOpen();
    const copy = deepCopy(object);
    const name = requireName(copy);
    const namespace = objectNamespace(copy);
    const head = this.#head(resource, namespace, name);
    if (head === undefined) throw new NotFoundError(resource, name);
    const sent = copy.metadata.resourceVersion;
    const current = head.object.metadata.resourceVersion;
    if (sent !== undefined && sent !== '' && sent !== current)
      throw new ConflictError(resource, name, 'resource-version');
    if (jsonEqual(withRevision(copy, head.revision), head.object))
      return this.#unchanged(resource, namespace, name, head);
    const revision = this.#counter.next();
    const stored = withRevision(copy, revision);
    return this.#commit(resource, {
      revision,
      type: 'MODIFIED',
      namespace,
      name,
      object: stored,
      previous: head.object,
    });
  }

  async delete(
    resource: ResourceKey,
    namespace: string,
    name: string,
    options: DeleteOptions = {},
  ): Promise<KubeObject> {
    this.#assertOpen();
    const head = this.#head(resource, namespace, name);
    if (head === undefined) throw new NotFoundError(resource, name);
    this.#checkPreconditions(resource, name, head.object, options);
    const revision = this.#counter.next();
    const last = withRevision(head.object, revision);
    return this.#commit(resource, {
      revision,
      type: 'DELETED',
      namespace,
      name,
      object: last,
      previous: head.object,
    });
  }

  watch(resource: ResourceKey, options: WatchOptions = {}): WatchStream {
    this.#assertOpen();
    return this.#hub.watch(resource, options);
  }

  currentResourceVersion(): string {
    return formatResourceVersion(this.#committed);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#journal?.close();
    this.#hub.close();
  }

  /** How many objects the store holds, over all resources. */
  get objectCount(): number {
    let count = 0;
    for (const table of this.#tables.values()) count += table.size;
    return count;
  }

  /** How many watches are open. */
  get watcherCount(): number {
    return this.#hub.watcherCount;
  }

  /** Test hook: forgets watch history, so watches and continue tokens from before now get 410. */
  compactWatchHistory(): void {
    this.#hub.compactHistory();
  }

  /** Test hook: closes every open watch (reason `compacted`), as a history compaction on a real server may. */
  closeAllWatches(): void {
    this.#hub.closeAll('compacted');
  }

  /** Sends a BOOKMARK now to every watcher that allows them (the periodic timer does the same). */
  sendBookmarks(): void {
    this.#hub.sendBookmarks();
  }

  /** Sends one watcher a BOOKMARK now if it allows them, e.g. just before its timeout ends it. */
  sendBookmark(stream: WatchStream): void {
    this.#hub.sendBookmark(stream);
  }

  /** Writes a snapshot and truncates the log now (no-op without persistence). */
  async compactLog(): Promise<void> {
    await this.#journal?.compact();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #table(resource: ResourceKey): ResourceTable {
    const id = resourceKeyId(resource);
    let table = this.#tables.get(id);
    if (table === undefined) {
      table = new ResourceTable();
      this.#tables.set(id, table);
      this.#resources.set(id, { group: resource.group, resource: resource.resource });
    }
    return table;
  }

  #load(entry: PersistedEntry): void {
    const resource = { group: entry.group, resource: entry.resource };
    const revision = parseResourceVersion(entry.object.metadata.resourceVersion ?? '0');
    this.#table(resource).put(objectNamespace(entry.object), entry.object.metadata.name ?? '', {
      object: entry.object,
      revision,
    });
  }

  /** The newest state of a key: a pending write if there is one, the committed object otherwise. */
  #head(resource: ResourceKey, namespace: string, name: string): TableEntry | undefined {
    if (this.#overlay.size > 0) {
      const pending = this.#overlay.get(overlayKey(resource, namespace, name));
      if (pending !== undefined) return pending.entry;
    }
    return this.#tables.get(resourceKeyId(resource))?.get(namespace, name);
  }

  /** A no-op update answers with the object once whatever produced it is durable. */
  #unchanged(resource: ResourceKey, namespace: string, name: string, head: TableEntry): Promise<KubeObject> {
    const pending = this.#overlay.get(overlayKey(resource, namespace, name));
    const copy = deepCopy(head.object);
    return pending === undefined ? Promise.resolve(copy) : pending.settled.then(() => copy);
  }

  #checkPreconditions(
    resource: ResourceKey,
    name: string,
    current: KubeObject,
    options: DeleteOptions,
  ): void {
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid !== undefined && uid !== current.metadata.uid) {
      const problem = `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid ?? ''}`;
      throw new ConflictError(resource, name, 'precondition', problem);
    }
    if (resourceVersion !== undefined && resourceVersion !== current.metadata.resourceVersion) {
      const problem = `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in meta: ${current.metadata.resourceVersion ?? ''}`;
      throw new ConflictError(resource, name, 'precondition', problem);
    }
  }

  #commit(resource: ResourceKey, change: CommittedChange): Promise<KubeObject> {
    if (this.#journal === undefined) {
      this.#apply(resource, change);
      return Promise.resolve(deepCopy(change.object));
    }
    const write: InflightWrite = { resource, change, durable: false };
    this.#inflight.push(write);
    const settled = this.#journal.append(this.#record(resource, change)).then(
      () => {
        write.durable = true;
        this.#drain();
        return deepCopy(change.object);
      },
      (error: unknown) => {
        this.#inflight.length = 0;
        this.#overlay.clear();
        throw error;
      },
    );
    const entry =
      change.type === 'DELETED' ? undefined : { object: change.object, revision: change.revision };
    this.#overlay.set(overlayKey(resource, change.namespace, change.name), {
      entry,
      revision: change.revision,
      settled,
    });
    return settled;
  }

  #record(resource: ResourceKey, change: CommittedChange): WriteRecord {
    const base = {
      revision: change.revision,
      group: resource.group,
      resource: resource.resource,
      namespace: change.namespace,
      name: change.name,
    };
    return change.type === 'DELETED'
      ? { ...base, op: 'delete' }
      : { ...base, op: 'put', object: change.object };
  }

  /** Applies durable writes in revision order. */
  #drain(): void {
    while (this.#inflight.length > 0 && (this.#inflight[0] as InflightWrite).durable) {
      const write = this.#inflight.shift() as InflightWrite;
      const key = overlayKey(write.resource, write.change.namespace, write.change.name);
      if (this.#overlay.get(key)?.revision === write.change.revision) this.#overlay.delete(key);
      this.#apply(write.resource, write.change);
    }
  }

  #apply(resource: ResourceKey, change: CommittedChange): void {
    const table = this.#table(resource);
    if (change.type === 'DELETED') table.remove(change.namespace, change.name);
    else table.put(change.namespace, change.name, { object: change.object, revision: change.revision });
    this.#committed = change.revision;
    this.#hub.publish(resource, change);
  }

  /** Checks list options and works out the revision to serve and where to start. */
  #listPosition(resource: ResourceKey, options: ListOptions): { revision: number; start?: ScanStart } {
    const rv = options.resourceVersion ?? '';
    if (options.limit !== undefined && (!Number.isSafeInteger(options.limit) || options.limit < 0)) {
      throw new BadRequestError(`limit must be a non-negative integer, got ${options.limit}`);
    }
    if (options.continue !== undefined && options.continue !== '') {
      if (rv !== '' || options.resourceVersionMatch !== undefined) {
        throw new BadRequestError('specifying resource version is not allowed when using continue');
      }
      return this.#continuePosition(resource, decodeContinueToken(options.continue));
    }
    const match = options.resourceVersionMatch;
    if (match !== undefined && match !== 'NotOlderThan' && match !== 'Exact') {
      throw new BadRequestError(`resourceVersionMatch: Unsupported value: "${match}"`);
    }
    if (match !== undefined && rv === '') {
      throw new BadRequestError('resourceVersionMatch is forbidden unless resourceVersion is provided');
    }
    const requested = rv === '' ? undefined : parseResourceVersion(rv);
    if (match !== 'Exact' || requested === undefined) return { revision: this.#committed };
    if (requested === 0)
      throw new BadRequestError('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"');
    const exact = requested;
    if (exact > this.#committed) throw new TooLargeResourceVersionError(exact, this.#committed);
    const floor = this.#hub.floor(resource);
    if (exact < floor) throw GoneError.tooOld(exact, floor);
    return { revision: exact };
  }

  #continuePosition(
    resource: ResourceKey,
    position: ContinuePosition,
  ): { revision: number; start: ScanStart } {
    if (position.revision > this.#committed)
      throw new BadRequestError('continue key is not valid: revision from the future');
    if (position.revision < this.#hub.floor(resource)) throw GoneError.continueExpired();
    return { revision: position.revision, start: { namespace: position.namespace, name: position.name } };
  }

  /**
   * The resource's objects as of `revision`, in key order: the committed state, with the changes after `revision`
   * undone from the history when there are any.
   */
  #stateAt(
    resource: ResourceKey,
    revision: number,
    namespace: string | undefined,
    start: ScanStart | undefined,
    onlyName: string | undefined,
  ): Iterable<KeyedEntry> {
    const table = this.#tables.get(resourceKeyId(resource)) ?? new ResourceTable();
    const later = revision < this.#committed ? this.#hub.changesSince(resource, revision) : [];
    if (later.length === 0) return table.scan(namespace, start, onlyName);
    const state = new Map<string, KeyedEntry>();
    for (const keyed of table.scan(namespace, start, onlyName))
      state.set(overlayKey(resource, keyed.namespace, keyed.name), keyed);
    for (let i = later.length - 1; i >= 0; i--) {
      const change = later[i] as CommittedChange;
      if (!this.#inScope(change, namespace, start, onlyName)) continue;
      const key = overlayKey(resource, change.namespace, change.name);
      if (change.previous === undefined) state.delete(key);
      else {
        const entry = {
          object: change.previous,
          revision: parseResourceVersion(change.previous.metadata.resourceVersion ?? '0'),
        };
        state.set(key, { namespace: change.namespace, name: change.name, entry });
      }
    }
    return [...state.values()].sort((a, b) =>
      a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1,
    );
  }

  #inScope(
    change: CommittedChange,
    namespace: string | undefined,
    start: ScanStart | undefined,
    onlyName: string | undefined,
  ) {
    if (namespace !== undefined && change.namespace !== namespace) return false;
    if (onlyName !== undefined && change.name !== onlyName) return false;
    if (start === undefined) return true;
    return (
      change.namespace > start.namespace || (change.namespace === start.namespace && change.name > start.name)
    );
  }

  *#committedObjects(resource: ResourceKey, namespace: string | undefined): Generator<KubeObject> {
    const table = this.#tables.get(resourceKeyId(resource));
    if (table === undefined) return;
    for (const keyed of table.scan(namespace)) yield keyed.entry.object;
  }

  #snapshot(): SnapshotData {
    const tables = this.#tables;
    const resources = this.#resources;
    function* entries(): Generator<PersistedEntry> {
      for (const [id, table] of tables) {
        const { group, resource } = resources.get(id) as ResourceKey;
        for (const keyed of table.scan(undefined)) yield { group, resource, object: keyed.entry.object };
      }
    }
    return { revision: this.#committed, entries: entries() };
  }
}
