/**
 * The embedded storage in the full environment (every agent, time scale 60), as a user sees it: a mirrored claim
 * (VolumeReplication), a consistency group of two claims (VolumeGroupReplication), a snapshot and a VolSync
 * source/destination pair are set up on dr1/dr2, and
 * - `kubectl --context dr1 get vr,vgr,volumesnapshot,replicationsource -A` lists them with csi-addons' and VolSync's
 *   printer columns filled from the live status;
 * - with the whole dr1 cluster stopped, dr2's copy is promoted (force) and holds dr1's data up to the last sync; dr1
 *   comes back still primary, both sides report the split brain, nothing moves until dr1 is demoted with a resync.
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ReplicationDestinationKind,
  type ReplicationSource,
  ReplicationSourceKind,
  type VolumeGroupReplication,
  VolumeGroupReplicationKind,
  type VolumeReplication,
  VolumeReplicationKind,
  VolumeSnapshotKind,
} from '../../src/api/index.js';
import {
  type PersistentVolume,
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
  SecretKind,
} from '../../src/apiserver/builtins/index.js';
import { type Environment, startEnvironment } from '../../src/embedded/index.js';
import { volumeDirectory } from '../../src/embedded/volumes/index.js';
import { type ClusterClient, NamespaceResource } from '../../src/kube/index.js';
import { type EventuallyOptions, eventually } from '../../src/kube/testing/eventually.js';
import { findCondition } from '../../src/runtime/index.js';
import { envKubectl } from '../support/env-kubectl.js';
import { kubectlPath, kubectlSkipReason } from '../support/kubectl-harness.js';

const NS = 'app';
const CG_LABEL = 'ramendr.openshift.io/consistency-group';
const PSK = `volsyncramen:${'ab'.repeat(64)}`;

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How this file's waits poll (a whole environment runs on the machine, so not too often). */
const WAIT: EventuallyOptions = { timeoutMs: 30_000, intervalMs: 100 };

function claim(name: string, options: { storageClassName?: string; volumeName?: string; cg?: string } = {}) {
  const object: PersistentVolumeClaim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: NS,
      ...(options.cg !== undefined && { labels: { [CG_LABEL]: options.cg } }),
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      ...(options.storageClassName !== undefined && { storageClassName: options.storageClassName }),
      ...(options.volumeName !== undefined && { volumeName: options.volumeName }),
    },
  };
  return object;
}

async function boundVolume(client: ClusterClient, name: string): Promise<PersistentVolume> {
  const bound = await eventually(
    async () => {
      const current = await client.get(PersistentVolumeClaimKind, { namespace: NS, name });
      return current.status?.phase === 'Bound' ? current : undefined;
    },
    { ...WAIT, what: `claim ${name} bound` },
  );
  return client.get(PersistentVolumeKind, { name: bound.spec?.volumeName ?? '' });
}

/** What Ramen does on the peer: the same PV (same volume handle) and a claim bound to it. */
async function restoreOnPeer(peer: ClusterClient, volume: PersistentVolume, name: string, cg?: string) {
  await peer.create(PersistentVolumeKind, {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: volume.metadata.name ?? '' },
    spec: {
      ...volume.spec,
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: NS, name },
      persistentVolumeReclaimPolicy: 'Retain',
    },
  });
  await peer.create(
    PersistentVolumeClaimKind,
    claim(name, {
      storageClassName: 'ramen-block',
      volumeName: volume.metadata.name ?? '',
      ...(cg && { cg }),
    }),
  );
  await boundVolume(peer, name);
}

function replication(state: 'primary' | 'secondary'): VolumeReplication {
  return {
    apiVersion: 'replication.storage.openshift.io/v1alpha1',
    kind: 'VolumeReplication',
    metadata: { name: 'data', namespace: NS },
    spec: {
      volumeReplicationClass: 'ramen-rbd-vrc-1m',
      replicationState: state,
      dataSource: { apiGroup: '', kind: 'PersistentVolumeClaim', name: 'data' },
      autoResync: false,
    },
  };
}

function groupReplication(state: 'primary' | 'secondary'): VolumeGroupReplication {
  return {
    apiVersion: 'replication.storage.openshift.io/v1alpha1',
    kind: 'VolumeGroupReplication',
    metadata: { name: 'vgr-cg1', namespace: NS },
    spec: {
      volumeGroupReplicationClassName: 'ramen-rbd-vgrc-1m',
      volumeReplicationClassName: 'ramen-rbd-vrc-1m',
      replicationState: state,
      autoResync: false,
      source: { selector: { matchLabels: { [CG_LABEL]: 'cg1' } } },
    },
  };
}

