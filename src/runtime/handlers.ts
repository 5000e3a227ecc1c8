/**
 * Event handlers turn an object event into the requests to reconcile, as controller-runtime's `handler` package
 * does: the object itself (`enqueueRequestForObject`), its owners of a given kind (`enqueueRequestForOwner`, through
 * ownerReferences, which never cross clusters or namespaces), or whatever a mapping function says
 * (`enqueueRequestsFromMapFunc`, e.g. across clusters by label). An update maps both the old and the new object,
 * so a changed owner or label reconciles both the former and the current target.
 */
import type { KubeObject, ResourceRef } from '../kube/index.js';
import type { ObjectEvent } from './object-event.js';
import { type Request, requestFor } from './reconcile.js';

/** Maps an event to the requests it should reconcile. */
export type EventHandler<T extends KubeObject = KubeObject> = (event: ObjectEvent<T>) => Request[];

/** Maps an object (seen in `cluster`) to requests. */
export type MapFunction<T extends KubeObject = KubeObject> = (object: T, cluster: string) => Request[];

/** The objects an event concerns: the new and, for updates, also the old one (unless it is the same object). */
function objectsOf<T extends KubeObject>(event: ObjectEvent<T>): T[] {
  return event.type === 'update' && event.oldObject !== event.object
    ? [event.oldObject, event.object]
    : [event.object];
}

/** Reconciles the object the event is about. */
export function enqueueRequestForObject<T extends KubeObject = KubeObject>(): EventHandler<T> {
  return (event) => [requestFor(event.cluster, event.object)];
}

/** Options of `enqueueRequestForOwner`. */
export interface OwnerHandlerOptions {
  /** Only the owner marked `controller: true`. @default false */
  onlyController?: boolean;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Reconciles the owners of kind `owner` named in the object's ownerReferences. */
export function enqueueRequestForOwner<T extends KubeObject = KubeObject>(
  owner: ResourceRef,
  options: OwnerHandlerOptions = {},
): EventHandler<T> {
  return (event) => {
    const requests: Request[] = [];
    for (const object of objectsOf(event)) {
      for (const ref of object.metadata.ownerReferences ?? []) {
        if (ref.kind !== owner.kind || groupOf(ref.apiVersion) !== owner.group) continue;
        if (options.onlyController && !ref.controller) continue;
        const namespace = owner.scope === 'Namespaced' ? object.metadata.namespace : undefined;
        requests.push(
          namespace
            ? { cluster: event.cluster, namespace, name: ref.name }
            : { cluster: event.cluster, name: ref.name },
        );
      }
    }
    return requests;
  };
}

/** Reconciles whatever `map` returns for the object (and, on updates, for its old state). */
export function enqueueRequestsFromMapFunc<T extends KubeObject = KubeObject>(
  map: MapFunction<T>,
): EventHandler<T> {
  return (event) => objectsOf(event).flatMap((object) => map(object, event.cluster));
}
