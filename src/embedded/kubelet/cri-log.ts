/**
 * Container logs in the CRI format the real kubelet writes (`<RFC3339Nano> <stream> <F|P> <text>`, one line per
 * record; `P` marks a partial line), stored as the kubelet stores them: `<stateDir>/pods/<namespace>_<pod>_<uid>/
 * <container>/<restartCount>.log`. An `<restartCount>.exit` file next to the log records the exit code once the
 * process has ended, so readers following the log know when it is complete.
 */
import { join } from 'node:path';

/** One record of a CRI log. */
export interface LogRecord {
  time: string;
  stream: 'stdout' | 'stderr';
  /** False for a partial line (no newline follows). */
  full: boolean;
  text: string;
}

/** The directory holding every pod's logs and scratch space. */
export function podsRoot(stateDir: string): string {
  return join(stateDir, 'pods');
}

/** The directory of one pod (namespace and pod names cannot contain `_`, so the name is unambiguous). */
export function podDirectory(stateDir: string, namespace: string, name: string, uid: string): string {
  return join(podsRoot(stateDir), `${namespace}_${name}_${uid}`);
}

/** A file in a pod's directory holding when its worker started (ms since the epoch): the newest pod wins. */
export function podStartedPath(podDir: string): string {
  return join(podDir, 'started');
}

/** The log file of one run of one container. */
export function containerLogPath(podDir: string, container: string, restartCount: number): string {
  return join(podDir, container, `${restartCount}.log`);
}

/** The exit marker of one run of one container. */
export function containerExitPath(podDir: string, container: string, restartCount: number): string {
  return join(podDir, container, `${restartCount}.exit`);
}

/** An RFC 3339 time with nanoseconds, as CRI log records carry. */
export function nanoTime(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 23)}000000Z`;
}

/** Formats one record. */
export function formatLogRecord(record: LogRecord): string {
  return `${record.time} ${record.stream} ${record.full ? 'F' : 'P'} ${record.text}\n`;
}

/** Parses one line of a CRI log; undefined for a malformed line. */
export function parseLogRecord(line: string): LogRecord | undefined {
  const match = /^(\S+) (stdout|stderr) ([FP]) (.*)$/s.exec(line);
  if (!match) return undefined;
  return {
    time: match[1] as string,
    stream: match[2] as 'stdout' | 'stderr',
    full: match[3] === 'F',
    text: match[4] as string,
  };
}

/**
 * Splits a chunk of process output into records, carrying an unterminated tail over to the next chunk. The tail
 * is flushed as a partial record when the stream ends.
 */
export class LogLineSplitter {
  #pending = '';

  /** The complete lines in `chunk` (with what was pending before). */
  push(chunk: string): string[] {
    const text = this.#pending + chunk;
    const lines = text.split('\n');
    this.#pending = lines.pop() ?? '';
    return lines;
  }

  /** What is left without a newline. */
  flush(): string | undefined {
    const rest = this.#pending;
    this.#pending = '';
    return rest === '' ? undefined : rest;
  }
}
