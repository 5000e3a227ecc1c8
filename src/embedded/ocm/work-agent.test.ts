import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MANIFEST_WORK_CLEANUP_FINALIZER,
  type ManifestWork,
  ManifestWorkKind,
  type ManifestWorkSpec,
} from '../../api/index.js';
import { type ConfigMap, ConfigMapResource, isNotFound, NamespaceResource } from '../../kube/index.js';
import { type EventuallyOptions, eventually } from '../../kube/testing/eventually.js';
import { findCondition } from '../../runtime/index.js';
import { type OcmTestEnv, startOcmTestEnv } from './ocm-test-env.js';
import { workAgentFactory } from './work-agent.js';

const CLUSTER = 'dr1';
let env: OcmTestEnv;
/** How long this file's waits poll. */
const WAIT: EventuallyOptions = { timeoutMs: 10_000 };

type Manifest = NonNullable<NonNullable<ManifestWorkSpec['workload']>['manifests']>[number];

function configMap(name: string, data: Record<string, string>): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data };
}

function work(name: string, spec: ManifestWorkSpec): ManifestWork {
  return {
    apiVersion: ManifestWorkKind.apiVersion,
    kind: ManifestWorkKind.kind,
    metadata: { name, namespace: CLUSTER },
    spec,
  };
}

const spoke = () => (env.managed.get(CLUSTER) as { client: OcmTestEnv['hub']['client'] }).client;

