/**
 * Metro volumes: a volume of the stretched pool has one image that every site reaches, so each site's volume
 * directory (`<stateDir>/volumes/<handle>`) is a symbolic link to `<pool>/stretched/<handle>`. A directory the
 * provisioner (or kubelet) made first is moved into the pool when the pool has no image yet, or dropped when empty.
 *
 * Fencing (csi-addons NetworkFence) cuts a site off the stretched pool: its links point to a path that never exists,
 * so every later open, read or write of the fenced site's metro volumes fails (ENOENT), much as I/O from fenced
 * client addresses fails on Ceph. chmod would not do: agents run as root, which ignores permission bits. Files a
 * writer already holds open stay usable (a real fence would cut those too). Unfencing restores the links.
 */
import { lstat, mkdir, readdir, readlink, rename, rmdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PersistentVolume } from '../../apiserver/builtins/index.js';
import { volumeDirectory, volumesRoot } from '../volumes/volume-paths.js';
import { METRO_POOL } from './storage-classes.js';
import type { StoragePool } from './storage-pool.js';

/** Both the site's directory and the stretched image hold data: neither is thrown away. */
export class MetroImageConflictError extends Error {
  override readonly name = 'MetroImageConflictError';
}

/** Whether a PV lives on the stretched pool. */
export function isMetroVolume(volume: PersistentVolume): boolean {
  return volume.spec?.csi?.volumeAttributes?.pool === METRO_POOL;
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Points `path` at `target`, replacing a link atomically. */
async function pointLink(path: string, target: string): Promise<void> {
  const temporary = `${path}.link-${process.pid}`;
  await symlink(target, temporary);
  await rename(temporary, path);
}

/** Makes a site's volume directory of a metro volume link to the stretched image (or nowhere when fenced). */
export async function linkMetroVolume(
  pool: StoragePool,
  stateDir: string,
  handle: string,
  fenced: boolean,
): Promise<void> {
  const local = volumeDirectory(stateDir, handle);
  const shared = pool.stretchedImage(handle);
  const wanted = fenced ? pool.fencedImage(handle) : shared;
  const current = await lstatOrUndefined(local);
  if (current?.isSymbolicLink() && (await readlink(local)) === wanted) return;
  if (current?.isDirectory()) {
    if ((await lstatOrUndefined(shared)) === undefined) {
      await mkdir(dirname(shared), { recursive: true });
      await rename(local, shared);
    } else if ((await readdir(local)).length === 0) {
      await rmdir(local);
    } else {
      throw new MetroImageConflictError(`${local} and the stretched image ${shared} both hold data`);
    }
  }
  await mkdir(shared, { recursive: true });
  await mkdir(dirname(local), { recursive: true });
  await pointLink(local, wanted);
}

/** Re-points every metro volume link of a site (fencing or unfencing it). */
export async function relinkSite(pool: StoragePool, stateDir: string, fenced: boolean): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(volumesRoot(stateDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let count = 0;
  for (const handle of entries) {
    const path = join(volumesRoot(stateDir), handle);
    if (!(await lstatOrUndefined(path))?.isSymbolicLink()) continue;
    const target = await readlink(path);
    if (target !== pool.stretchedImage(handle) && target !== pool.fencedImage(handle)) continue;
    await pointLink(path, fenced ? pool.fencedImage(handle) : pool.stretchedImage(handle));
    count += 1;
  }
  return count;
}
