/**
 * Namespace lifecycle (kube-api.md §14.5): the NamespaceLifecycle admission plugin (no content created in a
 * missing namespace — 404 — or a terminating one — 403; the immortal namespaces cannot be deleted — 403), the
 * namespace storage's own DELETE (deletionTimestamp and phase Terminating, then wait for `spec.finalizers`), and
 * the namespace controller: once a namespace is terminating, delete everything namespaced in it (every served
 * resource, custom ones included, each honouring its finalizers), report what remains in the namespace's
 * conditions, and when nothing is left drop the `kubernetes` finalizer, which removes the namespace.
 */

import { deepCopy } from '../../api/index.js';
import { KUBERNETES_FINALIZER } from '../builtins/index.js';
import { type KubeObject, NotFoundError, type ObjectStore, qualifiedResource } from '../store/index.js';
import { formatTime } from '../wire/index.js';
import type { ObjectChange } from './change-feed.js';
import type { DeleteRequestOptions } from './contract.js';
import type { ControllerQueue } from './controller-queue.js';
import {
  type Deleter,
  type DeletionHook,
  finalizersForPropagation,
  requestedPropagation,
} from './deletion.js';
import type { ResourceCatalog } from './resource-catalog.js';
import type { ServedResource } from './served-resource.js';
import { forbidden } from './status-errors.js';
import { namespaceFinalizers, type WriteAdmission, type WritePipeline } from './write-pipeline.js';

/** Where namespaces are stored. */
export const NAMESPACES = { group: '', resource: 'namespaces' } as const;
/** Namespaces that exist from the start. */
export const DEFAULT_NAMESPACES: readonly string[] = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];
/** Namespaces the lifecycle admission refuses to delete. */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

function isNamespaceResource(served: ServedResource): boolean {
  const { storage } = served.strategy;
  return storage.group === NAMESPACES.group && storage.resource === NAMESPACES.resource;
}

function isTerminating(namespace: KubeObject): boolean {
  const phase = (namespace.status as { phase?: unknown } | undefined)?.phase;
  return namespace.metadata.deletionTimestamp !== undefined || phase === 'Terminating';
}

/** What the lifecycle works with. */
export interface NamespaceLifecycleDependencies {
  readonly store: ObjectStore;
  readonly pipeline: WritePipeline;
  readonly catalog: ResourceCatalog;
  readonly queue: ControllerQueue;
  /** Set after construction (the deleter needs this lifecycle as a hook). */
  deleter?: Deleter;
}

/** Namespace admission, deletion and finalization. */
export class NamespaceLifecycle implements WriteAdmission, DeletionHook {
  readonly #deps: NamespaceLifecycleDependencies;
  readonly #terminating = new Set<string>();

  constructor(deps: NamespaceLifecycleDependencies) {
    this.#deps = deps;
  }

  /** Connects the deleter (which takes this lifecycle among its hooks). */
  useDeleter(deleter: Deleter): void {
    this.#deps.deleter = deleter;
  }

