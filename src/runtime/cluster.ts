/**
 * One cluster as the runtime sees it (controller-runtime's `cluster.Cluster`): its name, its client, its informer
 * cache, and event recorders writing to it. A manager holds one per kubeconfig context it talks to.
 */
import type { Logger } from 'pino';
import type { ClusterClient } from '../kube/index.js';
import { ClusterCache, type ClusterCacheOptions } from './cluster-cache.js';
import { EventRecorder } from './event-recorder.js';
import { silentLogger } from './logging.js';

/** Client, cache and event recorders of one cluster; see the module comment. */
export class Cluster {
  readonly name: string;
  readonly client: ClusterClient;
  readonly cache: ClusterCache;
  readonly #recorders = new Map<string, EventRecorder>();
  readonly #logger: Logger;

  constructor(client: ClusterClient, cacheOptions: ClusterCacheOptions = {}) {
    this.name = client.name;
    this.client = client;
    this.#logger = cacheOptions.logger ?? silentLogger();
    this.cache = new ClusterCache(client, cacheOptions);
  }

  /** The event recorder of a component on this cluster (one per component). */
  eventRecorder(component: string): EventRecorder {
    let recorder = this.#recorders.get(component);
    if (!recorder) {
      recorder = new EventRecorder(this.client, { component, logger: this.#logger });
      this.#recorders.set(component, recorder);
    }
    return recorder;
  }

  /** Waits for every recorder's pending event writes. */
  async flushEvents(): Promise<void> {
    await Promise.all([...this.#recorders.values()].map((recorder) => recorder.flush()));
  }
}
