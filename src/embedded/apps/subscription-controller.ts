/**
 * The embedded Subscription controller: delivers an OCM git Subscription to the clusters its Placement (from the
 * PlacementDecisions) or PlacementRule (from `status.decisions`) decided. The application is read from the local
 * repository of the Subscription's Channel at the branch in its annotations, rendered (kustomize or plain YAML),
 * given the Subscription's namespace where it has none, and wrapped in one ManifestWork per decided cluster
 * (`<namespace>-<name>-subscription`, labelled with the Subscription); works of clusters no longer decided are
 * deleted, so the application follows the decision. The branch head is polled (15 s under the time scale) and
 * every Subscription, Channel or decision change looks again. The status says `Propagated` or `Failed` with a
 * message; the deployed commit is recorded in the `apps.open-cluster-management.io/git-commit` annotation.
 */
import { join } from 'node:path';
import {
  ChannelKind,
  ManifestWorkKind,
  type ManifestWorkSpec,
  PLACEMENT_LABEL,
  PlacementDecisionKind,
  PlacementKind,
  PlacementRuleKind,
  type Subscription,
  SubscriptionKind,
} from '../../api/index.js';
import type { KubeObject } from '../../kube/index.js';

/** One manifest of a ManifestWork workload. */
type ManifestWorkManifest = NonNullable<NonNullable<ManifestWorkSpec['workload']>['manifests']>[number];

import {
  annotationChanged,
  type ControllerOptions,
  conditionTime,
  enqueueRequestsFromMapFunc,
  generationChanged,
  labelChanged,
  type Manager,
  or,
  type Request,
  type Result,
} from '../../runtime/index.js';
import { type AgentFactory, scaled } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { ApplicationRenderer } from './application-renderer.js';
import { decidedClusters } from './decided-clusters.js';
import { GitCommandError } from './git-source.js';
import { GIT_COMMIT_ANNOTATION, HOSTING_SUBSCRIPTION_KEY, ownerLabelValue } from './labels.js';
import { type ManifestWorkSyncResult, syncManifestWorks } from './manifest-work-sync.js';
import { ownerRequestOf } from './owner-label.js';
import { KubectlUnavailableError, ManifestRenderError, withDefaultNamespace } from './render-manifests.js';
import {
  channelKeyOf,
  gitSourceOf,
  placementTargetOf,
  SubscriptionSourceError,
} from './subscription-source.js';

/** How often the branch head is polled at time scale 1. */
export const GIT_POLL_INTERVAL_MS = 15_000;

/** The phases this controller reports. */
export type SubscriptionPhase = 'Propagated' | 'Failed';

/** Options of the Subscription controller. */
export interface SubscriptionControllerOptions {
  /** Scratch space for exported trees. */
  scratchDir: string;
  /** Schedules run this many times faster. @default 1 */
  timeScale?: number;
  /** The kubectl executable used for kustomizations. @default 'kubectl' */
  kubectl?: string;
}

/** The name of the ManifestWork delivering a Subscription. */
export function subscriptionWorkName(namespace: string, name: string): string {
  return `${namespace}-${name}-subscription`;
}

/** Failures reported in the status and retried on the poll interval, not with backoff. */
function isSourceFailure(error: unknown): error is Error {
  return (
    error instanceof SubscriptionSourceError ||
    error instanceof GitCommandError ||
    error instanceof KubectlUnavailableError ||
    error instanceof ManifestRenderError
  );
}

function annotateHosting(objects: readonly KubeObject[], namespace: string, name: string): KubeObject[] {
  return objects.map((object) => ({
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...object.metadata.annotations, [HOSTING_SUBSCRIPTION_KEY]: `${namespace}/${name}` },
    },
  }));
}

function propagatedMessage(
  commit: string,
  clusters: readonly string[],
  result: ManifestWorkSyncResult,
): string {
  const where = clusters.length === 0 ? 'no cluster is decided' : `deployed to ${clusters.join(', ')}`;
  const pending =
    result.pending.length > 0 ? `; waiting for the old work on ${result.pending.join(', ')} to go` : '';
  return `commit ${commit.slice(0, 12)}: ${where}${pending}`;
}

