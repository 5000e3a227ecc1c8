/**
 * The embedded environment as users and operators meet it: clusters on loopback with the CRDs of their side,
 * RamenConfig and S3 secrets an operator can open its object stores from, a kubeconfig that client-node and kubectl
 * use, and the faults (stop/start a cluster, S3 down/up, partition/heal, restart on the same state).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DRPolicyKind,
  ManagedClusterConditionType,
  ManagedClusterKind,
  parseRamenConfig,
  RAMEN_CONFIG_MAP_KEY,
  RAMEN_DR_CLUSTER_CONFIG_MAP_NAME,
  RAMEN_HUB_CONFIG_MAP_NAME,
  RAMEN_SYSTEM_NAMESPACE,
  type ResolvedRamenConfig,
  VolumeReplicationGroupKind,
} from '../../src/api/index.js';
import type { Agent, AgentFactory } from '../../src/embedded/agent.js';
import { type Environment, readEnvironmentState, startEnvironment } from '../../src/embedded/index.js';
import { DEFAULT_LEASE_SECONDS, LEASE_GRACE_RATIO } from '../../src/embedded/ocm/index.js';
import {
  type ClusterClient,
  ConfigMapResource,
  KubeNetworkError,
  NamespaceResource,
  NotFoundError,
  openClusterClients,
  SecretResource,
} from '../../src/kube/index.js';
import { type EventuallyOptions, eventually } from '../../src/kube/testing/eventually.js';
import { S3ObjectStore, s3CredentialsFromSecret } from '../../src/objectstore/index.js';
import { envKubectl } from '../support/env-kubectl.js';
import { kubectlPath, kubectlSkipReason } from '../support/kubectl-harness.js';

/** How long this file's waits poll. */
const WAIT: EventuallyOptions = { timeoutMs: 10_000 };

async function ramenConfigOf(client: ClusterClient, name: string): Promise<ResolvedRamenConfig> {
  const map = await client.get(ConfigMapResource, { namespace: RAMEN_SYSTEM_NAMESPACE, name });
  return parseRamenConfig(map.data?.[RAMEN_CONFIG_MAP_KEY] ?? '');
}

/** Opens the object store of `profileName` exactly as an operator does: RamenConfig profile plus its Secret. */
async function openProfile(client: ClusterClient, config: ResolvedRamenConfig, profileName: string) {
  const profile = config.s3StoreProfiles.find((candidate) => candidate.s3ProfileName === profileName);
  if (profile?.s3SecretRef === undefined) throw new Error(`no profile ${profileName} with a secret`);
  const secret = await client.get(SecretResource, profile.s3SecretRef);
  return new S3ObjectStore({ profile, credentials: s3CredentialsFromSecret(secret), maxAttempts: 1 });
}

/** A test agent that counts ticks into a ConfigMap: on the hub (hub-facing) or on its own cluster. */
function tickerFactory(name: string, target: 'hub' | 'own'): AgentFactory {
  return {
    name,
    placement: 'managed',
    create(context): Agent {
      let timer: NodeJS.Timeout | undefined;
      let ticks = 0;
      const inFlight = new Set<Promise<unknown>>();
      const tick = () => {
        const client = target === 'hub' ? context.hub : context.cluster;
        ticks += 1;
        const write = client
          .patch(
            ConfigMapResource,
            { namespace: RAMEN_SYSTEM_NAMESPACE, name: `${name}-${context.clusterName}` },
            {
              type: 'apply',
              configuration: {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: { name: `${name}-${context.clusterName}`, namespace: RAMEN_SYSTEM_NAMESPACE },
                data: { ticks: String(ticks) },
              },
              force: true,
            },
            { fieldManager: name },
          )
          .catch(() => undefined);
        inFlight.add(write);
        void write.then(() => inFlight.delete(write));
      };
      return {
        name,
        async start() {
          timer = setInterval(tick, 20);
        },
        async stop() {
          clearInterval(timer);
          // A stopped agent writes nothing more: wait for the writes it already sent.
          await Promise.all(inFlight);
        },
      };
    },
  };
}

async function ticks(client: ClusterClient, name: string): Promise<number> {
  try {
    const map = await client.get(ConfigMapResource, { namespace: RAMEN_SYSTEM_NAMESPACE, name });
    return Number(map.data?.ticks ?? 0);
  } catch (error) {
    if (error instanceof NotFoundError) return 0;
    throw error;
  }
}

