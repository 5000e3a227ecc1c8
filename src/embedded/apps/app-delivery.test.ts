import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChannelKind,
  type KindDefinition,
  type ManifestWork,
  ManifestWorkKind,
  ManifestWorkReplicaSetKind,
  PLACEMENT_LABEL,
  PlacementDecisionKind,
  PlacementKind,
  PlacementRuleKind,
  SubscriptionKind,
} from '../../api/index.js';
import { type ClusterClient, isNotFound, type KubeObject, NamespaceResource } from '../../kube/index.js';
import { installCrd, startTestApiServer, type TestApiServer } from '../../kube/testing/api-server-env.js';
import { type EventuallyOptions, eventually } from '../../kube/testing/eventually.js';
import { silentLogger } from '../../runtime/index.js';
import type { Agent, AgentContext, AgentFactory } from '../agent.js';
import {
  appDeliveryAgentFactories,
  createSubscriptionAgentFactory,
  GIT_COMMIT_ANNOTATION,
  HOSTING_SUBSCRIPTION_KEY,
  MANIFEST_WORK_REPLICA_SET_LABEL,
  manifestWorkReplicaSetAgentFactory,
  subscriptionAgentFactory,
  subscriptionWorkName,
} from './index.js';
import {
  busyboxKustomization,
  createTestGitRepository,
  type TestGitRepository,
} from './testing/git-repository.js';

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const kubectlPresent = hasKubectl();
const APP_NS = 'busybox-sample';
const CHANNEL_NS = 'ramen-samples';
const KINDS: KindDefinition[] = [
  PlacementKind,
  PlacementDecisionKind,
  PlacementRuleKind,
  ChannelKind,
  SubscriptionKind,
  ManifestWorkKind,
  ManifestWorkReplicaSetKind,
];

let hubEnv: TestApiServer;
let hub: ClusterClient;
let stateDir: string;
let repo: TestGitRepository;
const agents = new Map<string, Agent>();

function context(): AgentContext {
  return {
    clusterName: 'hub',
    cluster: hub,
    hub,
    managedClusters: ['dr1', 'dr2'],
    stateDir,
    timeScale: 50,
    logger: silentLogger(),
  };
}

async function startAgent(factory: AgentFactory): Promise<void> {
  const agent = factory.create(context());
  await agent.start();
  agents.set(factory.name, agent);
}

async function stopAgent(name: string): Promise<void> {
  await agents.get(name)?.stop();
  agents.delete(name);
}

/** How long this file's waits poll. */
const WAIT: EventuallyOptions = { timeoutMs: 20_000 };

