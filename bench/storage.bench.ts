/**
 * Volume replication transfer cost, on a 1 GiB image of 256 random 4 MiB files (16 directories of 16) under the
 * system temp directory:
 * - throughput of a first transfer of the replication driver (`shipConsistentSnapshot`, what a primary VR does every
 *   interval: fingerprint, stage against the peer's copy, verify, commit) into an empty target against `cp -r` of the
 *   same tree. The page
 *   cache cannot be dropped without root, so both run warm: the source is read once first, dirty pages are flushed
 *   (`sync`) before each timed run, and the two alternate, best of seven each (timings on a shared 2-core machine
 *   vary by a factor of two from run to run);
 * - an incremental transfer after 1% of the image changed in place (164 writes of 64 KiB at random 4 KiB-aligned
 *   offsets of random files): the bytes shipped against the size of the union of changed blocks (writes may
 *   overlap), and its time.
 * The temp directories are removed at the end, also on failure.
 */
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { shipConsistentSnapshot } from '../src/embedded/storage/consistent-snapshot.js';
import { atLeast, atMost, type BenchSuite, type Figure } from './harness.js';

const run = promisify(execFile);

const MiB = 1 << 20;
const FILE_BYTES = 4 * MiB;
const DIRS = 16;
const FILES_PER_DIR = 16;
const IMAGE_BYTES = DIRS * FILES_PER_DIR * FILE_BYTES;
const BLOCK_BYTES = 4096;
const WRITE_BYTES = 64 * 1024;
const WRITES = Math.ceil((0.01 * IMAGE_BYTES) / WRITE_BYTES);
const ROUNDS = 7;

/** The directories one run uses, all under one temp root. */
interface Layout {
  root: string;
  source: string;
  target: string;
  staging: string;
  cpTarget: string;
}

function filePath(source: string, index: number): string {
  const dir = Math.floor(index / FILES_PER_DIR);
  return join(source, `d${dir}`, `f${index % FILES_PER_DIR}.bin`);
}

/**
 * Writes the image through one reused buffer refilled with random bytes per file: a gigabyte of garbage buffers
 * would leave garbage-collection work to the timed runs.
 */
async function generateImage(source: string, buffer: Buffer): Promise<void> {
  for (let dir = 0; dir < DIRS; dir++) await mkdir(join(source, `d${dir}`), { recursive: true });
  for (let i = 0; i < DIRS * FILES_PER_DIR; i++) await writeFile(filePath(source, i), randomFillSync(buffer));
}

/** Reads every file of the image once (into a reused buffer), so the timed runs all start with it cached. */
async function readImage(source: string, buffer: Buffer): Promise<void> {
  for (let i = 0; i < DIRS * FILES_PER_DIR; i++) {
    const handle = await open(filePath(source, i), 'r');
    try {
      while ((await handle.read(buffer, 0, buffer.length, null)).bytesRead > 0);
    } finally {
      await handle.close();
    }
  }
}

/** Milliseconds `fn` takes, after removing `output` and flushing dirty pages (neither timed). */
async function timedInto(output: string, fn: () => Promise<unknown>): Promise<number> {
  await rm(output, { recursive: true, force: true });
  await run('sync');
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** One snapshot transfer of the source volume to the target, as the replication driver ships it. */
function shipSnapshot(layout: Layout) {
  return shipConsistentSnapshot([{ source: layout.source, target: layout.target, staging: layout.staging }]);
}

/** Best times of a first mirror and of `cp -r`, alternating; leaves the mirrored image in `layout.target`. */
async function measureFullCopy(layout: Layout): Promise<{ mirrorMs: number; cpMs: number }> {
  let mirrorMs = Number.POSITIVE_INFINITY;
  let cpMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const cp = await timedInto(layout.cpTarget, () => run('cp', ['-r', layout.source, layout.cpTarget]));
    cpMs = Math.min(cpMs, cp);
    const mirror = await timedInto(layout.target, () => shipSnapshot(layout));
    mirrorMs = Math.min(mirrorMs, mirror);
  }
  await rm(layout.cpTarget, { recursive: true, force: true });
  return { mirrorMs, cpMs };
}

/** A small seeded generator (mulberry32), so every run changes the same blocks. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Overwrites 1% of the image in place; returns the size of the union of the changed 4 KiB blocks. */
async function changeOnePercent(source: string): Promise<number> {
  const random = seededRandom(42);
  const changed = new Set<string>();
  const blocksPerFile = FILE_BYTES / BLOCK_BYTES;
  const blocksPerWrite = WRITE_BYTES / BLOCK_BYTES;
  const data = Buffer.allocUnsafe(WRITE_BYTES);
  for (let i = 0; i < WRITES; i++) {
    const file = Math.floor(random() * DIRS * FILES_PER_DIR);
    const firstBlock = Math.floor(random() * (blocksPerFile - blocksPerWrite + 1));
    const handle = await open(filePath(source, file), 'r+');
    try {
      await handle.write(randomFillSync(data), 0, WRITE_BYTES, firstBlock * BLOCK_BYTES);
    } finally {
      await handle.close();
    }
    for (let b = firstBlock; b < firstBlock + blocksPerWrite; b++) changed.add(`${file}:${b}`);
  }
  return changed.size * BLOCK_BYTES;
}

async function measure(layout: Layout): Promise<Figure[]> {
  const buffer = Buffer.allocUnsafe(FILE_BYTES);
  await generateImage(layout.source, buffer);
  await readImage(layout.source, buffer);
  const { mirrorMs, cpMs } = await measureFullCopy(layout);
  const mirrorRate = IMAGE_BYTES / MiB / (mirrorMs / 1000);
  const cpRate = IMAGE_BYTES / MiB / (cpMs / 1000);

  const changedBytes = await changeOnePercent(layout.source);
  await run('sync');
  const incremental = await shipSnapshot(layout);
  return [
    { metric: 'first transfer of 1 GiB (driver snapshot)', value: mirrorRate, unit: 'MiB/s' },
    { metric: 'first transfer of 1 GiB (cp -r)', value: cpRate, unit: 'MiB/s' },
    atLeast('first transfer throughput, driver / cp -r', mirrorRate / cpRate, 'ratio', 0.7),
    { metric: 'changed in place (1% of 1 GiB, union of blocks)', value: changedBytes / MiB, unit: 'MiB' },
    { metric: 'incremental transfer: bytes shipped', value: incremental.bytes / MiB, unit: 'MiB' },
    atMost('incremental transfer: bytes shipped / changed', incremental.bytes / changedBytes, 'ratio', 1.1),
    { metric: 'incremental transfer: files shipped', value: incremental.files, unit: 'files' },
    { metric: 'incremental transfer time', value: incremental.durationMs, unit: 'ms' },
  ];
}

async function measureInTemp(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'ramen-bench-storage-'));
  const layout: Layout = {
    root,
    source: join(root, 'source'),
    target: join(root, 'peer', 'volumes', 'image'),
    staging: join(root, 'peer', '.mirror-staging', 'image'),
    cpTarget: join(root, 'cp-copy'),
  };
  try {
    return await measure(layout);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The `storage` suite: see the module comment. */
export const storageSuite: BenchSuite = { name: 'storage', run: measureInTemp };
