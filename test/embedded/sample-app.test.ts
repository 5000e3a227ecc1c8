/**
 * Acceptance: Ramen's sample application (RamenDR/ocm-ramen-samples' busybox: a Deployment writing the date to a
 * file on a PVC) delivered through OCM on the embedded environment, driven only with kubectl as a user would: a git
 * Channel, a Subscription and a Placement on the hub put the app on the decided cluster, where a real process
 * writes to a real volume directory; moving the PlacementDecision moves the app.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestGitRepository,
  type TestGitRepository,
} from '../../src/embedded/apps/testing/git-repository.js';
import type { Environment } from '../../src/embedded/index.js';
import { startEnvironment } from '../../src/embedded/index.js';
import { persistentVolumeDirectory } from '../../src/embedded/volumes/index.js';
import { type EventuallyOptions, eventually } from '../../src/kube/testing/eventually.js';
import { type EnvKubectl, envKubectl } from '../support/env-kubectl.js';
import { kubectlPath, kubectlSkipReason } from '../support/kubectl-harness.js';

const APP_NS = 'busybox-sample';
const CHANNEL_NS = 'ramen-samples';
const TIMEOUT_MS = 60_000;
/** A test waits for at most a few conditions in a row. */
const TEST_TIMEOUT_MS = 3 * TIMEOUT_MS;

/** The busybox sample as a kustomize folder: a Deployment appending the date to a file on its PVC every second. */
const SAMPLE_APP: Record<string, string> = {
  'busybox/kustomization.yaml': 'resources:\n  - pvc.yaml\n  - deployment.yaml\n',
  'busybox/pvc.yaml': `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: busybox-pvc
  labels:
    appname: busybox
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ramen-block
  resources:
    requests:
      storage: 1Gi
`,
  'busybox/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: busybox
  labels:
    appname: busybox
spec:
  replicas: 1
  selector:
    matchLabels:
      appname: busybox
  template:
    metadata:
      labels:
        appname: busybox
    spec:
      containers:
        - name: busybox
          image: quay.io/nirsof/busybox:stable
          command: ['sh', '-c', 'while true; do date | tee -a /mnt/test/outfile; sleep 1; done']
          volumeMounts:
            - name: volume
              mountPath: /mnt/test
      volumes:
        - name: volume
          persistentVolumeClaim:
            claimName: busybox-pvc
`,
};

/** The hub side, as the samples' `subscription/` folder has it (the channel's pathname is the local repository). */
function hubManifests(repoPath: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${CHANNEL_NS}
---
apiVersion: v1
kind: Namespace
metadata:
  name: ${APP_NS}
---
apiVersion: apps.open-cluster-management.io/v1
kind: Channel
metadata:
  name: ramen-gitops
  namespace: ${CHANNEL_NS}
spec:
  type: Git
  pathname: ${repoPath}
---
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: Placement
metadata:
  name: busybox-placement
  namespace: ${APP_NS}
spec:
  clusterSets: [default]
  numberOfClusters: 1
  predicates:
    - requiredClusterSelector:
        labelSelector:
          matchExpressions:
            - key: name
              operator: In
              values: [dr1]
---
apiVersion: apps.open-cluster-management.io/v1
kind: Subscription
metadata:
  name: busybox-sub
  namespace: ${APP_NS}
  annotations:
    apps.open-cluster-management.io/git-path: busybox
    apps.open-cluster-management.io/git-branch: main
  labels:
    app: busybox-sample
spec:
  channel: ${CHANNEL_NS}/ramen-gitops
  placement:
    placementRef:
      kind: Placement
      name: busybox-placement
`;
}

/** How this file's waits poll (its probes run kubectl, so not too often). */
const WAIT: EventuallyOptions = { timeoutMs: TIMEOUT_MS, intervalMs: 200 };

interface Listed {
  items: Array<{
    kind: string;
    metadata: { name: string; namespace?: string };
    spec?: Record<string, unknown>;
    status?: Record<string, unknown>;
  }>;
}

