import { appendFile, lstat, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NetworkFenceClassKind,
  NetworkFenceKind,
  type VolumeGroupReplication,
  VolumeGroupReplicationClassKind,
  VolumeGroupReplicationContentKind,
  VolumeGroupReplicationKind,
  type VolumeReplication,
  VolumeReplicationClassKind,
  VolumeReplicationKind,
  VolumeSnapshotClassKind,
} from '../../api/index.js';
import {
  type PersistentVolume,
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
  PodKind,
  StorageClassKind,
} from '../../apiserver/builtins/index.js';
import { type ClusterClient, NamespaceResource } from '../../kube/index.js';
import { installCrd, startTestApiServer, type TestApiServer } from '../../kube/testing/api-server-env.js';
import { eventually } from '../../kube/testing/eventually.js';
import { findCondition, silentLogger } from '../../runtime/index.js';
import type { Agent, AgentContext } from '../agent.js';
import { volumeAgentFactories } from '../volumes/volume-agent.js';
import { volumeDirectory } from '../volumes/volume-paths.js';
import { storageAgentFactories } from './storage-agent.js';
import {
  blockStorageId,
  METRO_STORAGE_ID,
  REPLICATION_ID_LABEL,
  STORAGE_ID_LABEL,
} from './storage-classes.js';

const TIME_SCALE = 60;
/** A 1m schedule at time scale 60. */
const PERIOD_MS = 1_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Site {
  name: string;
  env: TestApiServer;
  client: ClusterClient;
  stateDir: string;
  agents: Agent[];
}

async function startAgents(site: Site): Promise<void> {
  const context: AgentContext = {
    clusterName: site.name,
    cluster: site.client,
    hub: site.client,
    managedClusters: ['dr1', 'dr2'],
    stateDir: site.stateDir,
    timeScale: TIME_SCALE,
    logger: process.env.STORAGE_TEST_LOG ? pino({ level: 'debug' }) : silentLogger(),
  };
  site.agents = [...volumeAgentFactories, ...storageAgentFactories].map((factory) => factory.create(context));
  for (const agent of site.agents) await agent.start();
}

async function stopAgents(site: Site): Promise<void> {
  for (const agent of [...site.agents].reverse()) await agent.stop();
  site.agents = [];
}

function claim(name: string, storageClassName?: string, volumeName?: string): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'app' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      ...(storageClassName !== undefined && { storageClassName }),
      ...(volumeName !== undefined && { volumeName }),
    },
  };
}

async function boundVolume(client: ClusterClient, name: string): Promise<PersistentVolume> {
  const bound = await eventually(async () => {
    const c = await client.get(PersistentVolumeClaimKind, { namespace: 'app', name });
    return c.status?.phase === 'Bound' ? c : undefined;
  });
  return client.get(PersistentVolumeKind, { name: bound.spec?.volumeName ?? '' });
}

function replication(name: string, state: 'primary' | 'secondary'): VolumeReplication {
  return {
    apiVersion: 'replication.storage.openshift.io/v1alpha1',
    kind: 'VolumeReplication',
    metadata: { name, namespace: 'app' },
    spec: {
      volumeReplicationClass: 'ramen-rbd-vrc-1m',
      replicationState: state,
      dataSource: { apiGroup: '', kind: 'PersistentVolumeClaim', name },
      autoResync: false,
    },
  };
}

async function getVr(site: Site, name: string): Promise<VolumeReplication> {
  return site.client.get(VolumeReplicationKind, { namespace: 'app', name });
}

function conditionOf(vr: VolumeReplication | VolumeGroupReplication, type: string): string {
  const condition = findCondition(vr.status?.conditions, type);
  if (condition === undefined || condition.observedGeneration !== vr.metadata.generation) return 'absent';
  return `${condition.status}/${condition.reason}`;
}

