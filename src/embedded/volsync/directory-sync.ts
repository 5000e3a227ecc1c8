/**
 * The built-in incremental copy the movers use when no `rsync` binary is installed, with rsync's quick check: a
 * regular file is copied when its size or modification time differs, files and directories that vanished from the
 * source are deleted, symbolic links are recreated, and the copy keeps modification times so the next run can skip
 * what did not change. `copyTree` is the full point-in-time copy snapshots are made of.
 */
import { copyFile, lstat, mkdir, readdir, readlink, rm, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/** What one synchronization did, in rsync's terms. */
export interface SyncStats {
  /** Regular files copied (new or changed). */
  filesTransferred: number;
  /** Bytes of the copied files. */
  bytesTransferred: number;
  /** Entries removed from the destination because the source no longer has them. */
  filesDeleted: number;
  /** Regular files in the source. */
  totalFiles: number;
}

/** An empty `SyncStats`. */
export function emptyStats(): SyncStats {
  return { filesTransferred: 0, bytesTransferred: 0, filesDeleted: 0, totalFiles: 0 };
}

type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

async function entryKind(path: string): Promise<EntryKind | undefined> {
  try {
    const info = await lstat(path);
    if (info.isFile()) return 'file';
    if (info.isDirectory()) return 'directory';
    if (info.isSymbolicLink()) return 'symlink';
    return 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Makes `destination` an incremental copy of `source` (both directories); returns what was done. */
export async function syncDirectories(source: string, destination: string): Promise<SyncStats> {
  const stats = emptyStats();
  await mkdir(destination, { recursive: true });
  await syncDirectory(source, destination, stats);
  return stats;
}

async function syncDirectory(source: string, destination: string, stats: SyncStats): Promise<void> {
  const names = new Set(await readdir(source));
  for (const name of await readdir(destination)) {
    if (!names.has(name)) {
      await rm(join(destination, name), { recursive: true, force: true });
      stats.filesDeleted += 1;
    }
  }
  for (const name of [...names].sort()) {
    await syncEntry(join(source, name), join(destination, name), stats);
  }
}

async function syncEntry(from: string, to: string, stats: SyncStats): Promise<void> {
  const kind = await entryKind(from);
  if (kind === undefined || kind === 'other') return;
  const existing = await entryKind(to);
  if (existing !== undefined && existing !== kind) {
    await rm(to, { recursive: true, force: true });
    stats.filesDeleted += 1;
  }
  if (kind === 'directory') {
    await mkdir(to, { recursive: true });
    await syncDirectory(from, to, stats);
    const info = await lstat(from);
    await utimes(to, info.atime, info.mtime);
  } else if (kind === 'symlink') {
    const target = await readlink(from);
    if (existing === 'symlink' && (await readlink(to)) === target) return;
    await rm(to, { force: true });
    await symlink(target, to);
  } else {
    stats.totalFiles += 1;
    await syncFile(from, to, existing === 'file', stats);
  }
}

async function syncFile(from: string, to: string, present: boolean, stats: SyncStats): Promise<void> {
  const info = await lstat(from);
  if (present) {
    const current = await lstat(to);
    // Times are set through a float of seconds, so the copy's may differ below a millisecond.
    if (current.size === info.size && Math.abs(current.mtimeMs - info.mtimeMs) < 1) return;
  }
  await copyFile(from, to);
  await utimes(to, info.atime, info.mtime);
  stats.filesTransferred += 1;
  stats.bytesTransferred += info.size;
}

/** Copies `source` to a new directory `destination` (which must not exist yet), keeping modification times. */
export async function copyTree(source: string, destination: string): Promise<SyncStats> {
  return syncDirectories(source, destination);
}

/** The total bytes of the regular files under `directory`. */
export async function directoryBytes(directory: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(directory)) {
    const path = join(directory, name);
    const info = await lstat(path);
    if (info.isDirectory()) total += await directoryBytes(path);
    else if (info.isFile()) total += info.size;
  }
  return total;
}
