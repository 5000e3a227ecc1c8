import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mirrorImage } from './mirror-copy.js';
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