/** The lines of one kind's table in `kubectl get a,b,c` output (kubectl prints one table per kind). */
function tableOf(output: string, resourcePrefix: string): string[] {
  const blocks = output.split(/\n\s*\n/);
  const block = blocks.find((candidate) => candidate.split('\n')[1]?.includes(`${resourcePrefix}/`));
  return block === undefined ? [] : block.split('\n').filter((line) => line.trim() !== '');
}

/** A table row as cells (kubectl pads columns with at least two spaces). */
function cells(line: string | undefined): string[] {
  return (line ?? '').trim().split(/\s{2,}/);
}

describe.sequential('embedded storage in the environment', () => {
  let stateDir: string;
  let env: Environment;
  let dr1: ClusterClient;
  let dr2: ClusterClient;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'ramen-storage-kubectl-'));
    env = await startEnvironment({ stateDir, timeScale: 60 });
    dr1 = env.client('dr1');
    dr2 = env.client('dr2');
    for (const client of [dr1, dr2]) {
      await client.create(NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
      await client.create(SecretKind, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'app-vs-secret', namespace: NS },
        stringData: { 'psk.txt': PSK },
      });
    }
    await setUpReplication();
  }, 120_000);

  afterAll(async () => {
    await env?.stop();
    await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  async function setUpReplication(): Promise<void> {
    await dr1.create(PersistentVolumeClaimKind, claim('data'));
    await dr1.create(PersistentVolumeClaimKind, claim('g1', { cg: 'cg1' }));
    await dr1.create(PersistentVolumeClaimKind, claim('g2', { cg: 'cg1' }));
    await dr1.create(PersistentVolumeClaimKind, claim('files', { storageClassName: 'ramen-file' }));
    await restoreOnPeer(dr2, await boundVolume(dr1, 'data'), 'data');
    await restoreOnPeer(dr2, await boundVolume(dr1, 'g1'), 'g1', 'cg1');
    await restoreOnPeer(dr2, await boundVolume(dr1, 'g2'), 'g2', 'cg1');
    await boundVolume(dr1, 'files');

    await dr2.create(VolumeReplicationKind, replication('secondary'));
    await dr1.create(VolumeReplicationKind, replication('primary'));
    await dr2.create(VolumeGroupReplicationKind, groupReplication('secondary'));
    await dr1.create(VolumeGroupReplicationKind, groupReplication('primary'));
    await dr1.create(VolumeSnapshotKind, {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'data-snap', namespace: NS },
      spec: {
        volumeSnapshotClassName: 'ramen-block-snapclass',
        source: { persistentVolumeClaimName: 'data' },
      },
    });
    await dr2.create(ReplicationDestinationKind, {
      apiVersion: 'volsync.backube/v1alpha1',
      kind: 'ReplicationDestination',
      metadata: { name: 'files', namespace: NS },
      spec: {
        rsyncTLS: {
          accessModes: ['ReadWriteOnce'],
          capacity: '1Gi',
          copyMethod: 'Snapshot',
          keySecret: 'app-vs-secret',
          storageClassName: 'ramen-file',
          volumeSnapshotClassName: 'ramen-file-snapclass',
        },
      },
    });
    const address = await eventually(
      async () => {
        const rd = await dr2.get(ReplicationDestinationKind, { namespace: NS, name: 'files' });
        return rd.status?.rsyncTLS?.address;
      },
      { ...WAIT, what: 'destination address' },
    );
    const source: ReplicationSource = {
      apiVersion: 'volsync.backube/v1alpha1',
      kind: 'ReplicationSource',
      metadata: { name: 'files', namespace: NS },
      spec: {
        sourcePVC: 'files',
        trigger: { schedule: '*/5 * * * *' },
        rsyncTLS: { address, keySecret: 'app-vs-secret', copyMethod: 'Snapshot' },
      },
    };
    await dr1.create(ReplicationSourceKind, source);
  }

  it.skipIf(!kubectlPath)(
    `kubectl lists VRs, VGRs, snapshots and replication sources with their printer columns${kubectlSkipReason}`,
    async () => {
      // Wait for each object's status to carry what the columns show.
      await eventually(
        async () => {
          const vr = await dr1.get(VolumeReplicationKind, { namespace: NS, name: 'data' });
          return vr.status?.state === 'Primary' && vr.status.lastSyncTime !== undefined ? vr : undefined;
        },
        { ...WAIT, what: 'VR primary with a sync' },
      );
      await eventually(
        async () => {
          const vgr = await dr1.get(VolumeGroupReplicationKind, { namespace: NS, name: 'vgr-cg1' });
          const completed = findCondition(vgr.status?.conditions, 'Completed');
          return vgr.status?.state === 'Primary' && completed?.status === 'True' && vgr.status.lastSyncTime
            ? vgr
            : undefined;
        },
        { ...WAIT, what: 'VGR primary with a sync' },
      );
      await eventually(
        async () => {
          const snapshot = await dr1.get(VolumeSnapshotKind, { namespace: NS, name: 'data-snap' });
          return snapshot.status?.readyToUse === true ? snapshot : undefined;
        },
        { ...WAIT, what: 'snapshot ready' },
      );
      const rs = await eventually(
        async () => {
          const current = await dr1.get(ReplicationSourceKind, { namespace: NS, name: 'files' });
          return current.status?.lastSyncTime !== undefined && current.status.nextSyncTime !== undefined
            ? current
            : undefined;
        },
        { ...WAIT, what: 'source synced' },
      );

      const kubectl = await envKubectl(env.kubeconfigPath);
      try {
        const output = await kubectl.ok([
          '--context',
          'dr1',
          'get',
          'vr,vgr,volumesnapshot,replicationsource',
          '-A',
        ]);

        if (process.env.SHOW_KUBECTL) process.stdout.write(`${output}\n`);
        const vrTable = tableOf(output, 'volumereplication.replication.storage.openshift.io');
        expect(cells(vrTable[0])).toEqual([
          'NAMESPACE',
          'NAME',
          'AGE',
          'VOLUMEREPLICATIONCLASS',
          'PVCNAME',
          'DESIREDSTATE',
          'CURRENTSTATE',
        ]);
        const vrRows = vrTable.slice(1).map(cells);
        // The claim's VR and the VR the group created for itself (its pvcName column shows the group).
        expect(vrRows).toContainEqual([
          NS,
          'volumereplication.replication.storage.openshift.io/data',
          expect.stringMatching(/^\d+s$/),
          'ramen-rbd-vrc-1m',
          'data',
          'primary',
          'Primary',
        ]);
        expect(vrRows).toContainEqual([
          NS,
          // csi-addons names a group's VR `vr-<VGR uid>`.
          expect.stringMatching(/^volumereplication\.replication\.storage\.openshift\.io\/vr-[0-9a-f-]{36}$/),
          expect.stringMatching(/^\d+s$/),
          'ramen-rbd-vrc-1m',
          'vgr-cg1',
          'primary',
          'Primary',
        ]);

        // csi-addons' VGR CRD has no printer columns: NAME and AGE.
        const vgrTable = tableOf(output, 'volumegroupreplication.replication.storage.openshift.io');
        expect(cells(vgrTable[0])).toEqual(['NAMESPACE', 'NAME', 'AGE']);
        expect(cells(vgrTable[1]).slice(0, 2)).toEqual([
          NS,
          'volumegroupreplication.replication.storage.openshift.io/vgr-cg1',
        ]);

        const snapshotTable = tableOf(output, 'volumesnapshot.snapshot.storage.k8s.io');
        expect(cells(snapshotTable[0])).toEqual([
          'NAMESPACE',
          'NAME',
          'READYTOUSE',
          'SOURCEPVC',
          'SOURCESNAPSHOTCONTENT',
          'RESTORESIZE',
          'SNAPSHOTCLASS',
          'SNAPSHOTCONTENT',
          'CREATIONTIME',
          'AGE',
        ]);
        // SOURCESNAPSHOTCONTENT is empty for a snapshot of a claim, so split on the header's column offsets.
        const header = snapshotTable[0] ?? '';
        const row = snapshotTable.find((line) => line.includes('/data-snap')) ?? '';
        const column = (name: string) => {
          const start = header.search(new RegExp(`(?<=^|\\s)${name}(?=\\s|$)`));
          const next = header.slice(start + name.length).search(/\S/);
          const end = next < 0 ? undefined : start + name.length + next;
          return row.slice(start, end).trim();
        };
        expect(column('READYTOUSE')).toBe('true');
        expect(column('SOURCEPVC')).toBe('data');
        expect(column('SOURCESNAPSHOTCONTENT')).toBe('');
        expect(column('RESTORESIZE')).toBe('1Gi');
        expect(column('SNAPSHOTCLASS')).toBe('ramen-block-snapclass');
        expect(column('SNAPSHOTCONTENT')).toMatch(/^snapcontent-/);
        expect(column('CREATIONTIME')).toMatch(/^\d+s$/);

        const rsTable = tableOf(output, 'replicationsource.volsync.backube');
        expect(cells(rsTable[0])).toEqual([
          'NAMESPACE',
          'NAME',
          'SOURCE',
          'LAST SYNC',
          'DURATION',
          'NEXT SYNC',
        ]);
        expect(cells(rsTable[1])).toEqual([
          NS,
          'replicationsource.volsync.backube/files',
          'files',
          rs.status?.lastSyncTime,
          expect.stringMatching(/^[\d.]+(ms|s)$/),
          expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        ]);
      } finally {
        await kubectl.dispose();
      }
    },
    90_000,
  );
  it('promotes dr2 with dr1 down, reports the split brain when dr1 returns, and resyncs dr1 only on request', async () => {
    const handle = (await boundVolume(dr1, 'data')).spec?.csi?.volumeHandle ?? '';
    const logOn = (cluster: string) => join(volumeDirectory(join(stateDir, cluster), handle), 'log.txt');
    const vrOn = (client: ClusterClient) =>
      client.get(VolumeReplicationKind, { namespace: NS, name: 'data' });
    const condition = (vr: VolumeReplication, type: string) => {
      const found = findCondition(vr.status?.conditions, type);
      if (found === undefined || found.observedGeneration !== vr.metadata.generation) return 'absent';
      return `${found.status}/${found.reason}`;
    };
    await appendFile(logOn('dr1'), 'before-the-outage\n');
    const synced = await eventually(
      async () =>
        (await readText(logOn('dr2'))).includes('before-the-outage') ? readText(logOn('dr2')) : undefined,
      { ...WAIT, what: 'the line reaches dr2' },
    );

    await env.stopCluster('dr1');
    await dr2.patch(
      VolumeReplicationKind,
      { namespace: NS, name: 'data' },
      { type: 'merge', patch: { spec: { replicationState: 'primary' } } },
    );
    const promoted = await eventually(
      async () => {
        const vr = await vrOn(dr2);
        return condition(vr, 'Completed') === 'True/Promoted' ? vr : undefined;
      },
      { ...WAIT, what: 'dr2 promoted' },
    );
    expect(promoted.status?.state).toBe('Primary');
    expect(condition(promoted, 'Replicating')).toBe('False/NotReplicating');
    expect((await readText(logOn('dr2'))).startsWith(synced)).toBe(true);
    await appendFile(logOn('dr2'), 'written-on-dr2-after-failover\n');

    // dr1 returns with its VR still primary: a split brain, reported on both sides, no data moves either way.
    await env.startCluster('dr1');
    await appendFile(logOn('dr1'), 'written-on-dr1-after-it-returned\n');
    for (const [cluster, client] of [
      ['dr1', dr1],
      ['dr2', dr2],
    ] as const) {
      const vr = await eventually(
        async () => {
          const current = await vrOn(client);
          return condition(current, 'Degraded') === 'True/VolumeDegraded' ? current : undefined;
        },
        { ...WAIT, what: `split brain on ${cluster}` },
      );
      expect(vr.status?.message).toContain('split-brain');
    }
    await sleep(2_000);
    expect(await readText(logOn('dr1'))).toContain('written-on-dr1-after-it-returned');
    expect(await readText(logOn('dr2'))).not.toContain('written-on-dr1-after-it-returned');
    expect(await readText(logOn('dr1'))).not.toContain('written-on-dr2-after-failover');

    // Demoting dr1 with autoResync discards its diverged copy and takes dr2's.
    await dr1.patch(
      VolumeReplicationKind,
      { namespace: NS, name: 'data' },
      { type: 'merge', patch: { spec: { replicationState: 'secondary', autoResync: true } } },
    );
    await eventually(
      async () => {
        const vr = await vrOn(dr1);
        return vr.status?.state === 'Secondary' && condition(vr, 'Degraded') === 'False/Healthy'
          ? vr
          : undefined;
      },
      { ...WAIT, what: 'dr1 resynced' },
    );
    const resynced = await readText(logOn('dr1'));
    expect(resynced).toContain('written-on-dr2-after-failover');
    expect(resynced).not.toContain('written-on-dr1-after-it-returned');
  }, 90_000);
});
