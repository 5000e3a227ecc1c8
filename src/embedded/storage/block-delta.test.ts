import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyBlockDelta, DELTA_BLOCK_BYTES } from './block-delta.js';

const BLOCK = DELTA_BLOCK_BYTES;

describe('applyBlockDelta', () => {
  let root: string;
  let source: string;
  let copy: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-block-delta-test-'));
    source = join(root, 'source');
    copy = join(root, 'copy');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function expectIdentical(): Promise<void> {
    expect((await readFile(copy)).equals(await readFile(source))).toBe(true);
  }

  it('writes nothing when the copy is already identical', async () => {
    const data = randomBytes(3 * BLOCK + 17);
    await writeFile(source, data);
    await writeFile(copy, data);
    expect(await applyBlockDelta(source, copy)).toEqual({ bytesWritten: 0, size: 3 * BLOCK + 17 });
  });

  it('writes the differing blocks only, across chunk boundaries of a lent buffer', async () => {
    const data = randomBytes(40 * BLOCK);
    await writeFile(copy, data);
    // Blocks 3, 4 (adjacent), 7 (the last block of the first 8-block chunk), 8 (first of the next) and 39.
    for (const block of [3, 4, 7, 8, 39]) data[block * BLOCK + 5] = (data[block * BLOCK + 5] ?? 0) ^ 0xff;
    await writeFile(source, data);
    const scratch = Buffer.alloc(16 * BLOCK); // two chunks of 8 blocks
    expect(await applyBlockDelta(source, copy, scratch)).toEqual({
      bytesWritten: 5 * BLOCK,
      size: 40 * BLOCK,
    });
    await expectIdentical();
  });

  it('writes the tail the copy lacks and a changed partial last block', async () => {
    const data = randomBytes(5 * BLOCK + 100);
    await writeFile(copy, data.subarray(0, 2 * BLOCK));
    await writeFile(source, data);
    const { bytesWritten } = await applyBlockDelta(source, copy);
    expect(bytesWritten).toBe(3 * BLOCK + 100);
    await expectIdentical();
  });

  it('cuts a copy longer than the source', async () => {
    const data = randomBytes(6 * BLOCK);
    await writeFile(copy, data);
    await writeFile(source, data.subarray(0, 2 * BLOCK + 10));
    expect(await applyBlockDelta(source, copy)).toEqual({ bytesWritten: 0, size: 2 * BLOCK + 10 });
    await expectIdentical();
  });

  it('empties the copy of an empty source', async () => {
    await writeFile(copy, randomBytes(BLOCK));
    await writeFile(source, '');
    expect(await applyBlockDelta(source, copy)).toEqual({ bytesWritten: 0, size: 0 });
    const handle = await open(copy, 'r');
    expect((await handle.stat()).size).toBe(0);
    await handle.close();
  });
});
