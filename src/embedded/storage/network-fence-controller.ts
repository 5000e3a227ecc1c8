/**
 * The csi-addons NetworkFence controller with the embedded driver's fencing RPCs: a NetworkFence (created by Ramen
 * on the surviving cluster) with `fenceState: Fenced` cuts the sites it names off the stretched pool; `Unfenced`, or
 * deleting the fence, restores them. A site is named by the fence's `clusterID` parameter (Ramen copies the
 * DRCluster's storage cluster id there; the embedded storage uses the cluster name) or by a CIDR the site
 * registered. The fencing cluster re-points the fenced site's links itself, so fencing works while that site is down.
 */
import type { Logger } from 'pino';
import {
  type NetworkFence,
  NetworkFenceClassKind,
  NetworkFenceKind,
  type NetworkFenceStatus,
} from '../../api/index.js';
import { isNotFound } from '../../kube/index.js';
import {
  addFinalizer,
  type ControllerOptions,
  hasFinalizer,
  isBeingDeleted,
  type Manager,
  type Request,
  removeFinalizer,
  setCondition,
} from '../../runtime/index.js';
import { isRamenCsiDriver } from '../volumes/storage-classes.js';
import { relinkSite } from './metro-volumes.js';
import type { StoragePool } from './storage-pool.js';

/** The finalizer that unfences when a NetworkFence is deleted. */
export const NETWORK_FENCE_FINALIZER = 'csiaddons.openshift.io/network-fence';

/** What the fence controller needs. */
export interface NetworkFenceControllerOptions {
  clusterName: string;
  pool: StoragePool;
  /** The CIDRs each site's clients use, by cluster name. @default {} */
  siteCidrs?: Readonly<Record<string, readonly string[]>>;
  logger: Logger;
}

/** The NetworkFence controller; see the module comment. */
export function networkFenceController(
  manager: Manager,
  options: NetworkFenceControllerOptions,
): ControllerOptions {
  const cluster = () => manager.cluster();

  const driverOf = async (fence: NetworkFence): Promise<string | undefined> => {
    if (fence.spec.driver) return fence.spec.driver;
    const name = fence.spec.networkFenceClassName;
    if (!name) return undefined;
    return (await cluster().cache.get(NetworkFenceClassKind, { name }))?.spec?.provisioner;
  };

  const targets = async (fence: NetworkFence): Promise<string[]> => {
    const clusterId = fence.spec.parameters?.clusterID;
    const cidrs = new Set(fence.spec.cidrs);
    const names: string[] = [];
    for (const site of (await options.pool.sites()).keys()) {
      if (site === options.clusterName) continue;
      const siteCidrs = options.siteCidrs?.[site] ?? [];
      if (site === clusterId || siteCidrs.some((cidr) => cidrs.has(cidr))) names.push(site);
    }
    return names.sort();
  };

  const apply = async (fence: NetworkFence, sites: readonly string[], fenced: boolean): Promise<void> => {
    for (const site of sites) {
      if (fenced) {
        await options.pool.setFence(site, {
          fencedBy: options.clusterName,
          fence: fence.metadata.name ?? '',
          since: new Date().toISOString(),
        });
      } else {
        const record = await options.pool.fence(site);
        if (record?.fence !== fence.metadata.name || record?.fencedBy !== options.clusterName) continue;
        await options.pool.removeFence(site);
      }
      const registration = await options.pool.site(site);
      if (registration !== undefined) {
        const count = await relinkSite(options.pool, registration.stateDir, fenced);
        options.logger.info({ site, fenced, volumes: count }, 'network fence applied');
      }
    }
  };

  const writeStatus = async (fence: NetworkFence, status: NetworkFenceStatus): Promise<void> => {
    if (JSON.stringify(status) === JSON.stringify(fence.status)) return;
    await cluster().client.updateStatus(NetworkFenceKind, { ...fence, status });
  };

  return {
    name: 'networkfence',
    for: { resource: NetworkFenceKind },
    reconciler: async (request: Request) => {
      const fence = await cluster().cache.get(NetworkFenceKind, request);
      if (fence === undefined || !isRamenCsiDriver(await driverOf(fence))) return {};
      const sites = await targets(fence);
      if (isBeingDeleted(fence)) {
        if (!hasFinalizer(fence, NETWORK_FENCE_FINALIZER)) return {};
        await apply(fence, sites, false);
        try {
          await removeFinalizer(cluster().client, NetworkFenceKind, fence, NETWORK_FENCE_FINALIZER);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        return {};
      }
      const current = await addFinalizer(cluster().client, NetworkFenceKind, fence, NETWORK_FENCE_FINALIZER);
      const fenced = (current.spec.fenceState ?? 'Fenced') === 'Fenced';
      const conditions = structuredClone(current.status?.conditions ?? []);
      if (sites.length === 0) {
        const message = 'no storage site matches the fence CIDRs or clusterID';
        setCondition(conditions, {
          type: 'Fenced',
          status: 'False',
          reason: 'FenceFailed',
          message,
          observedGeneration: current.metadata.generation,
        });
        await writeStatus(current, { result: 'Failed', message, conditions });
        return {};
      }
      await apply(current, sites, fenced);
      const message = `${fenced ? 'fenced' : 'unfenced'} ${sites.join(', ')}`;
      setCondition(conditions, {
        type: 'Fenced',
        status: fenced ? 'True' : 'False',
        reason: fenced ? 'FenceOperationSucceeded' : 'UnfenceOperationSucceeded',
        message,
        observedGeneration: current.metadata.generation,
      });
      await writeStatus(current, { result: 'Succeeded', message, conditions });
      return {};
    },
  };
}
