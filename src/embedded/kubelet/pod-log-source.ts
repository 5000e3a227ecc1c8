/**
 * `kubectl logs` for the embedded kubelet: a `PodLogSource` reading the CRI log files the kubelet writes under a
 * cluster's state directory. The environment creates one per managed cluster (with the same state directory as
 * that cluster's agents) and passes it as the API server's `podLogs`. Supports `tailLines`, `sinceSeconds`,
 * `timestamps`, `limitBytes`, `previous` (the run before the current one) and `follow` (the text so far, then
 * new records as they are written, until the container's run has ended or the pod is gone).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogOptions, PodLogSource } from '../../apiserver/registry/index.js';
import {
  containerExitPath,
  containerLogPath,
  type LogRecord,
  parseLogRecord,
  podStartedPath,
  podsRoot,
} from './cri-log.js';

/** Options of `createPodLogSource`. */
export interface PodLogSourceOptions {
  /** The cluster's state directory (the `stateDir` its agents get). */
  stateDir: string;
  /** How often a followed log is polled for new records. @default 100 */
  pollMs?: number;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The newest directory of a pod `namespace/name` (a newer pod of the same name wins over one terminating). */
async function podDirectoryOf(root: string, namespace: string, name: string): Promise<string | undefined> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return undefined;
  }
  const prefix = `${namespace}_${name}_`;
  let newest: { path: string; time: number } | undefined;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || entry.slice(prefix.length).includes('_')) continue;
    const path = join(root, entry);
    const time = Number(await readFile(podStartedPath(path), 'utf8').catch(() => '0')) || 0;
    if (newest === undefined || time > newest.time) newest = { path, time };
  }
  return newest?.path;
}

/** The run numbers of a container's logs, ascending. */
async function runsOf(podDir: string, container: string): Promise<number[]> {
  const entries = await readdir(join(podDir, container)).catch(() => [] as string[]);
  return entries
    .map((entry) => /^(\d+)\.log$/.exec(entry)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

function renderRecords(records: readonly LogRecord[], options: LogOptions): string {
  return records
    .map((record) => `${options.timestamps ? `${record.time} ` : ''}${record.text}${record.full ? '\n' : ''}`)
    .join('');
}

function parseRecords(text: string): LogRecord[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(parseLogRecord)
    .filter((record): record is LogRecord => record !== undefined);
}

/** The records that pass `sinceSeconds` and `tailLines` (counted in whole lines). */
function selectRecords(records: LogRecord[], options: LogOptions): LogRecord[] {
  let selected = records;
  if (options.sinceSeconds !== undefined) {
    const since = Date.now() - options.sinceSeconds * 1000;
    selected = selected.filter((record) => Date.parse(record.time) >= since);
  }
  if (options.tailLines !== undefined) {
    let lines = 0;
    let start = selected.length;
    while (start > 0) {
      const record = selected[start - 1] as LogRecord;
      if (record.full) {
        if (lines === options.tailLines) break;
        lines += 1;
      }
      start -= 1;
    }
    selected = selected.slice(start);
  }
  return selected;
}

function limit(text: string, limitBytes: number | undefined): string {
  if (limitBytes === undefined) return text;
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= limitBytes ? text : bytes.subarray(0, limitBytes).toString('utf8');
}

/** A `PodLogSource` over a cluster's kubelet logs; see the module comment. */
export function createPodLogSource(options: PodLogSourceOptions): PodLogSource {
  const root = podsRoot(options.stateDir);
  const pollMs = options.pollMs ?? 100;
  return {
    async read(namespace, pod, logOptions) {
      const container = logOptions.container ?? '';
      const podDir = await podDirectoryOf(root, namespace, pod);
      if (podDir === undefined) return '';
      const runs = await runsOf(podDir, container);
      const run = logOptions.previous ? runs.at(-2) : runs.at(-1);
      if (run === undefined) return '';
      const logPath = containerLogPath(podDir, container, run);
      const content = await readFile(logPath, 'utf8').catch(() => '');
      const complete = content.lastIndexOf('\n') + 1;
      const text = renderRecords(
        selectRecords(parseRecords(content.slice(0, complete)), logOptions),
        logOptions,
      );
      if (!logOptions.follow || logOptions.previous) return limit(text, logOptions.limitBytes);
      return follow(
        text,
        Buffer.byteLength(content.slice(0, complete), 'utf8'),
        { logPath, exitPath: containerExitPath(podDir, container, run), podDir },
        logOptions,
        pollMs,
      );
    },
  };
}

interface FollowedRun {
  logPath: string;
  exitPath: string;
  podDir: string;
}

async function* follow(
  initial: string,
  offset: number,
  run: FollowedRun,
  options: LogOptions,
  pollMs: number,
): AsyncGenerator<string> {
  let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
  const emit = (text: string): string => {
    const out = limit(text, budget);
    budget -= Buffer.byteLength(out, 'utf8');
    return out;
  };
  if (initial !== '') yield emit(initial);
  let position = offset;
  for (;;) {
    if (budget <= 0) return;
    const ended = (await exists(run.exitPath)) || !(await exists(run.podDir));
    const content = await readFile(run.logPath).catch(() => Buffer.alloc(0));
    if (content.length > position) {
      const fresh = content.subarray(position).toString('utf8');
      const complete = fresh.lastIndexOf('\n') + 1;
      if (complete > 0) {
        position += Buffer.byteLength(fresh.slice(0, complete), 'utf8');
        const text = renderRecords(parseRecords(fresh.slice(0, complete)), options);
        if (text !== '') yield emit(text);
        continue;
      }
    }
    if (ended) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
