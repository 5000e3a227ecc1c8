/**
 * The storage agent of one managed cluster: creates the embedded driver's storage classes when absent, and runs the
 * PersistentVolume controller (binding, release, reclaim), the CSI provisioner (which restores claims from
 * VolumeSnapshots when the cluster serves them) and the pv/pvc-protection controllers, all against the cluster's
 * API server.
 */
import { mkdir } from 'node:fs/promises';
import { VolumeSnapshotContentKind, VolumeSnapshotKind } from '../../api/index.js';
import { StorageClassKind } from '../../apiserver/builtins/index.js';
import { type ClusterClient, isAlreadyExists, isNotFound } from '../../kube/index.js';
import type { AgentFactory } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { claimController } from './claim-controller.js';
import { isServed } from './resource-served.js';
import {
  DEFAULT_STORAGE_CLASSES,
  type StorageClassDefinition,
  storageClassObject,
} from './storage-classes.js';
import { VOLUME_AGENT_TUNING } from './volume-agent-tuning.js';
import { volumeController } from './volume-controller.js';
import { volumesRoot } from './volume-paths.js';

/** Options of `createVolumeAgentFactories`. */
export interface VolumeAgentOptions {
  /** The classes to create on every managed cluster. @default DEFAULT_STORAGE_CLASSES */
  storageClasses?: readonly StorageClassDefinition[];
}

/** Creates every class of `definitions` that the cluster does not have yet (existing classes are left alone). */
export async function ensureStorageClasses(
  client: ClusterClient,
  definitions: readonly StorageClassDefinition[],
): Promise<void> {
  for (const definition of definitions) {
    try {
      await client.get(StorageClassKind, { name: definition.name });
      continue;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    try {
      await client.create(StorageClassKind, storageClassObject(definition));
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }
}

/** The storage agent factories, with the given classes. */
export function createVolumeAgentFactories(options: VolumeAgentOptions = {}): readonly AgentFactory[] {
  const classes = options.storageClasses ?? DEFAULT_STORAGE_CLASSES;
  return [
    {
      name: 'csi-storage',
      placement: 'managed',
      create: (context) =>
        new ManagerAgent({
          name: 'csi-storage',
          context,
          clusters: 'cluster',
          tuning: VOLUME_AGENT_TUNING,
          setup: async (manager) => {
            const snapshots = {
              snapshots: await isServed(context.cluster, VolumeSnapshotKind),
              contents: await isServed(context.cluster, VolumeSnapshotContentKind),
            };
            manager.addController(claimController(manager, { stateDir: context.stateDir, snapshots }));
            manager.addController(volumeController(manager, { stateDir: context.stateDir }));
            await mkdir(volumesRoot(context.stateDir), { recursive: true });
            await ensureStorageClasses(context.cluster, classes);
          },
        }),
    },
  ];
}

/** The storage agents every managed cluster runs (the default classes). */
export const volumeAgentFactories: readonly AgentFactory[] = createVolumeAgentFactories();