async function vrMatching(
  site: Site,
  name: string,
  test: (vr: VolumeReplication) => boolean,
  timeoutMs = 15_000,
): Promise<VolumeReplication> {
  let last: VolumeReplication | undefined;
  try {
    return await eventually(
      async () => {
        last = await getVr(site, name);
        return test(last) ? last : undefined;
      },
      { timeoutMs },
    );
  } catch (error) {
    throw new Error(`VR on ${site.name} never matched; last status ${JSON.stringify(last?.status)}`, {
      cause: error,
    });
  }
}

async function setState(site: Site, name: string, state: 'primary' | 'secondary', autoResync = false) {
  await site.client.patch(
    VolumeReplicationKind,
    { namespace: 'app', name },
    { type: 'merge', patch: { spec: { replicationState: state, autoResync } } },
  );
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

function groupReplication(state: 'primary' | 'secondary'): VolumeGroupReplication {
  return {
    apiVersion: 'replication.storage.openshift.io/v1alpha1',
    kind: 'VolumeGroupReplication',
    metadata: { name: 'cg1', namespace: 'app' },
    spec: {
      volumeGroupReplicationClassName: 'ramen-rbd-vgrc-1m',
      volumeReplicationClassName: 'ramen-rbd-vrc-1m',
      replicationState: state,
      autoResync: false,
      source: { selector: { matchLabels: { 'ramendr.openshift.io/consistency-group': 'cg1' } } },
    },
  };
}

async function lineCount(path: string): Promise<number> {
  return (await readText(path)).split('\n').filter((line) => line !== '').length;
}

describe('embedded replicated storage', () => {
  let root: string;
  const sites: Site[] = [];
  let a: Site;
  let b: Site;
  let handle: string;
  const dirOf = (site: Site) => volumeDirectory(site.stateDir, handle);

  /** What Ramen does on the peer: restore the PV (same volume handle) and the claim bound to it. */
  async function restoreOnPeer(volume: PersistentVolume, name: string, labels?: Record<string, string>) {
    await b.client.create(PersistentVolumeKind, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: volume.metadata.name ?? '' },
      spec: {
        ...volume.spec,
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'app', name },
        persistentVolumeReclaimPolicy: 'Retain',
      },
    });
    const restored = claim(name, 'ramen-block', volume.metadata.name);
    if (labels !== undefined) restored.metadata.labels = { ...labels };
    await b.client.create(PersistentVolumeClaimKind, restored);
    await boundVolume(b.client, name);
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-storage-test-'));
    for (const name of ['dr1', 'dr2']) {
      const env = await startTestApiServer({ name });
      const client = env.client({ name });
      for (const kind of [
        VolumeReplicationKind,
        VolumeReplicationClassKind,
        VolumeSnapshotClassKind,
        VolumeGroupReplicationClassKind,
        VolumeGroupReplicationKind,
        VolumeGroupReplicationContentKind,
        NetworkFenceKind,
        NetworkFenceClassKind,
      ]) {
        await installCrd(client, kind);
      }
      await client.create(NamespaceResource, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'app' },
      });
      const site: Site = { name, env, client, stateDir: join(root, name), agents: [] };
      await startAgents(site);
      sites.push(site);
    }
    [a, b] = sites as [Site, Site];
  }, 60_000);

  afterAll(async () => {
    for (const site of sites) {
      await stopAgents(site);
      site.client.close();
      await site.env.dispose();
    }
    await rm(root, { recursive: true, force: true });
  }, 30_000);

  it('creates the classes of a pair of Ceph-like sites', async () => {
    for (const site of sites) {
      const block = await site.client.get(StorageClassKind, { name: 'ramen-block' });
      expect(block.metadata.labels?.[STORAGE_ID_LABEL]).toBe(blockStorageId(site.name));
      expect(block.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
      const metro = await site.client.get(StorageClassKind, { name: 'ramen-metro' });
      expect(metro.metadata.labels?.[STORAGE_ID_LABEL]).toBe(METRO_STORAGE_ID);
      const file = await site.client.get(StorageClassKind, { name: 'ramen-file' });
      expect(file.provisioner).toBe('cephfs.csi.ramen.local');
      const vrcs = (await site.client.list(VolumeReplicationClassKind)).items;
      expect(vrcs.map((c) => c.spec?.parameters?.schedulingInterval).sort()).toEqual(['1m', '5m']);
      expect(vrcs.every((c) => c.metadata.labels?.[REPLICATION_ID_LABEL] === 'ramen-rbd-mirror')).toBe(true);
      expect(vrcs.every((c) => c.spec?.provisioner === block.provisioner)).toBe(true);
      const snapshotClasses = (await site.client.list(VolumeSnapshotClassKind)).items;
      expect(snapshotClasses.map((c) => c.driver).sort()).toEqual([
        'cephfs.csi.ramen.local',
        'rbd.csi.ramen.local',
        'rbd.csi.ramen.local',
      ]);
      const fenceClasses = (await site.client.list(NetworkFenceClassKind)).items;
      expect(fenceClasses.map((c) => c.spec?.parameters?.clusterID)).toEqual([site.name]);
      // No replication class for the file driver: Ramen protects its claims with VolSync.
      expect(vrcs.some((c) => c.spec?.provisioner === file.provisioner)).toBe(false);
    }
  });

  it('binds a claim of each class', async () => {
    for (const [name, className] of [
      ['c-default', undefined],
      ['c-file', 'ramen-file'],
      ['c-metro', 'ramen-metro'],
    ] as const) {
      await a.client.create(PersistentVolumeClaimKind, claim(name, className));
      const volume = await boundVolume(a.client, name);
      expect(volume.spec?.storageClassName).toBe(className ?? 'ramen-block');
    }
  });

  it('shares metro volumes between the sites and fences a site off them', async () => {
    await a.client.create(PersistentVolumeClaimKind, claim('metro', 'ramen-metro'));
    const volume = await boundVolume(a.client, 'metro');
    const metroHandle = volume.spec?.csi?.volumeHandle ?? '';
    const onA = volumeDirectory(a.stateDir, metroHandle);
    const onB = volumeDirectory(b.stateDir, metroHandle);
    await eventually(async () => ((await lstat(onA)).isSymbolicLink() ? true : undefined));
    await writeFile(join(onA, 'shared.txt'), 'from dr1\n');
    await b.client.create(PersistentVolumeKind, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: volume.metadata.name ?? '' },
      spec: {
        ...volume.spec,
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'app', name: 'metro' },
        persistentVolumeReclaimPolicy: 'Retain',
      },
    });
    await b.client.create(PersistentVolumeClaimKind, claim('metro', 'ramen-metro', volume.metadata.name));
    await boundVolume(b.client, 'metro');
    // One image: what dr1 wrote is what dr2 reads, without any replication.
    await eventually(async () =>
      (await readText(join(onB, 'shared.txt'))) === 'from dr1\n' ? true : undefined,
    );

    await a.client.create(NetworkFenceKind, {
      apiVersion: 'csiaddons.openshift.io/v1alpha1',
      kind: 'NetworkFence',
      metadata: { name: 'fence-dr2' },
      spec: {
        driver: 'rbd.csi.ramen.local',
        cidrs: ['192.168.2.0/24'],
        fenceState: 'Fenced',
        parameters: { clusterID: 'dr2' },
      },
    });
    const fenced = await eventually(async () => {
      const fence = await a.client.get(NetworkFenceKind, { name: 'fence-dr2' });
      return fence.status?.result === 'Succeeded' ? fence : undefined;
    });
    expect(fenced.status?.message).toBe('fenced dr2');
    await expect(appendFile(join(onB, 'shared.txt'), 'from dr2\n')).rejects.toThrow();
    await appendFile(join(onA, 'shared.txt'), 'dr1 still writes\n');
    await sleep(PERIOD_MS); // dr2's own agent re-checks its links meanwhile and keeps them cut
    await expect(readFile(join(onB, 'shared.txt'))).rejects.toThrow();

    await a.client.patch(
      NetworkFenceKind,
      { name: 'fence-dr2' },
      { type: 'merge', patch: { spec: { fenceState: 'Unfenced' } } },
    );
    await eventually(async () =>
      (await readText(join(onB, 'shared.txt'))) === 'from dr1\ndr1 still writes\n' ? true : undefined,
    );
    await appendFile(join(onB, 'shared.txt'), 'dr2 writes again\n');
    expect(await readText(join(onA, 'shared.txt'))).toContain('dr2 writes again');
  });

  it('mirrors the primary volume to the secondary every interval', async () => {
    await a.client.create(PersistentVolumeClaimKind, claim('data'));
    const volume = await boundVolume(a.client, 'data');
    handle = volume.spec?.csi?.volumeHandle ?? '';
    await restoreOnPeer(volume, 'data');
    const unchanged = Buffer.alloc(200_000, 7); // the size checkMirroring expects
    await writeFile(join(dirOf(a), 'static.bin'), unchanged);

    await b.client.create(VolumeReplicationKind, replication('data', 'secondary'));
    await a.client.create(VolumeReplicationKind, replication('data', 'primary'));

    const written: { line: string; at: number }[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        const line = `line-${i}`;
        await appendFile(join(dirOf(a), 'log.txt'), `${line}\n`);
        written.push({ line, at: Date.now() });
        await sleep(40);
      }
    })();

    try {
      await checkMirroring(written);
    } finally {
      writing = false;
      await writer;
    }
    expect(await readFile(join(dirOf(b), 'static.bin'))).toEqual(unchanged);
  }, 40_000);

  async function checkMirroring(written: readonly { line: string; at: number }[]): Promise<void> {
    const unchangedSize = 200_000;
    const primary = await vrMatching(a, 'data', (vr) => vr.status?.lastSyncTime !== undefined);
    expect(primary.status?.state).toBe('Primary');
    expect(conditionOf(primary, 'Completed')).toBe('True/Promoted');
    expect(conditionOf(primary, 'Degraded')).toBe('False/Healthy');
    expect(conditionOf(primary, 'Replicating')).toBe('True/Replicating');
    const secondary = await vrMatching(b, 'data', (vr) => conditionOf(vr, 'Degraded') === 'False/Healthy');
    expect(secondary.status?.state).toBe('Secondary');
    expect(conditionOf(secondary, 'Completed')).toBe('True/Demoted');
    expect(conditionOf(secondary, 'Resyncing')).toBe('False/NotResyncing');
    expect(secondary.status?.lastSyncTime).toBeUndefined();

    // Sample lastSyncTime and the secondary's copy for ~4 intervals.
    const syncTimes = new Set<string>();
    const byteCounts: number[] = [];
    const deadline = Date.now() + 4.2 * PERIOD_MS;
    let checks = 0;
    while (Date.now() < deadline) {
      const now = Date.now();
      const copy = (await readText(join(dirOf(b), 'log.txt'))).split('\n').filter((l) => l !== '');
      const expected = written.filter((w) => w.at < now - PERIOD_MS - 500).map((w) => w.line);
      // Every line written more than one interval (+500 ms scheduling slack) ago is there, in order, no gaps.
      expect(copy.slice(0, expected.length)).toEqual(expected);
      expect(written.slice(0, copy.length).map((w) => w.line)).toEqual(copy);
      checks += 1;
      const vr = await getVr(a, 'data');
      if (vr.status?.lastSyncTime !== undefined && !syncTimes.has(vr.status.lastSyncTime)) {
        syncTimes.add(vr.status.lastSyncTime);
        byteCounts.push(vr.status.lastSyncBytes ?? 0);
      }
      await sleep(100);
    }
    expect(checks).toBeGreaterThan(20);
    const times = [...syncTimes].map((t) => Date.parse(t)).sort((x, y) => x - y);
    expect(times.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < times.length; i += 1) {
      const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(0.9 * PERIOD_MS);
      expect(gap).toBeLessThan(2 * PERIOD_MS);
    }
    // Only the growing log travels after the first snapshot, not the unchanged 200 kB file.
    expect(Math.max(...byteCounts.slice(1))).toBeLessThan(unchangedSize);
    expect(byteCounts.slice(1).every((n) => n > 0)).toBe(true);
  }

  it('moves the primary with demote then promote, and the new primary continues from the replicated data', async () => {
    await appendFile(join(dirOf(a), 'log.txt'), 'last-line-on-dr1\n');
    await setState(a, 'data', 'secondary');
    const demoted = await vrMatching(a, 'data', (vr) => conditionOf(vr, 'Completed') === 'True/Demoted');
    expect(demoted.status?.state).toBe('Secondary');
    // The demote shipped a last snapshot: the peer holds everything, including the last line.
    const onB = await readText(join(dirOf(b), 'log.txt'));
    expect(onB).toBe(await readText(join(dirOf(a), 'log.txt')));
    expect(onB.endsWith('last-line-on-dr1\n')).toBe(true);

    await setState(b, 'data', 'primary');
    const promoted = await vrMatching(
      b,
      'data',
      (vr) => conditionOf(vr, 'Completed') === 'True/Promoted' && vr.status?.lastSyncTime !== undefined,
    );
    expect(promoted.status?.state).toBe('Primary');
    expect(conditionOf(promoted, 'Degraded')).toBe('False/Healthy');
    await appendFile(join(dirOf(b), 'log.txt'), 'first-line-on-dr2\n');
    const expected = await readText(join(dirOf(b), 'log.txt'));
    expect(expected.startsWith(onB)).toBe(true);
    await eventually(async () =>
      (await readText(join(dirOf(a), 'log.txt'))) === expected ? true : undefined,
    );
    const secondary = await vrMatching(a, 'data', (vr) => conditionOf(vr, 'Degraded') === 'False/Healthy');
    expect(secondary.status?.lastSyncTime).toBeUndefined();
  }, 30_000);

  it('force-promotes with the peer down, reports a split brain when it returns, and resyncs only on request', async () => {
    await stopAgents(b);
    await setState(a, 'data', 'primary');
    const promoted = await vrMatching(a, 'data', (vr) => conditionOf(vr, 'Completed') === 'True/Promoted');
    expect(promoted.status?.state).toBe('Primary');
    expect(conditionOf(promoted, 'Degraded')).toBe('False/Healthy');
    expect(conditionOf(promoted, 'Replicating')).toBe('False/NotReplicating');
    await appendFile(join(dirOf(a), 'log.txt'), 'written-after-failover\n');
    await appendFile(join(dirOf(b), 'log.txt'), 'written-on-the-old-primary\n');
    const onA = await readText(join(dirOf(a), 'log.txt'));
    const onB = await readText(join(dirOf(b), 'log.txt'));

    // dr2 comes back still primary: both copies are primary.
    await startAgents(b);
    for (const site of [a, b]) {
      const vr = await vrMatching(site, 'data', (v) => conditionOf(v, 'Degraded') === 'True/VolumeDegraded');
      expect(vr.status?.state).toBe('Primary');
      expect(vr.status?.message).toContain('split-brain');
      expect(findCondition(vr.status?.conditions, 'Degraded')?.message).toContain(site === a ? 'dr2' : 'dr1');
    }
    await sleep(3 * PERIOD_MS);
    expect(await readText(join(dirOf(a), 'log.txt'))).toBe(onA);
    expect(await readText(join(dirOf(b), 'log.txt'))).toBe(onB);

    // Demoting dr2 leaves its diverged copy alone until a resync is requested.
    await setState(b, 'data', 'secondary');
    const diverged = await vrMatching(b, 'data', (vr) => vr.status?.state === 'Secondary');
    await sleep(3 * PERIOD_MS);
    expect(conditionOf(await getVr(b, 'data'), 'Degraded')).toBe('True/VolumeDegraded');
    expect(conditionOf(await getVr(b, 'data'), 'Resyncing')).toBe('False/NotResyncing');
    expect(diverged.status?.message).toBe('volume is marked secondary');
    expect(await readText(join(dirOf(b), 'log.txt'))).toBe(onB);
    await vrMatching(a, 'data', (vr) => conditionOf(vr, 'Degraded') === 'False/Healthy');

    await setState(b, 'data', 'secondary', true);
    await vrMatching(b, 'data', (vr) => conditionOf(vr, 'Degraded') === 'False/Healthy');
    const resynced = await readText(join(dirOf(b), 'log.txt'));
    expect(resynced.startsWith(onA)).toBe(true);
    expect(resynced).not.toContain('written-on-the-old-primary');
  }, 40_000);
  it('resyncs a secondary on replicationState resync, discarding its local changes', async () => {
    await writeFile(join(dirOf(b), 'local-change.txt'), 'not from the primary');
    await b.client.patch(
      VolumeReplicationKind,
      { namespace: 'app', name: 'data' },
      { type: 'merge', patch: { spec: { replicationState: 'resync' } } },
    );
    const resynced = await vrMatching(
      b,
      'data',
      (vr) =>
        vr.status?.observedGeneration === vr.metadata.generation &&
        conditionOf(vr, 'Degraded') === 'False/Healthy',
    );
    expect(resynced.status?.state).toBe('Secondary');
    expect(conditionOf(resynced, 'Resyncing')).toBe('False/NotResyncing');
    const role = JSON.parse(
      await readText(join(root, 'storage-pool', 'images', handle, 'roles', 'dr2.json')),
    );
    expect(role.resyncGeneration).toBe(resynced.metadata.generation);
    await eventually(async () =>
      (await readText(join(dirOf(b), 'local-change.txt'))) === '' ? true : undefined,
    );
    expect(await readText(join(dirOf(b), 'log.txt'))).toBe(await readText(join(dirOf(a), 'log.txt')));
  });

  it('replicates a volume group as one point-in-time image of its volumes', async () => {
    const members = ['g1', 'g2'];
    const handles: string[] = [];
    for (const name of members) {
      const created = claim(name);
      created.metadata.labels = { 'ramendr.openshift.io/consistency-group': 'cg1' };
      await a.client.create(PersistentVolumeClaimKind, created);
      const volume = await boundVolume(a.client, name);
      handles.push(volume.spec?.csi?.volumeHandle ?? '');
      await restoreOnPeer(volume, name, created.metadata.labels);
    }
    const memberDir = (site: Site, index: number) => volumeDirectory(site.stateDir, handles[index] ?? '');
    await b.client.create(VolumeGroupReplicationKind, groupReplication('secondary'));
    await a.client.create(VolumeGroupReplicationKind, groupReplication('primary'));

    // The writer appends line i to g1, then to g2: any instant shows g1 one line ahead of g2 at most.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        await appendFile(join(memberDir(a, 0), 'log.txt'), `${i}\n`);
        await sleep(20);
        await appendFile(join(memberDir(a, 1), 'log.txt'), `${i}\n`);
        await sleep(40);
      }
    })();
    const samples: [number, number][] = [];
    try {
      const primary = await eventually(async () => {
        const group = await a.client.get(VolumeGroupReplicationKind, { namespace: 'app', name: 'cg1' });
        return group.status?.lastSyncTime !== undefined && conditionOf(group, 'Completed') === 'True/Promoted'
          ? group
          : undefined;
      });
      expect(primary.status?.state).toBe('Primary');
      expect(primary.status?.persistentVolumeClaimsRefList).toEqual([{ name: 'g1' }, { name: 'g2' }]);
      const deadline = Date.now() + 4.5 * PERIOD_MS;
      while (Date.now() < deadline) {
        // Sample between two snapshots (a snapshot is committed shortly after its instant).
        const group = await a.client.get(VolumeGroupReplicationKind, { namespace: 'app', name: 'cg1' });
        const age = Date.now() - Date.parse(group.status?.lastSyncTime ?? '');
        if (age > 0.3 * PERIOD_MS && age < 0.8 * PERIOD_MS) {
          const lines = await Promise.all(
            [0, 1].map(async (i) => lineCount(join(memberDir(b, i), 'log.txt'))),
          );
          samples.push(lines as [number, number]);
        }
        await sleep(50);
      }
    } finally {
      writing = false;
      await writer;
    }
    expect(samples.length).toBeGreaterThan(10);
    for (const [first, second] of samples) expect(first - second === 0 || first - second === 1).toBe(true);
    expect(new Set(samples.map(([first]) => first)).size).toBeGreaterThanOrEqual(3);

    // The csi-addons objects behind it: one content with both handles, one VR per site fed by the group.
    const group = await a.client.get(VolumeGroupReplicationKind, { namespace: 'app', name: 'cg1' });
    const contentName = group.spec?.volumeGroupReplicationContentName ?? '';
    const content = await a.client.get(VolumeGroupReplicationContentKind, { name: contentName });
    expect(content.spec?.source.volumeHandles).toEqual([...handles].sort());
    expect(content.status?.persistentVolumeRefList?.length).toBe(2);
    const vr = await getVr(a, group.spec?.volumeReplicationName ?? '');
    expect(vr.spec?.dataSource).toEqual({
      apiGroup: 'replication.storage.openshift.io',
      kind: 'VolumeGroupReplication',
      name: 'cg1',
    });
    const claimed = await a.client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'g1' });
    expect(
      claimed.metadata.annotations?.['replication.storage.openshift.io/volume-group-replication-name'],
    ).toBe('cg1');
    const secondary = await eventually(async () => {
      const peer = await b.client.get(VolumeGroupReplicationKind, { namespace: 'app', name: 'cg1' });
      return conditionOf(peer, 'Degraded') === 'False/Healthy' ? peer : undefined;
    });
    expect(secondary.status?.state).toBe('Secondary');
    expect(conditionOf(secondary, 'Completed')).toBe('True/Demoted');

    // Moving the group's primary: the demote ships a last snapshot of every member, then dr2 takes over.
    await a.client.patch(
      VolumeGroupReplicationKind,
      { namespace: 'app', name: 'cg1' },
      { type: 'merge', patch: { spec: { replicationState: 'secondary' } } },
    );
    const demoted = await eventually(async () => {
      const current = await a.client.get(VolumeGroupReplicationKind, { namespace: 'app', name: 'cg1' });
      return conditionOf(current, 'Completed') === 'True/Demoted' ? current : undefined;
    });
    expect(demoted.status?.state).toBe('Secondary');
    for (const index of [0, 1]) {
      expect(await readText(join(memberDir(b, index), 'log.txt'))).toBe(
        await readText(join(memberDir(a, index), 'log.txt')),
      );
    }
    await b.client.patch(
      VolumeGroupReplicationKind,
      { namespace: 'app', name: 'cg1' },
      { type: 'merge', patch: { spec: { replicationState: 'primary' } } },
    );
    await appendFile(join(memberDir(b, 1), 'log.txt'), 'first-line-on-dr2\n');
    await eventually(async () =>
      (await readText(join(memberDir(a, 1), 'log.txt'))).endsWith('first-line-on-dr2\n') ? true : undefined,
    );
    const promoted = await b.client.get(VolumeGroupReplicationKind, { namespace: 'app', name: 'cg1' });
    expect(promoted.status?.state).toBe('Primary');

    // Deleting the group removes its VR, content and claim annotations, and disables the members' replication.
    await b.client.delete(VolumeGroupReplicationKind, { namespace: 'app', name: 'cg1' });
    await eventually(async () => {
      const left = await b.client.list(VolumeGroupReplicationKind, { namespace: 'app' });
      return left.items.length === 0 ? true : undefined;
    });
    expect((await b.client.list(VolumeGroupReplicationContentKind)).items).toEqual([]);
    const released = await b.client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'g1' });
    expect(
      released.metadata.annotations?.['replication.storage.openshift.io/volume-group-replication-name'],
    ).toBe(undefined);
    expect(await readText(join(root, 'storage-pool', 'images', handles[0] ?? '', 'roles', 'dr2.json'))).toBe(
      '',
    );
  }, 40_000);

  it('reports unmet prerequisites as Validated False', async () => {
    await a.client.create(VolumeReplicationKind, {
      ...replication('absent', 'primary'),
      spec: {
        ...replication('absent', 'primary').spec!,
        dataSource: { kind: 'PersistentVolumeClaim', name: 'absent' },
      },
    });
    const vr = await vrMatching(a, 'absent', (v) => conditionOf(v, 'Validated') !== 'absent');
    expect(conditionOf(vr, 'Validated')).toBe('False/PrerequisiteNotMet');
    expect(conditionOf(vr, 'Completed')).toBe('False/FailedToPromote');
    expect(vr.status?.message).toContain('not found');
  });

  it('replicates a claim with one VR only, and does not demote a volume a pod still uses', async () => {
    await a.client.create(VolumeReplicationKind, {
      ...replication('data-again', 'primary'),
      spec: {
        ...replication('data-again', 'primary').spec!,
        dataSource: { kind: 'PersistentVolumeClaim', name: 'data' },
      },
    });
    const duplicate = await vrMatching(a, 'data-again', (vr) => conditionOf(vr, 'Validated') !== 'absent');
    expect(conditionOf(duplicate, 'Validated')).toBe('False/PrerequisiteNotMet');
    expect(duplicate.status?.message).toBe(
      'PersistentVolumeClaim "data" is already replicated by VolumeReplication "data"',
    );
    const annotated = await a.client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'data' });
    expect(annotated.metadata.annotations?.['replication.storage.openshift.io/volume-replication-name']).toBe(
      'data',
    );
    await a.client.delete(VolumeReplicationKind, { namespace: 'app', name: 'data-again' });

    await a.client.create(PodKind, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'writer', namespace: 'app' },
      spec: {
        containers: [
          { name: 'writer', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        ],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      },
    });
    await setState(a, 'data', 'secondary');
    const refused = await vrMatching(
      a,
      'data',
      (vr) => conditionOf(vr, 'Completed') === 'False/FailedToDemote',
    );
    expect(refused.status?.message).toBe(
      'cannot demote: the volume is in use by pod app/writer; stop the workload first',
    );
    expect(refused.status?.state).toBe('Primary');
    const roleFile = join(root, 'storage-pool', 'images', handle, 'roles', 'dr1.json');
    expect(JSON.parse(await readText(roleFile)).role).toBe('primary');

    await a.client.delete(PodKind, { namespace: 'app', name: 'writer' });
    const demoted = await vrMatching(a, 'data', (vr) => conditionOf(vr, 'Completed') === 'True/Demoted');
    expect(demoted.status?.state).toBe('Secondary');
    await setState(a, 'data', 'primary');
    await vrMatching(a, 'data', (vr) => conditionOf(vr, 'Completed') === 'True/Promoted');
  });

  it('disables replication when a VR is deleted', async () => {
    const roleFile = join(root, 'storage-pool', 'images', handle, 'roles', 'dr2.json');
    expect(await readText(roleFile)).toContain('secondary');
    await b.client.delete(VolumeReplicationKind, { namespace: 'app', name: 'data' });
    await eventually(async () => {
      try {
        await getVr(b, 'data');
        return undefined;
      } catch {
        return true;
      }
    });
    expect(await readText(roleFile)).toBe('');
    const primary = await vrMatching(
      a,
      'data',
      (vr) => conditionOf(vr, 'Replicating') === 'False/NotReplicating',
    );
    expect(conditionOf(primary, 'Degraded')).toBe('False/Healthy');
  });
});
