/**
 * `startEnvironment`: a hub and N managed clusters on loopback, in this process. Each cluster is an embedded API
 * server with the CRDs of its side, the `ramen-system` namespace, the S3 credentials Secrets and its RamenConfig
 * ConfigMap; each managed cluster has an S3-compatible object store; the agents play OCM, application delivery,
 * storage and the kubelet. One kubeconfig holds a context per cluster (current context: the hub). The returned
 * handle gives clients, object store coordinates, and the faults the demo and the reliability suite use.
 *
 * With a state directory everything persists there and a later start resumes on the same ports; without one the
 * environment lives in a temporary directory removed by `stop()` (the API servers still persist there, so that a
 * stopped cluster comes back with its objects).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Logger, pino } from 'pino';
import { RAMEN_SYSTEM_NAMESPACE } from '../../api/index.js';
import { buildKubeconfig, writeKubeconfig } from '../../apiserver/http/index.js';
import { type ClusterClient, openClusterClients } from '../../kube/index.js';
import type { AgentContext, AgentFactory } from '../agent.js';
import type { SigV4Credentials } from '../s3/index.js';
import { ClusterAgents } from './cluster-agents.js';
import { ensureNamespace, installCrds } from './cluster-bootstrap.js';
import { kindsFor } from './cluster-kinds.js';
import { defaultAgentFactories, defaultPodLogs } from './default-agents.js';
import { EmbeddedCluster } from './embedded-cluster.js';
import { EnvironmentError } from './environment-error.js';
import {
  type EnvironmentState,
  newS3Credentials,
  readEnvironmentState,
  writeEnvironmentState,
} from './environment-state.js';
import type { Environment, EnvironmentOptions, StartStep } from './environment-types.js';
import { type OperatorContext, type OperatorFactory, operatorAsAgentFactory } from './operator.js';
import { applyRamenConfigMap } from './ramen-config-maps.js';
import { RunningEnvironment } from './running-environment.js';
import {
  applyS3Secrets,
  S3_BUCKET,
  S3_REGION,
  type S3Profile,
  s3ProfileName,
  s3SecretName,
} from './s3-profiles.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function checkNames(hub: string, clusters: readonly string[]): void {
  if (clusters.length < 2) throw new EnvironmentError('an environment needs at least two managed clusters');
  const all = [hub, ...clusters];
  for (const name of all) {
    if (!DNS_LABEL.test(name)) {
      throw new EnvironmentError(`cluster name ${JSON.stringify(name)} is not a DNS label (a-z, 0-9, -)`);
    }
  }
  if (new Set(all).size !== all.length) throw new EnvironmentError(`cluster names repeat: ${all.join(', ')}`);
}

function checkTimeScale(timeScale: number): void {
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new EnvironmentError(`the time scale must be a positive number, got ${timeScale}`);
  }
}

/** Reports each step's duration to `onStep`. */
function stepTimer(onStep: EnvironmentOptions['onStep']): (step: StartStep) => void {
  let since = performance.now();
  return (step) => {
    const now = performance.now();
    onStep?.(step, now - since);
    since = now;
  };
}

/** The clusters, each told the ports and credentials an earlier run recorded. */
function createMembers(
  options: EnvironmentOptions,
  names: { hub: string; managed: readonly string[] },
  stateDir: string,
  previous: EnvironmentState | undefined,
  s3Credentials: SigV4Credentials,
  logger: Logger,
): EmbeddedCluster[] {
  return [names.hub, ...names.managed].map((name) => {
    const dir = join(stateDir, name);
    const apiServerPort = previous?.apiServerPorts[name];
    const s3Port = previous?.s3Ports[name];
    const podLogs = (options.podLogs ?? defaultPodLogs)({ clusterName: name, stateDir: dir });
    return new EmbeddedCluster({
      name,
      role: name === names.hub ? 'hub' : 'managed',
      dir,
      s3Credentials,
      logger: logger.child({ cluster: name }),
      ...(apiServerPort !== undefined && { apiServerPort }),
      ...(s3Port !== undefined && { s3Port }),
      ...(podLogs !== undefined && { podLogs }),
    });
  });
}

async function writeEnvironmentKubeconfig(path: string, members: readonly EmbeddedCluster[], hub: string) {
  const servers = members.map((member) => ({
    name: member.name,
    server: member.apiServer.url,
    caPem: member.apiServer.caPem,
    token: member.apiServer.token,
  }));
  await writeKubeconfig(path, buildKubeconfig(servers, hub));
}

function profilesOf(members: readonly EmbeddedCluster[], credentials: SigV4Credentials): S3Profile[] {
  return members.flatMap((member) =>
    member.s3 === undefined
      ? []
      : [
          {
            name: s3ProfileName(member.name),
            cluster: member.name,
            endpoint: member.s3.endpoint,
            bucket: S3_BUCKET,
            region: S3_REGION,
            secretName: s3SecretName(member.name),
            credentials,
          },
        ],
  );
}

/** The CRDs of the cluster's side, `ramen-system`, the S3 secrets and the RamenConfig ConfigMap. */
async function bootstrap(member: EmbeddedCluster, client: ClusterClient, profiles: readonly S3Profile[]) {
  await Promise.all([
    installCrds(client, kindsFor(member.role)),
    ensureNamespace(client, RAMEN_SYSTEM_NAMESPACE),
  ]);
  await Promise.all([
    applyS3Secrets(client, profiles),
    applyRamenConfigMap(client, member.role === 'hub' ? 'dr-hub' : 'dr-cluster', profiles),
  ]);
}

