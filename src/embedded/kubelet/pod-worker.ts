/**
 * The kubelet's pod worker for one pod: starts every container as a process, restarts containers as the pod's
 * `restartPolicy` says (Always: on every exit; OnFailure: on a non-zero exit; Never: not at all) with the
 * kubelet's crash-loop back-off (10 s doubling to 5 min, reset after 10 min of running; all scaled by the
 * environment's time scale), and terminates them (SIGTERM, SIGKILL after the grace period). It keeps the state the
 * pod status is built from and calls `onChange` whenever that state changes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Pod } from '../../apiserver/builtins/index.js';
import { scaled } from '../agent.js';
import { containerArgv, containerEnvironment, IDLE_COMMAND } from './container-command.js';
import { type IsolationMode, launchCommand } from './container-isolation.js';
import { type ContainerExit, ContainerProcess } from './container-process.js';
import { containerExitPath, containerLogPath } from './cri-log.js';
import { containerMounts, type PodVolumeDirectories } from './pod-volumes.js';

type PodContainer = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

/** The state of one container, in the shape of `ContainerState`. */
export type ContainerRunState =
  | { kind: 'waiting'; reason: 'ContainerCreating' | 'CrashLoopBackOff'; message?: string }
  | { kind: 'running'; startedAt: string; containerId: string }
  | { kind: 'terminated'; exit: ContainerExit; containerId: string };

/** What the status of one container is built from. */
export interface ContainerSnapshot {
  name: string;
  image: string;
  restartCount: number;
  state: ContainerRunState;
  lastTerminated?: { exit: ContainerExit; containerId: string };
}

/** What a worker needs. */
export interface PodWorkerOptions {
  pod: Pod;
  podDir: string;
  volumes: PodVolumeDirectories;
  isolation: IsolationMode;
  timeScale: number;
  logger: Logger;
  onChange(): void;
}

/** The first restart is immediate; later ones wait 10 s, doubling. */
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
const BACKOFF_RESET_MS = 600_000;

interface ContainerSlot {
  spec: PodContainer;
  snapshot: ContainerSnapshot;
  process?: ContainerProcess;
  /** A start in progress (termination waits for it, so no process escapes). */
  launching?: Promise<void>;
  backoffMs: number;
  timer?: NodeJS.Timeout;
}

/** Runs the containers of one pod; see the module comment. */
export class PodWorker {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly podDir: string;
  readonly startTime = new Date().toISOString();
  /** The pod's grace period in seconds, as it was when the worker started. */
  readonly gracePeriodSeconds: number;
  readonly #options: PodWorkerOptions;
  readonly #slots: ContainerSlot[];
  readonly #restartPolicy: 'Always' | 'OnFailure' | 'Never';
  #terminating: Promise<void> | undefined;

