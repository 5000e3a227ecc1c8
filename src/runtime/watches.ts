/**
 * What a controller watches: a resource on some clusters, a handler mapping events to requests, and predicates.
 * `for` (the reconciled kind itself), `owns` (children reconciled through their controller ownerReference) and
 * `watches` (anything, through a handler) compile to the same `WatchSpec`, which binds to the shared informer of
 * each selected cluster.
 */
import type { KubeObject, ObjectOf, ResourceRef } from '../kube/index.js';
import { type EventHandler, enqueueRequestForObject, enqueueRequestForOwner } from './handlers.js';
import type { InformerHandler } from './informer.js';
import type { ObjectEvent } from './object-event.js';
import { type Predicate, passes } from './predicates.js';
import type { Request } from './reconcile.js';

/** Which clusters a watch covers: one name, several, or `'*'` for every cluster of the manager. */
export type ClusterSelector = string | readonly string[];

/** The reconciled kind: each of its events reconciles the object itself. */
export interface ForSpec<R extends ResourceRef = ResourceRef> {
  resource: R;
  /** @default the manager's default cluster */
  clusters?: ClusterSelector;
  /** @default [] */
  predicates?: readonly Predicate<ObjectOf<R>>[];
}

/** A kind the reconciled kind owns: its events reconcile the owner (same cluster as `for`). */
export interface OwnsSpec<R extends ResourceRef = ResourceRef> {
  resource: R;
  /** @default [] */
  predicates?: readonly Predicate<ObjectOf<R>>[];
  /** Only ownerReferences marked `controller: true`. @default true */
  onlyController?: boolean;
}

/** Any watched kind, with its own handler. */
export interface WatchSpec<R extends ResourceRef = ResourceRef> {
  resource: R;
  /** @default the manager's default cluster */
  clusters?: ClusterSelector;
  handler: EventHandler<ObjectOf<R>>;
  /** @default [] */
  predicates?: readonly Predicate<ObjectOf<R>>[];
}

/** A watch with its clusters resolved. */
export interface CompiledWatch {
  resource: ResourceRef;
  clusters: readonly string[];
  handler: EventHandler<KubeObject>;
  predicates: readonly Predicate<KubeObject>[];
}

/** A watch names a cluster the manager does not have. */
export class UnknownClusterError extends Error {
  override readonly name = 'UnknownClusterError';
}

/** The cluster names a selector covers. */
export function resolveClusters(
  selector: ClusterSelector | undefined,
  all: readonly string[],
  defaultCluster: string,
): string[] {
  if (selector === undefined) return [defaultCluster];
  if (selector === '*') return [...all];
  const names = typeof selector === 'string' ? [selector] : [...selector];
  for (const name of names) {
    if (!all.includes(name))
      throw new UnknownClusterError(`no cluster named "${name}" (have ${all.join(', ')})`);
  }
  return names;
}

/** Compiles `for`, `owns` and `watches` into watches with resolved clusters. */
export function compileWatches(
  specs: {
    for?: ForSpec | undefined;
    owns?: readonly OwnsSpec[] | undefined;
    watches?: readonly WatchSpec[] | undefined;
  },
  all: readonly string[],
  defaultCluster: string,
): CompiledWatch[] {
  const compiled: CompiledWatch[] = [];
  const primary = specs.for;
  const primaryClusters = primary ? resolveClusters(primary.clusters, all, defaultCluster) : [];
  if (primary) {
    compiled.push({
      resource: primary.resource,
      clusters: primaryClusters,
      handler: enqueueRequestForObject(),
      predicates: (primary.predicates ?? []) as readonly Predicate<KubeObject>[],
    });
  }
  for (const owned of specs.owns ?? []) {
    if (!primary) throw new TypeError('`owns` needs `for`: the owner kind is the reconciled kind');
    compiled.push({
      resource: owned.resource,
      clusters: primaryClusters,
      handler: enqueueRequestForOwner(primary.resource, { onlyController: owned.onlyController ?? true }),
      predicates: (owned.predicates ?? []) as readonly Predicate<KubeObject>[],
    });
  }
  for (const watch of specs.watches ?? []) {
    compiled.push({
      resource: watch.resource,
      clusters: resolveClusters(watch.clusters, all, defaultCluster),
      handler: watch.handler as EventHandler<KubeObject>,
      predicates: (watch.predicates ?? []) as readonly Predicate<KubeObject>[],
    });
  }
  return compiled;
}

/** The informer handler that runs a watch's predicates and handler and enqueues the requests. */
export function sourceHandler(
  cluster: string,
  watch: CompiledWatch,
  enqueue: (request: Request) => void,
): InformerHandler<KubeObject> {
  const dispatch = (event: ObjectEvent) => {
    if (!passes(watch.predicates, event)) return;
    for (const request of watch.handler(event)) enqueue(request);
  };
  return {
    onAdd: (object, isInInitialList) => dispatch({ type: 'create', cluster, object, isInInitialList }),
    onUpdate: (oldObject, object) => dispatch({ type: 'update', cluster, oldObject, object }),
    onDelete: (object, finalStateUnknown) => dispatch({ type: 'delete', cluster, object, finalStateUnknown }),
  };
}
