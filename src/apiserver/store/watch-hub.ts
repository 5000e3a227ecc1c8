/**
 * Watch fan-out with history. The store publishes every committed change here, synchronously and in revision
 * order; the hub appends it to the resource's history and offers it to each matching watcher. Because publishing
 * and registering a watcher both happen synchronously, a new watch sees its starting state and then every later
 * change, with no gap and no duplicate.
 */
import { GoneError } from './errors.js';
import { type CommittedChange, EventHistory } from './event-history.js';
import type { KubeObject } from './kube-object.js';
import { type ResourceKey, resourceKeyId } from './resource-key.js';
import { formatResourceVersion, parseResourceVersion } from './resource-version.js';
import { compileSelection, type ObjectPredicate, type Selection } from './selection.js';
import {
  INITIAL_EVENTS_END_ANNOTATION,
  type WatchCloseReason,
  type WatchEventType,
  WatchStream,
} from './watch-stream.js';

/** What a watch asks for (the query parameters of a Kubernetes watch request). */
export interface WatchOptions extends Selection {
  /**
   * Where to start. Unset or `"0"`: the current state as synthetic ADDED events, then changes. `"N"`: exactly the
   * changes after revision N (410 `GoneError` if N is older than the history window).
   */
  resourceVersion?: string;
  /**
   * Whether to start with the current state as synthetic ADDED events. When true and bookmarks are allowed, a
   * BOOKMARK annotated `k8s.io/initial-events-end` follows them (watch-list, KEP-3157).
   * @default true when `resourceVersion` is unset or `"0"`, false otherwise
   */
  sendInitialEvents?: boolean;
  /** Whether this watcher receives BOOKMARK events. @default false */
  allowBookmarks?: boolean;
}

/** What the hub needs from the store: the committed revision and state, read synchronously. */
export interface WatchStateSource {
  /** The revision of the last committed write. */
  committedRevision(): number;
  /** The committed objects of a resource (one namespace, or all when undefined), in key order. Not copies. */
  committedObjects(resource: ResourceKey, namespace: string | undefined): Iterable<KubeObject>;
}

/** Tuning of the hub. */
export interface WatchHubOptions {
  /** How many changes per resource stay replayable. @default 10_000 */
  historySize?: number;
  /** How many unread live events a watcher may have before it is closed with `overflow`. @default 1_000 */
  maxBufferedEvents?: number;
  /** How often watchers that allow bookmarks get one; 0 turns periodic bookmarks off. @default 60_000 */
  bookmarkIntervalMs?: number;
}

/** Default history size per resource, about what a busy etcd keeps in its 5-minute compaction window. */
export const DEFAULT_HISTORY_SIZE = 10_000;
/** Default bound of a watcher's unread live events. */
export const DEFAULT_MAX_BUFFERED_EVENTS = 1_000;
/** Default bookmark period; the real server sends one about every minute. */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;

interface Watcher {
  readonly stream: WatchStream;
  readonly matches: ObjectPredicate;
  readonly bookmarks: boolean;
}

/**
 * The event a watcher with predicate `matches` sees for a change: selector transitions turn an update into ADDED
 * (starts matching) or DELETED (stops matching; the object is the new state), as Kubernetes does.
 */
export function eventForWatcher(
  change: CommittedChange,
  matches: ObjectPredicate,
): { type: Exclude<WatchEventType, 'BOOKMARK'>; object: KubeObject } | undefined {
  if (change.type === 'ADDED')
    return matches(change.object) ? { type: 'ADDED', object: change.object } : undefined;
  if (change.type === 'DELETED') {
    return matches(change.previous ?? change.object) ? { type: 'DELETED', object: change.object } : undefined;
  }
  const before = change.previous !== undefined && matches(change.previous);
  const after = matches(change.object);
  if (before && after) return { type: 'MODIFIED', object: change.object };
  if (after) return { type: 'ADDED', object: change.object };
  if (before) return { type: 'DELETED', object: change.object };
  return undefined;
}

function bookmarkObject(revision: number, initialEventsEnd: boolean): KubeObject {
  const metadata: KubeObject['metadata'] = { resourceVersion: formatResourceVersion(revision) };
  if (initialEventsEnd) metadata.annotations = { [INITIAL_EVENTS_END_ANNOTATION]: 'true' };
  return { metadata };
}

/** Fans committed changes out to watchers and keeps each resource's recent history. */
export class WatchHub {
  readonly #source: WatchStateSource;
  readonly #historySize: number;
  readonly #maxBuffered: number;
  readonly #histories = new Map<string, EventHistory>();
  readonly #watchers = new Map<string, Map<WatchStream, Watcher>>();
  readonly #timer: NodeJS.Timeout | undefined;
  /** History is complete only after this revision for resources without their own history yet. */
  #baseFloor: number;

