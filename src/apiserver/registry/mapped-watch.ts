/**
 * A watch as clients see it. The store's watch delivers stored objects: in the storage version, without defaults
 * added after they were written, and BOOKMARKs with metadata only. Clients need every event object to carry the
 * `apiVersion` and `kind` of the version they watch (kube-api.md §9.1), converted and defaulted as a GET would
 * return it. `MappedWatchStream` is a `WatchStream` that reads the store's stream and converts each event as the
 * consumer takes it, so the store's backpressure (the bounded buffer, `overflow`) still applies unchanged.
 */
import type { WatchCloseReason, WatchEvent } from '../store/index.js';
import { WatchStream } from '../store/index.js';

/** Turns one stored event into the event a client receives (the object is the consumer's own copy). */
export type WatchEventMapper = (event: WatchEvent) => WatchEvent;

/** A view of another watch stream with every event converted by a mapper. */
export class MappedWatchStream extends WatchStream {
  readonly #inner: WatchStream;
  readonly #map: WatchEventMapper;

  constructor(inner: WatchStream, map: WatchEventMapper) {
    super(0, () => {});
    this.#inner = inner;
    this.#map = map;
    void inner.closed.then((reason) => this.close(reason));
  }

  override get closeReason(): WatchCloseReason | undefined {
    return this.#inner.closeReason ?? super.closeReason;
  }

  override get pending(): number {
    return this.#inner.pending;
  }

  override tryNext(): WatchEvent | undefined {
    const event = this.#inner.tryNext();
    return event === undefined ? undefined : this.#map(event);
  }

  override async next(): Promise<IteratorResult<WatchEvent>> {
    const result = await this.#inner.next();
    return result.done ? result : { done: false, value: this.#map(result.value) };
  }

  override close(reason: WatchCloseReason = 'client'): void {
    this.#inner.close(reason);
    super.close(reason);
  }

  /** The store's stream underneath (e.g. to ask the store for a bookmark on it). */
  get source(): WatchStream {
    return this.#inner;
  }
}
