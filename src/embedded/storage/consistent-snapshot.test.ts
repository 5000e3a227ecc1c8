import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type SnapshotMember,
  SnapshotNotConsistentError,
  shipConsistentSnapshot,
} from './consistent-snapshot.js';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Appends a line to `path` every `everyMs` until `count` lines are written or `stop()` is called. */
function startWriter(path: string, everyMs: number, count: number) {
  let stopped = false;
  const done = (async () => {
    for (let i = 0; i < count && !stopped; i += 1) {
      await appendFile(path, `${i}\n`);
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
    done,
  };
}

describe('shipConsistentSnapshot', () => {
  let root: string;
  let members: SnapshotMember[];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-consistent-snapshot-'));
    members = ['a', 'b'].map((name) => ({
      source: join(root, 'live', name),
      target: join(root, 'peer', name),
      staging: join(root, 'peer-staging', name),
    }));
    for (const member of members) await mkdir(member.source, { recursive: true });
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('copies every member of a quiet group in one attempt', async () => {
    await writeFile(join(members[0]?.source ?? '', 'x.txt'), 'x');
    await writeFile(join(members[1]?.source ?? '', 'y.txt'), 'y');
    await sleep(30);
    const result = await shipConsistentSnapshot(members);
    expect(result.attempts).toBe(1);
    expect(result.bytes).toBe(2);
    expect(await readOrUndefined(join(members[0]?.target ?? '', 'x.txt'))).toBe('x');
    expect(await readOrUndefined(join(members[1]?.target ?? '', 'y.txt'))).toBe('y');
    expect(Date.parse(result.time)).toBeLessThanOrEqual(Date.now());
  });

  it('throws a copy away when a member changed while it was being copied, and tries again', async () => {
    // A large first member makes each copy last long enough for the second member's writer to land inside it.
    await writeFile(join(members[0]?.source ?? '', 'big.bin'), Buffer.alloc(64 << 20, 1));
    const logPath = join(members[1]?.source ?? '', 'log.txt');
    const writer = startWriter(logPath, 30, 8);
    try {
      const result = await shipConsistentSnapshot(members, { quietMs: 20 });
      expect(result.attempts).toBeGreaterThan(1);
      // The shipped log is a state the live log really had: a prefix of what the writer wrote.
      const shipped = (await readOrUndefined(join(members[1]?.target ?? '', 'log.txt'))) ?? '';
      await writer.done;
      expect((await readFile(logPath, 'utf8')).startsWith(shipped)).toBe(true);
    } finally {
      await writer.stop();
    }
  });

  it('ships nothing when the group never holds still', async () => {
    const writer = startWriter(join(members[0]?.source ?? '', 'log.txt'), 2, 10_000);
    try {
      await expect(
        shipConsistentSnapshot(members, { quietMs: 50, maxAttempts: 3, maxQuietWaitMs: 100 }),
      ).rejects.toBeInstanceOf(SnapshotNotConsistentError);
    } finally {
      await writer.stop();
    }
    for (const member of members) expect(await readOrUndefined(member.target)).toBeUndefined();
  });
});
