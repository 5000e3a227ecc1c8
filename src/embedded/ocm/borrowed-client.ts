/**
 * A `ClusterClient` an agent borrows from the environment. The runtime's manager closes its clients when it stops,
 * but the environment shares one client per cluster among all agents, so an agent's manager must not release the
 * connections its siblings still use: this wrapper delegates everything except `close`.
 */
import type { ClusterClient } from '../../kube/index.js';

/** The same client, with `close()` left to its owner. */
export function borrowClient(client: ClusterClient): ClusterClient {
  return {
    name: client.name,
    get: (resource, key, options) => client.get(resource, key, options),
    list: (resource, options) => client.list(resource, options),
    create: (resource, object, options) => client.create(resource, object, options),
    update: (resource, object, options) => client.update(resource, object, options),
    updateStatus: (resource, object, options) => client.updateStatus(resource, object, options),
    patch: (resource, key, patch, options) => client.patch(resource, key, patch, options),
    delete: (resource, key, options) => client.delete(resource, key, options),
    watch: (resource, options, onEvent) => client.watch(resource, options, onEvent),
    observeRequests: (listener) => client.observeRequests(listener),
    close: () => {},
  };
}
