/**
 * Creating a volume directory that starts with data (restored from a snapshot, cloned from another volume): the
 * source is copied into a staging directory beside the volume directory, which is renamed into place only once the
 * copy is complete. A volume directory therefore either does not exist or is whole: a crash mid-copy leaves only a
 * staging directory (removed by the next attempt), never a half-filled volume that looks provisioned.
 */
import { cp, lstat, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Copying a data source into a new volume failed. */
export class VolumePopulationError extends Error {
  override readonly name = 'VolumePopulationError';
}

/**
 * The staging directory of a volume directory. Its name starts with a dot, which no volume handle may
 * (see `volumeDirectory`), so it never collides with a volume.
 */
export function stagingDirectoryFor(volumeDirectory: string): string {
  return join(dirname(volumeDirectory), `.populating-${basename(volumeDirectory)}`);
}

/** Whether a path exists (without following a final symbolic link). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Files, directories and symbolic links are copied; sockets, pipes and devices are not volume data. */
async function isVolumeData(path: string): Promise<boolean> {
  const info = await lstat(path);
  return info.isFile() || info.isDirectory() || info.isSymbolicLink();
}

/**
 * Makes `volumeDirectory` a copy of `sourceDirectory` (keeping modification times and symbolic links as they are),
 * unless it exists already: an existing volume directory is a completed earlier population.
 */
export async function populateVolume(sourceDirectory: string, volumeDirectory: string): Promise<void> {
  if (await pathExists(volumeDirectory)) return;
  const staging = stagingDirectoryFor(volumeDirectory);
  await rm(staging, { recursive: true, force: true });
  try {
    await cp(sourceDirectory, staging, {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true,
      errorOnExist: true,
      force: false,
      filter: (source) => isVolumeData(source),
    });
    await rename(staging, volumeDirectory);
  } catch (error) {
    throw new VolumePopulationError(`cannot fill volume ${volumeDirectory} from ${sourceDirectory}`, {
      cause: error,
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
