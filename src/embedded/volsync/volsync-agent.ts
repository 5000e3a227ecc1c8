/**
 * The agents of a managed cluster that stand in for the CSI snapshot controller (with the embedded driver's
 * snapshotter) and for VolSync's rsync-TLS movers. Restoring a claim from a snapshot is the provisioner's work
 * (src/embedded/volumes), as with a real CSI driver. Each controller is added only when the cluster serves its
 * kinds, so a cluster without the snapshot or VolSync CRDs runs without them. When the movers stop, the cluster's
 * destinations go offline in the transfer area (see transfer-area.ts).
 */
import { mkdir } from 'node:fs/promises';
import {
  ReplicationDestinationKind,
  ReplicationSourceKind,
  VolumeSnapshotContentKind,
  VolumeSnapshotKind,
} from '../../api/index.js';
import type { AgentFactory } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { isServed } from '../volumes/resource-served.js';
import { snapshotsRoot } from '../volumes/snapshot-paths.js';
import { VOLUME_AGENT_TUNING } from '../volumes/volume-agent-tuning.js';
import { destinationController } from './destination-controller.js';
import { transferRoot } from './paths.js';
import { createDataMover, type MoverMode } from './rsync-mover.js';
import { snapshotController } from './snapshot-controller.js';
import { sourceController } from './source-controller.js';
import { markClusterOffline } from './transfer-area.js';

/** Options of `createVolSyncAgentFactories`. */
export interface VolSyncAgentOptions {
  /** Which data mover the sources use. @default 'auto' (rsync when installed) */
  mover?: MoverMode;
}

/** The snapshot and VolSync agent factories. */
export function createVolSyncAgentFactories(options: VolSyncAgentOptions = {}): readonly AgentFactory[] {
  return [
    {
      name: 'csi-snapshotter',
      placement: 'managed',
      create: (context) =>
        new ManagerAgent({
          name: 'csi-snapshotter',
          context,
          clusters: 'cluster',
          tuning: VOLUME_AGENT_TUNING,
          setup: async (manager) => {
            await mkdir(snapshotsRoot(context.stateDir), { recursive: true });
            if (!(await isServed(context.cluster, VolumeSnapshotKind))) return;
            const contentServed = await isServed(context.cluster, VolumeSnapshotContentKind);
            manager.addController(snapshotController(manager, { stateDir: context.stateDir, contentServed }));
          },
        }),
    },
    {
      name: 'volsync-movers',
      placement: 'managed',
      create: (context) =>
        new ManagerAgent({
          name: 'volsync-movers',
          context,
          clusters: 'cluster',
          tuning: VOLUME_AGENT_TUNING,
          afterStop: () => markClusterOffline(context.stateDir, context.clusterName),
          setup: async (manager) => {
            await mkdir(transferRoot(context.stateDir), { recursive: true });
            const stateDir = context.stateDir;
            if (await isServed(context.cluster, ReplicationDestinationKind)) {
              manager.addController(destinationController(manager, { stateDir }));
            }
            if (await isServed(context.cluster, ReplicationSourceKind)) {
              const mover = await createDataMover(options.mover);
              manager.addController(
                sourceController(manager, { stateDir, timeScale: context.timeScale, mover }),
              );
            }
          },
        }),
    },
  ];
}

/** The snapshot and VolSync agents every managed cluster runs (rsync when installed). */
export const volsyncAgentFactories: readonly AgentFactory[] = createVolSyncAgentFactories();
