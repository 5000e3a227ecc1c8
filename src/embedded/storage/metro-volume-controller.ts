/**
 * Keeps each metro (stretched-pool) PV of this cluster linked to the one shared image, or cut off while this site
 * is fenced; see `metro-volumes.ts`. Looks again periodically, since fences are set from other clusters.
 */
import type { Logger } from 'pino';
import { PersistentVolumeKind } from '../../apiserver/builtins/index.js';
import type { ControllerOptions, Manager, Request, Result } from '../../runtime/index.js';
import { scaled } from '../agent.js';
import { isRamenCsiDriver } from '../volumes/storage-classes.js';
import { isMetroVolume, linkMetroVolume } from './metro-volumes.js';
import type { StoragePool } from './storage-pool.js';

/** How often metro links are checked again (unscaled). */
const RECHECK_MS = 30_000;

/** What the metro controller needs. */
export interface MetroVolumeControllerOptions {
  clusterName: string;
  stateDir: string;
  timeScale: number;
  pool: StoragePool;
  logger: Logger;
}

/** The metro volume controller; see the module comment. */
export function metroVolumeController(
  manager: Manager,
  options: MetroVolumeControllerOptions,
): ControllerOptions {
  return {
    name: 'metro-volume-linker',
    for: { resource: PersistentVolumeKind },
    reconciler: async (request: Request): Promise<Result> => {
      const volume = await manager.cluster().cache.get(PersistentVolumeKind, request);
      const handle = volume?.spec?.csi?.volumeHandle;
      if (volume === undefined || handle === undefined || volume.metadata.deletionTimestamp !== undefined)
        return {};
      if (!isRamenCsiDriver(volume.spec?.csi?.driver) || !isMetroVolume(volume)) return {};
      const fenced = (await options.pool.fence(options.clusterName)) !== undefined;
      await linkMetroVolume(options.pool, options.stateDir, handle, fenced);
      return { requeueAfter: scaled(RECHECK_MS, options.timeScale) };
    },
  };
}
