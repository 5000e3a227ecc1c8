import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KindDefinition,
  type ReplicationDestination,
  ReplicationDestinationKind,
  type ReplicationSource,
  ReplicationSourceKind,
  VolumeSnapshotClassKind,
  VolumeSnapshotContentKind,
  VolumeSnapshotKind,
} from '../../api/index.js';
import {
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
  SecretKind,
} from '../../apiserver/builtins/index.js';
import { type ClusterClient, EventResource, isNotFound, NamespaceResource } from '../../kube/index.js';
import { installCrd, startTestApiServer, type TestApiServer } from '../../kube/testing/api-server-env.js';
import { type EventuallyOptions, eventually } from '../../kube/testing/eventually.js';
import { silentLogger } from '../../runtime/index.js';
import type { Agent } from '../agent.js';
import {
  snapshotDirectory,
  volumeAgentFactories,
  volumeDirectory,
  volumeHandleFor,
  volumesRoot,
} from '../volumes/index.js';
import { parseRsyncStats } from './rsync-mover.js';
import { clustersetAddress, readEndpoint } from './transfer-area.js';
import { createVolSyncAgentFactories } from './volsync-agent.js';

const KINDS: readonly KindDefinition[] = [
  VolumeSnapshotKind,
  VolumeSnapshotContentKind,
  VolumeSnapshotClassKind,
  ReplicationSourceKind,
  ReplicationDestinationKind,
];
const NS = 'app';
const PSK = `volsyncramen:${'ab'.repeat(64)}`;

/** How long this file's waits poll. */
const WAIT: EventuallyOptions = { timeoutMs: 20_000 };

interface TestCluster {
  env: TestApiServer;
  client: ClusterClient;
  stateDir: string;
  agents: Agent[];
  name: string;
  timeScale: number;
}

async function startCluster(
  name: string,
  root: string,
  timeScale: number,
  kinds: readonly KindDefinition[] = KINDS,
): Promise<TestCluster> {
  const env = await startTestApiServer({ name });
  const client = env.client({ name });
  for (const kind of kinds) await installCrd(client, kind);
  const stateDir = join(root, name);
  await mkdir(stateDir, { recursive: true });
  const cluster: TestCluster = { env, client, stateDir, agents: [], name, timeScale };
  await startAgents(cluster);
  await client.create(NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  return cluster;
}

async function startAgents(cluster: TestCluster): Promise<void> {
  for (const factory of [...volumeAgentFactories, ...createVolSyncAgentFactories({ mover: 'builtin' })]) {
    const agent = factory.create({
      clusterName: cluster.name,
      cluster: cluster.client,
      hub: cluster.client,
      managedClusters: ['dr1', 'dr2'],
      stateDir: cluster.stateDir,
      timeScale: cluster.timeScale,
      logger: silentLogger(),
    });
    await agent.start();
    cluster.agents.push(agent);
  }
}

async function stopAgents(cluster: TestCluster): Promise<void> {
  for (const agent of [...cluster.agents].reverse()) await agent.stop();
  cluster.agents = [];
}

async function createPsk(client: ClusterClient, name: string, psk: string): Promise<void> {
  await client.create(SecretKind, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NS },
    stringData: { 'psk.txt': psk },
  });
}

function claim(
  name: string,
  extra: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {},
): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NS },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra },
  };
}

/** Creates a claim and returns its volume directory once bound. */
async function boundDirectory(cluster: TestCluster, name: string): Promise<string> {
  const bound = await eventually(async () => {
    const c = await cluster.client.get(PersistentVolumeClaimKind, { namespace: NS, name });
    return c.status?.phase === 'Bound' ? c : undefined;
  }, WAIT);
  const pv = await cluster.client.get(PersistentVolumeKind, { name: bound.spec?.volumeName ?? '' });
  return volumeDirectory(cluster.stateDir, pv.spec?.csi?.volumeHandle ?? '');
}

function destination(
  name: string,
  copyMethod: 'Snapshot' | 'Direct',
  keySecret: string,
): ReplicationDestination {
  return {
    apiVersion: 'volsync.backube/v1alpha1',
    kind: 'ReplicationDestination',
    metadata: { name, namespace: NS },
    spec: {
      rsyncTLS: {
        accessModes: ['ReadWriteOnce'],
        capacity: '1Gi',
        copyMethod,
        keySecret,
        storageClassName: 'ramen-block',
        serviceType: 'ClusterIP',
      },
    },
  } as ReplicationDestination;
}

