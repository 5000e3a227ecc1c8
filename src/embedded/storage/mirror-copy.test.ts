import { randomBytes } from 'node:crypto';
import {
  appendFile,
  chmod,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DELTA_BLOCK_BYTES } from './block-delta.js';
import { commitStagedImage, DELTA_MIN_BYTES, mirrorImage, stageImage } from './mirror-copy.js';
import { InvalidSchedulingIntervalError, parseSchedulingInterval } from './scheduling-interval.js';
import { secondaryHealth } from './volume-replication-controller.js';

describe('mirrorImage', () => {
  let root: string;
  let source: string;
  let target: string;
  let staging: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-mirror-test-'));
    source = join(root, 'source');
    target = join(root, 'peer', 'volumes', 'image');
    staging = join(root, 'peer', '.mirror-staging', 'image');
    await mkdir(join(source, 'nested'), { recursive: true });
    await writeFile(join(source, 'a.txt'), 'hello');
    await writeFile(join(source, 'nested', 'b.bin'), Buffer.alloc(1000, 1));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('copies everything the first time and only changed files afterwards', async () => {
    const first = await mirrorImage(source, target, staging);
    expect(first).toMatchObject({ bytes: 1005, files: 2 });
    expect(await readFile(join(target, 'nested', 'b.bin'))).toEqual(Buffer.alloc(1000, 1));

    const unchanged = await mirrorImage(source, target, staging);
    expect(unchanged).toMatchObject({ bytes: 0, files: 0 });

    await writeFile(join(source, 'a.txt'), 'hello, world');
    const changed = await mirrorImage(source, target, staging);
    expect(changed).toMatchObject({ bytes: 12, files: 1 });
    expect(await readFile(join(target, 'a.txt'), 'utf8')).toBe('hello, world');
    expect((await stat(join(target, 'nested', 'b.bin'))).size).toBe(1000);
  });

  it('replaces the target as a whole: files only the target had are gone, no staging is left', async () => {
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'local-only.txt'), 'diverged');
    await mirrorImage(source, target, staging);
    expect((await readdir(target)).sort()).toEqual(['a.txt', 'nested']);
    expect(await readdir(join(root, 'peer', '.mirror-staging'))).toEqual([]);
  });

  it('treats a missing source as an empty image', async () => {
    await rm(source, { recursive: true });
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'x'), 'x');
    expect(await mirrorImage(source, target, staging)).toMatchObject({ bytes: 0, files: 0 });
    expect(await readdir(target)).toEqual([]);
  });
});

