import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PersistentVolume,
  type PersistentVolumeClaim,
  PersistentVolumeClaimKind,
  PersistentVolumeKind,
  StorageClassKind,
} from '../../apiserver/builtins/index.js';
import { type ClusterClient, EventResource, isNotFound, NamespaceResource } from '../../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../../kube/testing/api-server-env.js';
import { type EventuallyOptions, eventually } from '../../kube/testing/eventually.js';
import { silentLogger } from '../../runtime/index.js';
import type { Agent } from '../agent.js';
import { createVolumeAgentFactories, volumeAgentFactories } from './volume-agent.js';
import { volumeDirectory, volumeHandleFor } from './volume-paths.js';

/** How long this file's waits poll. */
const WAIT: EventuallyOptions = { timeoutMs: 10_000 };

function claim(
  name: string,
  extra: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {},
): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'app' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra },
  };
}

/** Polls for `durationMs` that the claim stays Pending without a volume or a volume directory. */
async function staysPending(
  client: ClusterClient,
  stateDir: string,
  created: PersistentVolumeClaim,
  durationMs: number,
): Promise<void> {
  const name = created.metadata.name ?? '';
  const volumeName = `pvc-${created.metadata.uid}`;
  const until = Date.now() + durationMs;
  while (Date.now() < until) {
    const current = await client.get(PersistentVolumeClaimKind, { namespace: 'app', name });
    expect(current.status?.phase).toBe('Pending');
    expect(current.spec?.volumeName).toBeUndefined();
    expect(await gone(() => client.get(PersistentVolumeKind, { name: volumeName }))).toBe(true);
    await expect(stat(volumeDirectory(stateDir, volumeHandleFor(volumeName)))).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The message of the claim's latest ProvisioningFailed event, once there is one. */
async function provisioningFailure(client: ClusterClient, name: string): Promise<string> {
  return eventually(async () => {
    const events = await client.list(EventResource, { namespace: 'app' });
    const event = events.items.find(
      (e) => e.involvedObject.name === name && e.reason === 'ProvisioningFailed' && e.type === 'Warning',
    );
    return event?.message;
  }, WAIT);
}

async function gone(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return false;
  } catch (error) {
    return isNotFound(error);
  }
}

describe('embedded CSI storage', () => {
  let env: TestApiServer;
  let client: ClusterClient;
  let stateDir: string;
  let agent: Agent;

  beforeAll(async () => {
    env = await startTestApiServer({ name: 'dr1' });
    client = env.client({ name: 'dr1' });
    stateDir = await mkdtemp(join(tmpdir(), 'ramen-volumes-test-'));
    const factory = volumeAgentFactories[0];
    if (factory === undefined) throw new Error('no factory');
    agent = factory.create({
      clusterName: 'dr1',
      cluster: client,
      hub: client,
      managedClusters: ['dr1'],
      stateDir,
      timeScale: 1,
      logger: silentLogger(),
    });
    await agent.start();
    await client.create(NamespaceResource, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'app' },
    });
  });

  afterAll(async () => {
    await agent?.stop();
    client?.close();
    await env?.dispose();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('creates the default storage class', async () => {
    const sc = await client.get(StorageClassKind, { name: 'ramen-block' });
    expect(sc.provisioner).toBe('rbd.csi.ramen.local');
    expect(sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(createVolumeAgentFactories().map((f) => f.placement)).toEqual(['managed']);
  });

  it('provisions and binds a claim without a class, and deletes the volume with a Delete policy', async () => {
    const created = await client.create(PersistentVolumeClaimKind, claim('data'));
    const bound = await eventually(async () => {
      const c = await client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'data' });
      return c.status?.phase === 'Bound' ? c : undefined;
    }, WAIT);
    const pvName = `pvc-${created.metadata.uid}`;
    expect(bound.spec?.volumeName).toBe(pvName);
    expect(bound.spec?.storageClassName).toBe('ramen-block');
    expect(bound.status?.capacity?.storage).toBe('1Gi');
    expect(bound.status?.accessModes).toEqual(['ReadWriteOnce']);
    expect(bound.metadata.annotations?.['pv.kubernetes.io/bind-completed']).toBe('yes');
    const pv = await eventually(async () => {
      const v = await client.get(PersistentVolumeKind, { name: pvName });
      return v.status?.phase === 'Bound' ? v : undefined;
    }, WAIT);
    expect(pv.spec?.claimRef?.uid).toBe(created.metadata.uid);
    expect(pv.spec?.csi?.driver).toBe('rbd.csi.ramen.local');
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv.spec?.storageClassName).toBe('ramen-block');
    const dir = volumeDirectory(stateDir, pv.spec?.csi?.volumeHandle ?? '');
    expect((await stat(dir)).isDirectory()).toBe(true);

    await client.delete(PersistentVolumeClaimKind, { namespace: 'app', name: 'data' });
    await eventually(
      async () => ((await gone(() => client.get(PersistentVolumeKind, { name: pvName }))) ? true : undefined),
      WAIT,
    );
    expect(await gone(() => client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'data' }))).toBe(
      true,
    );
    await expect(stat(dir)).rejects.toThrow();
  });

  it('releases a Retain volume and keeps its directory', async () => {
    await client.create(StorageClassKind, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'keep' },
      provisioner: 'rbd.csi.ramen.local',
      reclaimPolicy: 'Retain',
    });
    const created = await client.create(
      PersistentVolumeClaimKind,
      claim('kept', { storageClassName: 'keep' }),
    );
    const pvName = `pvc-${created.metadata.uid}`;
    const pv = await eventually(async () => {
      const v = await client.get(PersistentVolumeKind, { name: pvName });
      return v.status?.phase === 'Bound' ? v : undefined;
    }, WAIT);
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Retain');
    const dir = volumeDirectory(stateDir, pv.spec?.csi?.volumeHandle ?? '');
    await writeFile(join(dir, 'payload'), 'kept data');
    await client.delete(PersistentVolumeClaimKind, { namespace: 'app', name: 'kept' });
    const released = await eventually(async () => {
      const v = await client.get(PersistentVolumeKind, { name: pvName });
      return v.status?.phase === 'Released' ? v : undefined;
    }, WAIT);
    expect(released.spec?.claimRef?.name).toBe('kept');
    expect(await readdir(dir)).toEqual(['payload']);
  });

  it('binds a restored volume whose claimRef names the claim (static binding)', async () => {
    const handle = 'restored-handle';
    const volume: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'restored-pv' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '2Gi' },
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'app', name: 'restored' },
        csi: { driver: 'rbd.csi.ramen.local', volumeHandle: handle },
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'ramen-block',
      },
    };
    await client.create(PersistentVolumeKind, volume);
    await eventually(async () => {
      const v = await client.get(PersistentVolumeKind, { name: 'restored-pv' });
      return v.status?.phase === 'Available' ? v : undefined;
    }, WAIT);
    const created = await client.create(
      PersistentVolumeClaimKind,
      claim('restored', { storageClassName: 'ramen-block', volumeName: 'restored-pv' }),
    );
    const bound = await eventually(async () => {
      const c = await client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'restored' });
      return c.status?.phase === 'Bound' ? c : undefined;
    }, WAIT);
    expect(bound.spec?.volumeName).toBe('restored-pv');
    expect(bound.status?.capacity?.storage).toBe('2Gi');
    const pv = await client.get(PersistentVolumeKind, { name: 'restored-pv' });
    expect(pv.status?.phase).toBe('Bound');
    expect(pv.spec?.claimRef?.uid).toBe(created.metadata.uid);
  });

  it('clones a bound claim into a volume that holds its data when bound', async () => {
    await client.create(PersistentVolumeClaimKind, claim('clone-source'));
    const source = await eventually(async () => {
      const c = await client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'clone-source' });
      return c.status?.phase === 'Bound' ? c : undefined;
    }, WAIT);
    const sourceDir = volumeDirectory(stateDir, volumeHandleFor(source.spec?.volumeName ?? ''));
    await mkdir(join(sourceDir, 'sub'));
    await writeFile(join(sourceDir, 'sub', 'payload'), 'cloned data');

    const created = await client.create(
      PersistentVolumeClaimKind,
      claim('clone', { dataSource: { kind: 'PersistentVolumeClaim', name: 'clone-source' } }),
    );
    const bound = await eventually(async () => {
      const c = await client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'clone' });
      return c.status?.phase === 'Bound' ? c : undefined;
    }, WAIT);
    expect(bound.spec?.volumeName).toBe(`pvc-${created.metadata.uid}`);
    const cloneDir = volumeDirectory(stateDir, volumeHandleFor(bound.spec?.volumeName ?? ''));
    expect(await readFile(join(cloneDir, 'sub', 'payload'), 'utf8')).toBe('cloned data');
    // An independent copy: the source changing afterwards leaves the clone alone.
    await writeFile(join(sourceDir, 'sub', 'payload'), 'changed');
    expect(await readFile(join(cloneDir, 'sub', 'payload'), 'utf8')).toBe('cloned data');
  });

  it('leaves a claim Pending while its data source cannot be used', async () => {
    const orphan = await client.create(
      PersistentVolumeClaimKind,
      claim('orphan-clone', { dataSource: { kind: 'PersistentVolumeClaim', name: 'no-such-claim' } }),
    );
    expect(await provisioningFailure(client, 'orphan-clone')).toContain(
      'error getting handle for DataSource Type PersistentVolumeClaim by Name no-such-claim: source claim app/no-such-claim not found',
    );
    // This cluster serves no VolumeSnapshots: a claim restored from one can never be filled here.
    const restore = await client.create(
      PersistentVolumeClaimKind,
      claim('from-snapshot', {
        dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
      }),
    );
    expect(await provisioningFailure(client, 'from-snapshot')).toContain(
      'VolumeSnapshots are not served, cannot restore snap',
    );
    // A populator's kind is left to the populator.
    const populated = await client.create(
      PersistentVolumeClaimKind,
      claim('populated', {
        dataSourceRef: { apiGroup: 'populator.example.com', kind: 'Blob', name: 'blob' },
      }),
    );
    const assumed = await eventually(async () => {
      const events = await client.list(EventResource, { namespace: 'app' });
      return events.items.find((e) => e.involvedObject.name === 'populated' && e.reason === 'Provisioning');
    }, WAIT);
    expect(assumed.message).toBe('Assuming an external populator will provision the volume');
    // Nor does it take an unclaimed volume that happens to fit.
    await client.create(PersistentVolumeKind, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'spare-pv' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '5Gi' },
        csi: { driver: 'rbd.csi.ramen.local', volumeHandle: 'spare-handle' },
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'ramen-block',
      },
    });
    await eventually(async () => {
      const v = await client.get(PersistentVolumeKind, { name: 'spare-pv' });
      return v.status?.phase === 'Available' ? v : undefined;
    }, WAIT);
    await Promise.all([
      staysPending(client, stateDir, orphan, 2_500),
      staysPending(client, stateDir, restore, 2_500),
      staysPending(client, stateDir, populated, 2_500),
    ]);
    expect((await client.get(PersistentVolumeKind, { name: 'spare-pv' })).spec?.claimRef).toBeUndefined();
  });
});