async function readConfigMap(name: string): Promise<ConfigMap | undefined> {
  try {
    return await spoke().get(ConfigMapResource, { namespace: 'default', name });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function workGone(name: string): Promise<true | undefined> {
  try {
    await env.hub.client.get(ManifestWorkKind, { namespace: CLUSTER, name });
    return undefined;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}

/** The work once its status reports the given generation as Applied and Available. */
async function appliedAt(name: string, generation: number): Promise<ManifestWork> {
  return eventually(
    async () => {
      const current = await env.hub.client.get(ManifestWorkKind, { namespace: CLUSTER, name });
      const applied = findCondition(current.status?.conditions, 'Applied');
      const available = findCondition(current.status?.conditions, 'Available');
      const ok =
        applied?.status === 'True' &&
        available?.status === 'True' &&
        applied.observedGeneration === generation &&
        available.observedGeneration === generation;
      return ok ? current : undefined;
    },
    { ...WAIT, what: `${name} applied at generation ${generation}` },
  );
}

beforeAll(async () => {
  env = await startOcmTestEnv([CLUSTER], 60);
  await env.hub.client.create(NamespaceResource, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: CLUSTER },
  });
  await env.start(workAgentFactory, CLUSTER);
});

afterAll(async () => {
  await env?.dispose();
});

describe('work agent', () => {
  it('creates, updates and deletes the objects of a ManifestWork and reports its status', async () => {
    const created = await env.hub.client.create(
      ManifestWorkKind,
      work('cms', {
        workload: { manifests: [configMap('a', { color: 'red' }), configMap('b', { size: '1' })] },
        manifestConfigs: [
          {
            resourceIdentifier: { group: '', resource: 'configmaps', namespace: 'default', name: 'a' },
            feedbackRules: [{ type: 'JSONPaths', jsonPaths: [{ name: 'color', path: '.data.color' }] }],
          },
        ],
      }),
    );
    const first = await appliedAt('cms', created.metadata.generation ?? 1);
    expect(first.metadata.finalizers).toContain(MANIFEST_WORK_CLEANUP_FINALIZER);
    expect((await readConfigMap('a'))?.data).toEqual({ color: 'red' });
    expect((await readConfigMap('b'))?.data).toEqual({ size: '1' });
    const manifests = first.status?.resourceStatus?.manifests ?? [];
    expect(manifests.map((m) => m.resourceMeta)).toEqual([
      {
        ordinal: 0,
        group: '',
        version: 'v1',
        kind: 'ConfigMap',
        resource: 'configmaps',
        name: 'a',
        namespace: 'default',
      },
      {
        ordinal: 1,
        group: '',
        version: 'v1',
        kind: 'ConfigMap',
        resource: 'configmaps',
        name: 'b',
        namespace: 'default',
      },
    ]);
    expect(manifests[0]?.statusFeedback?.values).toEqual([
      { name: 'color', fieldValue: { type: 'String', string: 'red' } },
    ]);
    expect(findCondition(manifests[0]?.conditions, 'StatusFeedbackSynced')?.status).toBe('True');

    // Update a, drop b: a changes, b goes, the status follows the new generation.
    const updated = await env.hub.client.update(ManifestWorkKind, {
      ...first,
      spec: { ...first.spec, workload: { manifests: [configMap('a', { color: 'blue' })] } },
    });
    expect(updated.metadata.generation).toBe((created.metadata.generation ?? 1) + 1);
    const second = await appliedAt('cms', updated.metadata.generation ?? 2);
    expect(second.status?.resourceStatus?.manifests).toHaveLength(1);
    expect((await readConfigMap('a'))?.data).toEqual({ color: 'blue' });
    await eventually(async () => ((await readConfigMap('b')) ? undefined : true), {
      ...WAIT,
      what: 'b deleted',
    });
    await eventually(
      async () => {
        const current = await env.hub.client.get(ManifestWorkKind, { namespace: CLUSTER, name: 'cms' });
        const value = current.status?.resourceStatus?.manifests?.[0]?.statusFeedback?.values?.[0];
        return value?.fieldValue.string === 'blue' ? true : undefined;
      },
      { ...WAIT, what: 'feedback blue' },
    );

    // An object deleted behind the agent's back comes back (the agent watches what it applied).
    await spoke().delete(ConfigMapResource, { namespace: 'default', name: 'a' });
    await eventually(() => readConfigMap('a'), { what: 'a re-applied', timeoutMs: 5_000 });

    // Deleting the work (Foreground by default) deletes its objects, then releases the work.
    await env.hub.client.delete(ManifestWorkKind, { namespace: CLUSTER, name: 'cms' });
    await eventually(() => workGone('cms'), { ...WAIT, what: 'cms gone' });
    expect(await readConfigMap('a')).toBeUndefined();
  });

  it('leaves the objects behind with Orphan and the named ones with SelectivelyOrphan', async () => {
    await env.hub.client.create(
      ManifestWorkKind,
      work('orphan', {
        workload: { manifests: [configMap('c', { keep: 'yes' })] },
        deleteOption: { propagationPolicy: 'Orphan' },
      }),
    );
    await env.hub.client.create(
      ManifestWorkKind,
      work('selective', {
        workload: { manifests: [configMap('d', { keep: 'yes' }), configMap('e', { keep: 'no' })] },
        deleteOption: {
          propagationPolicy: 'SelectivelyOrphan',
          selectivelyOrphans: {
            orphaningRules: [{ group: '', resource: 'configmaps', namespace: 'default', name: 'd' }],
          },
        },
      }),
    );
    await appliedAt('orphan', 1);
    await appliedAt('selective', 1);
    await env.hub.client.delete(ManifestWorkKind, { namespace: CLUSTER, name: 'orphan' });
    await env.hub.client.delete(ManifestWorkKind, { namespace: CLUSTER, name: 'selective' });
    await eventually(() => workGone('orphan'), { ...WAIT, what: 'orphan gone' });
    await eventually(() => workGone('selective'), { ...WAIT, what: 'selective gone' });
    expect((await readConfigMap('c'))?.data).toEqual({ keep: 'yes' });
    expect((await readConfigMap('d'))?.data).toEqual({ keep: 'yes' });
    expect(await readConfigMap('e')).toBeUndefined();
  });

  it('is quiet once a work is applied', async () => {
    await env.hub.client.create(
      ManifestWorkKind,
      work('quiet', { workload: { manifests: [configMap('q', { a: 'b' })] } }),
    );
    await appliedAt('quiet', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const writes: string[] = [];
    const unsubscribe = [env.hub.client, spoke()].map((client) =>
      client.observeRequests((record) => {
        if (record.method !== 'GET') writes.push(`${record.method} ${record.path}`);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    for (const stop of unsubscribe) stop();
    expect(writes).toEqual([]);
  });

  it('reports a manifest of a kind the cluster does not serve as not applied', async () => {
    await env.hub.client.create(
      ManifestWorkKind,
      work('unknown-kind', {
        workload: {
          manifests: [
            { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'default' } },
          ],
        },
      }),
    );
    const failed = await eventually(
      async () => {
        const current = await env.hub.client.get(ManifestWorkKind, {
          namespace: CLUSTER,
          name: 'unknown-kind',
        });
        const applied = findCondition(current.status?.conditions, 'Applied');
        return applied?.status === 'False' ? current : undefined;
      },
      { ...WAIT, what: 'Applied False' },
    );
    const manifest = failed.status?.resourceStatus?.manifests?.[0];
    expect(findCondition(manifest?.conditions, 'Applied')?.message).toMatch(/Gadget/);
    expect(findCondition(failed.status?.conditions, 'Available')?.status).toBe('False');
    await env.hub.client.delete(ManifestWorkKind, { namespace: CLUSTER, name: 'unknown-kind' });
    await eventually(() => workGone('unknown-kind'), { ...WAIT, what: 'unknown-kind gone' });
  });
});
