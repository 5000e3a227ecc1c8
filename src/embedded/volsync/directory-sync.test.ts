import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextScheduledSync, parseSchedule } from './cron-schedule.js';
import { directoryBytes, syncDirectories } from './directory-sync.js';
import { createDataMover, findRsync, formatStats, parseRsyncStats, RsyncError } from './rsync-mover.js';
import { goDuration } from './sync-status.js';

describe('incremental directory sync', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-dirsync-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('copies everything first, then only changed files, and removes deleted ones', async () => {
    const source = join(root, 'src');
    const destination = join(root, 'dst');
    await mkdir(join(source, 'sub'), { recursive: true });
    await writeFile(join(source, 'a'), 'x'.repeat(100));
    await writeFile(join(source, 'b'), 'y'.repeat(200));
    await writeFile(join(source, 'sub', 'c'), 'z'.repeat(300));
    const first = await syncDirectories(source, destination);
    expect(first).toEqual({ filesTransferred: 3, bytesTransferred: 600, filesDeleted: 0, totalFiles: 3 });
    expect(await directoryBytes(destination)).toBe(600);

    const unchanged = await syncDirectories(source, destination);
    expect(unchanged.filesTransferred).toBe(0);
    expect(unchanged.bytesTransferred).toBe(0);

    await writeFile(join(source, 'a'), 'w'.repeat(150));
    await rm(join(source, 'b'));
    const second = await syncDirectories(source, destination);
    expect(second).toEqual({ filesTransferred: 1, bytesTransferred: 150, filesDeleted: 1, totalFiles: 2 });
    expect(await readFile(join(destination, 'a'), 'utf8')).toBe('w'.repeat(150));
    await expect(stat(join(destination, 'b'))).rejects.toThrow();
  });

  it('copies a file whose size is equal but whose modification time changed', async () => {
    const source = join(root, 'src');
    const destination = join(root, 'dst');
    await mkdir(source);
    await writeFile(join(source, 'f'), 'aaaa');
    await syncDirectories(source, destination);
    await writeFile(join(source, 'f'), 'bbbb');
    await utimes(join(source, 'f'), new Date(), new Date(Date.now() + 5_000));
    const stats = await syncDirectories(source, destination);
    expect(stats.filesTransferred).toBe(1);
    expect(await readFile(join(destination, 'f'), 'utf8')).toBe('bbbb');
  });
});

describe('data movers', () => {
  it('uses rsync when installed and fails clearly when it is demanded but missing', async () => {
    const binary = await findRsync();
    const auto = await createDataMover('auto');
    expect(auto.kind).toBe(binary === undefined ? 'builtin' : 'rsync');
    expect((await createDataMover('builtin')).kind).toBe('builtin');
    if (binary === undefined) {
      await expect(createDataMover('rsync')).rejects.toBeInstanceOf(RsyncError);
      return;
    }
    const root = await mkdtemp(join(tmpdir(), 'ramen-rsync-'));
    try {
      await mkdir(join(root, 'src'));
      await writeFile(join(root, 'src', 'f'), 'x'.repeat(42));
      const stats = await auto.sync(join(root, 'src'), join(root, 'dst'));
      expect(stats.filesTransferred).toBe(1);
      expect(stats.bytesTransferred).toBe(42);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('rsync statistics', () => {
  it('parses what rsync --stats prints and round-trips our own format', () => {
    const output = [
      'Number of files: 1,204 (reg: 1,100, dir: 104)',
      'Number of created files: 3',
      'Number of deleted files: 2',
      'Number of regular files transferred: 17',
      'Total file size: 9,999,999 bytes',
      'Total transferred file size: 1,234,567 bytes',
    ].join('\n');
    expect(parseRsyncStats(output)).toEqual({
      totalFiles: 1204,
      filesDeleted: 2,
      filesTransferred: 17,
      bytesTransferred: 1234567,
    });
    const stats = { totalFiles: 4, filesDeleted: 1, filesTransferred: 2, bytesTransferred: 99 };
    expect(parseRsyncStats(formatStats(stats))).toEqual(stats);
  });
});

describe('cron schedules', () => {
  it('finds the next run of the forms Ramen writes', () => {
    const at = new Date('2026-01-01T10:07:30Z');
    expect(parseSchedule('*/10 * * * *').next(at).toISOString()).toBe('2026-01-01T10:10:00.000Z');
    expect(parseSchedule('0 */4 * * *').next(at).toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(parseSchedule('0 0 */13 * *').next(at).toISOString()).toBe('2026-01-14T00:00:00.000Z');
    expect(parseSchedule('5 * * * *').next(at).toISOString()).toBe('2026-01-01T11:05:00.000Z');
    expect(parseSchedule('* * * * *').next(at).toISOString()).toBe('2026-01-01T10:08:00.000Z');
  });

  it('rejects malformed schedules and scales the wait', () => {
    expect(() => parseSchedule('*/0 * * * *')).toThrow(/step/);
    expect(() => parseSchedule('* * * *')).toThrow(/five fields/);
    expect(() => parseSchedule('61 * * * *')).toThrow(/range/);
    const at = new Date('2026-01-01T10:00:00Z');
    expect(nextScheduledSync('*/10 * * * *', at, 60).getTime() - at.getTime()).toBe(10_000);
    expect(nextScheduledSync('*/10 * * * *', at, 1).getTime() - at.getTime()).toBe(600_000);
  });

  it('writes Go durations', () => {
    expect(goDuration(35)).toBe('35ms');
    expect(goDuration(1500)).toBe('1.5s');
    expect(goDuration(123_250)).toBe('2m3.25s');
    expect(goDuration(3_600_000)).toBe('1h0m0s');
  });
});