/** Reconciles Subscriptions; see the module comment. */
class SubscriptionReconciler {
  readonly #manager: Manager;
  readonly #renderer: ApplicationRenderer;
  readonly #pollMs: number;

  constructor(manager: Manager, options: SubscriptionControllerOptions) {
    this.#manager = manager;
    this.#renderer = new ApplicationRenderer(
      options.scratchDir,
      options.kubectl === undefined ? {} : { kubectl: options.kubectl },
    );
    this.#pollMs = scaled(GIT_POLL_INTERVAL_MS, options.timeScale ?? 1);
  }

  async reconcile(request: Request): Promise<Result> {
    const { cache, client } = this.#manager.cluster(request.cluster);
    const namespace = request.namespace ?? '';
    const ownerLabels = { [HOSTING_SUBSCRIPTION_KEY]: ownerLabelValue(namespace, request.name) };
    const subscription = await cache.get(SubscriptionKind, { namespace, name: request.name });
    if (!subscription || subscription.metadata.deletionTimestamp) {
      await syncManifestWorks(client, cache, ownerLabels, []);
      return {};
    }
    let plan: Awaited<ReturnType<SubscriptionReconciler['plan']>>;
    try {
      plan = await this.plan(subscription);
    } catch (error) {
      if (!isSourceFailure(error)) throw error;
      await this.#report(subscription, 'Failed', error.message);
      return { requeueAfter: this.#pollMs };
    }
    const manifests = annotateHosting(withDefaultNamespace(plan.objects, namespace), namespace, request.name);
    let result: ManifestWorkSyncResult;
    try {
      result = await syncManifestWorks(
        client,
        cache,
        ownerLabels,
        plan.clusters.flatMap((cluster) => [
          {
            cluster,
            name: subscriptionWorkName(namespace, request.name),
            spec: { workload: { manifests: manifests as ManifestWorkManifest[] } },
          },
          namespaceWork(cluster, namespace, request.name),
        ]),
      );
    } catch (error) {
      await this.#report(
        subscription,
        'Failed',
        `delivering the ManifestWorks failed: ${(error as Error).message}`,
      );
      throw error;
    }
    await this.#report(
      subscription,
      'Propagated',
      propagatedMessage(plan.commit, plan.clusters, result),
      plan.commit,
    );
    return { requeueAfter: this.#pollMs };
  }

  /** The commit, objects and clusters a Subscription asks for now. */
  async plan(
    subscription: Subscription,
  ): Promise<{ commit: string; objects: KubeObject[]; clusters: string[] }> {
    const cache = this.#manager.cluster().cache;
    const channelKey = channelKeyOf(subscription);
    const channel = await cache.get(ChannelKind, channelKey);
    if (!channel) {
      throw new SubscriptionSourceError(`Channel ${channelKey.namespace}/${channelKey.name} not found`);
    }
    const source = gitSourceOf(subscription, channel);
    const target = placementTargetOf(subscription);
    const decided = await decidedClusters(cache, target);
    if (!decided.found)
      throw new SubscriptionSourceError(`${target.kind} ${target.namespace}/${target.name} not found`);
    const { commit, objects } = await this.#renderer.render(source);
    return { commit, objects, clusters: decided.clusters };
  }

  async #report(
    subscription: Subscription,
    phase: SubscriptionPhase,
    message: string,
    commit?: string,
  ): Promise<void> {
    const { client } = this.#manager.cluster();
    const key = { namespace: subscription.metadata.namespace ?? '', name: subscription.metadata.name ?? '' };
    if (commit !== undefined && subscription.metadata.annotations?.[GIT_COMMIT_ANNOTATION] !== commit) {
      await client.patch(SubscriptionKind, key, {
        type: 'merge',
        patch: { metadata: { annotations: { [GIT_COMMIT_ANNOTATION]: commit } } },
      });
    }
    const status = subscription.status;
    if (status?.phase === phase && status.message === message) return;
    await client.patch(
      SubscriptionKind,
      key,
      {
        type: 'merge',
        patch: { status: { phase, message, reason: phase, lastUpdateTime: conditionTime() } },
      },
      { subresource: 'status' },
    );
  }
}

