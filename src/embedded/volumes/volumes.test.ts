import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
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
import { type ClusterClient, isNotFound, NamespaceResource } from '../../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../../kube/testing/api-server-env.js';
import { silentLogger } from '../../runtime/index.js';
import type { Agent } from '../agent.js';
import { createVolumeAgentFactories, volumeAgentFactories } from './volume-agent.js';
import { volumeDirectory } from './volume-paths.js';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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
    });
    const pvName = `pvc-${created.metadata.uid}`;
    expect(bound.spec?.volumeName).toBe(pvName);
    expect(bound.spec?.storageClassName).toBe('ramen-block');
    expect(bound.status?.capacity?.storage).toBe('1Gi');
    expect(bound.status?.accessModes).toEqual(['ReadWriteOnce']);
    expect(bound.metadata.annotations?.['pv.kubernetes.io/bind-completed']).toBe('yes');
    const pv = await eventually(async () => {
      const v = await client.get(PersistentVolumeKind, { name: pvName });
      return v.status?.phase === 'Bound' ? v : undefined;
    });
    expect(pv.spec?.claimRef?.uid).toBe(created.metadata.uid);
    expect(pv.spec?.csi?.driver).toBe('rbd.csi.ramen.local');
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv.spec?.storageClassName).toBe('ramen-block');
    const dir = volumeDirectory(stateDir, pv.spec?.csi?.volumeHandle ?? '');
    expect((await stat(dir)).isDirectory()).toBe(true);

    await client.delete(PersistentVolumeClaimKind, { namespace: 'app', name: 'data' });
    await eventually(async () =>
      (await gone(() => client.get(PersistentVolumeKind, { name: pvName }))) ? true : undefined,
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
    });
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Retain');
    const dir = volumeDirectory(stateDir, pv.spec?.csi?.volumeHandle ?? '');
    await writeFile(join(dir, 'payload'), 'kept data');
    await client.delete(PersistentVolumeClaimKind, { namespace: 'app', name: 'kept' });
    const released = await eventually(async () => {
      const v = await client.get(PersistentVolumeKind, { name: pvName });
      return v.status?.phase === 'Released' ? v : undefined;
    });
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
    });
    const created = await client.create(
      PersistentVolumeClaimKind,
      claim('restored', { storageClassName: 'ramen-block', volumeName: 'restored-pv' }),
    );
    const bound = await eventually(async () => {
      const c = await client.get(PersistentVolumeClaimKind, { namespace: 'app', name: 'restored' });
      return c.status?.phase === 'Bound' ? c : undefined;
    });
    expect(bound.spec?.volumeName).toBe('restored-pv');
    expect(bound.status?.capacity?.storage).toBe('2Gi');
    const pv = await client.get(PersistentVolumeKind, { name: 'restored-pv' });
    expect(pv.status?.phase).toBe('Bound');
    expect(pv.spec?.claimRef?.uid).toBe(created.metadata.uid);
  });
});
