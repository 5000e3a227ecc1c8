import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Deployment,
  DeploymentKind,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
  type Pod,
  PodKind,
  type StatefulSet,
  StatefulSetKind,
} from '../../apiserver/builtins/index.js';
import { ResourceRegistry } from '../../apiserver/registry/index.js';
import { type ClusterClient, isNotFound, NamespaceResource } from '../../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../../kube/testing/api-server-env.js';
import { type EventuallyOptions, eventually } from '../../kube/testing/eventually.js';
import { silentLogger } from '../../runtime/index.js';
import type { Agent, AgentContext } from '../agent.js';
import { volumeAgentFactories, volumeDirectory } from '../volumes/index.js';
import { isolationMode } from './container-isolation.js';
import { kubeletAgentFactories } from './kubelet-agent.js';
import { createPodLogSource } from './pod-log-source.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const NS = 'busybox-sample';
const MOUNT = '/mnt/test';

/** How this file's waits poll (its probes list pods and read files, so not too often). */
const WAIT: EventuallyOptions = { timeoutMs: 20_000, intervalMs: 100 };

const BUSYBOX_SCRIPT = [
  `trap 'echo terminated >> ${MOUNT}/marker; exit 0' TERM`,
  'echo started',
  `while true; do date >> ${MOUNT}/outfile; echo tick; sleep 1; done`,
].join('\n');

function busyboxDeployment(): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'busybox', namespace: NS, labels: { app: 'busybox' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'busybox' } },
      template: {
        metadata: { labels: { app: 'busybox' } },
        spec: {
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'busybox',
              image: 'quay.io/nirsof/busybox:stable',
              command: ['sh', '-c', BUSYBOX_SCRIPT],
              volumeMounts: [{ name: 'volume', mountPath: MOUNT }],
            },
          ],
          volumes: [{ name: 'volume', persistentVolumeClaim: { claimName: 'busybox-pvc' } }],
        },
      },
    },
  } as Deployment;
}

function bareScriptPod(name: string, script: string, restartPolicy: 'Never' | 'OnFailure'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      restartPolicy,
      containers: [{ name: 'main', image: 'busybox', command: ['/bin/sh', '-c', script] }],
    },
  } as Pod;
}

