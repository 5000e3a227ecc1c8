/**
 * Records what a client-node 1.x informer reports (every add, update and delete with the object's
 * resourceVersion, connects and errors) and, like an operator, starts it again after its error callback: client-node
 * 1.x informers stay stopped after a transport error (a restarting server), so the application has to restart them.
 */
import type { Informer, KubernetesObject, ObjectCache } from '@kubernetes/client-node';

/** One callback of an informer. */
export interface InformerEvent {
  verb: 'add' | 'update' | 'delete';
  /** `namespace/name`, or `name` for cluster-scoped objects. */
  key: string;
  resourceVersion: string;
}

/** Options of `InformerRecorder`. */
export interface InformerRecorderOptions {
  /** Start the informer again this long after an error callback; undefined leaves it stopped. */
  restartAfterMs?: number;
}

/** The cache key client-node uses for an object. */
export function objectKey(object: KubernetesObject): string {
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name ?? '';
  return namespace ? `${namespace}/${name}` : name;
}

/** Wraps an informer to record its callbacks; call `start`/`stop` on the recorder, not on the informer. */
export class InformerRecorder<T extends KubernetesObject> {
  readonly events: InformerEvent[] = [];
  readonly errors: unknown[] = [];
  connects = 0;
  readonly #informer: Informer<T> & ObjectCache<T>;
  readonly #restartAfterMs: number | undefined;
  #stopped = true;
  #restartTimer: NodeJS.Timeout | undefined;

  constructor(informer: Informer<T> & ObjectCache<T>, options: InformerRecorderOptions = {}) {
    this.#informer = informer;
    this.#restartAfterMs = options.restartAfterMs;
    const record = (verb: InformerEvent['verb']) => (object: T) =>
      this.events.push({
        verb,
        key: objectKey(object),
        resourceVersion: object.metadata?.resourceVersion ?? '',
      });
    informer.on('add', record('add'));
    informer.on('update', record('update'));
    informer.on('delete', record('delete'));
    informer.on('connect', () => this.connects++);
    informer.on('error', (error: unknown) => this.#onError(error));
  }

  /** The informer's cache as `key → resourceVersion`. */
  cache(): Map<string, string> {
    return new Map(
      this.#informer.list().map((object) => [objectKey(object), object.metadata?.resourceVersion ?? '']),
    );
  }

  /** The recorded events of one verb, as `key@resourceVersion`. */
  seen(verb: InformerEvent['verb']): string[] {
    return this.events.filter((e) => e.verb === verb).map((e) => `${e.key}@${e.resourceVersion}`);
  }

  /** Starts the informer; resolves once its first watch is open. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#informer.start();
  }

  /** Stops the informer and any pending restart. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    await this.#informer.stop();
  }

  #onError(error: unknown): void {
    // client-node 1.4 reports its own stop() as an error (AbortError); that is not a failure.
    if (this.#stopped) return;
    this.errors.push(error);
    if (this.#restartAfterMs === undefined) return;
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => {
      if (!this.#stopped) void this.#informer.start();
    }, this.#restartAfterMs);
  }
}