function source(
  name: string,
  address: string,
  keySecret: string,
  trigger: { manual?: string; schedule?: string },
): ReplicationSource {
  return {
    apiVersion: 'volsync.backube/v1alpha1',
    kind: 'ReplicationSource',
    metadata: { name, namespace: NS },
    spec: { sourcePVC: name, trigger, rsyncTLS: { address, keySecret, copyMethod: 'Snapshot' } },
  };
}

async function destinationAddress(cluster: TestCluster, name: string): Promise<string> {
  return eventually(async () => {
    const rd = await cluster.client.get(ReplicationDestinationKind, { namespace: NS, name });
    return rd.status?.rsyncTLS?.address;
  }, WAIT);
}

async function manualSynced(cluster: TestCluster, name: string, token: string): Promise<ReplicationSource> {
  return eventually(async () => {
    const rs = await cluster.client.get(ReplicationSourceKind, { namespace: NS, name });
    return rs.status?.lastManualSync === token ? rs : undefined;
  }, WAIT);
}

describe('embedded VolSync rsync-TLS movers and snapshots', () => {
  let root: string;
  let dr1: TestCluster;
  let dr2: TestCluster;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-volsync-test-'));
    dr1 = await startCluster('dr1', root, 60);
    dr2 = await startCluster('dr2', root, 60);
    for (const cluster of [dr1, dr2]) await createPsk(cluster.client, 'app-vs-secret', PSK);
  }, 60_000);

  afterAll(async () => {
    for (const cluster of [dr1, dr2]) {
      if (cluster === undefined) continue;
      await stopAgents(cluster);
      cluster.client.close();
      await cluster.env.dispose();
    }
    await rm(root, { recursive: true, force: true });
  });

  it('transfers only changed files, echoes manual triggers and keeps snapshot images', async () => {
    await dr1.client.create(PersistentVolumeClaimKind, claim('data'));
    const sourceDir = await boundDirectory(dr1, 'data');
    await mkdir(join(sourceDir, 'sub'));
    await writeFile(join(sourceDir, 'a'), 'a'.repeat(1000));
    await writeFile(join(sourceDir, 'b'), 'b'.repeat(2000));
    await writeFile(join(sourceDir, 'sub', 'c'), 'c'.repeat(3000));

    await dr2.client.create(ReplicationDestinationKind, destination('data', 'Snapshot', 'app-vs-secret'));
    const address = await destinationAddress(dr2, 'data');
    expect(address).toBe('volsync-rsync-tls-dst-data.app.svc.dr2.volsync.ramen.local');

    const seenSnapshots = new Set<string>();
    const watch = dr1.client.watch(VolumeSnapshotKind, { namespace: NS }, (event) => {
      if (event.type === 'ADDED') seenSnapshots.add(event.object.metadata.name ?? '');
    });
    await dr1.client.create(
      ReplicationSourceKind,
      source('data', address, 'app-vs-secret', { manual: 'first' }),
    );
    const first = await manualSynced(dr1, 'data', 'first');
    expect(first.status?.latestMoverStatus?.result).toBe('Successful');
    const firstStats = parseRsyncStats(first.status?.latestMoverStatus?.logs ?? '');
    expect(firstStats.filesTransferred).toBe(3);
    expect(firstStats.bytesTransferred).toBe(6000);
    expect(first.status?.lastSyncTime).toMatch(/Z$/);
    expect(first.status?.lastSyncDuration).toMatch(/s$/);
    const waiting = first.status?.conditions?.find((c) => c.type === 'Synchronizing');
    expect(waiting?.reason).toBe('WaitingForManual');
    // copyMethod Snapshot read a point-in-time image of the source, released after the sync.
    await eventually(async () => {
      const snapshots = await dr1.client.list(VolumeSnapshotKind, { namespace: NS });
      return snapshots.items.length === 0 ? true : undefined;
    }, WAIT);
    watch.stop();
    expect([...seenSnapshots]).toEqual(['volsync-data-src']);

    const firstImage = await eventually(async () => {
      const rd = await dr2.client.get(ReplicationDestinationKind, { namespace: NS, name: 'data' });
      return rd.status?.latestImage;
    }, WAIT);
    expect(firstImage.kind).toBe('VolumeSnapshot');
    expect(firstImage.apiGroup).toBe('snapshot.storage.k8s.io');
    const snapshot = await dr2.client.get(VolumeSnapshotKind, { namespace: NS, name: firstImage.name });
    expect(snapshot.status?.readyToUse).toBe(true);
    expect(snapshot.status?.restoreSize).toBe('1Gi');
    expect(snapshot.spec.source.persistentVolumeClaimName).toBe('volsync-data-dst');
    const content = await dr2.client.get(VolumeSnapshotContentKind, {
      name: snapshot.status?.boundVolumeSnapshotContentName ?? '',
    });
    expect(content.spec.driver).toBe('rbd.csi.ramen.local');
    expect(content.status?.restoreSize).toBe(2 ** 30);
    const firstSnapshotDir = snapshotDirectory(dr2.stateDir, content.status?.snapshotHandle ?? '');
    expect((await readdir(firstSnapshotDir)).sort()).toEqual(['a', 'b', 'sub']);

    // A small change: one file rewritten, one deleted.
    await writeFile(join(sourceDir, 'a'), 'A'.repeat(1500));
    await rm(join(sourceDir, 'b'));
    await dr1.client.patch(
      ReplicationSourceKind,
      { namespace: NS, name: 'data' },
      { type: 'merge', patch: { spec: { trigger: { manual: 'second' } } } },
    );
    const second = await manualSynced(dr1, 'data', 'second');
    const secondStats = parseRsyncStats(second.status?.latestMoverStatus?.logs ?? '');
    expect(secondStats).toEqual({
      filesTransferred: 1,
      bytesTransferred: 1500,
      filesDeleted: 1,
      totalFiles: 2,
    });

    const secondImage = await eventually(async () => {
      const rd = await dr2.client.get(ReplicationDestinationKind, { namespace: NS, name: 'data' });
      const image = rd.status?.latestImage;
      return image !== undefined && image.name !== firstImage.name ? image : undefined;
    }, WAIT);
    // The previous image is pruned (no do-not-delete label), its data with it.
    await eventually(async () => {
      try {
        await dr2.client.get(VolumeSnapshotKind, { namespace: NS, name: firstImage.name });
        return undefined;
      } catch (error) {
        return isNotFound(error) ? true : undefined;
      }
    }, WAIT);
    await expect(stat(firstSnapshotDir)).rejects.toThrow();

    // Restore: a new claim from the latest image holds the second sync's data.
    await dr2.client.create(
      PersistentVolumeClaimKind,
      claim('restored', {
        dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: secondImage.name },
      }),
    );
    const restoredDir = await boundDirectory(dr2, 'restored');
    expect((await readdir(restoredDir)).sort()).toEqual(['a', 'sub']);
    expect(await readFile(join(restoredDir, 'a'), 'utf8')).toBe('A'.repeat(1500));
    expect(await readFile(join(restoredDir, 'sub', 'c'), 'utf8')).toBe('c'.repeat(3000));
  }, 60_000);

  it('keeps a claim restored from a snapshot Pending until the snapshot is ready, and binds it filled', async () => {
    await dr1.client.create(PersistentVolumeClaimKind, claim('origin'));
    const originDir = await boundDirectory(dr1, 'origin');
    await mkdir(join(originDir, 'sub'));
    await writeFile(join(originDir, 'one'), '1'.repeat(100));
    await writeFile(join(originDir, 'sub', 'two'), '2'.repeat(200));

    // The claim comes first; the snapshot it restores from does not exist yet.
    const early = await dr1.client.create(
      PersistentVolumeClaimKind,
      claim('early', {
        dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'origin-snap' },
      }),
    );
    const earlyDir = volumeDirectory(dr1.stateDir, volumeHandleFor(`pvc-${early.metadata.uid}`));
    const failed = await eventually(async () => {
      const events = await dr1.client.list(EventResource, { namespace: NS });
      return events.items.find(
        (e) => e.involvedObject.name === 'early' && e.reason === 'ProvisioningFailed' && e.type === 'Warning',
      );
    }, WAIT);
    expect(failed.message).toContain(
      'error getting handle for DataSource Type VolumeSnapshot by Name origin-snap',
    );
    expect(failed.message).toContain('snapshot origin-snap not found');
    // For a while (longer than a retry period) nothing is provisioned for it.
    const until = Date.now() + 2_500;
    while (Date.now() < until) {
      const current = await dr1.client.get(PersistentVolumeClaimKind, { namespace: NS, name: 'early' });
      expect(current.status?.phase).toBe('Pending');
      expect(current.spec?.volumeName).toBeUndefined();
      await expect(stat(earlyDir)).rejects.toThrow();
      expect(
        await dr1.client
          .get(PersistentVolumeKind, { name: `pvc-${early.metadata.uid}` })
          .catch(() => undefined),
      ).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // Whatever the volume holds at the moment the claim is seen Bound is read at once.
    let seenAtBind: Promise<{ names: string[]; two: string }> | undefined;
    const watch = dr1.client.watch(PersistentVolumeClaimKind, { namespace: NS }, (event) => {
      const object = event.object;
      if (seenAtBind !== undefined || object.metadata.name !== 'early' || object.status?.phase !== 'Bound')
        return;
      seenAtBind = (async () => ({
        names: (await readdir(earlyDir).catch(() => ['<no volume directory>'])).sort(),
        two: await readFile(join(earlyDir, 'sub', 'two'), 'utf8').catch(() => '<no file>'),
      }))();
    });
    try {
      await dr1.client.create(VolumeSnapshotKind, {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshot',
        metadata: { name: 'origin-snap', namespace: NS },
        spec: { source: { persistentVolumeClaimName: 'origin' } },
      });
      const atBind = await eventually(async () => seenAtBind, WAIT);
      expect(await atBind).toEqual({ names: ['one', 'sub'], two: '2'.repeat(200) });
    } finally {
      watch.stop();
    }
    const bound = await dr1.client.get(PersistentVolumeClaimKind, { namespace: NS, name: 'early' });
    expect(bound.spec?.volumeName).toBe(`pvc-${early.metadata.uid}`);
    // The copy was staged beside the volumes and renamed into place: nothing half-made is left behind.
    expect((await readdir(volumesRoot(dr1.stateDir))).filter((name) => name.startsWith('.'))).toEqual([]);
    // The restored volume is a copy: writes to the origin after the snapshot do not reach it.
    await writeFile(join(originDir, 'one'), 'changed');
    expect(await readFile(join(earlyDir, 'one'), 'utf8')).toBe('1'.repeat(100));
  }, 30_000);

  it('refuses a source whose pre-shared key does not match', async () => {
    await createPsk(dr1.client, 'other-secret', `volsyncramen:${'cd'.repeat(64)}`);
    await dr1.client.create(PersistentVolumeClaimKind, claim('mismatch'));
    const sourceDir = await boundDirectory(dr1, 'mismatch');
    await writeFile(join(sourceDir, 'secret-data'), 'must not arrive');
    await dr2.client.create(ReplicationDestinationKind, destination('mismatch', 'Direct', 'app-vs-secret'));
    const address = await destinationAddress(dr2, 'mismatch');
    await dr1.client.create(
      ReplicationSourceKind,
      source('mismatch', address, 'other-secret', { manual: 'go' }),
    );
    const failed = await eventually(async () => {
      const rs = await dr1.client.get(ReplicationSourceKind, { namespace: NS, name: 'mismatch' });
      const condition = rs.status?.conditions?.find((c) => c.type === 'Synchronizing');
      return condition?.reason === 'Error' ? { rs, condition } : undefined;
    }, WAIT);
    expect(failed.condition.status).toBe('False');
    expect(failed.condition.message).toMatch(
      /TLS-PSK handshake .* failed: the pre-shared key in Secret other-secret/,
    );
    expect(failed.rs.status?.latestMoverStatus?.result).toBe('Failed');
    expect(failed.rs.status?.lastManualSync).toBeUndefined();
    const destinationDir = await boundDirectory(dr2, 'volsync-mismatch-dst');
    expect(await readdir(destinationDir)).toEqual([]);

    // Deleting the destination withdraws its address.
    expect(await readEndpoint(dr2.stateDir, address)).toBeDefined();
    await dr2.client.delete(ReplicationDestinationKind, { namespace: NS, name: 'mismatch' });
    await eventually(
      async () => ((await readEndpoint(dr2.stateDir, address)) === undefined ? true : undefined),
      WAIT,
    );
  }, 30_000);

  it('cannot reach a destination whose cluster is down, and delivers the image when it is back', async () => {
    await dr1.client.create(PersistentVolumeClaimKind, claim('outage'));
    const sourceDir = await boundDirectory(dr1, 'outage');
    await writeFile(join(sourceDir, 'old'), 'old');
    await dr2.client.create(ReplicationDestinationKind, destination('outage', 'Snapshot', 'app-vs-secret'));
    const address = await destinationAddress(dr2, 'outage');
    await dr1.client.create(
      ReplicationSourceKind,
      source('outage', address, 'app-vs-secret', { manual: 'one' }),
    );
    await manualSynced(dr1, 'outage', 'one');
    const firstImage = await eventually(async () => {
      const rd = await dr2.client.get(ReplicationDestinationKind, { namespace: NS, name: 'outage' });
      return rd.status?.latestImage;
    }, WAIT);

    await stopAgents(dr2);
    expect((await readEndpoint(dr2.stateDir, address))?.online).toBe(false);
    await writeFile(join(sourceDir, 'new'), 'new');
    await dr1.client.patch(
      ReplicationSourceKind,
      { namespace: NS, name: 'outage' },
      { type: 'merge', patch: { spec: { trigger: { manual: 'two' } } } },
    );
    const blocked = await eventually(async () => {
      const rs = await dr1.client.get(ReplicationSourceKind, { namespace: NS, name: 'outage' });
      const condition = rs.status?.conditions?.find((c) => c.type === 'Synchronizing');
      return condition?.message?.startsWith('Unable to connect') ? rs : undefined;
    }, WAIT);
    expect(blocked.status?.lastManualSync).toBe('one');

    await startAgents(dr2);
    await manualSynced(dr1, 'outage', 'two');
    const secondImage = await eventually(async () => {
      const rd = await dr2.client.get(ReplicationDestinationKind, { namespace: NS, name: 'outage' });
      const image = rd.status?.latestImage;
      return image !== undefined && image.name !== firstImage.name ? image : undefined;
    }, WAIT);
    const snapshot = await dr2.client.get(VolumeSnapshotKind, { namespace: NS, name: secondImage.name });
    const content = await dr2.client.get(VolumeSnapshotContentKind, {
      name: snapshot.status?.boundVolumeSnapshotContentName ?? '',
    });
    const dir = snapshotDirectory(dr2.stateDir, content.status?.snapshotHandle ?? '');
    expect((await readdir(dir)).sort()).toEqual(['new', 'old']);
  }, 60_000);

  it('generates a key Secret when keySecret is unset and reports a missing one', async () => {
    const generated = destination('gen', 'Direct', '');
    delete generated.spec?.rsyncTLS?.keySecret;
    await dr2.client.create(ReplicationDestinationKind, generated);
    const rd = await eventually(async () => {
      const current = await dr2.client.get(ReplicationDestinationKind, { namespace: NS, name: 'gen' });
      return current.status?.rsyncTLS?.keySecret !== undefined ? current : undefined;
    }, WAIT);
    expect(rd.status?.rsyncTLS?.keySecret).toBe('volsync-rsync-tls-gen');
    expect(rd.status?.rsyncTLS?.port).toBe(8000);
    const secret = await dr2.client.get(SecretKind, { namespace: NS, name: 'volsync-rsync-tls-gen' });
    expect(Buffer.from(secret.data?.['psk.txt'] ?? '', 'base64').toString()).toMatch(
      /^volsync:[0-9a-f]{128}$/,
    );
    expect(secret.metadata.ownerReferences?.[0]?.uid).toBe(rd.metadata.uid);

    await dr2.client.create(ReplicationDestinationKind, destination('nokey', 'Direct', 'absent-secret'));
    const condition = await eventually(async () => {
      const current = await dr2.client.get(ReplicationDestinationKind, { namespace: NS, name: 'nokey' });
      return current.status?.conditions?.find((c) => c.type === 'Synchronizing' && c.reason === 'Error');
    }, WAIT);
    expect(condition.message).toBe('psk secret: absent-secret is not found');
  }, 30_000);

  it('reports a schedule that cannot run', async () => {
    await dr1.client.create(
      ReplicationSourceKind,
      source('badcron', 'nowhere.example', 'app-vs-secret', { schedule: '99 * * * *' }),
    );
    const condition = await eventually(async () => {
      const rs = await dr1.client.get(ReplicationSourceKind, { namespace: NS, name: 'badcron' });
      return rs.status?.conditions?.find((c) => c.type === 'Synchronizing' && c.reason === 'Error');
    }, WAIT);
    expect(condition.message).toMatch(/"99" is out of range/);
  });

  it('syncs on a scaled schedule into a Direct destination whose image is the claim', async () => {
    await dr1.client.create(PersistentVolumeClaimKind, claim('sched'));
    const sourceDir = await boundDirectory(dr1, 'sched');
    await writeFile(join(sourceDir, 'one'), '1');
    await dr2.client.create(ReplicationDestinationKind, destination('sched', 'Direct', 'app-vs-secret'));
    await destinationAddress(dr2, 'sched');
    // Ramen's Submariner mode computes the clusterset name itself; the destination answers to it too.
    const address = clustersetAddress(NS, 'sched');
    // `*/1 * * * *` at time scale 60: at most a second between syncs.
    await dr1.client.create(
      ReplicationSourceKind,
      source('sched', address, 'app-vs-secret', { schedule: '*/1 * * * *' }),
    );
    const destinationDir = await boundDirectory(dr2, 'volsync-sched-dst');
    await eventually(async () => ((await readdir(destinationDir)).includes('one') ? true : undefined), WAIT);
    const rs = await eventually(async () => {
      const current = await dr1.client.get(ReplicationSourceKind, { namespace: NS, name: 'sched' });
      return current.status?.nextSyncTime !== undefined ? current : undefined;
    }, WAIT);
    expect(rs.status?.lastManualSync).toBeUndefined();
    await writeFile(join(sourceDir, 'two'), '2');
    await eventually(async () => ((await readdir(destinationDir)).includes('two') ? true : undefined), {
      timeoutMs: 10_000,
    });
    const rd = await eventually(async () => {
      const current = await dr2.client.get(ReplicationDestinationKind, { namespace: NS, name: 'sched' });
      return current.status?.latestImage !== undefined ? current : undefined;
    }, WAIT);
    expect(rd.status?.latestImage).toMatchObject({
      kind: 'PersistentVolumeClaim',
      name: 'volsync-sched-dst',
    });
    expect(rd.status?.conditions?.find((c) => c.type === 'Synchronizing')?.reason).toBe('SyncInProgress');
  }, 30_000);
});

