/**
 * `<stateDir>/run.json`: present while `ramen env up` runs on a state directory. It tells the other `ramen env`
 * commands which process to signal (`env down`) and where the running environment's control endpoint listens, with
 * the token that endpoint demands (so the file is readable by the owner only). A file left by a process that died is
 * recognised as stale by its pid.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from './environment-error.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

/** The file name under the state directory. */
export const RUN_FILE = 'run.json';

/** What run.json holds. */
export interface RunInfo {
  readonly pid: number;
  /** `http://127.0.0.1:PORT` of the control endpoint. */
  readonly controlUrl: string;
  /** The bearer token of the control endpoint. */
  readonly token: string;
  readonly startedAt: string;
}

/** The path of run.json under `stateDir`. */
export function runFilePath(stateDir: string): string {
  return join(stateDir, RUN_FILE);
}

/** Whether a process with `pid` exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isRunInfo(value: unknown): value is RunInfo {
  if (typeof value !== 'object' || value === null) return false;
  const info = value as Record<string, unknown>;
  return (
    Number.isInteger(info.pid) &&
    typeof info.controlUrl === 'string' &&
    typeof info.token === 'string' &&
    typeof info.startedAt === 'string'
  );
}

/** Reads run.json; undefined when there is none or its process is gone (the stale file is then removed). */
export async function readRunInfo(stateDir: string): Promise<RunInfo | undefined> {
  const path = runFilePath(stateDir);
  let content: unknown;
  try {
    content = await readJsonFile(path);
  } catch (error) {
    throw new EnvironmentError(`${path} is not valid JSON; remove it if no environment runs`, {
      cause: error,
    });
  }
  if (content === undefined) return undefined;
  if (!isRunInfo(content))
    throw new EnvironmentError(`${path} is not a run file; remove it if no environment runs`);
  if (!isProcessAlive(content.pid)) {
    await rm(path, { force: true });
    return undefined;
  }
  return content;
}

/** Writes run.json. */
export async function writeRunInfo(stateDir: string, info: RunInfo): Promise<void> {
  await writeJsonFile(runFilePath(stateDir), info);
}

/** Removes run.json (the environment stopped). */
export async function removeRunInfo(stateDir: string): Promise<void> {
  await rm(runFilePath(stateDir), { force: true });
}
