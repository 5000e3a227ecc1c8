import { spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CorruptStateError, GoneError, NotFoundError, PersistenceError } from './errors.js';
import type { KubeObject } from './kube-object.js';
import { MemoryStore } from './memory-store.js';
import { encodeRecord, FileJournal, type PersistedEntry } from './persistence.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const writerScript = join(here, 'testing', 'crash-writer.ts');
const configmaps = { group: '', resource: 'configmaps' };

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'store-persistence-'));
  dirs.push(dir);
  return dir;
}

function cm(name: string, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'ns', name }, data };
}

function rv(object: KubeObject): number {
  return Number(object.metadata.resourceVersion);
}

interface Ack {
  op: 'create' | 'update' | 'delete';
  name: string;
  revision: number;
  gen: string;
}

interface WriterRun {
  ready: number;
  acks: Ack[];
  tried: Set<string>;
}

/** Runs the crash writer on `dir` and SIGKILLs it once `acksWanted` writes were acknowledged. */
function runWriterAndKill(dir: string, prefix: string, acksWanted: number): Promise<WriterRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dir, prefix], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: WriterRun = { ready: -1, acks: [], tried: new Set() };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [kind, a, b, c, d] = line.split(' ');
    if (kind === 'ready') run.ready = Number(a);
    if (kind === 'try') run.tried.add(`${a} ${b}`);
    if (kind === 'ack') {
      run.acks.push({ op: a as Ack['op'], name: b as string, revision: Number(c), gen: d as string });
      if (run.acks.length === acksWanted) child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && run.acks.length >= acksWanted) resolve(run);
      else
        reject(
          new Error(`writer ended with code ${code}, signal ${signal}, ${run.acks.length} acks: ${stderr}`),
        );
    });
  });
}

/** Checks that every acknowledged write is in the store (later unacknowledged writes may be there too). */
async function expectAcknowledgedWrites(store: MemoryStore, run: WriterRun): Promise<void> {
  const last = new Map<string, Ack>();
  for (const ack of run.acks) last.set(ack.name, ack);
  for (const [name, ack] of last) {
    const object = await store.get(configmaps, 'crash', name).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    if (ack.op === 'delete') {
      expect(object, `${name} was deleted at ${ack.revision}`).toBeUndefined();
    } else if (object === undefined) {
      expect(run.tried.has(`delete ${name}`), `${name} acknowledged at ${ack.revision} is missing`).toBe(
        true,
      );
    } else {
      expect(rv(object)).toBeGreaterThanOrEqual(ack.revision);
      if (rv(object) === ack.revision) expect(object.data).toEqual({ gen: ack.gen });
    }
  }
  const maxAcked = Math.max(...run.acks.map((a) => a.revision));
  expect(Number(store.currentResourceVersion())).toBeGreaterThanOrEqual(maxAcked);
}