describe
  .skipIf(!kubectlPath)
  .sequential(`the sample application on the embedded environment${kubectlSkipReason}`, () => {
    let env: Environment;
    let repo: TestGitRepository;
    let kubectl: EnvKubectl;
    /** The first test delivered the app; the later ones build on it. */
    let delivered = false;

    const getJson = async (context: string, args: readonly string[]): Promise<Listed> =>
      JSON.parse(await kubectl.ok(['--context', context, 'get', ...args, '-o', 'json'])) as Listed;

    const runningPod = (context: string) =>
      eventually(
        async () => {
          const pods = await getJson(context, ['pods', '-n', APP_NS]);
          return pods.items.find((pod) => pod.status?.phase === 'Running');
        },
        { ...WAIT, what: `a running busybox pod on ${context}` },
      );

    /** The outfile in the volume directory of the app's PV on `context`. */
    const outfileOf = async (context: string): Promise<string> => {
      const pvc = await eventually(
        async () => {
          const claims = await getJson(context, ['pvc', '-n', APP_NS]);
          return claims.items.find((claim) => claim.status?.phase === 'Bound');
        },
        { ...WAIT, what: `a bound PVC on ${context}` },
      );
      const pv = JSON.parse(
        await kubectl.ok(['--context', context, 'get', 'pv', String(pvc.spec?.volumeName), '-o', 'json']),
      );
      const directory = persistentVolumeDirectory(`${env.stateDir}/${context}`, pv);
      if (directory === undefined) throw new Error('the PV is not the embedded driver’s');
      return `${directory}/outfile`;
    };

    /** Waits for the app's ManifestWork in `cluster` to be Applied; on timeout fails with what the work agent said. */
    const appliedOrExplain = async (cluster: string) => {
      let said = '';
      try {
        await eventually(
          async () => {
            // The app's work and the work creating its namespace (orphaned on delete, as OCM leaves namespaces).
            const works = await getJson('hub', ['manifestwork', '-n', cluster]);
            const pending = works.items.filter((work) => {
              const conditions = (work.status?.conditions ?? []) as Array<Record<string, string>>;
              return conditions.find((c) => c.type === 'Applied')?.status !== 'True';
            });
            said = pending
              .map((work) => JSON.stringify(work.status?.resourceStatus ?? work.status ?? {}))
              .join('; ');
            return works.items.length > 0 && pending.length === 0;
          },
          { ...WAIT, what: `the ManifestWork on ${cluster} to be Applied` },
        );
      } catch (error) {
        throw new Error(`the app's ManifestWork on ${cluster} was not applied: ${said}`, { cause: error });
      }
    };

    const lineCount = async (file: string) =>
      (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

    beforeAll(async () => {
      env = await startEnvironment({ timeScale: 60 });
      kubectl = await envKubectl(env.kubeconfigPath);
      repo = await createTestGitRepository();
      await repo.commit(SAMPLE_APP, 'busybox sample');
      await eventually(
        async () => {
          const clusters = await getJson('hub', ['managedclusters']);
          const available = clusters.items.filter((cluster) =>
            (cluster.status?.conditions as Array<{ type: string; status: string }> | undefined)?.some(
              (c) => c.type === 'ManagedClusterConditionAvailable' && c.status === 'True',
            ),
          );
          return available.length === 2;
        },
        { ...WAIT, what: 'both managed clusters available' },
      );
    }, TIMEOUT_MS);

    afterAll(async () => {
      await env?.stop();
      await repo?.dispose();
      await kubectl?.dispose();
    });

    it(
      'kubectl apply of Channel, Placement and Subscription on the hub runs the app on dr1',
      async () => {
        await kubectl.ok(['--context', 'hub', 'apply', '-f', '-'], { stdin: hubManifests(repo.path) });
        const works = await eventually(
          async () => {
            const listed = await getJson('hub', ['manifestwork', '-A']);
            return listed.items.length > 0 ? listed : undefined;
          },
          { ...WAIT, what: 'a ManifestWork on the hub' },
        );
        expect([...new Set(works.items.map((work) => work.metadata.namespace))]).toEqual(['dr1']);
        await appliedOrExplain('dr1');
        expect(await kubectl.ok(['--context', 'hub', 'get', 'manifestwork', '-A'])).toContain('dr1');

        const pod = await runningPod('dr1');
        expect(pod.metadata.name).toMatch(/^busybox-/);
        const listing = await kubectl.ok(['--context', 'dr1', 'get', 'pv,pvc,pods', '-A']);
        expect(listing).toMatch(/persistentvolume\/\S+\s+1Gi/);
        expect(listing).toMatch(/persistentvolumeclaim\/busybox-pvc\s+Bound/);
        expect(listing).toMatch(/pod\/busybox-\S+\s+1\/1\s+Running/);
        expect((await getJson('dr2', ['pods', '-n', APP_NS]).catch(() => ({ items: [] }))).items).toEqual([]);
        delivered = true;
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'the app writes to its volume: the outfile gains lines and kubectl logs shows them',
      async (context) => {
        if (!delivered) context.skip('the app never ran on dr1 (see the first test)');
        const outfile = await outfileOf('dr1');
        const first = await eventually(async () => (await lineCount(outfile)) || undefined, {
          ...WAIT,
          what: 'lines in the outfile',
        });
        await eventually(async () => (await lineCount(outfile)) >= first + 2, {
          ...WAIT,
          what: 'the outfile to grow',
        });
        const logs = await eventually(
          async () => {
            const text = await kubectl.ok(['--context', 'dr1', 'logs', 'deploy/busybox', '-n', APP_NS]);
            return text.trim() ? text : undefined;
          },
          { ...WAIT, what: 'busybox logs' },
        );
        const lastLogged = logs.trim().split('\n').at(0) as string;
        expect(await readFile(outfile, 'utf8')).toContain(lastLogged);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'a ManagedClusterView on the hub shows the Deployment as dr1 has it',
      async (context) => {
        if (!delivered) context.skip('the app never ran on dr1 (see the first test)');
        await kubectl.ok(['--context', 'hub', 'apply', '-f', '-'], {
          stdin: `apiVersion: view.open-cluster-management.io/v1beta1
kind: ManagedClusterView
metadata:
  name: busybox-deployment
  namespace: dr1
spec:
  scope:
    apiGroup: apps
    kind: Deployment
    version: v1
    name: busybox
    namespace: ${APP_NS}
`,
        });
        const view = await eventually(
          async () => {
            const listed = await getJson('hub', ['managedclusterview', '-A']);
            const found = listed.items.find((item) => item.metadata.name === 'busybox-deployment');
            return (found?.status?.result as { status?: { readyReplicas?: number } } | undefined)?.status
              ?.readyReplicas === 1
              ? found
              : undefined;
          },
          { ...WAIT, what: 'the view of the Deployment' },
        );
        expect(view.metadata.namespace).toBe('dr1');
        expect(await kubectl.ok(['--context', 'hub', 'get', 'managedclusterview', '-A'])).toContain(
          'busybox-deployment',
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'moving the PlacementDecision to dr2 moves the app',
      async (context) => {
        if (!delivered) context.skip('the app never ran on dr1 (see the first test)');
        const oldOutfile = await outfileOf('dr1');
        // As Ramen does when it takes over an application: OCM scheduling off, then the decision is written directly.
        await kubectl.ok([
          '--context',
          'hub',
          'annotate',
          'placement',
          'busybox-placement',
          '-n',
          APP_NS,
          'cluster.open-cluster-management.io/experimental-scheduling-disable=true',
        ]);
        await kubectl.ok([
          '--context',
          'hub',
          'patch',
          'placementdecision',
          'busybox-placement-decision-1',
          '-n',
          APP_NS,
          '--subresource=status',
          '--type=merge',
          '-p',
          JSON.stringify({ status: { decisions: [{ clusterName: 'dr2', reason: 'moved by the test' }] } }),
        ]);
        await eventually(
          async () => {
            const works = await getJson('hub', ['manifestwork', '-A']);
            return works.items.length > 0 && works.items.every((work) => work.metadata.namespace === 'dr2');
          },
          { ...WAIT, what: 'the ManifestWork to move to dr2' },
        );
        await runningPod('dr2');
        const newOutfile = await outfileOf('dr2');
        const lines = await eventually(async () => (await lineCount(newOutfile)) || undefined, {
          ...WAIT,
          what: 'lines on dr2',
        });
        await eventually(async () => (await lineCount(newOutfile)) > lines, {
          ...WAIT,
          what: 'the dr2 outfile to grow',
        });
        await eventually(async () => (await getJson('dr1', ['pods', '-n', APP_NS])).items.length === 0, {
          ...WAIT,
          what: 'dr1 pods gone',
        });
        // Nothing writes on dr1 any more.
        const stale = await lineCount(oldOutfile);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await lineCount(oldOutfile)).toBe(stale);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'stopping dr2 takes its workload down with it; starting it again resumes the app on the same volume',
      async (context) => {
        if (!delivered) context.skip('the app never ran on dr1 (see the first test)');
        const outfile = await outfileOf('dr2');
        await env.stopCluster('dr2');
        const stopped = await lineCount(outfile);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await lineCount(outfile)).toBe(stopped);
        expect((await kubectl.run(['--context', 'dr2', 'get', 'pods', '-A'])).code).not.toBe(0);

        await env.startCluster('dr2');
        await runningPod('dr2');
        expect(await outfileOf('dr2')).toBe(outfile);
        await eventually(async () => (await lineCount(outfile)) > stopped, {
          ...WAIT,
          what: 'the dr2 outfile to grow again',
        });
      },
      TEST_TIMEOUT_MS,
    );
  });