describe.sequential('startEnvironment', () => {
  let stateDir: string;
  let env: Environment;
  let readyMs: number;
  const steps: string[] = [];

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'ramen-env-test-'));
    const started = performance.now();
    env = await startEnvironment({
      stateDir,
      timeScale: 10,
      agents: [tickerFactory('hub-ticker', 'hub'), tickerFactory('local-ticker', 'own')],
      onStep: (step, ms) => steps.push(`${step}=${ms.toFixed(0)}ms`),
    });
    readyMs = performance.now() - started;
    process.stdout.write(`startEnvironment ready in ${readyMs.toFixed(0)} ms (${steps.join(', ')})\n`);
  });

  afterAll(async () => {
    await env?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('is ready: every API server serves the CRDs of its side and ramen-system, each step reported', async () => {
    expect(steps.map((step) => step.split('=')[0])).toEqual([
      'servers',
      'kubeconfig',
      'bootstrap',
      'hub-agents',
      'managed-agents',
    ]);
    expect(env.clusters).toEqual(['hub', 'dr1', 'dr2']);
    for (const name of env.clusters) {
      const namespace = await env.client(name).get(NamespaceResource, { name: RAMEN_SYSTEM_NAMESPACE });
      expect(namespace.status?.phase).toBe('Active');
    }
    await env.client('hub').list(DRPolicyKind);
    await expect(env.client('hub').list(VolumeReplicationGroupKind)).rejects.toBeInstanceOf(NotFoundError);
    for (const name of env.managedClusters) {
      await env.client(name).list(VolumeReplicationGroupKind);
      await expect(env.client(name).list(DRPolicyKind)).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('writes one kubeconfig with a context per cluster, current context hub, usable by client-node', async () => {
    const clients = openClusterClients({ path: env.kubeconfigPath });
    expect([...clients.keys()]).toEqual(['hub', 'dr1', 'dr2']);
    const { readFile } = await import('node:fs/promises');
    const kubeconfig = parse(await readFile(env.kubeconfigPath, 'utf8')) as Record<string, unknown>;
    expect(kubeconfig['current-context']).toBe('hub');
    for (const [name, client] of clients) {
      const namespaces = await client.list(NamespaceResource);
      expect(namespaces.items.map((ns) => ns.metadata.name)).toContain(RAMEN_SYSTEM_NAMESPACE);
      expect(env.apiServerUrl(name)).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      client.close();
    }
  });

  it('publishes RamenConfig ConfigMaps listing every profile, and the secrets the profiles name', async () => {
    const hubConfig = await ramenConfigOf(env.client('hub'), RAMEN_HUB_CONFIG_MAP_NAME);
    expect(hubConfig.ramenControllerType).toBe('dr-hub');
    expect(hubConfig.s3StoreProfiles.map((profile) => profile.s3ProfileName)).toEqual([
      'minio-on-dr1',
      'minio-on-dr2',
    ]);
    for (const name of env.managedClusters) {
      const config = await ramenConfigOf(env.client(name), RAMEN_DR_CLUSTER_CONFIG_MAP_NAME);
      expect(config.ramenControllerType).toBe('dr-cluster');
      expect(config.s3StoreProfiles).toEqual(hubConfig.s3StoreProfiles);
      const profile = config.s3StoreProfiles.find((p) => p.s3ProfileName === `minio-on-${name}`);
      expect(profile).toMatchObject({
        s3CompatibleEndpoint: env.s3(name).endpoint,
        s3Bucket: 'bucket',
        s3Region: 'us-east-1',
        s3SecretRef: { namespace: RAMEN_SYSTEM_NAMESPACE },
      });
    }
    for (const cluster of env.clusters) {
      for (const profile of hubConfig.s3StoreProfiles) {
        const secret = await env.client(cluster).get(SecretResource, profile.s3SecretRef ?? { name: '' });
        expect(Object.keys(secret.data ?? {}).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
      }
    }
    // An operator on dr2 can write to dr1's store and read it back with what the cluster gives it.
    const config = await ramenConfigOf(env.client('dr2'), RAMEN_DR_CLUSTER_CONFIG_MAP_NAME);
    const store = await openProfile(env.client('dr2'), config, 'minio-on-dr1');
    await store.put('env-test/hello', 'hello');
    expect((await store.get('env-test/hello'))?.body.toString()).toBe('hello');
  });

  it.skipIf(!kubectlPath)(`kubectl reaches every context${kubectlSkipReason}`, async () => {
    const kubectl = await envKubectl(env.kubeconfigPath);
    try {
      expect(await kubectl.ok(['--context', 'dr1', 'get', 'ns'])).toContain(RAMEN_SYSTEM_NAMESPACE);
      expect(await kubectl.ok(['get', 'crd', '-o', 'name'])).toContain('drpolicies.ramendr.openshift.io');
      expect(await kubectl.ok(['--context', 'dr2', 'get', 'vrg', '-A'])).toBe('');
      expect(await kubectl.ok(['config', 'current-context'])).toBe('hub\n');
    } finally {
      await kubectl.dispose();
    }
  });

  it('S3 down makes the store unreachable to an S3 client and S3 up brings it back with its objects', async () => {
    const config = await ramenConfigOf(env.client('hub'), RAMEN_HUB_CONFIG_MAP_NAME);
    const store = await openProfile(env.client('hub'), config, 'minio-on-dr2');
    await store.put('env-test/s3-fault', 'kept');
    await env.s3Down('dr2');
    expect(env.s3('dr2').reachable).toBe(false);
    expect(env.s3('dr1').reachable).toBe(true);
    await expect(store.get('env-test/s3-fault')).rejects.toThrow();
    await env.s3Up();
    expect(env.s3('dr2').reachable).toBe(true);
    expect((await store.get('env-test/s3-fault'))?.body.toString()).toBe('kept');
  });

  it('partition stops only the hub-facing agents of the cluster; heal starts them again', async () => {
    const hub = env.client('hub');
    const dr1 = env.client('dr1');
    await eventually(
      async () => (await ticks(hub, 'hub-ticker-dr1')) > 0 && (await ticks(dr1, 'local-ticker-dr1')) > 0,
      WAIT,
    );
    await env.partition('dr1');
    expect(env.status().find((s) => s.name === 'dr1')).toMatchObject({
      partitioned: true,
      agents: ['local-ticker'],
    });
    const frozen = await ticks(hub, 'hub-ticker-dr1');
    const local = await ticks(dr1, 'local-ticker-dr1');
    const dr2Ticks = await ticks(hub, 'hub-ticker-dr2');
    await eventually(async () => (await ticks(dr1, 'local-ticker-dr1')) > local + 3, WAIT);
    await eventually(async () => (await ticks(hub, 'hub-ticker-dr2')) > dr2Ticks + 3, WAIT);
    expect(await ticks(hub, 'hub-ticker-dr1')).toBe(frozen);
    await env.heal('dr1');
    expect(env.status().find((s) => s.name === 'dr1')?.agents).toEqual(['hub-ticker', 'local-ticker']);
    // A fresh agent counts from 1 again: the hub sees writes resume.
    await eventually(async () => (await ticks(hub, 'hub-ticker-dr1')) !== frozen, WAIT);
  });

  it('a stopped cluster is unreachable with its object store; started again it has its objects on the same port', async () => {
    const dr1 = env.client('dr1');
    const url = env.apiServerUrl('dr1');
    await dr1.create(ConfigMapResource, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'survivor', namespace: 'default' },
      data: { a: 'b' },
    });
    await env.stopCluster('dr1');
    expect(env.status().find((s) => s.name === 'dr1')).toMatchObject({ state: 'stopped', agents: [] });
    await expect(dr1.list(NamespaceResource)).rejects.toBeInstanceOf(KubeNetworkError);
    expect(env.s3('dr1').reachable).toBe(false);
    // dr1's S3 stays down even when all stores are asked up: a stopped cluster's store is dark.
    await env.s3Up();
    expect(env.s3('dr1').reachable).toBe(false);
    await env.client('dr2').list(NamespaceResource);

    await env.startCluster('dr1');
    expect(env.apiServerUrl('dr1')).toBe(url);
    const survivor = await dr1.get(ConfigMapResource, { namespace: 'default', name: 'survivor' });
    expect(survivor.data).toEqual({ a: 'b' });
    expect(env.s3('dr1').reachable).toBe(true);
    expect(env.status().find((s) => s.name === 'dr1')?.agents).toEqual(['hub-ticker', 'local-ticker']);
  });

  it('refuses unknown clusters and faults that make no sense', async () => {
    expect(() => env.client('dr9')).toThrow(/no cluster named dr9/);
    await expect(env.partition('hub')).rejects.toThrow(/hub/);
    expect(() => env.s3('hub')).toThrow(/not a managed cluster/);
  });
});

describe.sequential('an environment restarted on the same state directory', () => {
  it('comes back on the same ports with its API objects and S3 objects', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'ramen-env-restart-'));
    try {
      const first = await startEnvironment({ stateDir, agents: [] });
      const ports = await readEnvironmentState(stateDir);
      const config = await ramenConfigOf(first.client('dr1'), RAMEN_DR_CLUSTER_CONFIG_MAP_NAME);
      await (await openProfile(first.client('dr1'), config, 'minio-on-dr1')).put(
        'restart/object',
        'persisted',
      );
      await first.client('hub').create(ConfigMapResource, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'persisted', namespace: RAMEN_SYSTEM_NAMESPACE },
      });
      const urls = first.clusters.map((name) => first.apiServerUrl(name));
      const endpoint = first.s3('dr1').endpoint;
      await first.stop();

      const second = await startEnvironment({ stateDir, agents: [] });
      try {
        expect(second.clusters.map((name) => second.apiServerUrl(name))).toEqual(urls);
        expect(second.s3('dr1').endpoint).toBe(endpoint);
        expect(await readEnvironmentState(stateDir)).toEqual(ports);
        await second
          .client('hub')
          .get(ConfigMapResource, { namespace: RAMEN_SYSTEM_NAMESPACE, name: 'persisted' });
        const again = await ramenConfigOf(second.client('dr1'), RAMEN_DR_CLUSTER_CONFIG_MAP_NAME);
        const store = await openProfile(second.client('dr1'), again, 'minio-on-dr1');
        expect((await store.get('restart/object'))?.body.toString()).toBe('persisted');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  it('without a state directory lives in a temporary directory that stop() removes', async () => {
    const env = await startEnvironment({ agents: [] });
    const { stat } = await import('node:fs/promises');
    expect((await stat(env.kubeconfigPath)).isFile()).toBe(true);
    await env.stop();
    await expect(stat(env.stateDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects bad names and time scales before starting anything', async () => {
    await expect(startEnvironment({ clusters: ['dr1'] })).rejects.toThrow(/at least two/);
    await expect(startEnvironment({ clusters: ['dr1', 'DR2'] })).rejects.toThrow(/DNS label/);
    await expect(startEnvironment({ clusters: ['dr1', 'hub'] })).rejects.toThrow(/repeat/);
    await expect(startEnvironment({ timeScale: 0 })).rejects.toThrow(/positive/);
  });
});

describe.sequential('with the default agents (OCM, apps, storage, kubelet)', () => {
  const TIME_SCALE = 300;
  let env: Environment;

  const availability = async (name: string): Promise<string | undefined> => {
    const cluster = await env.client('hub').get(ManagedClusterKind, { name });
    return cluster.status?.conditions?.find((c) => c.type === ManagedClusterConditionType.Available)?.status;
  };

  beforeAll(async () => {
    env = await startEnvironment({ timeScale: TIME_SCALE });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('runs the OCM agents: both managed clusters register and become available', async () => {
    expect(env.status().find((s) => s.name === 'dr1')?.agents).toEqual(
      expect.arrayContaining(['registration', 'work', 'view']),
    );
    await eventually(async () => (await availability('dr1')) === 'True', WAIT);
    await eventually(async () => (await availability('dr2')) === 'True', WAIT);
  });

  it('a stopped cluster is unreachable and its ManagedCluster turns Unknown after the scaled lease grace', async () => {
    const stoppedAt = performance.now();
    await env.stopCluster('dr1');
    await expect(env.client('dr1').list(NamespaceResource)).rejects.toBeInstanceOf(KubeNetworkError);
    await eventually(async () => (await availability('dr1')) === 'Unknown', WAIT);
    const graceMs = (LEASE_GRACE_RATIO * DEFAULT_LEASE_SECONDS * 1000) / TIME_SCALE;
    const elapsed = performance.now() - stoppedAt;
    process.stdout.write(
      `dr1 Unavailable ${elapsed.toFixed(0)} ms after the stop (scaled grace ${graceMs} ms)\n`,
    );
    expect(elapsed).toBeGreaterThanOrEqual(graceMs * 0.5);
    expect(await availability('dr2')).toBe('True');

    await env.startCluster('dr1');
    await eventually(async () => (await availability('dr1')) === 'True', WAIT);
  });

  it('a stopped hub leaves the managed clusters serving; started again, both clusters are available again', async () => {
    await env.stopCluster('hub');
    await expect(env.client('hub').list(NamespaceResource)).rejects.toBeInstanceOf(KubeNetworkError);
    await env.client('dr1').list(NamespaceResource);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await env.startCluster('hub');
    for (const name of ['dr1', 'dr2'])
      await eventually(async () => (await availability(name)) === 'True', WAIT);
    expect(env.status().every((cluster) => cluster.state === 'running')).toBe(true);
  });

  it('a partitioned cluster keeps serving and running its local agents while the hub loses it', async () => {
    await env.partition('dr2');
    const agents = env.status().find((cluster) => cluster.name === 'dr2')?.agents ?? [];
    expect(agents).toEqual(expect.arrayContaining(['csi-storage', 'kubelet']));
    expect(agents).not.toEqual(expect.arrayContaining(['registration']));
    expect(agents).not.toEqual(expect.arrayContaining(['work']));
    await eventually(async () => (await availability('dr2')) === 'Unknown', WAIT);
    await env.client('dr2').list(NamespaceResource);
    expect(env.s3('dr2').reachable).toBe(true);
    await env.heal('dr2');
    await eventually(async () => (await availability('dr2')) === 'True', WAIT);
  });
});
