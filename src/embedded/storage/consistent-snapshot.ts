/**
 * A point-in-time snapshot of one or more volumes shipped to a peer: what rbd does for an image (and a group of
 * images) with a mirror snapshot. The volumes are live directories that pods keep writing, so the copy proves its
 * consistency instead of freezing the writers: it starts only once no file changed for `quietMs` (older than the
 * file system's clock tick), fingerprints the volumes, stages every member's copy beside its target, and fingerprints
 * again. Equal fingerprints mean nothing changed while copying, so every staged copy is the state of all members at
 * one instant; only then are the copies committed (swapped in). Otherwise the staged copies are thrown away and the
 * attempt repeats; a group that never holds still fails the round with `SnapshotNotConsistentError` and nothing is
 * shipped — never an image mixing two instants.
 */
import { rm } from 'node:fs/promises';
import { commitStagedImage, type MirrorResult, stageImage } from './mirror-copy.js';
import { fingerprintTrees, sameFingerprint, type TreeFingerprint } from './tree-fingerprint.js';

/** One volume of a snapshot: its live directory, the peer's copy, and a staging directory beside the copy. */
export interface SnapshotMember {
  source: string;
  target: string;
  staging: string;
}

/** Tuning of `shipConsistentSnapshot`. */
export interface ConsistentSnapshotOptions {
  /** How long no file may have changed before copying starts (ms). @default 20 */
  quietMs?: number;
  /** Copy attempts before giving up. @default 8 */
  maxAttempts?: number;
  /** How long to wait for a quiet moment per attempt (ms). @default 2000 */
  maxQuietWaitMs?: number;
}

/** What a shipped snapshot holds. */
export interface ConsistentSnapshotResult extends MirrorResult {
  /** The instant the snapshot shows (ISO time). */
  time: string;
  /** Copy attempts it took (1 when the volumes held still). */
  attempts: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until no member changed for `quietMs`, and returns their fingerprint then (undefined: never quiet). */
async function quietFingerprint(
  sources: readonly string[],
  quietMs: number,
  maxWaitMs: number,
): Promise<TreeFingerprint | undefined> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const fingerprint = await fingerprintTrees(sources);
    const age = Date.now() - fingerprint.newestChangeMs;
    if (age >= quietMs) return fingerprint;
    if (Date.now() + (quietMs - age) > deadline) return undefined;
    await sleep(quietMs - age + 1);
  }
}

async function stageAll(members: readonly SnapshotMember[]): Promise<MirrorResult> {
  const total: MirrorResult = { bytes: 0, files: 0, durationMs: 0 };
  for (const member of members) {
    const result = await stageImage(member.source, member.target, member.staging);
    total.bytes += result.bytes;
    total.files += result.files;
  }
  return total;
}

async function discardStaging(members: readonly SnapshotMember[]): Promise<void> {
  for (const member of members) await rm(member.staging, { recursive: true, force: true });
}

/** Ships one consistent snapshot of `members`; see the module comment. */
export async function shipConsistentSnapshot(
  members: readonly SnapshotMember[],
  options: ConsistentSnapshotOptions = {},
): Promise<ConsistentSnapshotResult> {
  const quietMs = options.quietMs ?? 20;
  const maxAttempts = options.maxAttempts ?? 8;
  const started = Date.now();
  const sources = members.map((member) => member.source);
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const before = await quietFingerprint(sources, quietMs, options.maxQuietWaitMs ?? 2000);
    if (before === undefined) continue;
    const instant = new Date().toISOString();
    const staged = await stageAll(members);
    if (!sameFingerprint(before, await fingerprintTrees(sources))) {
      await discardStaging(members);
      continue;
    }
    for (const member of members) await commitStagedImage(member.staging, member.target);
    return { ...staged, time: instant, attempts: attempt, durationMs: Date.now() - started };
  }
  throw new SnapshotNotConsistentError(
    `the volumes never held still for ${quietMs} ms while a snapshot was copied (${maxAttempts} attempts); ` +
      'nothing was shipped, the next interval tries again',
  );
}

/** The volumes kept changing during every copy attempt: no consistent snapshot this round. */
export class SnapshotNotConsistentError extends Error {
  override readonly name = 'SnapshotNotConsistentError';
}