describe('block-level incremental transfers', () => {
  const MiB = 1 << 20;
  let root: string;
  let source: string;
  let target: string;
  let staging: string;
  let bumps = 0;

  /** Moves a file's mtime forward by whole seconds, so a change is seen even within one clock tick. */
  async function bumpMtime(path: string): Promise<void> {
    const { mtime } = await stat(path);
    bumps += 1;
    await utimes(path, mtime, new Date(mtime.getTime() + bumps * 1000));
  }

  /** Overwrites `length` bytes at `offset` in place with fresh random bytes. */
  async function overwrite(path: string, offset: number, length: number): Promise<void> {
    const handle = await open(path, 'r+');
    try {
      await handle.write(randomBytes(length), 0, length, offset);
    } finally {
      await handle.close();
    }
    await bumpMtime(path);
  }

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-mirror-delta-test-'));
    source = join(root, 'source');
    target = join(root, 'peer', 'volumes', 'image');
    staging = join(root, 'peer', '.mirror-staging', 'image');
    await mkdir(source, { recursive: true });
    await writeFile(join(source, 'disk.img'), randomBytes(8 * MiB));
    await writeFile(join(source, 'small.txt'), 'small');
    await mirrorImage(source, target, staging);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('ships about the changed bytes of a 1% in-place change, and the copy equals the source', async () => {
    const disk = join(source, 'disk.img');
    // 19 separate 4 KiB blocks and a write straddling a block boundary: 21 blocks, about 1% of 8 MiB.
    const blocks = Array.from({ length: 19 }, (_, i) => i * 97 + 3);
    for (const block of blocks) await overwrite(disk, block * DELTA_BLOCK_BYTES, DELTA_BLOCK_BYTES);
    await overwrite(disk, 2000 * DELTA_BLOCK_BYTES - 100, 200);
    const changedBytes = (blocks.length + 2) * DELTA_BLOCK_BYTES;

    const result = await mirrorImage(source, target, staging);
    expect(result.files).toBe(1);
    expect(result.bytes).toBe(changedBytes);
    expect(result.bytes).toBeLessThan(0.011 * 8 * MiB);
    expect((await readFile(join(target, 'disk.img'))).equals(await readFile(disk))).toBe(true);
  });

  it('ships only the tail of an appended file', async () => {
    const disk = join(source, 'disk.img');
    const tail = 300_000;
    await appendFile(disk, randomBytes(tail));
    await bumpMtime(disk);
    const result = await mirrorImage(source, target, staging);
    expect(result).toMatchObject({ files: 1 });
    expect(result.bytes).toBeGreaterThanOrEqual(tail);
    expect(result.bytes).toBeLessThan(tail + DELTA_BLOCK_BYTES);
    expect((await readFile(join(target, 'disk.img'))).equals(await readFile(disk))).toBe(true);
  });

  it('cuts a shrunk file to the source length without shipping anything', async () => {
    const disk = join(source, 'disk.img');
    const handle = await open(disk, 'r+');
    await handle.truncate(3 * MiB + 123);
    await handle.close();
    await bumpMtime(disk);
    const result = await mirrorImage(source, target, staging);
    expect(result).toMatchObject({ bytes: 0, files: 1 });
    expect((await readFile(join(target, 'disk.img'))).equals(await readFile(disk))).toBe(true);
  });

  it('copies new files and changed files under 1 MiB whole', async () => {
    const medium = join(source, 'medium.bin');
    await writeFile(medium, randomBytes(DELTA_MIN_BYTES - DELTA_BLOCK_BYTES));
    expect(await mirrorImage(source, target, staging)).toMatchObject({
      bytes: DELTA_MIN_BYTES - DELTA_BLOCK_BYTES,
      files: 1,
    });
    await overwrite(medium, 0, DELTA_BLOCK_BYTES);
    expect(await mirrorImage(source, target, staging)).toMatchObject({
      bytes: DELTA_MIN_BYTES - DELTA_BLOCK_BYTES,
      files: 1,
    });
    expect((await readFile(join(target, 'medium.bin'))).equals(await readFile(medium))).toBe(true);
  });

  it("keeps the source's permission bits, whether copied whole or by delta", async () => {
    await chmod(join(source, 'small.txt'), 0o640);
    await writeFile(join(source, 'small.txt'), 'SMALL');
    await bumpMtime(join(source, 'small.txt'));
    await chmod(join(source, 'disk.img'), 0o600);
    await overwrite(join(source, 'disk.img'), 0, DELTA_BLOCK_BYTES);
    expect(await mirrorImage(source, target, staging)).toMatchObject({
      bytes: 5 + DELTA_BLOCK_BYTES,
      files: 2,
    });
    expect((await stat(join(target, 'small.txt'))).mode & 0o777).toBe(0o640);
    expect((await stat(join(target, 'disk.img'))).mode & 0o777).toBe(0o600);
  });

  it('hard-links unchanged files to the previous target and leaves the target alone until the commit', async () => {
    const before = await readFile(join(target, 'disk.img'));
    const targetSmall = await stat(join(target, 'small.txt'));
    await overwrite(join(source, 'disk.img'), 0, DELTA_BLOCK_BYTES);

    const staged = await stageImage(source, target, staging);
    expect(staged).toMatchObject({ bytes: DELTA_BLOCK_BYTES, files: 1 });
    const stagedSmall = await stat(join(staging, 'small.txt'));
    expect(stagedSmall.ino).toBe(targetSmall.ino);
    expect(stagedSmall.nlink).toBe(2);
    expect((await stat(join(staging, 'disk.img'))).ino).not.toBe((await stat(join(target, 'disk.img'))).ino);
    expect((await readFile(join(staging, 'disk.img'))).equals(await readFile(join(source, 'disk.img')))).toBe(
      true,
    );
    // Not committed: the target still holds the previous snapshot, byte for byte.
    expect((await readFile(join(target, 'disk.img'))).equals(before)).toBe(true);

    await commitStagedImage(staging, target);
    expect((await readFile(join(target, 'disk.img'))).equals(await readFile(join(source, 'disk.img')))).toBe(
      true,
    );
    expect((await stat(join(target, 'small.txt'))).ino).toBe(targetSmall.ino);
    expect(await readdir(join(root, 'peer', '.mirror-staging'))).toEqual([]);
  });
});

describe('parseSchedulingInterval', () => {
  it('parses ceph-csi schedules', () => {
    expect(parseSchedulingInterval('1m')).toBe(60_000);
    expect(parseSchedulingInterval('5m')).toBe(300_000);
    expect(parseSchedulingInterval('1h30m')).toBe(5_400_000);
    expect(parseSchedulingInterval('1d')).toBe(86_400_000);
  });

  it('rejects what is not a schedule', () => {
    expect(() => parseSchedulingInterval('five minutes')).toThrow(InvalidSchedulingIntervalError);
    expect(() => parseSchedulingInterval('0m')).toThrow(InvalidSchedulingIntervalError);
    expect(() => parseSchedulingInterval('')).toThrow(InvalidSchedulingIntervalError);
  });
});

describe('secondaryHealth', () => {
  const since = '2026-01-01T00:00:10.000Z';
  const record = { role: 'secondary' as const, since, diverged: false, clean: false };

  it('waits for the first snapshot after becoming secondary', () => {
    expect(secondaryHealth(record, undefined)).toBe('awaiting-initial-sync');
    expect(secondaryHealth(record, '2026-01-01T00:00:09.000Z')).toBe('awaiting-initial-sync');
    expect(secondaryHealth(record, '2026-01-01T00:00:11.000Z')).toBe('in-sync');
    expect(secondaryHealth({ ...record, clean: true }, undefined)).toBe('in-sync');
  });

  it('keeps a diverged copy in split brain until a resync is requested', () => {
    expect(secondaryHealth({ ...record, diverged: true }, '2026-01-01T00:00:11.000Z')).toBe('split-brain');
    expect(secondaryHealth({ ...record, diverged: true, resyncRequestedAt: since }, undefined)).toBe(
      'resyncing',
    );
  });
});