  constructor(source: WatchStateSource, options: WatchHubOptions = {}) {
    this.#source = source;
    this.#historySize = options.historySize ?? DEFAULT_HISTORY_SIZE;
    this.#maxBuffered = options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS;
    this.#baseFloor = source.committedRevision();
    const interval = options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => this.sendBookmarks(), interval);
      this.#timer.unref();
    }
  }

  /** How many watches are open. */
  get watcherCount(): number {
    let count = 0;
    for (const watchers of this.#watchers.values()) count += watchers.size;
    return count;
  }

  /** The oldest revision a watch on `resource` may start from. */
  floor(resource: ResourceKey): number {
    return this.#histories.get(resourceKeyId(resource))?.floor ?? this.#baseFloor;
  }

  /** The retained changes of `resource` after `revision`, oldest first (the caller checks `floor` first). */
  changesSince(resource: ResourceKey, revision: number): CommittedChange[] {
    return this.#histories.get(resourceKeyId(resource))?.since(revision) ?? [];
  }

  /**
   * Restores the history a restart would otherwise lose: `changes` (oldest first, all after `floor`) become
   * replayable, so watches from any revision since `floor` resume instead of getting 410. Call before any watch
   * opens or any change is published.
   */
  restoreHistory(floor: number, changes: Iterable<{ resource: ResourceKey; change: CommittedChange }>): void {
    this.#baseFloor = floor;
    for (const { resource, change } of changes) this.publish(resource, change);
  }

  /** Records a committed change and offers it to every watcher of the resource. Called by the store, in order. */
  publish(resource: ResourceKey, change: CommittedChange): void {
    const id = resourceKeyId(resource);
    let history = this.#histories.get(id);
    if (history === undefined) {
      history = new EventHistory(this.#historySize, this.#baseFloor);
      this.#histories.set(id, history);
    }
    history.append(change);
    const watchers = this.#watchers.get(id);
    if (watchers === undefined) return;
    for (const watcher of watchers.values()) {
      const event = eventForWatcher(change, watcher.matches);
      if (event !== undefined) watcher.stream.offer(event.type, event.object);
    }
  }

  /**
   * Opens a watch.
   * @throws GoneError when `resourceVersion` is older than the history window.
   * @throws BadRequestError when `resourceVersion` is not a revision.
   */
  watch(resource: ResourceKey, options: WatchOptions = {}): WatchStream {
    const id = resourceKeyId(resource);
    const text = options.resourceVersion ?? '';
    const requested = text === '' ? 0 : parseResourceVersion(text);
    const sendInitial = options.sendInitialEvents ?? requested === 0;
    if (!sendInitial && requested > 0 && requested < this.floor(resource)) {
      throw GoneError.tooOld(requested, this.floor(resource));
    }
    const watcher: Watcher = {
      stream: new WatchStream(this.#maxBuffered, (stream) => this.#watchers.get(id)?.delete(stream)),
      matches: compileSelection(options),
      bookmarks: options.allowBookmarks === true,
    };
    if (sendInitial) this.#enqueueState(resource, watcher, options);
    else if (requested > 0) this.#enqueueReplay(resource, watcher, requested);
    let watchers = this.#watchers.get(id);
    if (watchers === undefined) {
      watchers = new Map();
      this.#watchers.set(id, watchers);
    }
    watchers.set(watcher.stream, watcher);
    return watcher.stream;
  }

  /** The current state as synthetic ADDED events (and the initial-events-end bookmark for a watch-list). */
  #enqueueState(resource: ResourceKey, watcher: Watcher, options: WatchOptions): void {
    for (const object of this.#source.committedObjects(resource, options.namespace)) {
      if (watcher.matches(object)) watcher.stream.enqueueInitial('ADDED', object);
    }
    if (watcher.bookmarks && options.sendInitialEvents === true) {
      watcher.stream.enqueueInitial('BOOKMARK', bookmarkObject(this.#source.committedRevision(), true));
    }
  }

  /** The retained changes after `revision`, through the watcher's selection. */
  #enqueueReplay(resource: ResourceKey, watcher: Watcher, revision: number): void {
    for (const change of this.changesSince(resource, revision)) {
      const event = eventForWatcher(change, watcher.matches);
      if (event !== undefined) watcher.stream.enqueueInitial(event.type, event.object);
    }
  }

  /** Sends every bookmark-enabled watcher a BOOKMARK at the committed revision (the periodic timer calls this). */
  sendBookmarks(): void {
    const revision = this.#source.committedRevision();
    for (const watchers of this.#watchers.values()) {
      for (const watcher of watchers.values()) {
        if (watcher.bookmarks) watcher.stream.offer('BOOKMARK', bookmarkObject(revision, false));
      }
    }
  }

  /** Sends one watcher a BOOKMARK now, if it allows them (e.g. just before a transport times the watch out). */
  sendBookmark(stream: WatchStream): void {
    for (const watchers of this.#watchers.values()) {
      if (watchers.get(stream)?.bookmarks === true) {
        stream.offer('BOOKMARK', bookmarkObject(this.#source.committedRevision(), false));
      }
    }
  }

  /**
   * Forgets all history, so only the committed revision remains watchable; a test hook that makes clients take
   * their 410/re-list path deterministically.
   */
  compactHistory(): void {
    this.#baseFloor = this.#source.committedRevision();
    for (const history of this.#histories.values()) history.clear(this.#baseFloor);
  }

  /** Closes every open watch with `reason`. */
  closeAll(reason: WatchCloseReason): void {
    for (const watchers of [...this.#watchers.values()]) {
      for (const stream of [...watchers.keys()]) stream.close(reason);
    }
  }

  /** Stops the bookmark timer and closes every watch (`shutdown`). */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.closeAll('shutdown');
  }
}
