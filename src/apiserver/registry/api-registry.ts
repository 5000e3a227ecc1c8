/**
 * The API server core: `ApiRegistry` (contract.ts) over an `ObjectStore`. It assembles the catalog of served
 * resources (built-ins plus established CRDs), the write pipeline, deletion, and the in-process controllers
 * (garbage collector, namespace lifecycle, CRD lifecycle), and answers every call the HTTP layer makes. Errors
 * leave as `StatusError`s (wire/) or store errors.
 *
 * @example
 * const store = await MemoryStore.open();
 * const registry = await ResourceRegistry.open({ store });
 * const configmaps = registry.resolve('', 'v1', 'configmaps')!;
 * await registry.create(configmaps, 'default', { metadata: { name: 'a' }, data: { k: 'v' } }, {});
 * await registry.settled(); // the controllers have done what the write triggered
 */

import { forbiddenError } from '../../api/index.js';
import { type BuiltinResource, builtinResources } from '../builtins/index.js';
import {
  type FieldSelector,
  type KubeObject,
  type LabelSelector,
  type ObjectStore,
  parseFieldSelector,
  parseLabelSelector,
  type Selection,
  type WatchStream,
} from '../store/index.js';
import { ChangeFeed } from './change-feed.js';
import type {
  ApiRegistry,
  DeleteRequestOptions,
  GroupVersionInfo,
  ListObject,
  LogOptions,
  PatchType,
  PodLogSource,
  ReadOptions,
  ResourceInfo,
  Subresource,
  WatchRequestOptions,
  WriteOptions,
  WriteResult,
} from './contract.js';
import { type ControllerFailure, ControllerQueue } from './controller-queue.js';
import { CrdLifecycle } from './crd-lifecycle.js';
import { CRD_RESOURCE } from './crd-resources.js';
import { Deleter } from './deletion.js';
import { GarbageCollector } from './garbage-collector.js';
import { MappedWatchStream } from './mapped-watch.js';
import { NAMESPACES, NamespaceLifecycle } from './namespace-lifecycle.js';
import { ObjectExpiry } from './object-expiry.js';
import { OwnerIndex } from './owner-index.js';
import { patchObject } from './patch-flow.js';
import { readPodLog } from './pod-log.js';
import { ResourceCatalog } from './resource-catalog.js';
import { getScale, patchScale, updateScale } from './scale.js';
import { type ServedResource, servedBuiltin } from './served-resource.js';
import { invalidOptions, methodNotSupported, resourceNotServed, toApiError } from './status-errors.js';
import { type WriteAdmission, WritePipeline, writeSettings } from './write-pipeline.js';

/** What the registry is built from. */
export interface RegistryOptions {
  readonly store: ObjectStore;
  /** Where `pods/log` reads from; without it a pod's log is empty. */
  readonly podLogs?: PodLogSource;
  /** The clock for timestamps. @default () => new Date() */
  readonly clock?: () => Date;
  /** The built-in kinds to serve. @default builtinResources */
  readonly builtins?: readonly BuiltinResource[];
  /** Called for every controller task that failed for good (they are also kept for `controllerFailures()`). */
  readonly onControllerError?: (failure: ControllerFailure) => void;
  /** How often expired objects (Events past their TTL) are removed; 0 turns the timer off. @default 60_000 */
  readonly expiryIntervalMs?: number;
}

/** The registry: everything the API server does, as transport-free calls. */
export class ResourceRegistry implements ApiRegistry {
  readonly #store: ObjectStore;
  readonly #podLogs: PodLogSource | undefined;
  readonly #catalog: ResourceCatalog;
  readonly #queue: ControllerQueue;
  readonly #pipeline: WritePipeline;
  readonly #deleter: Deleter;
  readonly #namespaces: NamespaceLifecycle;
  readonly #crds: CrdLifecycle;
  readonly #owners = new OwnerIndex();
  readonly #gc: GarbageCollector;
  readonly #expiry: ObjectExpiry;
  readonly #expiryTimer: NodeJS.Timeout | undefined;

