/**
 * Idempotent creation, the way OCM's controllers bootstrap their objects: create, and take an existing object of
 * that name as it is.
 */
import {
  type ClusterClient,
  isAlreadyExists,
  type ObjectOf,
  objectKeyOf,
  type ResourceRef,
} from '../../kube/index.js';

/** Creates `object` unless one of its name exists; returns the object on the server. */
export async function createIfAbsent<R extends ResourceRef>(
  client: ClusterClient,
  resource: R,
  object: ObjectOf<R>,
): Promise<ObjectOf<R>> {
  try {
    return await client.create(resource, object);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    return client.get(resource, objectKeyOf(object));
  }
}
