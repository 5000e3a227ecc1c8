/**
 * The handle of a running environment: clients, object store coordinates, status, and the faults, each delegated
 * to the cluster it concerns. Stopping stops the managed clusters first (their agents talk to the hub), then the hub.
 */
import { rm } from 'node:fs/promises';
import type { ClusterClient } from '../../kube/index.js';
import type { EmbeddedCluster } from './embedded-cluster.js';
import { EnvironmentError, UnknownClusterError } from './environment-error.js';
import type { ClusterStatus, Environment, EnvironmentS3 } from './environment-types.js';
import type { S3Profile } from './s3-profiles.js';

/** What a `RunningEnvironment` is made of. */
export interface RunningEnvironmentParts {
  readonly hub: string;
  readonly managedClusters: readonly string[];
  readonly stateDir: string;
  readonly kubeconfigPath: string;
  readonly timeScale: number;
  readonly members: ReadonlyMap<string, EmbeddedCluster>;
  readonly clients: ReadonlyMap<string, ClusterClient>;
  readonly profiles: readonly S3Profile[];
  /** The state directory is temporary: `stop()` removes it. */
  readonly temporary: boolean;
}

/** The environment's implementation; `startEnvironment` builds and starts it. */
export class RunningEnvironment implements Environment {
  readonly clusters: readonly string[];
  readonly hub: string;
  readonly managedClusters: readonly string[];
  readonly stateDir: string;
  readonly kubeconfigPath: string;
  readonly timeScale: number;
  readonly #members: ReadonlyMap<string, EmbeddedCluster>;
  readonly #clients: ReadonlyMap<string, ClusterClient>;
  readonly #profiles: readonly S3Profile[];
  readonly #temporary: boolean;
  #stopping: Promise<void> | undefined;

  constructor(parts: RunningEnvironmentParts) {
    this.hub = parts.hub;
    this.managedClusters = parts.managedClusters;
    this.clusters = [parts.hub, ...parts.managedClusters];
    this.stateDir = parts.stateDir;
    this.kubeconfigPath = parts.kubeconfigPath;
    this.timeScale = parts.timeScale;
    this.#members = parts.members;
    this.#clients = parts.clients;
    this.#profiles = parts.profiles;
    this.#temporary = parts.temporary;
  }

  #member(name: string): EmbeddedCluster {
    const member = this.#members.get(name);
    if (member === undefined) throw new UnknownClusterError(name, this.clusters);
    return member;
  }

  #managed(name: string): EmbeddedCluster {
    const member = this.#member(name);
    if (member.role !== 'managed') throw new EnvironmentError(`${name} is the hub, not a managed cluster`);
    return member;
  }

  client(name: string): ClusterClient {
    const client = this.#clients.get(name);
    if (client === undefined) throw new UnknownClusterError(name, this.clusters);
    return client;
  }

  s3(name: string): EnvironmentS3 {
    const member = this.#managed(name);
    const profile = this.#profiles.find((candidate) => candidate.cluster === name);
    if (profile === undefined) throw new EnvironmentError(`${name} has no S3 profile`);
    return {
      profileName: profile.name,
      endpoint: profile.endpoint,
      bucket: profile.bucket,
      region: profile.region,
      accessKeyId: profile.credentials.accessKeyId,
      secretAccessKey: profile.credentials.secretAccessKey,
      secretName: profile.secretName,
      reachable: member.s3Reachable,
    };
  }

  apiServerUrl(name: string): string {
    return this.#member(name).apiServer.url;
  }

  status(): ClusterStatus[] {
    return this.clusters.map((name) => {
      const member = this.#member(name);
      return {
        name,
        role: member.role,
        state: member.state,
        partitioned: member.partitioned,
        apiServerUrl: member.apiServer.url,
        ...(member.role === 'managed' && { s3: this.s3(name) }),
        agents: member.agents?.running ?? [],
        operators: member.operators?.running ?? [],
      };
    });
  }

  async stopCluster(name: string): Promise<void> {
    await this.#member(name).stop();
  }

  async startCluster(name: string): Promise<void> {
    await this.#member(name).start();
  }

  async s3Down(name?: string): Promise<void> {
    for (const member of this.#targets(name)) await member.setS3Reachable(false);
  }

  async s3Up(name?: string): Promise<void> {
    for (const member of this.#targets(name)) await member.setS3Reachable(true);
  }

  #targets(name: string | undefined): EmbeddedCluster[] {
    return name === undefined ? this.managedClusters.map((n) => this.#member(n)) : [this.#managed(name)];
  }

  async partition(name: string): Promise<void> {
    await this.#managed(name).partition();
  }

  async heal(name: string): Promise<void> {
    await this.#managed(name).heal();
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    // Managed clusters first (their agents talk to the hub), the hub last.
    const order = [...this.managedClusters, this.hub].map((name) => this.#member(name));
    const failures: unknown[] = [];
    await Promise.all(
      order.slice(0, -1).map((member) => member.close().catch((error: unknown) => void failures.push(error))),
    );
    await (order.at(-1) as EmbeddedCluster).close().catch((error: unknown) => void failures.push(error));
    for (const client of this.#clients.values()) client.close();
    if (this.#temporary) await rm(this.stateDir, { recursive: true, force: true });
    if (failures.length > 0) {
      throw new EnvironmentError(`the environment did not stop cleanly (${failures.length} failures)`, {
        cause: failures[0],
      });
    }
  }
}
