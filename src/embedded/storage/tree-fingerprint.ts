/**
 * A cheap fingerprint of directory trees (every entry's path, type, inode, size, modification and change times, in
 * nanoseconds), used to prove that volumes held still while a snapshot of them was copied: if the fingerprint taken
 * before the copy equals the one taken after, no file was written, created, removed or renamed in between, so the
 * copy is the volumes' state at one instant (crash-consistent, like a storage system's group snapshot).
 *
 * File systems stamp times from a coarse clock (a few milliseconds), so a write in the same tick as an earlier one
 * could leave the times unchanged; `newestChangeMs` lets the caller wait until every file is older than a tick
 * before it takes the first fingerprint.
 */
import type { BigIntStats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The fingerprint of some trees. */
export interface TreeFingerprint {
  /** Per path: `type:inode:size:mtimeNs:ctimeNs`. */
  entries: Map<string, string>;
  /** The newest change time of any entry (epoch ms), or 0 for empty trees. */
  newestChangeMs: number;
}

async function lstatOrUndefined(path: string): Promise<BigIntStats | undefined> {
  try {
    return await lstat(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function entryOf(stats: BigIntStats): string {
  const type = stats.isDirectory() ? 'd' : stats.isSymbolicLink() ? 'l' : stats.isFile() ? 'f' : 'o';
  return `${type}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

async function walk(path: string, fingerprint: TreeFingerprint): Promise<void> {
  const stats = await lstatOrUndefined(path);
  if (stats === undefined) return;
  fingerprint.entries.set(path, entryOf(stats));
  fingerprint.newestChangeMs = Math.max(
    fingerprint.newestChangeMs,
    Number(stats.ctimeNs / 1_000_000n),
    Number(stats.mtimeNs / 1_000_000n),
  );
  if (!stats.isDirectory()) return;
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) await walk(join(path, name), fingerprint);
}

/** Fingerprints the trees rooted at `roots` (a missing root contributes nothing). */
export async function fingerprintTrees(roots: readonly string[]): Promise<TreeFingerprint> {
  const fingerprint: TreeFingerprint = { entries: new Map(), newestChangeMs: 0 };
  for (const root of roots) await walk(root, fingerprint);
  return fingerprint;
}

/** Whether two fingerprints describe the same trees. */
export function sameFingerprint(a: TreeFingerprint, b: TreeFingerprint): boolean {
  if (a.entries.size !== b.entries.size) return false;
  for (const [path, entry] of a.entries) if (b.entries.get(path) !== entry) return false;
  return true;
}
