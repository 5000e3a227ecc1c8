/**
 * One watcher's side of a watch: a queue of events the consumer pulls as an async iterator. Writers never wait for
 * it: live events go into a bounded buffer, and a consumer that falls behind by more than the bound is closed with
 * reason `overflow`, so its client re-watches (or re-lists on 410), exactly as a real API server drops slow
 * watchers. The initial state (synthetic ADDED events, replayed history) is not bounded: it is already in memory.
 */
import { deepCopy } from '../../api/index.js';
import type { KubeObject } from './kube-object.js';

/** The event types a watch delivers. ERROR is a transport concern: the HTTP layer renders a `GoneError` as one. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

/**
 * One watch event. For BOOKMARK the object carries only `metadata.resourceVersion` (and, after the initial events of
 * a `sendInitialEvents` watch, the `k8s.io/initial-events-end` annotation); the HTTP layer adds `apiVersion`/`kind`.
 */
export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/**
 * Why a watch ended: the consumer closed it, it fell too far behind, the store shut down, or a test hook dropped
 * the history and every watch with it.
 */
export type WatchCloseReason = 'client' | 'overflow' | 'shutdown' | 'compacted';

/** The annotation that marks the bookmark ending the initial events of a watch-list (KEP-3157). */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/** A queued event. Objects are shared with the store and copied only when the consumer takes them. */
interface QueuedEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject;
}

/** A FIFO over an array with a moving head, compacted now and then (shift() is O(n)). */
class Fifo<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  last(): T | undefined {
    return this.length > 0 ? this.#items[this.#items.length - 1] : undefined;
  }

  replaceLast(item: T): void {
    this.#items[this.#items.length - 1] = item;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.#items[this.#head] as T;
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}

/** A live watch: an async iterator of events that ends when the watch is closed for any reason. */
export class WatchStream implements AsyncIterableIterator<WatchEvent> {
  readonly #initial = new Fifo<QueuedEvent>();
  readonly #live = new Fifo<QueuedEvent>();
  readonly #waiters: Array<(result: IteratorResult<WatchEvent>) => void> = [];
  readonly #limit: number;
  readonly #onClose: (stream: WatchStream) => void;
  readonly #resolveClosed: (reason: WatchCloseReason) => void;
  #reason: WatchCloseReason | undefined;

  /** Settles with the reason once the watch is closed, so a transport can end its response without polling. */
  readonly closed: Promise<WatchCloseReason>;

  /**
   * Created by the watch hub.
   * @param limit how many live events may wait unread before the watch is closed with `overflow`.
   * @param onClose called once when the watch closes (the hub unregisters it).
   */
  constructor(limit: number, onClose: (stream: WatchStream) => void) {
    this.#limit = limit;
    this.#onClose = onClose;
    let resolve: (reason: WatchCloseReason) => void = () => {};
    this.closed = new Promise((r) => {
      resolve = r;
    });
    this.#resolveClosed = resolve;
  }

  /** Why the watch ended, or undefined while it is open. */
  get closeReason(): WatchCloseReason | undefined {
    return this.#reason;
  }

  /** How many events wait to be read. */
  get pending(): number {
    return this.#initial.length + this.#live.length;
  }

  /** Queues initial-state events (synthetic ADDED, replayed history); these do not count against the bound. */
  enqueueInitial(type: WatchEventType, object: KubeObject): void {
    if (this.#reason === undefined) this.#initial.push({ type, object });
  }

  /** Offers a live event. Never blocks: if the consumer is too far behind, the watch is closed instead. */
  offer(type: WatchEventType, object: KubeObject): void {
    if (this.#reason !== undefined) return;
    const event = { type, object };
    if (this.#deliverToWaiter(event)) return;
    if (type === 'BOOKMARK' && this.#live.last()?.type === 'BOOKMARK') {
      this.#live.replaceLast(event);
      return;
    }
    this.#live.push(event);
    if (this.#live.length > this.#limit) this.close('overflow');
  }

  /** Takes the next event without waiting, or undefined when none is queued. */
  tryNext(): WatchEvent | undefined {
    const event = this.#initial.shift() ?? this.#live.shift();
    return event === undefined ? undefined : deliver(event);
  }

  /** Resolves with the next event, waiting for one if needed; done once the watch is closed. */
  next(): Promise<IteratorResult<WatchEvent>> {
    const event = this.tryNext();
    if (event !== undefined) return Promise.resolve({ done: false, value: event });
    if (this.#reason !== undefined) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends the watch from the consumer's side (also what `break` in a `for await` does). */
  return(): Promise<IteratorResult<WatchEvent>> {
    this.close('client');
    return Promise.resolve({ done: true, value: undefined });
  }

  /** Closes the watch: queued events are dropped and pending `next()` calls resolve as done. Idempotent. */
  close(reason: WatchCloseReason = 'client'): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#initial.clear();
    this.#live.clear();
    for (const waiter of this.#waiters.splice(0)) waiter({ done: true, value: undefined });
    this.#onClose(this);
    this.#resolveClosed(reason);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<WatchEvent> {
    return this;
  }

  #deliverToWaiter(event: QueuedEvent): boolean {
    if (this.#initial.length > 0 || this.#live.length > 0) return false;
    const waiter = this.#waiters.shift();
    if (waiter === undefined) return false;
    waiter({ done: false, value: deliver(event) });
    return true;
  }
}

function deliver(event: QueuedEvent): WatchEvent {
  return { type: event.type, object: event.type === 'BOOKMARK' ? event.object : deepCopy(event.object) };
}
