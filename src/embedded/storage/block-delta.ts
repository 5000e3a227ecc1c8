/**
 * Block-level delta of one file against an older copy of it: the copy is brought up to date by writing only the
 * 4 KiB blocks that differ from the source (at their offsets), then cut or extended to the source's length. This is
 * what makes a snapshot transfer of a large, slightly changed volume file cost the changed blocks instead of the
 * whole file, the way rbd-mirror ships only changed extents. Both files are read in large chunks so the comparison
 * runs at sequential read speed; adjacent differing blocks are written together.
 */

import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

/** The unit compared and written: the page and file-system block size. */
export const DELTA_BLOCK_BYTES = 4096;

/** How much of each file is read at once when the caller lends no buffer (a whole number of blocks). */
const DEFAULT_CHUNK_BYTES = 1 << 20;

/** What one delta did. */
export interface BlockDeltaResult {
  /** Bytes written into the copy: the differing blocks plus any tail the copy lacked. */
  bytesWritten: number;
  /** The copy's length afterwards (the source's length as read). */
  size: number;
}

/** A run of differing blocks in the current chunk: [start, end) offsets within the chunk. */
type Run = [start: number, end: number];

/** Reads until `buffer` is full or the file ends; returns the bytes read. */
async function readFull(handle: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/**
 * The runs of blocks of `source` (its first `length` bytes) that differ from `copy` (of which only the first
 * `copyLength` bytes exist); a block the copy lacks, wholly or partly, differs.
 */
function differingRuns(source: Buffer, length: number, copy: Buffer, copyLength: number): Run[] {
  const runs: Run[] = [];
  if (length === copyLength && source.subarray(0, length).equals(copy.subarray(0, length))) return runs;
  for (let start = 0; start < length; start += DELTA_BLOCK_BYTES) {
    const end = Math.min(start + DELTA_BLOCK_BYTES, length);
    const same = end <= copyLength && source.subarray(start, end).equals(copy.subarray(start, end));
    if (same) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === start) last[1] = end;
    else runs.push([start, end]);
  }
  return runs;
}

/** Writes the differing runs of one chunk at `position`; returns the bytes written. */
async function writeRuns(copy: FileHandle, chunk: Buffer, runs: Run[], position: number): Promise<number> {
  let written = 0;
  for (const [start, end] of runs) {
    let done = 0;
    while (start + done < end) {
      const { bytesWritten } = await copy.write(
        chunk,
        start + done,
        end - start - done,
        position + start + done,
      );
      done += bytesWritten;
    }
    written += done;
  }
  return written;
}

/** Splits `scratch` into two equal chunks of whole blocks, or allocates two when it is too small. */
function chunkBuffers(scratch: Buffer | undefined): [Buffer, Buffer] {
  const half = Math.floor((scratch?.length ?? 0) / 2 / DELTA_BLOCK_BYTES) * DELTA_BLOCK_BYTES;
  if (scratch === undefined || half === 0) {
    return [Buffer.allocUnsafe(DEFAULT_CHUNK_BYTES), Buffer.allocUnsafe(DEFAULT_CHUNK_BYTES)];
  }
  return [scratch.subarray(0, half), scratch.subarray(half, 2 * half)];
}

/** Brings the open `copy` up to date with the open `source`, chunk by chunk. */
async function syncHandles(
  source: FileHandle,
  copy: FileHandle,
  scratch?: Buffer,
): Promise<BlockDeltaResult> {
  const [sourceChunk, copyChunk] = chunkBuffers(scratch);
  const chunkBytes = sourceChunk.length;
  let position = 0;
  let bytesWritten = 0;
  for (;;) {
    const [length, copyLength] = await Promise.all([
      readFull(source, sourceChunk, position),
      readFull(copy, copyChunk, position),
    ]);
    if (length === 0) break;
    const runs = differingRuns(sourceChunk, length, copyChunk, copyLength);
    bytesWritten += await writeRuns(copy, sourceChunk, runs, position);
    position += length;
    if (length < chunkBytes) break;
  }
  await copy.truncate(position);
  return { bytesWritten, size: position };
}

/**
 * Makes the file at `copy` (an older version of `source`, e.g. a local clone of the peer's previous copy)
 * byte-identical to `source` by writing only the differing 4 KiB blocks and fixing the length; see the module
 * comment. Returns the bytes written, which is what a transfer of the change would cost. `scratch`, when given,
 * is used for the two read chunks (half each) instead of allocating them.
 */
export async function applyBlockDelta(
  source: string,
  copy: string,
  scratch?: Buffer,
): Promise<BlockDeltaResult> {
  const sourceHandle = await open(source, 'r');
  try {
    const copyHandle = await open(copy, 'r+');
    try {
      return await syncHandles(sourceHandle, copyHandle, scratch);
    } finally {
      await copyHandle.close();
    }
  } finally {
    await sourceHandle.close();
  }
}
