/**
 * One snapshot transfer of a mirrored image, in two steps. Staging copies the source directory into a staging
 * directory beside the target; committing then replaces the target with the staging directory by two renames, so
 * the target always holds one whole snapshot (never a half-copied mix); a caller may stage several images first
 * and commit them together.
 *
 * Only changes travel. A file whose size and modification time equal the previous copy's is hard-linked from the
 * previous target (copies keep the source's modification time, so the next transfer recognises them). A changed
 * file of at least 1 MiB that has a previous copy is cloned locally from that copy (the peer's own data, not
 * transferred) and brought up to date block by block (see block-delta.ts), so only its differing 4 KiB blocks
 * travel. Small and new files are copied whole. The bytes that travelled are counted.
 */

import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import {
  chmod,
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
import { applyBlockDelta } from './block-delta.js';
import { runInLanes } from './in-lanes.js';
import { copyWholeFile } from './whole-file-copy.js';

/** What one transfer did. */
export interface MirrorResult {
  /** Bytes that travelled: whole copied files plus the changed blocks of delta-copied ones. */
  bytes: number;
  /** Files copied, whole or by delta (unchanged, hard-linked files are not counted). */
  files: number;
  durationMs: number;
}

/** Changed files from this size up travel as a block delta against their previous copy. */
export const DELTA_MIN_BYTES = 1 << 20;

/**
 * Files staged at once: on a 2-core machine three kept the copying busy where two did not, and four would take
 * every thread of libuv's pool.
 */
const FILES_IN_FLIGHT = 3;

/** One lane's buffer: the chunk of a whole-file copy, or the two chunks of a block delta. */
const LANE_BUFFER_BYTES = 4 << 20;

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function unchanged(source: Stats, previous: Stats | undefined): boolean {
  return (
    previous?.isFile() === true &&
    previous.size === source.size &&
    // utimes goes through floating-point seconds: equal within a millisecond is equal.
    Math.abs(previous.mtimeMs - source.mtimeMs) < 1
  );
}

/** Hard-links the previous copy; false when that cannot be done (another file system, or it went away). */
async function tryLink(previous: string, to: string): Promise<boolean> {
  try {
    await link(previous, to);
    return true;
  } catch {
    return false;
  }
}

/** A regular file of the source to stage: where it is, its previous copy, and where its staged copy goes. */
interface FileToStage {
  from: string;
  before: string;
  to: string;
}

/** Clones the previous copy locally and writes the differing blocks; returns the bytes that travelled. */
async function stageDelta(
  file: FileToStage,
  source: Stats,
  previous: Stats,
  buffer: Buffer,
): Promise<number> {
  await copyFile(file.before, file.to, constants.COPYFILE_FICLONE);
  const { bytesWritten } = await applyBlockDelta(file.from, file.to, buffer);
  if ((previous.mode & 0o7777) !== (source.mode & 0o7777)) await chmod(file.to, source.mode & 0o7777);
  return bytesWritten;
}

async function stageFile(file: FileToStage, laneBuffer: () => Buffer, result: MirrorResult): Promise<void> {
  let source: Stats;
  try {
    source = await stat(file.from);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // removed while copying
    throw error;
  }
  const previous = await statOrUndefined(file.before);
  if (unchanged(source, previous) && (await tryLink(file.before, file.to))) return;
  const bytes =
    previous?.isFile() === true && source.size >= DELTA_MIN_BYTES
      ? await stageDelta(file, source, previous, laneBuffer())
      : await copyWholeFile(file.from, file.to, source.mode & 0o7777, laneBuffer());
  await utimes(file.to, source.atime, source.mtime);
  result.bytes += bytes;
  result.files += 1;
}

/** Creates the staged directories and symbolic links, and lists the regular files to stage. */
async function planTree(
  source: string,
  previous: string,
  staging: string,
  files: FileToStage[],
): Promise<void> {
  await mkdir(staging, { recursive: true });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const before = join(previous, entry.name);
    const to = join(staging, entry.name);
    if (entry.isDirectory()) {
      await planTree(from, before, to, files);
    } else if (entry.isSymbolicLink()) {
      await symlink(await readlink(from), to);
    } else if (entry.isFile()) {
      files.push({ from, before, to });
    }
  }
}

async function stageTree(
  source: string,
  previous: string,
  staging: string,
  result: MirrorResult,
): Promise<void> {
  const files: FileToStage[] = [];
  await planTree(source, previous, staging, files);
  await runInLanes(files, FILES_IN_FLIGHT, () => {
    // Allocated on the first copy only: most transfers of a small volume copy nothing or a file or two.
    let buffer: Buffer | undefined;
    const laneBuffer = () => {
      buffer ??= Buffer.allocUnsafe(LANE_BUFFER_BYTES);
      return buffer;
    };
    return (file) => stageFile(file, laneBuffer, result);
  });
}

/**
 * Builds a snapshot of `source` in `staging` (replacing whatever was there), reusing `previous` — the current
 * target, possibly absent, on the same file system as `staging` — for unchanged files and as the base of block
 * deltas; see the module comment. A missing source stages an empty image. `previous` is left untouched.
 */
export async function stageImage(source: string, previous: string, staging: string): Promise<MirrorResult> {
  const started = Date.now();
  const result: MirrorResult = { bytes: 0, files: 0, durationMs: 0 };
  await rm(staging, { recursive: true, force: true });
  await mkdir(dirname(staging), { recursive: true });
  if ((await statOrUndefined(source)) === undefined) await mkdir(staging);
  else await stageTree(source, previous, staging, result);
  result.durationMs = Date.now() - started;
  return result;
}

/**
 * Swaps a staged snapshot into `target` with two renames (target aside, staging in) and removes the retired copy,
 * so `target` holds either the old or the new snapshot whole.
 */
export async function commitStagedImage(staging: string, target: string): Promise<void> {
  const retired = `${staging}.retired`;
  await rm(retired, { recursive: true, force: true });
  const hadTarget = (await statOrUndefined(target)) !== undefined;
  await mkdir(dirname(target), { recursive: true });
  if (hadTarget) await rename(target, retired);
  await rename(staging, target);
  if (hadTarget) await rm(retired, { recursive: true, force: true });
}

/**
 * Replaces `target` with a snapshot of `source`, staging in `staging` (same file system as `target`): stageImage
 * against the current target, then commitStagedImage. A missing source counts as an empty image.
 */
export async function mirrorImage(source: string, target: string, staging: string): Promise<MirrorResult> {
  const started = Date.now();
  const result = await stageImage(source, target, staging);
  await commitStagedImage(staging, target);
  result.durationMs = Date.now() - started;
  return result;
}
