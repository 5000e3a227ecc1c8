/**
 * Test support (tests and benchmarks only; it imports the embedded API server, which operator code never does):
 * starts an embedded API server over HTTPS, installs test CRDs and returns `ClusterClient`s made from the
 * kubeconfig it wrote, exactly as an operator would connect.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KindDefinition, toCustomResourceDefinition } from '../../api/index.js';
import { type ApiServerOptions, type RunningApiServer, startApiServer } from '../../apiserver/http/index.js';
import {
  type CustomResourceDefinitionObject,
  CustomResourceDefinitionResource,
} from '../builtin-resources.js';
import { ClientNodeClusterClient, type ClientNodeClusterClientOptions } from '../client-node-client.js';
import type { ClusterClient } from '../cluster-client.js';
import { isAlreadyExists } from '../errors.js';
import { loadKubeConfig } from '../kubeconfig.js';

/** A running test API server with its state directory. */
export interface TestApiServer {
  server: RunningApiServer;
  stateDir: string;
  options: ApiServerOptions;
  /** A new client for this server (from its kubeconfig). */
  client(options?: Omit<ClientNodeClusterClientOptions, 'kubeConfig'>): ClusterClient;
  /** Stops the server and starts it again on the same port and state directory after `downMs`. */
  restart(downMs?: number): Promise<void>;
  /** Stops the server and removes its state directory. */
  dispose(): Promise<void>;
}

/** Starts a server with a state directory (so it can be restarted with its objects). */
export async function startTestApiServer(
  options: Omit<ApiServerOptions, 'stateDir'> = {},
): Promise<TestApiServer> {
  const stateDir = await mkdtemp(join(tmpdir(), 'ramen-kube-test-'));
  const serverOptions: ApiServerOptions = { stopGraceMs: 200, ...options, stateDir };
  const env: TestApiServer = {
    server: await startApiServer(serverOptions),
    stateDir,
    options: serverOptions,
    client: (clientOptions = {}) =>
      new ClientNodeClusterClient({
        name: options.name ?? 'embedded',
        ...clientOptions,
        kubeConfig: loadKubeConfig({ path: env.server.kubeconfigPath }),
      }),
    restart: async (downMs = 0) => {
      const port = env.server.port;
      await env.server.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      env.server = await startApiServer({ ...serverOptions, port });
    },
    dispose: async () => {
      await env.server.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  return env;
}

/** Creates the CRD of `kind` (if absent) and waits until the server serves it. */
export async function installCrd(client: ClusterClient, kind: KindDefinition): Promise<void> {
  const crd = toCustomResourceDefinition(kind) as unknown as CustomResourceDefinitionObject;
  try {
    await client.create(CustomResourceDefinitionResource, crd);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const deadline = Date.now() + 10_000;
  for (;;) {
    const current = await client.get(CustomResourceDefinitionResource, { name: crd.metadata.name ?? '' });
    if (current.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} was not established`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