function stateOf(
  hub: string,
  managedClusters: readonly string[],
  members: readonly EmbeddedCluster[],
  s3Credentials: SigV4Credentials,
): EnvironmentState {
  const apiServerPorts: Record<string, number> = {};
  const s3Ports: Record<string, number> = {};
  for (const member of members) {
    apiServerPorts[member.name] = member.apiServer.port;
    if (member.s3 !== undefined) s3Ports[member.name] = member.s3.port;
  }
  return { version: 1, hub, managedClusters, apiServerPorts, s3Ports, s3Credentials };
}

/** What each cluster's agents and operators are built from. */
interface WorkloadWiring {
  readonly agents: readonly AgentFactory[];
  readonly operators: readonly OperatorFactory[];
  readonly clients: ReadonlyMap<string, ClusterClient>;
  readonly hub: string;
  readonly managedClusters: readonly string[];
  readonly kubeconfigPath: string;
  readonly timeScale: number;
  readonly logger: Logger;
}

/** Gives each cluster its agents (scaled contexts) and operators (a kubeconfig, never scaled). */
function attachWorkloads(members: readonly EmbeddedCluster[], wiring: WorkloadWiring): void {
  const clientOf = (name: string): ClusterClient => {
    const client = wiring.clients.get(name);
    if (client === undefined) throw new EnvironmentError(`no client for cluster ${name}`);
    return client;
  };
  const operatorContext = (clusterName: string): OperatorContext => ({
    clusterName,
    kubeconfigPath: wiring.kubeconfigPath,
    hub: wiring.hub,
    managedClusters: wiring.managedClusters,
    logger: wiring.logger.child({ cluster: clusterName, component: 'operator' }),
  });
  for (const member of members) {
    const contextOf = (): AgentContext => ({
      clusterName: member.name,
      cluster: clientOf(member.name),
      hub: clientOf(wiring.hub),
      managedClusters: wiring.managedClusters,
      stateDir: member.dir,
      timeScale: wiring.timeScale,
      logger: wiring.logger.child({ cluster: member.name, component: 'agent' }),
    });
    const agents = wiring.agents.filter((factory) => factory.placement === member.role);
    member.agents = new ClusterAgents(agents, contextOf, wiring.logger);
    const operators = wiring.operators.filter((operator) => operator.placement === member.role);
    if (operators.length > 0) {
      const factories = operators.map((operator) => operatorAsAgentFactory(operator, operatorContext));
      member.operators = new ClusterAgents(factories, contextOf, wiring.logger);
    }
  }
}

/** Starts an environment; see the module comment. */
export async function startEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
  const hub = options.hub ?? 'hub';
  const managedClusters = [...(options.clusters ?? ['dr1', 'dr2'])];
  const timeScale = options.timeScale ?? 1;
  checkNames(hub, managedClusters);
  checkTimeScale(timeScale);
  const logger = options.logger ?? pino({ level: 'silent' });
  const step = stepTimer(options.onStep);
  const temporary = options.stateDir === undefined;
  const stateDir =
    options.stateDir === undefined ? await mkdtemp(join(tmpdir(), 'ramen-env-')) : resolve(options.stateDir);
  let members: EmbeddedCluster[] = [];
  let clients = new Map<string, ClusterClient>();
  try {
    await mkdir(stateDir, { recursive: true });
    const previous = await readEnvironmentState(stateDir);
    const s3Credentials = previous?.s3Credentials ?? newS3Credentials();
    members = createMembers(
      options,
      { hub, managed: managedClusters },
      stateDir,
      previous,
      s3Credentials,
      logger,
    );
    await Promise.all(members.map((member) => member.startServers(true)));
    step('servers');

    const kubeconfigPath = join(stateDir, 'kubeconfig');
    await writeEnvironmentKubeconfig(kubeconfigPath, members, hub);
    clients = openClusterClients({ path: kubeconfigPath, contexts: [hub, ...managedClusters] });
    step('kubeconfig');

    const profiles = profilesOf(members, s3Credentials);
    await Promise.all(
      members.map((member) => bootstrap(member, clients.get(member.name) as ClusterClient, profiles)),
    );
    await writeEnvironmentState(stateDir, stateOf(hub, managedClusters, members, s3Credentials));
    step('bootstrap');

    attachWorkloads(members, {
      agents: options.agents ?? defaultAgentFactories(),
      operators: options.operators ?? [],
      clients,
      hub,
      managedClusters,
      kubeconfigPath,
      timeScale,
      logger,
    });
    const [hubMember, ...managedMembers] = members as [EmbeddedCluster, ...EmbeddedCluster[]];
    await hubMember.startWorkloads();
    step('hub-agents');
    await Promise.all(managedMembers.map((member) => member.startWorkloads()));
    step('managed-agents');
    return new RunningEnvironment({
      hub,
      managedClusters,
      stateDir,
      kubeconfigPath,
      timeScale,
      members: new Map(members.map((member) => [member.name, member])),
      clients,
      profiles,
      temporary,
    });
  } catch (error) {
    await Promise.all(members.map((member) => member.close().catch(() => undefined)));
    for (const client of clients.values()) client.close();
    if (temporary) await rm(stateDir, { recursive: true, force: true });
    if (error instanceof EnvironmentError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`the environment did not start: ${reason}`, { cause: error });
  }
}