describe('embedded kubelet', () => {
  let env: TestApiServer;
  let client: ClusterClient;
  let stateDir: string;
  const agents: Agent[] = [];
  let busyboxVolume = '';
  const writes: string[] = [];

  const hostMountPaths = [MOUNT, '/mnt/ramen-test-data'].filter((path) => !existsSync(path));

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'ramen-kubelet-test-'));
    const podLogs = createPodLogSource({ stateDir, pollMs: 50 });
    env = await startTestApiServer({
      name: 'dr1',
      createRegistry: (store) => ResourceRegistry.open({ store, podLogs }),
      onRequest: (req) => {
        if (req.method !== 'GET') writes.push(`${req.method} ${req.url}`);
      },
    });
    client = env.client({ name: 'dr1' });
    const context: AgentContext = {
      clusterName: 'dr1',
      cluster: client,
      hub: client,
      managedClusters: ['dr1'],
      stateDir,
      // Crash-loop back-off 10 s → 1 s.
      timeScale: 10,
      logger: silentLogger(),
    };
    for (const factory of [...volumeAgentFactories, ...kubeletAgentFactories]) {
      const agent = factory.create(context);
      await agent.start();
      agents.push(agent);
    }
    await client.create(NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  }, 30_000);

  afterAll(async () => {
    for (const agent of agents.reverse()) await agent.stop();
    client?.close();
    await env?.dispose();
    await rm(stateDir, { recursive: true, force: true });
    // The mount points the containers created on the host (empty directories), when they did not exist before.
    for (const path of hostMountPaths) await rmdir(path).catch(() => undefined);
  }, 30_000);

  async function busyboxPod(): Promise<Pod> {
    return eventually(async () => {
      const pods = await client.list(PodKind, { namespace: NS, labelSelector: 'app=busybox' });
      return pods.items.find((pod) => pod.status?.phase === 'Running');
    }, WAIT);
  }

  it('keeps a pod Pending until its claim exists and is bound', async () => {
    const deployment = await client.create(DeploymentKind, busyboxDeployment());
    expect(deployment.metadata.name).toBe('busybox');
    const pending = await eventually(async () => {
      const pods = await client.list(PodKind, { namespace: NS, labelSelector: 'app=busybox' });
      const pod = pods.items[0];
      const scheduled = pod?.status?.conditions?.find((c) => c.type === 'PodScheduled');
      return scheduled?.status === 'False' ? pod : undefined;
    }, WAIT);
    expect(pending.status?.phase).toBe('Pending');
    expect(pending.status?.conditions?.[0]?.message).toBe('persistentvolumeclaim "busybox-pvc" not found');
    expect(pending.metadata.name).toMatch(/^busybox-[bcdfghjklmnpqrstvwxz2456789]+-[a-z0-9]{5}$/);
    expect(pending.spec?.nodeName).toBe('dr1');
    expect(pending.metadata.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
  });

  it('runs a busybox Deployment as a real process writing to its volume', async () => {
    await client.create(PersistentVolumeClaimKind, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'busybox-pvc', namespace: NS },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    const pod = await busyboxPod();
    expect(pod.status?.podIP).toBe('127.0.0.1');
    expect(pod.status?.startTime).toBeDefined();
    const statuses = pod.status?.containerStatuses ?? [];
    expect(statuses[0]?.ready).toBe(true);
    expect(statuses[0]?.restartCount).toBe(0);
    expect(statuses[0]?.state?.running?.startedAt).toBeDefined();
    const types = (pod.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type);
    expect(types).toEqual(
      expect.arrayContaining(['PodScheduled', 'Initialized', 'ContainersReady', 'Ready']),
    );

    const claim = await client.get(PersistentVolumeClaimKind, { namespace: NS, name: 'busybox-pvc' });
    const pv = await client.get(PersistentVolumeKind, { name: claim.spec?.volumeName ?? '' });
    busyboxVolume = volumeDirectory(stateDir, pv.spec?.csi?.volumeHandle ?? '');
    const lines = await eventually(async () => {
      const text = await readFile(join(busyboxVolume, 'outfile'), 'utf8');
      const found = text.trim().split('\n');
      return found.length >= 2 ? found : undefined;
    }, WAIT);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    if ((await isolationMode()) === 'mount-namespace') {
      // The bind mount is private to the container: the host's mountPath stays empty.
      expect(existsSync(join(MOUNT, 'outfile'))).toBe(false);
    }
  }, 30_000);

  it('reports the Deployment ready', async () => {
    const ready = await eventually(async () => {
      const d = await client.get(DeploymentKind, { namespace: NS, name: 'busybox' });
      return d.status?.readyReplicas === 1 && d.status.availableReplicas === 1 ? d : undefined;
    }, WAIT);
    expect(ready.status?.replicas).toBe(1);
    expect(ready.status?.updatedReplicas).toBe(1);
    expect(ready.status?.observedGeneration).toBe(ready.metadata.generation);
    const available = ready.status?.conditions?.find((c) => c.type === 'Available');
    expect(available?.status).toBe('True');
    expect(available?.reason).toBe('MinimumReplicasAvailable');
    const progressing = await eventually(async () => {
      const d = await client.get(DeploymentKind, { namespace: NS, name: 'busybox' });
      const c = d.status?.conditions?.find((x) => x.type === 'Progressing');
      return c?.reason === 'NewReplicaSetAvailable' ? c : undefined;
    }, WAIT);
    expect(progressing.status).toBe('True');
    // Settled: nothing changes, so nothing is written.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = writes.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(writes.slice(before)).toEqual([]);
  });

  it('serves the container output as the pod log (registry and kubectl)', async () => {
    const pod = await busyboxPod();
    const name = pod.metadata.name ?? '';
    const log = await eventually(async () => {
      const text = (await env.server.registry.podLog(NS, name, {})) as string;
      return text.includes('tick') ? text : undefined;
    }, WAIT);
    expect(log.startsWith('started\n')).toBe(true);
    const tail = (await env.server.registry.podLog(NS, name, { tailLines: 1 })) as string;
    expect(tail).toBe('tick\n');
    const stamped = (await env.server.registry.podLog(NS, name, {
      tailLines: 1,
      timestamps: true,
    })) as string;
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\S+Z tick\n$/);

    const followed = await env.server.registry.podLog(NS, name, { follow: true, tailLines: 0 });
    expect(typeof followed).not.toBe('string');
    const iterator = (followed as AsyncIterable<string>)[Symbol.asyncIterator]();
    const next = await iterator.next();
    expect(next.value).toContain('tick');
    await iterator.return?.();

    if (!existsSync(KUBECTL)) {
      console.warn(`SKIPPED: ${KUBECTL} is not installed; kubectl logs not checked`);
      return;
    }
    const { stdout } = await run(KUBECTL, [
      '--kubeconfig',
      env.server.kubeconfigPath,
      'logs',
      '-n',
      NS,
      name,
    ]);
    expect(stdout.startsWith('started\n')).toBe(true);
    expect(stdout).toContain('tick');
  }, 30_000);

  it('sends SIGTERM on pod deletion and replaces the pod', async () => {
    const pod = await busyboxPod();
    await client.delete(PodKind, { namespace: NS, name: pod.metadata.name ?? '' });
    const marker = await eventually(async () => readFile(join(busyboxVolume, 'marker'), 'utf8'), WAIT);
    expect(marker).toBe('terminated\n');
    const replacement = await busyboxPod();
    expect(replacement.metadata.name).not.toBe(pod.metadata.name);
  }, 30_000);

  it('honours restartPolicy Never and OnFailure', async () => {
    await client.create(PodKind, bareScriptPod('once', 'echo done; exit 3', 'Never'));
    const failed = await eventually(async () => {
      const p = await client.get(PodKind, { namespace: NS, name: 'once' });
      return p.status?.phase === 'Failed' ? p : undefined;
    }, WAIT);
    expect(failed.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(3);
    expect(failed.status?.containerStatuses?.[0]?.state?.terminated?.reason).toBe('Error');
    expect(await env.server.registry.podLog(NS, 'once', {})).toBe('done\n');

    // Fails the first time (no marker yet), succeeds on the restart.
    const script = 'if [ -f "$HOME/../tmp/ramen-kubelet-ok-$HOSTNAME" ]; then exit 0; fi; exit 1';
    const flaky = bareScriptPod('flaky', script.replaceAll('$HOME/../tmp', stateDir), 'OnFailure');
    await client.create(PodKind, flaky);
    const crashed = await eventually(async () => {
      const p = await client.get(PodKind, { namespace: NS, name: 'flaky' });
      return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
    }, WAIT);
    expect(crashed.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);
    await run('/bin/sh', ['-c', `touch ${join(stateDir, 'ramen-kubelet-ok-flaky')}`]);
    const succeeded = await eventually(
      async () => {
        const p = await client.get(PodKind, { namespace: NS, name: 'flaky' });
        return p.status?.phase === 'Succeeded' ? p : undefined;
      },
      { ...WAIT, timeoutMs: 30_000 },
    );
    expect(succeeded.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(0);
  }, 60_000);

  it('gives StatefulSet pods their claims from volumeClaimTemplates, in order', async () => {
    const set = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', namespace: NS },
      spec: {
        replicas: 2,
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'web',
                image: 'nginx',
                command: ['sh', '-c', 'echo $HOSTNAME > /mnt/ramen-test-data/host; exec sleep 1000'],
                volumeMounts: [{ name: 'data', mountPath: '/mnt/ramen-test-data' }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    } as StatefulSet;
    await client.create(StatefulSetKind, set);
    const ready = await eventually(
      async () => {
        const s = await client.get(StatefulSetKind, { namespace: NS, name: 'web' });
        return s.status?.readyReplicas === 2 ? s : undefined;
      },
      { ...WAIT, timeoutMs: 30_000 },
    );
    expect(ready.status?.currentRevision).toBe(ready.status?.updateRevision);
    const pods = await client.list(PodKind, { namespace: NS, labelSelector: 'app=web' });
    expect(pods.items.map((p) => p.metadata.name).sort()).toEqual(['web-0', 'web-1']);
    const first = pods.items.find((p) => p.metadata.name === 'web-0');
    const second = pods.items.find((p) => p.metadata.name === 'web-1');
    expect(Date.parse(second?.status?.startTime ?? '')).toBeGreaterThanOrEqual(
      Date.parse(first?.status?.startTime ?? ''),
    );
    for (const ordinal of [0, 1]) {
      const claim = await client.get(PersistentVolumeClaimKind, {
        namespace: NS,
        name: `data-web-${ordinal}`,
      });
      expect(claim.status?.phase).toBe('Bound');
      expect(claim.metadata.labels?.app).toBe('web');
      const pv = await client.get(PersistentVolumeKind, { name: claim.spec?.volumeName ?? '' });
      const dir = volumeDirectory(stateDir, pv.spec?.csi?.volumeHandle ?? '');
      const host = await eventually(async () => readFile(join(dir, 'host'), 'utf8'), WAIT);
      expect(host).toBe(`web-${ordinal}\n`);
    }
  }, 60_000);

  it('kills every process when the agent stops', async () => {
    const outfile = join(busyboxVolume, 'outfile');
    const kubelet = agents.at(-1) as Agent;
    await kubelet.stop();
    const before = (await stat(outfile)).size;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await stat(outfile)).size).toBe(before);
    await kubelet.start();
    // Started again on the same state, the pods run again.
    await eventually(async () => ((await stat(outfile)).size > before ? true : undefined), WAIT);
    await client.delete(DeploymentKind, { namespace: NS, name: 'busybox' });
    await eventually(async () => {
      const pods = await client.list(PodKind, { namespace: NS, labelSelector: 'app=busybox' });
      return pods.items.length === 0 ? true : undefined;
    }, WAIT);
    await expect(client.get(DeploymentKind, { namespace: NS, name: 'busybox' })).rejects.toSatisfy(
      isNotFound,
    );
  }, 30_000);
});
