/**
 * Durability for the in-memory store: every write is a record appended to a log and fsync'd before the write is
 * acknowledged, so an acknowledged write survives `kill -9` (and power loss). Writes arriving in the same tick,
 * or while an fsync is in flight, share one write + fsync (group commit), which keeps hundreds of writes per
 * second cheap. Now and then the whole state goes into a snapshot, written atomically (temp file, fsync, rename,
 * directory fsync), and the log is truncated. On start the snapshot is loaded and the log replayed; a torn last
 * record (the write that was in flight when the process died, never acknowledged) is cut off. The replayed records
 * are also handed back as changes, so watches resume across a restart from any revision since the snapshot.
 *
 * Files in the state directory: `snapshot.json` (state at one revision), `wal.log` (records after it, one per
 * line: 8 hex digits of CRC-32, a space, the record as JSON).
 */
import { type FileHandle, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { CorruptStateError, PersistenceError, StoreClosedError } from './errors.js';
import type { CommittedChange } from './event-history.js';
import type { KubeObject } from './kube-object.js';
import { formatResourceVersion } from './resource-version.js';

/** One committed write as the log keeps it. */
export interface WriteRecord {
  readonly revision: number;
  readonly op: 'put' | 'delete';
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  /** The stored object, for `put`. */
  readonly object?: KubeObject;
}

/** One stored object with the collection it belongs to. */
export interface PersistedEntry {
  readonly group: string;
  readonly resource: string;
  readonly object: KubeObject;
}

/** The whole committed state at one revision, as a snapshot holds it. */
export interface SnapshotData {
  readonly revision: number;
  readonly entries: Iterable<PersistedEntry>;
}

/** A change replayed from the log, with the collection it belongs to. */
export interface RecoveredChange {
  readonly group: string;
  readonly resource: string;
  readonly change: CommittedChange;
}

/** What `FileJournal.open` read back. */
export interface RecoveredState {
  /** The last revision written before the restart; the counter continues after it. */
  readonly revision: number;
  readonly entries: PersistedEntry[];
  /** The snapshot's revision: every change after it is in `changes`, so watches may resume from it on. */
  readonly historyFloor: number;
  /**
   * The log's changes after the snapshot, oldest first, as watchers saw them before the restart: a watch resumed
   * from a resourceVersion of before the restart gets exactly the changes it missed instead of a 410.
   */
  readonly changes: RecoveredChange[];
  /** Log records replayed on top of the snapshot. */
  readonly replayedRecords: number;
  /** Bytes of a torn last record that were cut off (0 after a clean shutdown). */
  readonly discardedBytes: number;
}

/** Options of `FileJournal.open`. */
export interface FileJournalOptions {
  /** The directory holding the snapshot and the log; created if missing. */
  stateDir: string;
  /** Compact into a snapshot after this many log records. @default 10_000 */
  compactEvery?: number;
}

/** Default number of log records between snapshots. */
export const DEFAULT_COMPACT_EVERY = 10_000;

const SNAPSHOT_FILE = 'snapshot.json';
const SNAPSHOT_TEMP_FILE = 'snapshot.json.tmp';
const LOG_FILE = 'wal.log';
const SNAPSHOT_FORMAT = 'ramen-apiserver-store/v1';

interface LogLine {
  rv: number;
  op: 'put' | 'delete';
  g: string;
  r: string;
  ns: string;
  n: string;
  o?: KubeObject;
}

interface SnapshotFile {
  format: string;
  revision: number;
  entries: Array<{ g: string; r: string; o: KubeObject }>;
}

function entryKey(group: string, resource: string, namespace: string, name: string): string {
  return `${group}\u0000${resource}\u0000${namespace}\u0000${name}`;
}

/** Renders a record as one log line: checksum, space, JSON, newline. */
export function encodeRecord(record: WriteRecord): string {
  const line: LogLine = {
    rv: record.revision,
    op: record.op,
    g: record.group,
    r: record.resource,
    ns: record.namespace,
    n: record.name,
  };
  if (record.object !== undefined) line.o = record.object;
  const json = JSON.stringify(line);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** Reads one log line (without its newline); undefined when it is torn or corrupt. */
function decodeLine(text: string): LogLine | undefined {
  if (text.length < 10 || text[8] !== ' ') return undefined;
  const json = text.slice(9);
  if (Number.parseInt(text.slice(0, 8), 16) !== crc32(json)) return undefined;
  try {
    const line = JSON.parse(json) as LogLine;
    const valid =
      Number.isSafeInteger(line.rv) &&
      (line.op === 'delete' || (line.op === 'put' && typeof line.o === 'object' && line.o !== null));
    return valid ? line : undefined;
  } catch {
    return undefined;
  }
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PersistenceError(`cannot read ${path}`, { cause: error });
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function loadSnapshot(dir: string, state: Map<string, PersistedEntry>): Promise<number> {
  const path = join(dir, SNAPSHOT_FILE);
  const data = await readOptional(path);
  if (data === undefined) return 0;
  let snapshot: SnapshotFile;
  try {
    snapshot = JSON.parse(data.toString('utf8')) as SnapshotFile;
  } catch (cause) {
    throw new CorruptStateError('snapshot is not valid JSON', path, { cause });
  }
  if (
    snapshot.format !== SNAPSHOT_FORMAT ||
    !Number.isSafeInteger(snapshot.revision) ||
    !Array.isArray(snapshot.entries)
  ) {
    throw new CorruptStateError(`snapshot is not in format ${SNAPSHOT_FORMAT}`, path);
  }
  for (const { g, r, o } of snapshot.entries) {
    state.set(entryKey(g, r, o.metadata.namespace ?? '', o.metadata.name ?? ''), {
      group: g,
      resource: r,
      object: o,
    });
  }
  return snapshot.revision;
}

interface LogReplay {
  revision: number;
  replayed: number;
  validBytes: number;
  changes: RecoveredChange[];
}

/** The change a log record made to `previous` (the object before it, if any); undefined for a no-op delete. */
function changeOf(line: LogLine, previous: KubeObject | undefined): CommittedChange | undefined {
  const base = { revision: line.rv, namespace: line.ns, name: line.n };
  if (line.op === 'put') {
    const object = line.o as KubeObject;
    return previous === undefined
      ? { ...base, type: 'ADDED', object }
      : { ...base, type: 'MODIFIED', object, previous };
  }
  if (previous === undefined) return undefined;
  // A DELETED event carries the last state stamped with the deletion's resourceVersion (kube-api.md §9.1).
  const object = {
    ...previous,
    metadata: { ...previous.metadata, resourceVersion: formatResourceVersion(line.rv) },
  };
  return { ...base, type: 'DELETED', object, previous };
}

/** Applies the log's records after `fromRevision` to `state`; stops at a torn tail, refuses corruption before it. */
function replayLog(
  path: string,
  data: Buffer,
  fromRevision: number,
  state: Map<string, PersistedEntry>,
): LogReplay {
  const replay: LogReplay = { revision: fromRevision, replayed: 0, validBytes: 0, changes: [] };
  let lastSeen = 0;
  let pos = 0;
  while (pos < data.length) {
    const end = data.indexOf(0x0a, pos);
    const line = end < 0 ? undefined : decodeLine(data.toString('utf8', pos, end));
    if (line === undefined || line.rv <= lastSeen) {
      if (hasValidLineAfter(data, pos))
        throw new CorruptStateError(`corrupt record at byte ${pos} before valid records`, path);
      break;
    }
    lastSeen = line.rv;
    if (line.rv > fromRevision) {
      const key = entryKey(line.g, line.r, line.ns, line.n);
      const change = changeOf(line, state.get(key)?.object);
      if (change !== undefined) replay.changes.push({ group: line.g, resource: line.r, change });
      if (line.op === 'put')
        state.set(key, { group: line.g, resource: line.r, object: line.o as KubeObject });
      else state.delete(key);
      replay.revision = line.rv;
      replay.replayed++;
    }
    pos = (end as number) + 1;
    replay.validBytes = pos;
  }
  return replay;
}

function hasValidLineAfter(data: Buffer, pos: number): boolean {
  let start = data.indexOf(0x0a, pos);
  while (start >= 0 && start + 1 < data.length) {
    const end = data.indexOf(0x0a, start + 1);
    if (end < 0) return false;
    if (decodeLine(data.toString('utf8', start + 1, end)) !== undefined) return true;
    start = end;
  }
  return false;
}

interface PendingAppend {
  readonly line: string;
  readonly revision: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** The append-only log plus snapshots of one state directory. */
export class FileJournal {
  readonly #dir: string;
  readonly #compactEvery: number;
  readonly #log: FileHandle;
  #pending: PendingAppend[] = [];
  #loop: Promise<void> | undefined;
  #sinceSnapshot: number;
  #lastRevision: number;
  #compactRequested = false;
  readonly #compactWaiters: Array<() => void> = [];
  #failure: PersistenceError | undefined;
  #closed = false;
  #snapshotSource: (() => SnapshotData) | undefined;

  private constructor(
    dir: string,
    compactEvery: number,
    log: FileHandle,
    sinceSnapshot: number,
    revision: number,
  ) {
    this.#dir = dir;
    this.#compactEvery = compactEvery;
    this.#log = log;
    this.#sinceSnapshot = sinceSnapshot;
    this.#lastRevision = revision;
  }

  /**
   * Opens (creating if needed) a state directory and reads back its state.
   * @throws CorruptStateError when the snapshot is unreadable or the log is corrupt before its last record.
   * @throws PersistenceError when the directory cannot be read or written.
   */
  static async open(
    options: FileJournalOptions,
  ): Promise<{ journal: FileJournal; recovered: RecoveredState }> {
    const dir = options.stateDir;
    try {
      await mkdir(dir, { recursive: true });
      await rm(join(dir, SNAPSHOT_TEMP_FILE), { force: true });
    } catch (cause) {
      throw new PersistenceError(`cannot prepare state directory ${dir}`, { cause });
    }
    const state = new Map<string, PersistedEntry>();
    const snapshotRevision = await loadSnapshot(dir, state);
    const logPath = join(dir, LOG_FILE);
    const data = (await readOptional(logPath)) ?? Buffer.alloc(0);
    const replay = replayLog(logPath, data, snapshotRevision, state);
    let log: FileHandle;
    try {
      log = await open(logPath, 'a');
      if (replay.validBytes < data.length) {
        await log.truncate(replay.validBytes);
        await log.sync();
      }
      await syncDirectory(dir);
    } catch (cause) {
      throw new PersistenceError(`cannot open ${logPath}`, { cause });
    }
    const journal = new FileJournal(
      dir,
      options.compactEvery ?? DEFAULT_COMPACT_EVERY,
      log,
      replay.replayed,
      replay.revision,
    );
    const recovered: RecoveredState = {
      revision: replay.revision,
      entries: [...state.values()],
      historyFloor: snapshotRevision,
      changes: replay.changes,
      replayedRecords: replay.replayed,
      discardedBytes: data.length - replay.validBytes,
    };
    return { journal, recovered };
  }

  /** Where compactions read the committed state from; without a source the log is never compacted. */
  setSnapshotSource(source: () => SnapshotData): void {
    this.#snapshotSource = source;
  }

  /**
   * Appends a record; resolves once it is on disk and fsync'd. Records must come in revision order, and
   * resolutions come in the same order.
   */
  append(record: WriteRecord): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new StoreClosedError());
    const line = encodeRecord(record);
    return new Promise((resolve, reject) => {
      this.#pending.push({ line, revision: record.revision, resolve, reject });
      this.#kick();
    });
  }

  /** Compacts now (after pending appends), whatever the record count; resolves when the snapshot is written. */
  async compact(): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    const done = new Promise<void>((resolve) => this.#compactWaiters.push(resolve));
    this.#compactRequested = true;
    this.#kick();
    await done;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Waits for pending appends, then closes the log. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#loop !== undefined) await this.#loop;
    await this.#log.close();
  }

  #kick(): void {
    if (this.#loop !== undefined) return;
    this.#loop = nextMacrotask()
      .then(() => this.#run())
      .finally(() => {
        this.#loop = undefined;
        if (this.#failure === undefined && (this.#pending.length > 0 || this.#compactRequested)) this.#kick();
      });
  }

  async #run(): Promise<void> {
    while (this.#failure === undefined && (this.#pending.length > 0 || this.#compactRequested)) {
      if (this.#pending.length > 0) await this.#flushBatch();
      const due = this.#sinceSnapshot >= this.#compactEvery || this.#compactRequested;
      if (this.#failure === undefined && due && this.#snapshotSource !== undefined)
        await this.#compact(this.#snapshotSource);
      if (this.#compactRequested) {
        this.#compactRequested = false;
        for (const resolve of this.#compactWaiters.splice(0)) resolve();
      }
    }
    for (const resolve of this.#compactWaiters.splice(0)) resolve();
  }

  async #flushBatch(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    try {
      await this.#log.appendFile(batch.map((p) => p.line).join(''));
      await this.#log.sync();
    } catch (cause) {
      this.#fail(new PersistenceError(`cannot append to ${join(this.#dir, LOG_FILE)}`, { cause }), batch);
      return;
    }
    this.#sinceSnapshot += batch.length;
    this.#lastRevision = (batch[batch.length - 1] as PendingAppend).revision;
    for (const p of batch) p.resolve();
    // Let the store apply what was just acknowledged, so a snapshot taken next includes it.
    await nextMacrotask();
  }

  async #compact(source: () => SnapshotData): Promise<void> {
    const snapshot = source();
    if (snapshot.revision !== this.#lastRevision) return;
    const file: SnapshotFile = { format: SNAPSHOT_FORMAT, revision: snapshot.revision, entries: [] };
    for (const e of snapshot.entries) file.entries.push({ g: e.group, r: e.resource, o: e.object });
    const text = JSON.stringify(file);
    const temp = join(this.#dir, SNAPSHOT_TEMP_FILE);
    try {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, join(this.#dir, SNAPSHOT_FILE));
      await syncDirectory(this.#dir);
      await this.#log.truncate(0);
      await this.#log.sync();
      this.#sinceSnapshot = 0;
    } catch (cause) {
      this.#fail(new PersistenceError(`cannot write a snapshot in ${this.#dir}`, { cause }), []);
    }
  }

  #fail(error: PersistenceError, batch: PendingAppend[]): void {
    this.#failure = error;
    for (const p of [...batch, ...this.#pending.splice(0)]) p.reject(error);
  }
}