  async beforeCreate(served: ServedResource, namespace: string, name: string): Promise<void> {
    if (!served.strategy.namespaced || namespace === '') return;
    let object: KubeObject;
    try {
      object = await this.#deps.store.get(NAMESPACES, '', namespace);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError(NAMESPACES, namespace, { cause: error });
      throw error;
    }
    if (isTerminating(object)) {
      throw forbidden(
        { group: served.info.group, resource: served.info.resource },
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating' as never,
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
    }
  }

  admitDelete(served: ServedResource, object: KubeObject): void {
    const name = object.metadata.name ?? '';
    if (isNamespaceResource(served) && IMMORTAL_NAMESPACES.has(name)) {
      throw forbidden(NAMESPACES, name, 'this namespace may not be deleted');
    }
  }

  markForDeletion(served: ServedResource, stored: KubeObject, options: DeleteRequestOptions, now: Date) {
    if (!isNamespaceResource(served)) return undefined;
    const marked = deepCopy(stored);
    marked.metadata.deletionTimestamp ??= formatTime(now);
    marked.status = { ...(marked.status as object | undefined), phase: 'Terminating' };
    const policy = requestedPropagation(options);
    if (policy !== undefined) {
      const { finalizers, changed } = finalizersForPropagation(marked.metadata.finalizers ?? [], policy);
      if (changed) {
        if (finalizers.length > 0) marked.metadata.finalizers = finalizers;
        else delete marked.metadata.finalizers;
      }
    }
    return marked;
  }

  keepWhileDeleting(served: ServedResource, stored: KubeObject): boolean {
    return isNamespaceResource(served) && namespaceFinalizers(stored).length > 0;
  }

  /** Schedules the namespace controller after changes that concern it. */
  observe(change: ObjectChange): void {
    const { object } = change;
    if (isNamespaceResource(change.served)) {
      const name = object.metadata.name ?? '';
      if (change.type === 'removed') this.#terminating.delete(name);
      else if (object.metadata.deletionTimestamp !== undefined) this.#schedule(name);
      return;
    }
    const namespace = object.metadata.namespace ?? '';
    if (change.type === 'removed' && this.#terminating.has(namespace)) this.#schedule(namespace);
  }

  /** Notes a namespace found terminating when the registry starts, and finishes its deletion. */
  resume(namespace: KubeObject): void {
    if (namespace.metadata.deletionTimestamp !== undefined) this.#schedule(namespace.metadata.name ?? '');
  }

  /** Creates the default namespaces that do not exist yet. */
  async ensureDefaults(served: ServedResource): Promise<void> {
    for (const name of DEFAULT_NAMESPACES) {
      try {
        await this.#deps.store.get(NAMESPACES, '', name);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        await this.#deps.pipeline.create(
          served,
          '',
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          { dryRun: false, fieldManager: undefined, fieldValidation: 'Ignore' },
        );
      }
    }
  }

  #schedule(name: string): void {
    this.#terminating.add(name);
    this.#deps.queue.enqueue(`namespace:${name}`, () => this.#sync(name));
  }

  /** The namespace controller's sync of one terminating namespace. */
  async #sync(name: string): Promise<void> {
    const served = this.#namespaceServed();
    let namespace: KubeObject;
    try {
      namespace = await this.#deps.store.get(NAMESPACES, '', name);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    if (namespace.metadata.deletionTimestamp === undefined || served === undefined) return;
    await this.#deleteContent(name);
    const remaining = await this.#remainingContent(name);
    const conditions = namespaceConditions(remaining, this.#deps.pipeline.now());
    await this.#deps.pipeline.systemUpdate(served, '', name, (object) => {
      if (object.metadata.uid !== namespace.metadata.uid) return false;
      let changed = mergeConditions(object, conditions);
      if (remaining.objects === 0) {
        const spec = (object.spec ?? {}) as { finalizers?: string[] };
        if ((spec.finalizers ?? []).includes(KUBERNETES_FINALIZER)) {
          const rest = (spec.finalizers ?? []).filter((f) => f !== KUBERNETES_FINALIZER);
          object.spec = { ...spec, finalizers: rest };
          changed = true;
        }
      }
      return changed;
    });
  }

  async #deleteContent(namespace: string): Promise<void> {
    const deleter = this.#deps.deleter;
    if (deleter === undefined) return;
    for (const served of this.#namespacedCollections()) {
      const { items } = await this.#deps.store.list(served.strategy.storage, { namespace });
      for (const item of items) {
        if (item.metadata.deletionTimestamp !== undefined) continue;
        await deleter.deleteIfPresent(served, namespace, item.metadata.name ?? '', {
          propagationPolicy: 'Background',
          preconditions: { uid: item.metadata.uid ?? '' },
        });
      }
    }
  }

  async #remainingContent(namespace: string): Promise<RemainingContent> {
    const resources = new Map<string, number>();
    const finalizers = new Map<string, number>();
    let objects = 0;
    for (const served of this.#namespacedCollections()) {
      const { items } = await this.#deps.store.list(served.strategy.storage, { namespace });
      if (items.length === 0) continue;
      objects += items.length;
      resources.set(qualifiedResource(served.strategy.storage), items.length);
      for (const item of items) {
        for (const finalizer of item.metadata.finalizers ?? []) {
          finalizers.set(finalizer, (finalizers.get(finalizer) ?? 0) + 1);
        }
      }
    }
    return { objects, resources, finalizers };
  }

  #namespacedCollections(): ServedResource[] {
    return this.#deps.catalog.storageOwners().filter((served) => served.strategy.namespaced);
  }

  #namespaceServed(): ServedResource | undefined {
    return this.#deps.catalog.storageOwner(NAMESPACES);
  }
}