describe('snapshots on a cluster that does not serve VolumeSnapshotContent', () => {
  let root: string;
  let dr3: TestCluster;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ramen-snapshot-test-'));
    dr3 = await startCluster('dr3', root, 1, [VolumeSnapshotKind, VolumeSnapshotClassKind]);
  }, 60_000);

  afterAll(async () => {
    if (dr3 !== undefined) {
      await stopAgents(dr3);
      dr3.client.close();
      await dr3.env.dispose();
    }
    await rm(root, { recursive: true, force: true });
  });

  it('cuts a point-in-time copy, reports it in the status only, and restores from it', async () => {
    await dr3.client.create(
      PersistentVolumeClaimKind,
      claim('orig', { resources: { requests: { storage: '2Gi' } } }),
    );
    const dir = await boundDirectory(dr3, 'orig');
    await writeFile(join(dir, 'state'), 'before');
    const created = await dr3.client.create(VolumeSnapshotKind, {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'snap', namespace: NS },
      spec: { source: { persistentVolumeClaimName: 'orig' } },
    });
    const ready = await eventually(async () => {
      const s = await dr3.client.get(VolumeSnapshotKind, { namespace: NS, name: 'snap' });
      return s.status?.readyToUse === true ? s : undefined;
    }, WAIT);
    expect(ready.status?.restoreSize).toBe('2Gi');
    expect(ready.status?.creationTime).toMatch(/Z$/);
    expect(ready.status?.boundVolumeSnapshotContentName).toBeUndefined();
    expect(ready.metadata.finalizers).toContain(
      'snapshot.storage.kubernetes.io/volumesnapshot-bound-protection',
    );
    // Writes after the snapshot do not reach it.
    await writeFile(join(dir, 'state'), 'after');
    await dr3.client.create(
      PersistentVolumeClaimKind,
      claim('copy', {
        resources: { requests: { storage: '2Gi' } },
        dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
      }),
    );
    // Bound means filled: the volume holds the snapshot's data as soon as the claim is Bound.
    expect(await readFile(join(await boundDirectory(dr3, 'copy'), 'state'), 'utf8')).toBe('before');

    // Deleting the snapshot (policy Delete) removes its data and releases it.
    const snapshotDir = snapshotDirectory(dr3.stateDir, `ramen-snap-${created.metadata.uid}`);
    expect((await stat(snapshotDir)).isDirectory()).toBe(true);
    await dr3.client.delete(VolumeSnapshotKind, { namespace: NS, name: 'snap' });
    await eventually(async () => {
      try {
        await dr3.client.get(VolumeSnapshotKind, { namespace: NS, name: 'snap' });
        return undefined;
      } catch (error) {
        return isNotFound(error) ? true : undefined;
      }
    }, WAIT);
    await expect(stat(snapshotDir)).rejects.toThrow();
  }, 30_000);
});
