/**
 * One cluster of the environment: its API server (persisted under `<dir>/apiserver`), for a managed cluster its
 * object store (under `<dir>/s3`), and its agents and operators. It knows how to go dark and come back on the same
 * ports with the same state (the `stop-cluster` / `start-cluster` faults), how to take its object store off the
 * network, and how to lose and regain its link to the hub (a partition).
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type RunningApiServer, startApiServer } from '../../apiserver/http/index.js';
import type { PodLogSource } from '../../apiserver/registry/index.js';
import { ResourceRegistry } from '../../apiserver/registry/index.js';
import { type S3Server, type SigV4Credentials, startS3Server } from '../s3/index.js';
import type { ClusterAgents } from './cluster-agents.js';
import type { ClusterRole } from './cluster-kinds.js';
import { EnvironmentError } from './environment-error.js';
import { startOnPort } from './listen-port.js';
import { S3_BUCKET, S3_REGION } from './s3-profiles.js';

/** Whether a cluster is up or stopped by a fault. */
export type ClusterState = 'running' | 'stopped';

/** How to build one cluster. */
export interface EmbeddedClusterOptions {
  readonly name: string;
  readonly role: ClusterRole;
  /** The cluster's directory (`<stateDir>/<name>`). */
  readonly dir: string;
  /** The API server port recorded by an earlier run. */
  readonly apiServerPort?: number;
  /** The object store port recorded by an earlier run (managed clusters). */
  readonly s3Port?: number;
  /** The object store's credentials (managed clusters). */
  readonly s3Credentials: SigV4Credentials;
  /** Where `pods/log` of this cluster reads from. */
  readonly podLogs?: PodLogSource;
  readonly logger: Logger;
}

/** One cluster; see the module comment. */
export class EmbeddedCluster {
  readonly name: string;
  readonly role: ClusterRole;
  readonly dir: string;
  readonly #options: EmbeddedClusterOptions;
  readonly #logger: Logger;
  #apiServer: RunningApiServer | undefined;
  #s3: S3Server | undefined;
  #state: ClusterState = 'stopped';
  #s3Wanted = true;
  #partitioned = false;
  /** Set by the environment once the clients exist. */
  agents: ClusterAgents | undefined;
  /** Set by the environment when operators are given. */
  operators: ClusterAgents | undefined;

  constructor(options: EmbeddedClusterOptions) {
    this.name = options.name;
    this.role = options.role;
    this.dir = options.dir;
    this.#options = options;
    this.#logger = options.logger;
  }

  get state(): ClusterState {
    return this.#state;
  }

  get partitioned(): boolean {
    return this.#partitioned;
  }

  /** The running API server; throws when the cluster has never started. */
  get apiServer(): RunningApiServer {
    if (this.#apiServer === undefined) throw new EnvironmentError(`cluster ${this.name} has no API server`);
    return this.#apiServer;
  }

  /** The object store (managed clusters only). */
  get s3(): S3Server | undefined {
    return this.#s3;
  }

  /** Whether the object store currently answers. */
  get s3Reachable(): boolean {
    return this.#s3?.reachable ?? false;
  }

  /**
   * Starts the API server and the object store for the first time. With `movePorts`, a recorded port that is now
   * taken is replaced by a free one (logged); otherwise that is an error.
   */
  async startServers(movePorts: boolean): Promise<void> {
    const moved = (what: string, port: number | undefined) => (error: unknown) =>
      this.#logger.warn(
        { err: error, cluster: this.name },
        `${what} port ${port} is taken; using another one`,
      );
    this.#apiServer = await startOnPort(
      (port) => this.#startApiServer(port),
      this.#options.apiServerPort,
      movePorts,
      moved('API server', this.#options.apiServerPort),
    );
    if (this.role === 'managed') {
      this.#s3 = await startOnPort(
        (port) =>
          startS3Server({
            dir: join(this.dir, 's3'),
            port,
            credentials: this.#options.s3Credentials,
            buckets: [S3_BUCKET],
            region: S3_REGION,
          }),
        this.#options.s3Port,
        movePorts,
        moved('object store', this.#options.s3Port),
      );
    }
    this.#state = 'running';
  }

  #startApiServer(port: number): Promise<RunningApiServer> {
    const podLogs = this.#options.podLogs;
    return startApiServer({
      stateDir: join(this.dir, 'apiserver'),
      name: this.name,
      port,
      createRegistry: (store) => ResourceRegistry.open({ store, ...(podLogs !== undefined && { podLogs }) }),
      onError: (error, req) =>
        this.#logger.error({ err: error, cluster: this.name, method: req.method, url: req.url }, 'API error'),
    });
  }

  /** Starts the agents and operators (the hub-facing agents stay down while partitioned). */
  async startWorkloads(): Promise<void> {
    await this.agents?.start('all', this.#partitioned);
    await this.operators?.start();
  }

  /** The `stop-cluster` fault: operators, agents, object store and API server go dark; their state stays on disk. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    await settleAll([
      async () => {
        await this.operators?.stop();
        await this.agents?.stop();
      },
      async () => {
        if (this.#s3?.reachable) await this.#s3.setReachable(false);
      },
      async () => this.#apiServer?.stop(),
    ]);
  }

  /** Brings a stopped cluster back on the same ports with the same state, then its agents and operators. */
  async start(): Promise<void> {
    if (this.#state === 'running') return;
    const port = this.#apiServer?.port;
    try {
      this.#apiServer = await this.#startApiServer(port ?? 0);
    } catch (error) {
      throw new EnvironmentError(`cannot restart the API server of ${this.name} on port ${port}`, {
        cause: error,
      });
    }
    this.#state = 'running';
    if (this.#s3Wanted && this.#s3 !== undefined && !this.#s3.reachable) await this.#s3.setReachable(true);
    await this.startWorkloads();
  }

  /** Takes the object store off the network (`false`) or brings it back (`true`, only while the cluster runs). */
  async setS3Reachable(reachable: boolean): Promise<void> {
    if (this.#s3 === undefined) throw new EnvironmentError(`cluster ${this.name} has no object store`);
    this.#s3Wanted = reachable;
    const effective = reachable && this.#state === 'running';
    if (this.#s3.reachable !== effective) await this.#s3.setReachable(effective);
  }

  /** Cuts the cluster off the hub: its hub-facing agents stop; its API server and other agents keep running. */
  async partition(): Promise<void> {
    if (this.role === 'hub') throw new EnvironmentError('the hub cannot be partitioned from itself');
    this.#partitioned = true;
    await this.agents?.stop('hub-facing');
  }

  /** Ends a partition: the hub-facing agents start again (when the cluster runs). */
  async heal(): Promise<void> {
    this.#partitioned = false;
    if (this.#state === 'running') await this.agents?.start('hub-facing');
  }

  /** Stops everything for good (the environment is shutting down). */
  async close(): Promise<void> {
    this.#state = 'stopped';
    await settleAll([
      async () => {
        await this.operators?.stop();
        await this.agents?.stop();
      },
      async () => this.#s3?.stop(),
      async () => this.#apiServer?.stop(),
    ]);
  }
}

/**
 * Runs each step in order even when an earlier one failed (a cluster going dark must go dark whatever its agents
 * do), then throws the first failure.
 */
async function settleAll(steps: ReadonlyArray<() => Promise<unknown>>): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}