  constructor(options: PodWorkerOptions) {
    const { pod } = options;
    this.#options = options;
    this.uid = pod.metadata.uid ?? '';
    this.namespace = pod.metadata.namespace ?? '';
    this.name = pod.metadata.name ?? '';
    this.podDir = options.podDir;
    this.gracePeriodSeconds = pod.spec?.terminationGracePeriodSeconds ?? 30;
    this.#restartPolicy = pod.spec?.restartPolicy ?? 'Always';
    this.#slots = (pod.spec?.containers ?? []).map((spec) => ({
      spec,
      backoffMs: 0,
      snapshot: {
        name: spec.name ?? '',
        image: spec.image ?? '',
        restartCount: 0,
        state: { kind: 'waiting', reason: 'ContainerCreating' },
      },
    }));
  }

  /** Whether termination has begun. */
  get terminating(): boolean {
    return this.#terminating !== undefined;
  }

  /** The state of every container, in spec order. */
  containers(): readonly ContainerSnapshot[] {
    return this.#slots.map((slot) => slot.snapshot);
  }

  /** Starts every container. */
  async start(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => this.#startSlot(slot)));
  }

  /** Stops every container: SIGTERM, SIGKILL after `graceMs`; no more restarts. Idempotent. */
  terminate(graceMs: number): Promise<void> {
    this.#terminating ??= (async () => {
      for (const slot of this.#slots) clearTimeout(slot.timer);
      await Promise.all(this.#slots.map((slot) => slot.launching?.catch(() => undefined)));
      await Promise.all(this.#slots.map((slot) => slot.process?.terminate(graceMs)));
    })();
    return this.#terminating;
  }

  #startSlot(slot: ContainerSlot): Promise<void> {
    if (this.#terminating !== undefined) return Promise.resolve();
    const launching = this.#launch(slot).finally(() => {
      if (slot.launching === launching) slot.launching = undefined;
    });
    slot.launching = launching;
    return launching;
  }

  async #launch(slot: ContainerSlot): Promise<void> {
    const { pod, podDir, volumes, isolation } = this.#options;
    const env = containerEnvironment(slot.spec, pod);
    const argv = containerArgv(slot.spec, env);
    const idle = argv[0] === IDLE_COMMAND[0] && argv.length === IDLE_COMMAND.length;
    const mounts = idle ? [] : containerMounts(slot.spec, volumes);
    for (const mount of mounts) await mkdir(mount.source, { recursive: true });
    const name = slot.snapshot.name;
    const restart = slot.snapshot.restartCount;
    const process = await ContainerProcess.start({
      command: launchCommand(argv, mounts, isolation),
      env,
      cwd: join(podDir, 'scratch', name),
      logPath: containerLogPath(podDir, name, restart),
      exitPath: containerExitPath(podDir, name, restart),
    });
    const containerId = `ramen://${randomBytes(32).toString('hex')}`;
    slot.process = process;
    slot.snapshot.state = { kind: 'running', startedAt: process.startedAt, containerId };
    this.#options.logger.debug(
      { pod: `${this.namespace}/${this.name}`, container: name, pid: process.pid },
      'container started',
    );
    this.#options.onChange();
    void process.exited.then((exit) => this.#exited(slot, exit, containerId));
  }

  #exited(slot: ContainerSlot, exit: ContainerExit, containerId: string): void {
    const terminated = { exit, containerId };
    this.#options.logger.debug(
      { pod: `${this.namespace}/${this.name}`, container: slot.snapshot.name, exitCode: exit.exitCode },
      'container exited',
    );
    const restart =
      this.#terminating === undefined &&
      (this.#restartPolicy === 'Always' || (this.#restartPolicy === 'OnFailure' && exit.exitCode !== 0));
    if (!restart) {
      slot.snapshot.state = { kind: 'terminated', ...terminated };
      this.#options.onChange();
      return;
    }
    const ranMs = Date.parse(exit.finishedAt) - Date.parse(exit.startedAt);
    if (ranMs > scaled(BACKOFF_RESET_MS, this.#options.timeScale)) slot.backoffMs = 0;
    const delay = slot.backoffMs === 0 ? 0 : scaled(slot.backoffMs, this.#options.timeScale);
    slot.snapshot.lastTerminated = terminated;
    slot.snapshot.state = {
      kind: 'waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${Math.round(slot.backoffMs / 1000)}s restarting failed container=${slot.snapshot.name} pod=${this.name}_${this.namespace}(${this.uid})`,
    };
    slot.backoffMs = slot.backoffMs === 0 ? BACKOFF_INITIAL_MS : Math.min(slot.backoffMs * 2, BACKOFF_MAX_MS);
    slot.timer = setTimeout(() => {
      slot.snapshot.restartCount += 1;
      void this.#startSlot(slot).catch((error: unknown) =>
        this.#options.logger.error({ err: error, container: slot.snapshot.name }, 'container restart failed'),
      );
    }, delay);
    this.#options.onChange();
  }
}