async function work(namespace: string, name: string): Promise<ManifestWork | undefined> {
  try {
    return await hub.get(ManifestWorkKind, { namespace, name });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function gone(namespace: string, name: string): Promise<boolean> {
  return (await work(namespace, name)) === undefined;
}

function manifestsOf(mw: ManifestWork): KubeObject[] {
  return (mw.spec?.workload?.manifests ?? []) as unknown as KubeObject[];
}

async function createPlacement(name: string, cluster: string): Promise<void> {
  await hub.create(PlacementKind, {
    apiVersion: PlacementKind.apiVersion,
    kind: PlacementKind.kind,
    metadata: { namespace: APP_NS, name },
    spec: {},
  });
  await hub.create(PlacementDecisionKind, {
    apiVersion: PlacementDecisionKind.apiVersion,
    kind: PlacementDecisionKind.kind,
    metadata: { namespace: APP_NS, name: `${name}-decision-1`, labels: { [PLACEMENT_LABEL]: name } },
  });
  await decide(name, cluster);
}

async function decide(placement: string, cluster: string): Promise<void> {
  await hub.patch(
    PlacementDecisionKind,
    { namespace: APP_NS, name: `${placement}-decision-1` },
    { type: 'merge', patch: { status: { decisions: [{ clusterName: cluster, reason: '' }] } } },
    { subresource: 'status' },
  );
}

async function createChannel(name: string, pathname: string): Promise<void> {
  await hub.create(ChannelKind, {
    apiVersion: ChannelKind.apiVersion,
    kind: ChannelKind.kind,
    metadata: { namespace: CHANNEL_NS, name },
    spec: { type: 'Git', pathname },
  });
}

async function createSubscription(
  name: string,
  channel: string,
  path: string,
  placementRef: { kind: string; name: string },
): Promise<void> {
  await hub.create(SubscriptionKind, {
    apiVersion: SubscriptionKind.apiVersion,
    kind: SubscriptionKind.kind,
    metadata: {
      namespace: APP_NS,
      name,
      annotations: {
        'apps.open-cluster-management.io/git-path': path,
        'apps.open-cluster-management.io/git-branch': 'main',
      },
    },
    spec: { channel: `${CHANNEL_NS}/${channel}`, placement: { placementRef } },
  });
}

async function subscriptionStatus(name: string) {
  const subscription = await hub.get(SubscriptionKind, { namespace: APP_NS, name });
  return { ...subscription.status, commit: subscription.metadata.annotations?.[GIT_COMMIT_ANNOTATION] };
}

beforeAll(async () => {
  hubEnv = await startTestApiServer({ name: 'hub' });
  hub = hubEnv.client({ name: 'hub' });
  stateDir = await mkdtemp(join(tmpdir(), 'ramen-apps-state-'));
  repo = await createTestGitRepository();
  for (const kind of KINDS) await installCrd(hub, kind);
  for (const name of ['dr1', 'dr2', APP_NS, CHANNEL_NS]) {
    await hub.create(NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  for (const factory of appDeliveryAgentFactories) await startAgent(factory);
}, 60_000);

afterAll(async () => {
  for (const name of [...agents.keys()]) await stopAgent(name);
  hub?.close();
  await hubEnv?.dispose();
  await repo?.dispose();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('appDeliveryAgentFactories', () => {
  it('lists the two hub agents', () => {
    expect(appDeliveryAgentFactories.map((f) => [f.name, f.placement])).toEqual([
      [manifestWorkReplicaSetAgentFactory.name, 'hub'],
      [subscriptionAgentFactory.name, 'hub'],
    ]);
  });
});

describe('ManifestWorkReplicaSet controller', () => {
  const configMap = (value: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: APP_NS },
    data: { value },
  });

  it('keeps one ManifestWork on the decided cluster and follows the decision', async () => {
    await createPlacement('mwrs-placement', 'dr1');
    await hub.create(ManifestWorkReplicaSetKind, {
      apiVersion: ManifestWorkReplicaSetKind.apiVersion,
      kind: ManifestWorkReplicaSetKind.kind,
      metadata: { namespace: APP_NS, name: 'settings' },
      spec: {
        manifestWorkTemplate: { workload: { manifests: [configMap('one')] } },
        placementRefs: [{ name: 'mwrs-placement' }],
      },
    });
    const first = await eventually(() => work('dr1', 'settings'), { ...WAIT, what: 'the work on dr1' });
    expect(first.metadata.labels?.[MANIFEST_WORK_REPLICA_SET_LABEL]).toBe(`${APP_NS}.settings`);
    expect(manifestsOf(first)).toEqual([configMap('one')]);
    const status = await eventually(
      async () => {
        const set = await hub.get(ManifestWorkReplicaSetKind, { namespace: APP_NS, name: 'settings' });
        return set.status?.summary?.total === 1 ? set.status : undefined;
      },
      { ...WAIT, what: 'the set status' },
    );
    expect(status.conditions?.find((c) => c.type === 'PlacementVerified')).toMatchObject({
      status: 'True',
      reason: 'AsExpected',
    });
    expect(status.conditions?.find((c) => c.type === 'ManifestworkApplied')?.status).toBe('False');

    await decide('mwrs-placement', 'dr2');
    await eventually(() => work('dr2', 'settings'), { ...WAIT, what: 'the work on dr2' });
    await eventually(() => gone('dr1', 'settings'), { ...WAIT, what: 'the work on dr1 to go' });

    await hub.patch(
      ManifestWorkReplicaSetKind,
      { namespace: APP_NS, name: 'settings' },
      {
        type: 'merge',
        patch: { spec: { manifestWorkTemplate: { workload: { manifests: [configMap('two')] } } } },
      },
    );
    await eventually(
      async () => {
        const updated = await work('dr2', 'settings');
        return (
          (manifestsOf(updated as ManifestWork)[0] as { data?: { value?: string } }).data?.value === 'two'
        );
      },
      { ...WAIT, what: 'the updated template' },
    );

    await hub.delete(ManifestWorkReplicaSetKind, { namespace: APP_NS, name: 'settings' });
    await eventually(() => gone('dr2', 'settings'), { ...WAIT, what: 'the work to go with its set' });
  });

  it('reports a missing placement', async () => {
    await hub.create(ManifestWorkReplicaSetKind, {
      apiVersion: ManifestWorkReplicaSetKind.apiVersion,
      kind: ManifestWorkReplicaSetKind.kind,
      metadata: { namespace: APP_NS, name: 'orphan' },
      spec: { manifestWorkTemplate: {}, placementRefs: [{ name: 'no-such-placement' }] },
    });
    const condition = await eventually(
      async () => {
        const set = await hub.get(ManifestWorkReplicaSetKind, { namespace: APP_NS, name: 'orphan' });
        return set.status?.conditions?.find((c) => c.type === 'PlacementVerified');
      },
      { ...WAIT, what: 'the PlacementVerified condition' },
    );
    expect(condition).toMatchObject({ status: 'False', reason: 'PlacementDecisionNotFound' });
  });
});

describe('Subscription controller', () => {
  it.skipIf(!kubectlPresent)(
    'delivers a kustomized git folder to the decided cluster, follows the decision and new commits',
    async () => {
      const firstCommit = await repo.commit(busyboxKustomization());
      await createChannel('samples', pathToFileURL(repo.path).href);
      await createPlacement('busybox-placement', 'dr1');
      await createSubscription('busybox-sub', 'samples', 'workloads/busybox', {
        kind: 'Placement',
        name: 'busybox-placement',
      });
      const name = subscriptionWorkName(APP_NS, 'busybox-sub');
      const first = await eventually(() => work('dr1', name), { ...WAIT, what: 'the work on dr1' });
      expect(first.metadata.labels?.[HOSTING_SUBSCRIPTION_KEY]).toBe(`${APP_NS}.busybox-sub`);
      const manifests = manifestsOf(first);
      expect(manifests.map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`).sort()).toEqual([
        `Deployment/${APP_NS}/e2e-busybox`,
        `PersistentVolumeClaim/${APP_NS}/e2e-busybox-pvc`,
      ]);
      expect(manifests.every((m) => m.metadata.labels?.appname === 'busybox')).toBe(true);
      expect(manifests[0]?.metadata.annotations?.[HOSTING_SUBSCRIPTION_KEY]).toBe(`${APP_NS}/busybox-sub`);
      const status = await eventually(
        async () => {
          const s = await subscriptionStatus('busybox-sub');
          return s.phase === 'Propagated' && s.commit === firstCommit ? s : undefined;
        },
        { ...WAIT, what: 'the Propagated status' },
      );
      expect(status.message).toContain('dr1');

      await decide('busybox-placement', 'dr2');
      await eventually(() => work('dr2', name), { ...WAIT, what: 'the work on dr2' });
      await eventually(() => gone('dr1', name), { ...WAIT, what: 'the work on dr1 to go' });

      const secondCommit = await repo.commit(busyboxKustomization({ image: 'quay.io/nirsof/busybox:v2' }));
      const updated = await eventually(
        async () => {
          const mw = await work('dr2', name);
          return mw && JSON.stringify(mw.spec).includes('busybox:v2') ? mw : undefined;
        },
        { ...WAIT, what: 'the work to follow the new commit' },
      );
      expect(manifestsOf(updated)).toHaveLength(2);
      await eventually(async () => (await subscriptionStatus('busybox-sub')).commit === secondCommit, {
        ...WAIT,
        what: 'the deployed commit annotation',
      });

      await hub.delete(SubscriptionKind, { namespace: APP_NS, name: 'busybox-sub' });
      await eventually(() => gone('dr2', name), { ...WAIT, what: 'the work to go with its Subscription' });
    },
  );

  it('delivers plain YAML through a PlacementRule and follows its status decisions', async () => {
    await repo.commit({ 'plain/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n' });
    await createChannel('plain', repo.path);
    await hub.create(PlacementRuleKind, {
      apiVersion: PlacementRuleKind.apiVersion,
      kind: PlacementRuleKind.kind,
      metadata: { namespace: APP_NS, name: 'plain-rule' },
      spec: { schedulerName: 'ramen' },
    });
    const setDecision = (cluster: string) =>
      hub.patch(
        PlacementRuleKind,
        { namespace: APP_NS, name: 'plain-rule' },
        {
          type: 'merge',
          patch: { status: { decisions: [{ clusterName: cluster, clusterNamespace: cluster }] } },
        },
        { subresource: 'status' },
      );
    await setDecision('dr1');
    await createSubscription('plain-sub', 'plain', 'plain', { kind: 'PlacementRule', name: 'plain-rule' });
    const name = subscriptionWorkName(APP_NS, 'plain-sub');
    const first = await eventually(() => work('dr1', name), { ...WAIT, what: 'the work on dr1' });
    expect(manifestsOf(first).map((m) => [m.metadata.namespace, m.metadata.name])).toEqual([
      [APP_NS, 'plain'],
    ]);
    await setDecision('dr2');
    await eventually(() => work('dr2', name), { ...WAIT, what: 'the work on dr2' });
    await eventually(() => gone('dr1', name), { ...WAIT, what: 'the work on dr1 to go' });
  });

  it('refuses a network channel with a Failed status', async () => {
    await createChannel('remote', 'https://github.com/RamenDR/ocm-ramen-samples.git');
    await createSubscription('remote-sub', 'remote', 'busybox', {
      kind: 'PlacementRule',
      name: 'plain-rule',
    });
    const status = await eventually(
      async () => {
        const s = await subscriptionStatus('remote-sub');
        return s.phase === 'Failed' ? s : undefined;
      },
      { ...WAIT, what: 'the Failed status' },
    );
    expect(status.message).toMatch(/not a local git repository/);
    expect(await work('dr2', subscriptionWorkName(APP_NS, 'remote-sub'))).toBeUndefined();
  });

  it('says in the status when kubectl is missing for a kustomization', async () => {
    await stopAgent(subscriptionAgentFactory.name);
    try {
      await startAgent(createSubscriptionAgentFactory({ kubectl: join(stateDir, 'no-kubectl') }));
      await repo.commit(busyboxKustomization({ namePrefix: 'nokubectl-' }));
      await createSubscription('kustomize-sub', 'plain', 'workloads/busybox', {
        kind: 'PlacementRule',
        name: 'plain-rule',
      });
      const status = await eventually(
        async () => {
          const s = await subscriptionStatus('kustomize-sub');
          return s.phase === 'Failed' ? s : undefined;
        },
        { ...WAIT, what: 'the Failed status' },
      );
      expect(status.message).toMatch(/install kubectl/);
    } finally {
      await stopAgent(subscriptionAgentFactory.name);
      await startAgent(subscriptionAgentFactory);
    }
  });
});
