import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { populateVolume, stagingDirectoryFor, VolumePopulationError } from './volume-population.js';

describe('populateVolume', () => {
  let root: string;
  let source: string;
  let volume: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-population-test-'));
    source = join(root, 'snapshots', 'ramen-snap-1');
    volume = join(root, 'volumes', 'ramen-vol-pvc-1');
    await mkdir(join(source, 'sub'), { recursive: true });
    await mkdir(join(root, 'volumes'));
    await writeFile(join(source, 'sub', 'file'), 'data');
    await symlink('sub/file', join(source, 'link'));
    await utimes(join(source, 'sub', 'file'), new Date(1_000_000), new Date(2_000_000));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('copies the source with its times and links, leaving no staging directory', async () => {
    await populateVolume(source, volume);
    expect((await readdir(volume)).sort()).toEqual(['link', 'sub']);
    expect(await readFile(join(volume, 'sub', 'file'), 'utf8')).toBe('data');
    expect(await readlink(join(volume, 'link'))).toBe('sub/file');
    expect((await lstat(join(volume, 'sub', 'file'))).mtimeMs).toBe(2_000_000);
    expect(await readdir(join(root, 'volumes'))).toEqual(['ramen-vol-pvc-1']);
  });

  it('discards what a crashed attempt left in the staging directory', async () => {
    const staging = stagingDirectoryFor(volume);
    expect(staging).toBe(join(root, 'volumes', '.populating-ramen-vol-pvc-1'));
    await mkdir(staging);
    await writeFile(join(staging, 'half-copied'), 'x');
    await populateVolume(source, volume);
    expect((await readdir(volume)).sort()).toEqual(['link', 'sub']);
    expect(await readdir(join(root, 'volumes'))).toEqual(['ramen-vol-pvc-1']);
  });

  it('leaves an existing volume directory (an earlier, completed population) alone', async () => {
    await mkdir(volume);
    await writeFile(join(volume, 'written-since'), 'keep');
    await populateVolume(source, volume);
    expect(await readdir(volume)).toEqual(['written-since']);
  });

  it('creates no volume directory when the source cannot be copied', async () => {
    const error = await populateVolume(join(root, 'snapshots', 'missing'), volume).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VolumePopulationError);
    expect((error as Error).cause).toBeDefined();
    expect(await readdir(join(root, 'volumes'))).toEqual([]);
  });
});