  private constructor(options: RegistryOptions) {
    this.#store = options.store;
    this.#podLogs = options.podLogs;
    const clock = options.clock ?? (() => new Date());
    this.#catalog = new ResourceCatalog((options.builtins ?? builtinResources).map(servedBuiltin));
    this.#queue = new ControllerQueue(
      options.onControllerError ? { onError: options.onControllerError } : {},
    );
    const changes = new ChangeFeed();
    const admission: WriteAdmission[] = [];
    this.#pipeline = new WritePipeline({ store: this.#store, clock, changes, admission });
    const shared = {
      store: this.#store,
      pipeline: this.#pipeline,
      catalog: this.#catalog,
      queue: this.#queue,
    };
    this.#namespaces = new NamespaceLifecycle({ ...shared });
    this.#crds = new CrdLifecycle({ ...shared });
    admission.push(this.#namespaces, this.#crds);
    this.#deleter = new Deleter(this.#pipeline, [this.#namespaces, this.#crds]);
    this.#namespaces.useDeleter(this.#deleter);
    this.#crds.useDeleter(this.#deleter);
    this.#gc = new GarbageCollector({
      pipeline: this.#pipeline,
      deleter: this.#deleter,
      catalog: this.#catalog,
      queue: this.#queue,
      owners: this.#owners,
    });
    changes.subscribe((change) => this.#crds.observe(change));
    changes.subscribe((change) => this.#owners.observe(change));
    changes.subscribe((change) => this.#gc.observe(change));
    changes.subscribe((change) => this.#namespaces.observe(change));
    this.#expiry = new ObjectExpiry({ store: this.#store, pipeline: this.#pipeline, catalog: this.#catalog });
    changes.subscribe((change) => this.#expiry.observe(change));
    const interval = options.expiryIntervalMs ?? 60_000;
    if (interval > 0) {
      this.#expiryTimer = setInterval(() => this.#queue.enqueue('expiry', () => this.#sweep()), interval);
      this.#expiryTimer.unref();
    }
  }

  async #sweep(): Promise<void> {
    await this.#expiry.sweep();
  }

  /**
   * Builds a registry over `store`: serves the CRDs the store already holds (a restart on a persisted store),
   * creates the default namespaces that are missing, and resumes what the controllers left unfinished.
   */
  static async open(options: RegistryOptions): Promise<ResourceRegistry> {
    const registry = new ResourceRegistry(options);
    await registry.#start();
    return registry;
  }

  async #start(): Promise<void> {
    const { items: crds } = await this.#store.list(CRD_RESOURCE);
    for (const crd of crds) this.#crds.load(crd);
    const namespaces = this.#catalog.storageOwner(NAMESPACES);
    if (namespaces !== undefined) await this.#namespaces.ensureDefaults(namespaces);
    for (const served of this.#catalog.storageOwners()) {
      const { items } = await this.#store.list(served.strategy.storage);
      for (const item of items) {
        const ref = {
          storage: served.strategy.storage,
          namespace: item.metadata.namespace ?? '',
          name: item.metadata.name ?? '',
          uid: item.metadata.uid ?? '',
        };
        this.#owners.record(served.strategy.storage, item);
        this.#gc.schedule(ref, item);
        if (served === namespaces) this.#namespaces.resume(item);
      }
    }
  }

  // -----------------------------------------------------------------------------------------------------------
  // discovery

  groupVersions(): readonly GroupVersionInfo[] {
    return this.#catalog.groupVersions();
  }

  resolve(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.#catalog.resolve(group, version, resource)?.info;
  }

  onDiscoveryChange(listener: () => void): () => void {
    return this.#catalog.onChange(listener);
  }

  // -----------------------------------------------------------------------------------------------------------
  // reads

  async get(
    info: ResourceInfo,
    namespace: string,
    name: string,
    subresource?: Subresource,
  ): Promise<KubeObject> {
    return this.#guard(async () => {
      const served = this.#served(info, 'get');
      if (subresource === 'scale') return getScale(this.#pipeline, served, namespace, name);
      if (subresource !== undefined && subresource !== 'status') throw resourceNotServed();
      if (subresource === 'status' && !served.strategy.subresourcePaths.has('status'))
        throw resourceNotServed();
      return (await this.#pipeline.read(served, namespace, name)).presented;
    });
  }

  async list(info: ResourceInfo, namespace: string | undefined, options: ReadOptions): Promise<ListObject> {
    return this.#guard(async () => {
      const served = this.#served(info, 'list');
      const { strategy } = served;
      const result = await this.#store.list(strategy.storage, {
        ...this.#selection(served, namespace, options),
        ...(options.resourceVersion !== undefined && { resourceVersion: options.resourceVersion }),
        ...(options.resourceVersionMatch !== undefined && {
          resourceVersionMatch: options.resourceVersionMatch,
        }),
        ...(options.limit !== undefined && { limit: options.limit }),
        ...(options.continue !== undefined && { continue: options.continue }),
      });
      const metadata: ListObject['metadata'] = { resourceVersion: result.resourceVersion };
      if (result.continue !== undefined) metadata.continue = result.continue;
      if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
      return {
        apiVersion: strategy.apiVersion,
        kind: info.listKind,
        metadata,
        items: result.items.map((item) => this.#listItem(served, item)),
      };
    });
  }

  watch(info: ResourceInfo, namespace: string | undefined, options: WatchRequestOptions): WatchStream {
    try {
      const served = this.#served(info, 'watch');
      const { strategy } = served;
      checkWatchOptions(options);
      const inner = this.#store.watch(strategy.storage, {
        ...this.#selection(served, namespace, options),
        ...(options.resourceVersion !== undefined && { resourceVersion: options.resourceVersion }),
        ...(options.sendInitialEvents !== undefined && { sendInitialEvents: options.sendInitialEvents }),
        ...(options.allowWatchBookmarks !== undefined && { allowBookmarks: options.allowWatchBookmarks }),
      });
      return new MappedWatchStream(inner, (event) => ({
        type: event.type,
        object:
          event.type === 'BOOKMARK'
            ? { kind: strategy.kind, apiVersion: strategy.apiVersion, metadata: event.object.metadata }
            : strategy.fromStorage(event.object),
      }));
    } catch (error) {
      throw toApiError(error);
    }
  }

  // -----------------------------------------------------------------------------------------------------------
  // writes

  async create(
    info: ResourceInfo,
    namespace: string,
    body: KubeObject,
    options: WriteOptions,
  ): Promise<WriteResult> {
    return this.#guard(() =>
      this.#pipeline.create(this.#served(info, 'create'), namespace, body, writeSettings(options)),
    );
  }

  async update(
    info: ResourceInfo,
    namespace: string,
    name: string,
    body: KubeObject,
    options: WriteOptions,
    subresource?: Subresource,
  ): Promise<WriteResult> {
    return this.#guard(() => {
      const served = this.#served(info, 'update');
      const settings = writeSettings(options);
      if (subresource === 'scale')
        return updateScale(this.#pipeline, served, namespace, name, body, settings);
      return this.#pipeline.update(served, namespace, name, body, settings, subresource);
    });
  }

  async patch(
    info: ResourceInfo,
    namespace: string,
    name: string,
    type: PatchType,
    body: unknown,
    options: WriteOptions & { force?: boolean },
    subresource?: Subresource,
  ): Promise<WriteResult> {
    return this.#guard(() => {
      const served = this.#served(info, 'patch');
      const settings = writeSettings(options);
      if (subresource === 'scale')
        return patchScale(this.#pipeline, served, namespace, name, type, body, settings);
      return patchObject(this.#pipeline, served, namespace, name, {
        type,
        body,
        settings,
        ...(options.force !== undefined && { force: options.force }),
        ...(subresource !== undefined && { subresource }),
      });
    });
  }

  async delete(
    info: ResourceInfo,
    namespace: string,
    name: string,
    options: DeleteRequestOptions,
  ): Promise<WriteResult> {
    return this.#guard(() => this.#deleter.delete(this.#served(info, 'delete'), namespace, name, options));
  }

  async deleteCollection(
    info: ResourceInfo,
    namespace: string | undefined,
    read: ReadOptions,
    options: DeleteRequestOptions,
  ): Promise<ListObject> {
    return this.#guard(async () => {
      const served = this.#served(info, 'deletecollection');
      const listed = await this.list(info, namespace, { ...read, limit: 0 });
      for (const item of listed.items) {
        const uid = item.metadata.uid;
        await this.#deleter.deleteIfPresent(served, item.metadata.namespace ?? '', item.metadata.name ?? '', {
          ...options,
          preconditions: { ...options.preconditions, ...(uid !== undefined && { uid }) },
        });
      }
      return listed;
    });
  }

  async podLog(
    namespace: string,
    name: string,
    options: LogOptions,
  ): Promise<string | AsyncIterable<string>> {
    return this.#guard(async () => {
      const pods = this.#catalog.resolve('', 'v1', 'pods');
      if (pods === undefined) throw resourceNotServed();
      const pod = (await this.#pipeline.read(pods, namespace, name)).presented;
      return readPodLog(pod, options, this.#podLogs);
    });
  }

  currentResourceVersion(): string {
    return this.#store.currentResourceVersion();
  }

  // -----------------------------------------------------------------------------------------------------------
  // control

  /** Resolves once the controllers have finished everything the writes so far triggered. */
  settled(): Promise<void> {
    return this.#queue.settled();
  }

  /** Controller tasks that failed for good since the last call (normally none). */
  controllerFailures(): ControllerFailure[] {
    return this.#queue.takeFailures();
  }

  /** Removes the objects that outlived their TTL now (the timer does the same); returns how many went. */
  expireObjects(): Promise<number> {
    return this.#expiry.sweep();
  }

  /** Stops the controllers and timers; the store stays open (its owner closes it). */
  async close(): Promise<void> {
    if (this.#expiryTimer !== undefined) clearInterval(this.#expiryTimer);
    this.#queue.stop();
    await this.#queue.settled();
  }

  // -----------------------------------------------------------------------------------------------------------

  /** The served resource behind `info`, if it is still served and supports `verb`. */
  #served(info: ResourceInfo, verb: string): ServedResource {
    const served = this.#catalog.lookup(info);
    if (served === undefined) throw resourceNotServed();
    if (!served.info.verbs.includes(verb)) {
      throw methodNotSupported({ group: served.info.group, resource: served.info.resource }, verb);
    }
    return served;
  }

  #selection(served: ServedResource, namespace: string | undefined, options: ReadOptions): Selection {
    const { strategy } = served;
    const selection: Selection = {};
    if (strategy.namespaced && namespace !== undefined && namespace !== '') selection.namespace = namespace;
    const labels: LabelSelector | undefined = options.labelSelector
      ? parseLabelSelector(options.labelSelector)
      : undefined;
    const fields: FieldSelector | undefined = options.fieldSelector
      ? parseFieldSelector(options.fieldSelector, { extraFields: strategy.fieldLabels })
      : undefined;
    if (labels !== undefined) selection.labelSelector = labels;
    if (fields !== undefined) selection.fieldSelector = fields;
    if (strategy.fieldLabelReader !== undefined) selection.fieldValue = strategy.fieldLabelReader;
    return selection;
  }

  /** A list item: presented, and without apiVersion/kind for built-ins, as real servers list them. */
  #listItem(served: ServedResource, stored: KubeObject): KubeObject {
    const presented = served.strategy.fromStorage(stored);
    if (served.strategy.custom) return presented;
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = presented;
    return rest as KubeObject;
  }

  async #guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toApiError(error);
    }
  }
}

/** `ValidateListOptions` for watches: `sendInitialEvents` goes with `resourceVersionMatch=NotOlderThan`. */
function checkWatchOptions(options: WatchRequestOptions): void {
  if (options.sendInitialEvents !== undefined && options.resourceVersionMatch !== 'NotOlderThan') {
    throw invalidOptions('ListOptions', [
      forbiddenError(
        'resourceVersionMatch',
        'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      ),
    ]);
  }
  if (options.sendInitialEvents === undefined && options.resourceVersionMatch !== undefined) {
    throw invalidOptions('ListOptions', [
      forbiddenError(
        'resourceVersionMatch',
        'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
      ),
    ]);
  }
}
