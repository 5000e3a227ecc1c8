/**
 * One snapshot transfer of a mirrored image: the source directory is copied into a staging directory beside the
 * target, and the staging directory then replaces the target with two renames, so the target always holds one whole
 * snapshot (never a half-copied mix). Only changed files travel: a file whose size and modification time equal the
 * target's copy is hard-linked from the current target instead (copies keep the source's modification time, so
 * the next transfer recognises them). The bytes of the files that travelled are counted.
 */

import type { Stats } from 'node:fs';
import {
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  utimes,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What one transfer did. */
export interface MirrorResult {
  /** Bytes of the files copied (unchanged files are not counted). */
  bytes: number;
  /** Files copied. */
  files: number;
  durationMs: number;
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function unchanged(source: Stats, target: Stats | undefined): boolean {
  return (
    target?.isFile() === true &&
    target.size === source.size &&
    // utimes goes through floating-point seconds: equal within a millisecond is equal.
    Math.abs(target.mtimeMs - source.mtimeMs) < 1
  );
}

async function copyTree(
  source: string,
  previous: string,
  staging: string,
  result: MirrorResult,
): Promise<void> {
  await mkdir(staging, { recursive: true });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const before = join(previous, entry.name);
    const to = join(staging, entry.name);
    if (entry.isDirectory()) {
      await copyTree(from, before, to, result);
    } else if (entry.isSymbolicLink()) {
      await symlink(await readlink(from), to);
    } else if (entry.isFile()) {
      await copyFileIfChanged(from, before, to, result);
    }
  }
}

async function copyFileIfChanged(
  from: string,
  before: string,
  to: string,
  result: MirrorResult,
): Promise<void> {
  let source: Stats;
  try {
    source = await stat(from);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // removed while copying
    throw error;
  }
  if (unchanged(source, await statOrUndefined(before))) {
    try {
      await link(before, to);
      return;
    } catch {
      // fall through to a copy (another file system, or the file went away)
    }
  }
  await copyFile(from, to);
  await utimes(to, source.atime, source.mtime);
  result.bytes += source.size;
  result.files += 1;
}

/**
 * Replaces `target` with a snapshot of `source`, staging in `staging` (same file system as `target`); see the
 * module comment. A missing source counts as an empty image.
 */
export async function mirrorImage(source: string, target: string, staging: string): Promise<MirrorResult> {
  const started = Date.now();
  const result: MirrorResult = { bytes: 0, files: 0, durationMs: 0 };
  await rm(staging, { recursive: true, force: true });
  await mkdir(dirname(staging), { recursive: true });
  if ((await statOrUndefined(source)) === undefined) await mkdir(staging);
  else await copyTree(source, target, staging, result);
  const retired = `${staging}.retired`;
  await rm(retired, { recursive: true, force: true });
  const hadTarget = (await statOrUndefined(target)) !== undefined;
  await mkdir(dirname(target), { recursive: true });
  if (hadTarget) await rename(target, retired);
  await rename(staging, target);
  if (hadTarget) await rm(retired, { recursive: true, force: true });
  result.durationMs = Date.now() - started;
  return result;
}