function subscriptionsWhere(
  manager: Manager,
  cluster: string,
  namespace: string | undefined,
  test: (subscription: Subscription) => boolean,
): Request[] {
  return manager
    .cluster(cluster)
    .cache.informerFor(SubscriptionKind)
    .list(namespace === undefined ? {} : { namespace })
    .filter(test)
    .map((s) => ({ cluster, namespace: s.metadata.namespace ?? '', name: s.metadata.name ?? '' }));
}

function placementRefIs(subscription: Subscription, kind: string, name: string): boolean {
  const ref = subscription.spec.placement?.placementRef;
  return ref?.name === name && (ref.kind ?? 'PlacementRule') === kind;
}

/** The controller options of the Subscription controller, reading through `manager`'s hub cache. */
export function subscriptionController(
  manager: Manager,
  options: SubscriptionControllerOptions,
): ControllerOptions {
  const reconciler = new SubscriptionReconciler(manager, options);
  const byPlacement = (
    kind: string,
    namespace: string | undefined,
    name: string | undefined,
    cluster: string,
  ) =>
    name ? subscriptionsWhere(manager, cluster, namespace ?? '', (s) => placementRefIs(s, kind, name)) : [];
  return {
    name: 'embedded-subscription',
    needLeaderElection: false,
    for: { resource: SubscriptionKind, predicates: [or(generationChanged, annotationChanged)] },
    watches: [
      {
        resource: ChannelKind,
        handler: enqueueRequestsFromMapFunc((channel, cluster) =>
          subscriptionsWhere(
            manager,
            cluster,
            undefined,
            (s) => s.spec.channel === `${channel.metadata.namespace}/${channel.metadata.name}`,
          ),
        ),
      },
      {
        resource: PlacementDecisionKind,
        handler: enqueueRequestsFromMapFunc((decision, cluster) =>
          byPlacement(
            'Placement',
            decision.metadata.namespace,
            decision.metadata.labels?.[PLACEMENT_LABEL],
            cluster,
          ),
        ),
      },
      {
        resource: PlacementKind,
        handler: enqueueRequestsFromMapFunc((placement, cluster) =>
          byPlacement('Placement', placement.metadata.namespace, placement.metadata.name, cluster),
        ),
      },
      {
        resource: PlacementRuleKind,
        handler: enqueueRequestsFromMapFunc((rule, cluster) =>
          byPlacement('PlacementRule', rule.metadata.namespace, rule.metadata.name, cluster),
        ),
      },
      {
        resource: ManifestWorkKind,
        predicates: [or(generationChanged, labelChanged)],
        handler: enqueueRequestsFromMapFunc((work, cluster) =>
          ownerRequestOf(work, HOSTING_SUBSCRIPTION_KEY, cluster),
        ),
      },
    ],
    reconciler: (request) => reconciler.reconcile(request),
  };
}

/** Builds the hub agent running the embedded Subscription controller (kubectl overridable, for tests). */
export function createSubscriptionAgentFactory(options: { kubectl?: string } = {}): AgentFactory {
  return {
    name: 'subscription-controller',
    placement: 'hub',
    create: (context) =>
      new ManagerAgent({
        name: 'subscription-controller',
        context,
        clusters: 'hub',
        tuning: { gracefulShutdownTimeoutMs: 10_000 },
        setup: (manager) => {
          manager.addController(
            subscriptionController(manager, {
              ...options,
              scratchDir: join(context.stateDir, 'app-delivery'),
              timeScale: context.timeScale,
            }),
          );
        },
      }),
  };
}

/** The hub agent running the embedded Subscription controller. */
export const subscriptionAgentFactory: AgentFactory = createSubscriptionAgentFactory();

/**
 * The work that creates the Subscription's namespace on a decided cluster, as OCM's subscription agent does. It is
 * orphaned on deletion: when the app moves away, the namespace stays (it may hold PVCs and a VRG that disaster
 * recovery still needs), exactly as on a real managed cluster.
 */
function namespaceWork(cluster: string, namespace: string, subscription: string) {
  return {
    cluster,
    name: `${subscriptionWorkName(namespace, subscription)}-namespace`,
    spec: {
      workload: {
        manifests: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        ] as ManifestWorkManifest[],
      },
      deleteOption: { propagationPolicy: 'Orphan' as const },
    },
  };
}