/** What is still in a terminating namespace. */
interface RemainingContent {
  objects: number;
  /** `GroupResource.String()` (`configmaps`, `widgets.example.com`) → how many objects remain. */
  resources: Map<string, number>;
  finalizers: Map<string, number>;
}

/** The namespace controller's status conditions for what remains. */
function namespaceConditions(remaining: RemainingContent, now: Date): NamespaceCondition[] {
  const time = formatTime(now);
  const resourceText = [...remaining.resources.entries()]
    .map(([key, count]) => `${key} has ${count} resource instances`)
    .sort()
    .join(', ');
  const finalizerText = [...remaining.finalizers.entries()]
    .map(([finalizer, count]) => `${finalizer} in ${count} resource instances`)
    .sort()
    .join(', ');
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: time,
  });
  return [
    condition(
      'NamespaceDeletionDiscoveryFailure',
      'False',
      'ResourcesDiscovered',
      'All resources successfully discovered',
    ),
    condition(
      'NamespaceDeletionGroupVersionParsingFailure',
      'False',
      'ParsedGroupVersions',
      'All legacy kube types successfully parsed',
    ),
    condition(
      'NamespaceDeletionContentFailure',
      'False',
      'ContentDeleted',
      'All content successfully deleted, may be waiting on finalization',
    ),
    remaining.objects > 0
      ? condition(
          'NamespaceContentRemaining',
          'True',
          'SomeResourcesRemain',
          `Some resources are remaining: ${resourceText}`,
        )
      : condition('NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'),
    remaining.finalizers.size > 0
      ? condition(
          'NamespaceFinalizersRemaining',
          'True',
          'SomeFinalizersRemain',
          `Some content in the namespace has finalizers remaining: ${finalizerText}`,
        )
      : condition(
          'NamespaceFinalizersRemaining',
          'False',
          'ContentHasNoFinalizers',
          'All content-preserving finalizers finished',
        ),
  ];
}

/** Puts `conditions` into `status.conditions`, keeping transition times of unchanged ones; whether anything changed. */
function mergeConditions(object: KubeObject, conditions: readonly NamespaceCondition[]): boolean {
  const status = (object.status ?? {}) as { conditions?: NamespaceCondition[] };
  const existing = status.conditions ?? [];
  let changed = false;
  const merged = [...existing];
  for (const condition of conditions) {
    const index = merged.findIndex((c) => c.type === condition.type);
    const previous = index >= 0 ? merged[index] : undefined;
    if (previous === undefined) {
      merged.push(condition);
      changed = true;
      continue;
    }
    if (
      previous.status === condition.status &&
      previous.reason === condition.reason &&
      previous.message === condition.message
    )
      continue;
    merged[index] = {
      ...condition,
      lastTransitionTime:
        previous.status === condition.status
          ? (previous.lastTransitionTime ?? condition.lastTransitionTime)
          : condition.lastTransitionTime,
    };
    changed = true;
  }
  if (changed) object.status = { ...status, conditions: merged };
  return changed;
}
