/**
 * Test support for the OCM agents (tests only): a hub API server with the OCM CRDs and one or more managed API
 * servers, each with a client named after its cluster, and agent contexts for them. Tests wait for conditions with
 * `eventually` from `kube/testing/eventually.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ManagedClusterKind,
  ManagedClusterSetBindingKind,
  ManagedClusterSetKind,
  ManagedClusterViewKind,
  ManifestWorkKind,
  PlacementDecisionKind,
  PlacementKind,
} from '../../api/index.js';
import type { ClusterClient } from '../../kube/index.js';
import { installCrd, startTestApiServer, type TestApiServer } from '../../kube/testing/api-server-env.js';
import { silentLogger } from '../../runtime/index.js';
import type { Agent, AgentContext, AgentFactory } from '../agent.js';

/** The OCM kinds the hub serves. */
const HUB_KINDS = [
  ManagedClusterKind,
  ManagedClusterSetKind,
  ManagedClusterSetBindingKind,
  ManifestWorkKind,
  ManagedClusterViewKind,
  PlacementKind,
  PlacementDecisionKind,
];

/** One cluster of the test environment. */
export interface TestCluster {
  server: TestApiServer;
  client: ClusterClient;
}

/** A hub and managed clusters with agents running against them. */
export interface OcmTestEnv {
  hub: TestCluster;
  managed: ReadonlyMap<string, TestCluster>;
  /** The agent context of a managed cluster, or of the hub for `hub`. */
  context(clusterName: string): AgentContext;
  /** Creates and starts an agent; it is stopped by `dispose` unless stopped before. */
  start(factory: AgentFactory, clusterName: string): Promise<Agent>;
  dispose(): Promise<void>;
}

/** Starts the hub (with the OCM CRDs) and the named managed clusters. */
export async function startOcmTestEnv(
  clusterNames: readonly string[],
  timeScale: number,
): Promise<OcmTestEnv> {
  const stateRoot = await mkdtemp(join(tmpdir(), 'ocm-agents-'));
  const open = async (name: string): Promise<TestCluster> => {
    const server = await startTestApiServer({ name });
    return { server, client: server.client({ name }) };
  };
  const hub = await open('hub');
  for (const kind of HUB_KINDS) await installCrd(hub.client, kind);
  const managed = new Map<string, TestCluster>();
  for (const name of clusterNames) managed.set(name, await open(name));
  const agents: Agent[] = [];
  const context = (clusterName: string): AgentContext => ({
    clusterName,
    cluster: clusterName === 'hub' ? hub.client : (managed.get(clusterName) as TestCluster).client,
    hub: hub.client,
    managedClusters: clusterNames,
    stateDir: join(stateRoot, clusterName),
    timeScale,
    logger: silentLogger(),
  });
  return {
    hub,
    managed,
    context,
    start: async (factory, clusterName) => {
      const agent = factory.create(context(clusterName));
      await agent.start();
      agents.push(agent);
      return agent;
    },
    dispose: async () => {
      await Promise.all(agents.map((agent) => agent.stop()));
      for (const cluster of [hub, ...managed.values()]) {
        cluster.client.close();
        await cluster.server.dispose();
      }
      await rm(stateRoot, { recursive: true, force: true });
    },
  };
}
