/**
 * The event a watch source hands to predicates and handlers: an informer callback plus the cluster it came from
 * (controller-runtime's `event.CreateEvent`/`UpdateEvent`/`DeleteEvent`, with multicluster-runtime's cluster).
 */
import type { KubeObject } from '../kube/index.js';

/** A new object (or, on start, an existing one). */
export interface CreateEvent<T extends KubeObject = KubeObject> {
  type: 'create';
  cluster: string;
  object: T;
  /** True while the initial list is delivered. */
  isInInitialList: boolean;
}

/** A changed object; `oldObject === object` on a periodic resync. */
export interface UpdateEvent<T extends KubeObject = KubeObject> {
  type: 'update';
  cluster: string;
  oldObject: T;
  object: T;
}

/** A deleted object (its last known state). */
export interface DeleteEvent<T extends KubeObject = KubeObject> {
  type: 'delete';
  cluster: string;
  object: T;
  /** True when the deletion was inferred by a re-list after missed events. */
  finalStateUnknown: boolean;
}

/** Any object event. */
export type ObjectEvent<T extends KubeObject = KubeObject> = CreateEvent<T> | UpdateEvent<T> | DeleteEvent<T>;
