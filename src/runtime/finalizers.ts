/**
 * Finalizer helpers, as controller-runtime's `controllerutil.AddFinalizer`/`RemoveFinalizer`, but writing for you:
 * each is idempotent (no write when there is nothing to change) and patches `metadata.finalizers` with the object's
 * resourceVersion as a precondition, so a stale copy fails with `ConflictError` (and the reconcile is retried)
 * instead of overwriting another writer's finalizers.
 */
import type { ClusterClient, KubeObject, ObjectOf, ResourceRef } from '../kube/index.js';
import { objectKeyOf } from '../kube/index.js';

/** Whether the object carries the finalizer. */
export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return object.metadata.finalizers?.includes(finalizer) ?? false;
}

/** Whether the object is being deleted (it has a deletionTimestamp and waits for finalizers). */
export function isBeingDeleted(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp);
}

async function patchFinalizers<R extends ResourceRef>(
  client: ClusterClient,
  resource: R,
  object: ObjectOf<R>,
  finalizers: string[],
): Promise<ObjectOf<R>> {
  return client.patch(resource, objectKeyOf(object), {
    type: 'merge',
    patch: { metadata: { resourceVersion: object.metadata.resourceVersion, finalizers } },
  });
}

/** Adds the finalizer unless present; returns the object as written (or as given when nothing changed). */
export async function addFinalizer<R extends ResourceRef>(
  client: ClusterClient,
  resource: R,
  object: ObjectOf<R>,
  finalizer: string,
): Promise<ObjectOf<R>> {
  if (hasFinalizer(object, finalizer)) return object;
  return patchFinalizers(client, resource, object, [...(object.metadata.finalizers ?? []), finalizer]);
}

/** Removes the finalizer if present; returns the object as written (or as given when nothing changed). */
export async function removeFinalizer<R extends ResourceRef>(
  client: ClusterClient,
  resource: R,
  object: ObjectOf<R>,
  finalizer: string,
): Promise<ObjectOf<R>> {
  if (!hasFinalizer(object, finalizer)) return object;
  const rest = (object.metadata.finalizers ?? []).filter((name) => name !== finalizer);
  return patchFinalizers(client, resource, object, rest);
}
