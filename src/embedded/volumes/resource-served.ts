/**
 * Whether a cluster serves a kind. The embedded agents add a controller only when the cluster has its CRD (the
 * snapshot kinds, VolSync's), and the provisioner restores claims from VolumeSnapshots only where they are served,
 * so a cluster without those CRDs runs without them.
 */
import { type ClusterClient, isNotFound, type ResourceRef } from '../../kube/index.js';

/** Whether the cluster serves `resource` (a list answers rather than 404). */
export async function isServed(client: ClusterClient, resource: ResourceRef): Promise<boolean> {
  try {
    await client.list(resource, { limit: 1 });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
