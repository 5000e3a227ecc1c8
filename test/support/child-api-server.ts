/**
 * Starts `api-server-process.ts` as a child process (`node --import tsx`) and waits for the line it prints once
 * it listens, for tests that must kill the server abruptly (SIGKILL) and start it again on the same state.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiServerProcessInfo } from './api-server-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const SCRIPT = join(here, 'api-server-process.ts');

/** A running child API server. */
export interface ChildApiServer {
  readonly info: ApiServerProcessInfo;
  readonly process: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

/** Starts the child on `stateDir` (and `port`, 0 for any); rejects if it exits or is silent for `timeoutMs`. */
export function startChildApiServer(stateDir: string, port = 0, timeoutMs = 15_000): Promise<ChildApiServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, stateDir, String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | NodeJS.Signals | null>((done) =>
    child.once('exit', (code, signal) => done(signal ?? code)),
  );
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolveStart, rejectStart) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      void kill('SIGKILL');
      rejectStart(new Error(`the API server process did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const info = JSON.parse(stdout.slice(0, newline)) as ApiServerProcessInfo;
      resolveStart({ info, process: child, exited, kill });
    });
    void exited.then((how) => {
      clearTimeout(timer);
      rejectStart(new Error(`the API server process exited (${String(how)}) before listening: ${stderr}`));
    });
  });
}
