/**
 * One run of one container as a real process: spawned in its own process group (so signals reach the whole
 * container, as they reach every process of a real container's PID namespace), its stdout and stderr written to
 * the CRI log file, its exit recorded in the exit marker. `terminate` is the kubelet's `killContainer`: SIGTERM,
 * then SIGKILL once the grace period has passed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LaunchCommand } from './container-isolation.js';
import { formatLogRecord, LogLineSplitter, nanoTime } from './cri-log.js';

/** How a container run ended. */
export interface ContainerExit {
  exitCode: number;
  /** The signal that ended it, if one did. */
  signal?: NodeJS.Signals;
  startedAt: string;
  finishedAt: string;
  /** Set when the process could not be started at all. */
  startError?: string;
}

/** What a container run needs. */
export interface ContainerProcessOptions {
  command: LaunchCommand;
  env: Readonly<Record<string, string>>;
  cwd: string;
  logPath: string;
  exitPath: string;
}

const SIGNAL_NUMBERS: Readonly<Partial<Record<NodeJS.Signals, number>>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGTERM: 15,
};

/** The exit code a shell reports for a process a signal ended (128 + the signal number). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 0);
}

/** A running (or finished) container process. */
export class ContainerProcess {
  readonly startedAt = new Date().toISOString();
  /** Settles once the process has ended and its log is flushed. */
  readonly exited: Promise<ContainerExit>;
  readonly #child: ChildProcess | undefined;
  #ended = false;

  private constructor(
    child: ChildProcess | undefined,
    exited: (self: ContainerProcess) => Promise<ContainerExit>,
  ) {
    this.#child = child;
    this.exited = exited(this).then((exit) => {
      this.#ended = true;
      return exit;
    });
  }

  /** The process id (undefined when it did not start). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Whether the process has ended. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Starts a container process. */
  static async start(options: ContainerProcessOptions): Promise<ContainerProcess> {
    await mkdir(dirname(options.logPath), { recursive: true });
    await mkdir(options.cwd, { recursive: true });
    const log = createWriteStream(options.logPath, { flags: 'a' });
    await once(log, 'open');
    let child: ChildProcess;
    try {
      child = spawn(options.command.file, options.command.args, {
        cwd: options.cwd,
        env: { ...options.env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      return new ContainerProcess(undefined, (self) => failedStart(self, log, options, error));
    }
    return new ContainerProcess(child, (self) => supervise(self, child, log, options));
  }

  /** Sends `signal` to the container's process group. */
  signal(signal: NodeJS.Signals): void {
    const pid = this.#child?.pid;
    if (pid === undefined || this.#ended) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit. */
  async terminate(graceMs: number): Promise<ContainerExit> {
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.signal('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    return this.exited;
  }
}

async function failedStart(
  self: ContainerProcess,
  log: WriteStream,
  options: ContainerProcessOptions,
  error: unknown,
): Promise<ContainerExit> {
  const message = error instanceof Error ? error.message : String(error);
  log.end();
  await once(log, 'close');
  const exit = {
    exitCode: 128,
    startedAt: self.startedAt,
    finishedAt: new Date().toISOString(),
    startError: message,
  };
  await writeFile(options.exitPath, String(exit.exitCode));
  return exit;
}

function pipeToLog(child: ChildProcess, log: WriteStream): Promise<unknown>[] {
  const ended: Promise<unknown>[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (source === null) continue;
    const splitter = new LogLineSplitter();
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      for (const text of splitter.push(chunk))
        log.write(formatLogRecord({ time: nanoTime(), stream, full: true, text }));
    });
    ended.push(
      once(source, 'close').then(() => {
        const rest = splitter.flush();
        if (rest !== undefined)
          log.write(formatLogRecord({ time: nanoTime(), stream, full: false, text: rest }));
      }),
    );
  }
  return ended;
}

async function supervise(
  self: ContainerProcess,
  child: ChildProcess,
  log: WriteStream,
  options: ContainerProcessOptions,
): Promise<ContainerExit> {
  const streams = pipeToLog(child, log);
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    },
  );
  // Whatever the container left running in its group goes with it, as with a container's PID namespace.
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
  }
  await Promise.race([Promise.all(streams), new Promise((resolve) => setTimeout(resolve, 1000))]);
  log.end();
  await once(log, 'close');
  const exitCode =
    outcome.error !== undefined ? 128 : outcome.signal ? signalExitCode(outcome.signal) : (outcome.code ?? 0);
  const exit: ContainerExit = {
    exitCode,
    ...(outcome.signal && { signal: outcome.signal }),
    startedAt: self.startedAt,
    finishedAt: new Date().toISOString(),
    ...(outcome.error !== undefined && { startError: outcome.error.message }),
  };
  await writeFile(options.exitPath, String(exitCode));
  return exit;
}
