/**
 * Records Kubernetes Events about objects (what `kubectl describe` shows), like client-go's recorder: writes happen
 * in the background so a reconcile never waits on them, and a repeat of the same event (same object, type, reason
 * and message) bumps the existing Event's `count` and `lastTimestamp` instead of creating another. Writes to one
 * Event are serialized; failures are logged, never thrown. `flush()` waits for pending writes (shutdown).
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import {
  type ClusterClient,
  type CoreEvent,
  EventResource,
  isNotFound,
  type KubeObject,
} from '../kube/index.js';
import { silentLogger } from './logging.js';

/** Normal or Warning, as Kubernetes defines them. */
export type EventType = 'Normal' | 'Warning';

/** Options of `EventRecorder`. */
export interface EventRecorderOptions {
  /** The reporting component (`source.component`), usually the controller or operator name. */
  component: string;
  /** The reporting instance. @default the host name */
  instance?: string;
  /** How many distinct events are remembered for deduplication. @default 4096 */
  cacheSize?: number;
  /** @default silent */
  logger?: Logger;
}

interface Remembered {
  namespace: string;
  name: string;
  count: number;
}

const MESSAGE_LIMIT = 1024;

/**
 * A process-wide sequence for Event names (`<object>.<hex time+sequence>`): every recorder of the process shares it,
 * so two recorders writing about one object in the same millisecond never pick the same name.
 */
let eventSequence = 0;

function nextEventSequence(): number {
  eventSequence = (eventSequence + 1) % 1_000_000;
  return eventSequence;
}

/** Writes Events in the background; see the module comment. */
export class EventRecorder {
  readonly #client: ClusterClient;
  readonly #component: string;
  readonly #instance: string;
  readonly #cacheSize: number;
  readonly #log: Logger;
  /** Insertion-ordered, so the oldest entry is evicted first. */
  readonly #seen = new Map<string, Remembered>();
  readonly #chains = new Map<string, Promise<void>>();

  constructor(client: ClusterClient, options: EventRecorderOptions) {
    this.#client = client;
    this.#component = options.component;
    this.#instance = options.instance ?? hostname();
    this.#cacheSize = options.cacheSize ?? 4096;
    this.#log = (options.logger ?? silentLogger()).child({ eventRecorder: options.component });
  }

  /** Records an event about `object` (in the background). */
  event(object: KubeObject, type: EventType, reason: string, message: string): void {
    const { metadata } = object;
    const text = message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT - 3)}...` : message;
    const key = [
      object.apiVersion,
      object.kind,
      metadata.namespace,
      metadata.name,
      metadata.uid,
      type,
      reason,
      text,
    ]
      .map((part) => part ?? '')
      .join('\u0000');
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#write(key, object, type, reason, text));
    this.#chains.set(key, next);
    void next.finally(() => {
      if (this.#chains.get(key) === next) this.#chains.delete(key);
    });
  }

  /** Waits until every event recorded so far has been written (or failed). */
  async flush(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all([...this.#chains.values()]);
  }

  async #write(
    key: string,
    object: KubeObject,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    try {
      const known = this.#seen.get(key);
      if (known) {
        try {
          await this.#client.patch(
            EventResource,
            { namespace: known.namespace, name: known.name },
            { type: 'merge', patch: { count: known.count + 1, lastTimestamp: now } },
          );
          known.count++;
          return;
        } catch (error) {
          if (!isNotFound(error)) throw error;
          this.#seen.delete(key);
        }
      }
      const created = await this.#client.create(
        EventResource,
        this.#newEvent(object, type, reason, message, now),
      );
      this.#remember(key, {
        namespace: created.metadata.namespace ?? '',
        name: created.metadata.name ?? '',
        count: 1,
      });
    } catch (error) {
      this.#log.warn({ err: error, reason, object: object.metadata.name }, 'could not record event');
    }
  }

  #newEvent(object: KubeObject, type: EventType, reason: string, message: string, now: string): CoreEvent {
    const { metadata } = object;
    const namespace = metadata.namespace || 'default';
    const unique = (BigInt(Date.now()) * 1_000_000n + BigInt(nextEventSequence())).toString(16);
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${metadata.name}.${unique}`, namespace },
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
        name: metadata.name ?? '',
        ...(metadata.uid ? { uid: metadata.uid } : {}),
        ...(metadata.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}),
      },
      reason,
      message,
      type,
      source: { component: this.#component, host: this.#instance },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.#component,
      reportingInstance: this.#instance,
    };
  }

  #remember(key: string, entry: Remembered): void {
    this.#seen.delete(key);
    this.#seen.set(key, entry);
    if (this.#seen.size > this.#cacheSize) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }
}