describe('persistence', () => {
  it('every acknowledged write survives SIGKILL, twice, and resourceVersions keep increasing', async () => {
    const dir = await stateDir();
    const first = await runWriterAndKill(dir, 'a', 300);
    expect(first.ready).toBe(0);

    const reopened = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    await expectAcknowledgedWrites(reopened, first);
    const maxFirst = Math.max(...first.acks.map((a) => a.revision));
    const after = await reopened.create(configmaps, {
      metadata: { namespace: 'crash', name: 'after-first' },
    });
    expect(rv(after)).toBeGreaterThan(maxFirst);
    expect(rv(after)).toBe(Number(reopened.recovery?.revision) + 1);
    await reopened.close();

    const second = await runWriterAndKill(dir, 'b', 300);
    expect(second.ready).toBe(rv(after));
    expect(Math.min(...second.acks.map((a) => a.revision))).toBeGreaterThan(rv(after));

    const final = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    await expectAcknowledgedWrites(final, first);
    await expectAcknowledgedWrites(final, second);
    expect((await final.get(configmaps, 'crash', 'after-first')).metadata.resourceVersion).toBe(
      after.metadata.resourceVersion,
    );
    await final.close();
  });

  it('a restart restores objects and continues the resourceVersion counter', async () => {
    const dir = await stateDir();
    const store = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    const a = await store.create(configmaps, cm('a', { k: 'v' }));
    await store.create(configmaps, cm('b'));
    await store.update(configmaps, { ...a, data: { k: 'v2' } });
    const deleted = await store.delete(configmaps, 'ns', 'b');
    await store.close();

    const again = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    expect(again.currentResourceVersion()).toBe(deleted.metadata.resourceVersion);
    expect((await again.get(configmaps, 'ns', 'a')).data).toEqual({ k: 'v2' });
    await expect(again.get(configmaps, 'ns', 'b')).rejects.toBeInstanceOf(NotFoundError);
    const c = await again.create(configmaps, cm('c'));
    expect(rv(c)).toBe(rv(deleted) + 1);
    expect(again.recovery).toMatchObject({ objects: 1, replayedRecords: 4, discardedBytes: 0 });
    await again.close();
  });

  it('a watch resumes across a restart from any resourceVersion since the last snapshot', async () => {
    const dir = await stateDir();
    const store = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    const a = await store.create(configmaps, cm('a', { k: 'v' }));
    const b = await store.create(configmaps, cm('b'));
    const a2 = await store.update(configmaps, { ...a, data: { k: 'v2' } });
    const deleted = await store.delete(configmaps, 'ns', 'b');
    await store.close();

    const again = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    const watch = again.watch(configmaps, { resourceVersion: a.metadata.resourceVersion as string });
    const events = [watch.tryNext(), watch.tryNext(), watch.tryNext()];
    expect(watch.tryNext()).toBeUndefined();
    expect(events.map((e) => [e?.type, e?.object.metadata.name, e?.object.metadata.resourceVersion])).toEqual(
      [
        ['ADDED', 'b', b.metadata.resourceVersion],
        ['MODIFIED', 'a', a2.metadata.resourceVersion],
        ['DELETED', 'b', deleted.metadata.resourceVersion],
      ],
    );
    expect(events[1]?.object.data).toEqual({ k: 'v2' });
    // A paged list at a revision from before the restart undoes the later changes from the restored history.
    const page = await again.list(configmaps, {
      resourceVersion: b.metadata.resourceVersion as string,
      resourceVersionMatch: 'Exact',
    });
    expect(page.items.map((item) => [item.metadata.name, item.data])).toEqual([
      ['a', { k: 'v' }],
      ['b', {}],
    ]);
    // History before the snapshot is gone after a compaction, as on a real server after etcd compaction.
    await again.compactLog();
    await again.close();
    const third = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    expect(() => third.watch(configmaps, { resourceVersion: a.metadata.resourceVersion as string })).toThrow(
      GoneError,
    );
    expect(
      third.watch(configmaps, { resourceVersion: deleted.metadata.resourceVersion as string }).tryNext(),
    ).toBe(undefined);
    await third.close();
  });

  it('a write is invisible to readers until it is durable', async () => {
    const dir = await stateDir();
    const store = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    const before = store.currentResourceVersion();
    const pending = store.create(configmaps, cm('a'));
    await expect(store.get(configmaps, 'ns', 'a')).rejects.toBeInstanceOf(NotFoundError);
    expect(store.currentResourceVersion()).toBe(before);
    const created = await pending;
    expect((await store.get(configmaps, 'ns', 'a')).metadata.resourceVersion).toBe(
      created.metadata.resourceVersion,
    );
    await store.close();
  });

  it('cuts off a torn last record and keeps going', async () => {
    const dir = await stateDir();
    const store = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    await store.create(configmaps, cm('a'));
    const b = await store.create(configmaps, cm('b'));
    await store.close();
    const torn = encodeRecord({
      revision: 3,
      op: 'put',
      group: '',
      resource: 'configmaps',
      namespace: 'ns',
      name: 'c',
      object: cm('c'),
    });
    await appendFile(join(dir, 'wal.log'), torn.slice(0, 40));

    const again = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    expect(again.recovery?.discardedBytes).toBe(40);
    expect(again.currentResourceVersion()).toBe(b.metadata.resourceVersion);
    await expect(again.get(configmaps, 'ns', 'c')).rejects.toBeInstanceOf(NotFoundError);
    const c = await again.create(configmaps, cm('c'));
    await again.close();

    const third = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    expect(third.recovery?.discardedBytes).toBe(0);
    expect((await third.get(configmaps, 'ns', 'c')).metadata.resourceVersion).toBe(
      c.metadata.resourceVersion,
    );
    await third.close();
  });

  it('refuses to start when a record before the last one is corrupt', async () => {
    const dir = await stateDir();
    const store = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    for (const name of ['a', 'b', 'c']) await store.create(configmaps, cm(name));
    await store.close();
    const log = await readFile(join(dir, 'wal.log'), 'utf8');
    const lines = log.split('\n');
    lines[0] = (lines[0] as string).replace('"a"', '"x"');
    await writeFile(join(dir, 'wal.log'), lines.join('\n'));
    await expect(MemoryStore.open({ stateDir: dir })).rejects.toBeInstanceOf(CorruptStateError);
  });

  it('compacts into a snapshot and truncates the log', async () => {
    const dir = await stateDir();
    const store = await MemoryStore.open({ stateDir: dir, compactEvery: 10, bookmarkIntervalMs: 0 });
    const writes: Array<Promise<KubeObject>> = [];
    for (let i = 0; i < 25; i++) writes.push(store.create(configmaps, cm(`o${i}`, { i: String(i) })));
    await Promise.all(writes);
    await store.compactLog();
    expect((await stat(join(dir, 'wal.log'))).size).toBe(0);
    const snapshot = JSON.parse(await readFile(join(dir, 'snapshot.json'), 'utf8')) as {
      revision: number;
      entries: unknown[];
    };
    expect(snapshot.revision).toBe(25);
    expect(snapshot.entries).toHaveLength(25);
    await store.delete(configmaps, 'ns', 'o0');
    await store.close();

    const again = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    expect(again.recovery).toMatchObject({ objects: 24, revision: 26, replayedRecords: 1 });
    expect((await again.list(configmaps)).items).toHaveLength(24);
    expect((await again.get(configmaps, 'ns', 'o7')).data).toEqual({ i: '7' });
    await again.close();
  });

  it('replays idempotently when the log was not truncated after a snapshot', async () => {
    const dir = await stateDir();
    const opened = await FileJournal.open({ stateDir: dir });
    const state = new Map<string, PersistedEntry>();
    opened.journal.setSnapshotSource(() => ({ revision: 3, entries: state.values() }));
    for (let revision = 1; revision <= 3; revision++) {
      const object = {
        ...cm(`o${revision}`),
        metadata: { namespace: 'ns', name: `o${revision}`, resourceVersion: String(revision) },
      };
      state.set(`o${revision}`, { group: '', resource: 'configmaps', object });
      await opened.journal.append({
        revision,
        op: 'put',
        group: '',
        resource: 'configmaps',
        namespace: 'ns',
        name: `o${revision}`,
        object,
      });
    }
    const logBeforeCompaction = await readFile(join(dir, 'wal.log'));
    await opened.journal.compact();
    await opened.journal.close();
    // As if the process died between the snapshot's rename and the log's truncation.
    await writeFile(join(dir, 'wal.log'), logBeforeCompaction);

    const { journal, recovered } = await FileJournal.open({ stateDir: dir });
    expect(recovered.revision).toBe(3);
    expect(recovered.replayedRecords).toBe(0);
    expect(recovered.entries.map((e) => e.object.metadata.name).sort()).toEqual(['o1', 'o2', 'o3']);
    await journal.close();
  });

  it('after a failed write to the state directory, refuses further writes but keeps serving reads', async () => {
    const dir = await stateDir();
    const store = await MemoryStore.open({ stateDir: dir, bookmarkIntervalMs: 0 });
    await store.create(configmaps, cm('a'));
    // A directory where the snapshot's temp file must go makes the next compaction fail.
    await mkdir(join(dir, 'snapshot.json.tmp'));
    const failure = await store.compactLog().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PersistenceError);
    expect((failure as PersistenceError).cause).toBeInstanceOf(Error);
    await expect(store.create(configmaps, cm('b'))).rejects.toBeInstanceOf(PersistenceError);
    expect((await store.get(configmaps, 'ns', 'a')).metadata.name).toBe('a');
    await expect(store.get(configmaps, 'ns', 'b')).rejects.toBeInstanceOf(NotFoundError);
    await store.close();
  });
});
