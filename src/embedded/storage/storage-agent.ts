/**
 * The replicated-storage agent of one managed cluster: creates the cluster's storage, snapshot, replication and
 * fence classes (idempotently), registers the site in the shared storage pool with a heartbeat (a stopped agent
 * marks its site unreachable, as a cluster whose mirror daemon is down), and runs the VolumeReplication,
 * VolumeGroupReplication, metro volume and NetworkFence controllers.
 */
import { type AgentContext, type AgentFactory, scaled } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { VOLUME_AGENT_TUNING } from '../volumes/volume-agent-tuning.js';
import { ensureStorageClassSet } from './ensure-classes.js';
import { metroVolumeController } from './metro-volume-controller.js';
import { networkFenceController } from './network-fence-controller.js';
import { storageClassSet } from './storage-classes.js';
import { StoragePool, storagePoolDir } from './storage-pool.js';
import { volumeGroupReplicationController } from './volume-group-replication-controller.js';
import { volumeReplicationController } from './volume-replication-controller.js';

/** How often a site beats (unscaled). */
const HEARTBEAT_MS = 10_000;
/** How long a silent site stays reachable (unscaled), never below `MIN_STALE_MS` real time. */
const STALE_MS = 60_000;
const MIN_STALE_MS = 2_000;

/** Options of `createStorageAgentFactories`. */
export interface StorageAgentOptions {
  /**
   * Create VolumeGroupReplicationClasses, which makes Ramen protect consistency groups with VolumeGroupReplications
   * (the driver serves them either way). @default true
   */
  groupReplication?: boolean;
  /** The shared pool directory for a cluster's state directory. @default storagePoolDir */
  poolDir?: (context: AgentContext) => string;
  /** The client CIDRs of each site, by cluster name, for NetworkFences naming CIDRs. @default {} */
  siteCidrs?: Readonly<Record<string, readonly string[]>>;
}

/** How long a site's heartbeat stays fresh under a time scale (real ms). */
export function siteStaleMs(timeScale: number): number {
  return Math.max(scaled(STALE_MS, timeScale), MIN_STALE_MS);
}

function createStorageAgent(context: AgentContext, options: StorageAgentOptions): ManagerAgent {
  const pool = new StoragePool(options.poolDir?.(context) ?? storagePoolDir(context.stateDir));
  const logger = context.logger.child({ agent: 'csi-replication' });
  let timer: NodeJS.Timeout | undefined;
  const beat = () => {
    pool.heartbeat(context.clusterName, context.stateDir).catch((error: unknown) => {
      logger.warn({ err: error }, 'storage pool heartbeat failed');
    });
  };
  return new ManagerAgent({
    name: 'csi-replication',
    context,
    clusters: 'cluster',
    tuning: VOLUME_AGENT_TUNING,
    setup: async (manager) => {
      await pool.heartbeat(context.clusterName, context.stateDir);
      timer = setInterval(beat, scaled(HEARTBEAT_MS, context.timeScale));
      manager.addController(
        volumeReplicationController(manager, {
          clusterName: context.clusterName,
          stateDir: context.stateDir,
          timeScale: context.timeScale,
          pool,
          staleMs: siteStaleMs(context.timeScale),
          logger,
        }),
      );
      manager.addController(
        volumeGroupReplicationController(manager, { timeScale: context.timeScale, logger }),
      );
      manager.addController(
        metroVolumeController(manager, {
          clusterName: context.clusterName,
          stateDir: context.stateDir,
          timeScale: context.timeScale,
          pool,
          logger,
        }),
      );
      manager.addController(
        networkFenceController(manager, {
          clusterName: context.clusterName,
          pool,
          ...(options.siteCidrs !== undefined && { siteCidrs: options.siteCidrs }),
          logger,
        }),
      );
      await ensureStorageClassSet(context.cluster, storageClassSet(context.clusterName, options), logger);
    },
    afterStop: async () => {
      clearInterval(timer);
      timer = undefined;
      await pool.heartbeat(context.clusterName, context.stateDir, false);
    },
  });
}

/** The replicated-storage agent factories. */
export function createStorageAgentFactories(options: StorageAgentOptions = {}): readonly AgentFactory[] {
  return [
    {
      name: 'csi-replication',
      placement: 'managed',
      create: (context) => createStorageAgent(context, options),
    },
  ];
}

/** The replicated-storage agents every managed cluster runs. */
export const storageAgentFactories: readonly AgentFactory[] = createStorageAgentFactories();
