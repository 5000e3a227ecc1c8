/**
 * What a Subscription asks for, read from it and its Channel: the git source (local repository, branch or pinned
 * commit, folder) and the placement that decides the clusters. Anything the embedded environment cannot serve is a
 * `SubscriptionSourceError` with a message fit for the Subscription's status.
 */
import type { Channel, Subscription } from '../../api/index.js';
import type { ObjectKey } from '../../kube/index.js';
import type { PlacementTarget } from './decided-clusters.js';
import { localRepositoryPath } from './git-source.js';
import { GIT_BRANCH_ANNOTATIONS, GIT_DESIRED_COMMIT_ANNOTATION, GIT_PATH_ANNOTATIONS } from './labels.js';

/** The Subscription cannot be served as it stands (bad channel reference, unsupported channel type, ...). */
export class SubscriptionSourceError extends Error {
  override readonly name = 'SubscriptionSourceError';
}

/** Where the files of a git Subscription come from. */
export interface GitSource {
  /** The local repository directory. */
  repository: string;
  /** A branch, tag or commit; the repository's HEAD when absent. */
  revision?: string;
  /** The folder within the repository ('' for its root). */
  path: string;
}

/** The channel types served by the embedded environment. */
const GIT_CHANNEL_TYPES: ReadonlySet<string> = new Set(['git', 'Git', 'github', 'GitHub']);

/** The Channel a Subscription names in `spec.channel` (`<namespace>/<name>`). */
export function channelKeyOf(subscription: Subscription): ObjectKey {
  const [namespace, name, ...rest] = subscription.spec.channel.split('/');
  if (!namespace || !name || rest.length > 0) {
    throw new SubscriptionSourceError(
      `spec.channel "${subscription.spec.channel}" is not of the form <namespace>/<name>`,
    );
  }
  return { namespace, name };
}

function firstAnnotation(subscription: Subscription, keys: readonly string[]): string | undefined {
  const annotations = subscription.metadata.annotations ?? {};
  for (const key of keys) {
    const value = annotations[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The git source of a Subscription on a git Channel; see the module comment. */
export function gitSourceOf(subscription: Subscription, channel: Channel): GitSource {
  if (!GIT_CHANNEL_TYPES.has(channel.spec.type)) {
    throw new SubscriptionSourceError(
      `channel type ${channel.spec.type} is not supported by the embedded environment (only Git with a local repository)`,
    );
  }
  let repository: string;
  try {
    repository = localRepositoryPath(channel.spec.pathname);
  } catch (error) {
    throw new SubscriptionSourceError((error as Error).message, { cause: error });
  }
  const revision =
    firstAnnotation(subscription, [GIT_DESIRED_COMMIT_ANNOTATION]) ??
    firstAnnotation(subscription, GIT_BRANCH_ANNOTATIONS);
  const path = (firstAnnotation(subscription, GIT_PATH_ANNOTATIONS) ?? '').replace(/^\/+|\/+$/g, '');
  return revision === undefined ? { repository, path } : { repository, revision, path };
}

/** The Placement or PlacementRule a Subscription's `spec.placement.placementRef` names (PlacementRule by default). */
export function placementTargetOf(subscription: Subscription): PlacementTarget {
  const ref = subscription.spec.placement?.placementRef;
  const namespace = subscription.metadata.namespace ?? '';
  if (!ref?.name) {
    throw new SubscriptionSourceError(
      'spec.placement.placementRef is required: the embedded environment places subscriptions only through a Placement or PlacementRule',
    );
  }
  if (ref.namespace && ref.namespace !== namespace) {
    throw new SubscriptionSourceError(`placementRef must be in the Subscription's namespace ${namespace}`);
  }
  const kind = ref.kind ?? 'PlacementRule';
  if (kind !== 'Placement' && kind !== 'PlacementRule') {
    throw new SubscriptionSourceError(`placementRef kind ${kind} is not Placement or PlacementRule`);
  }
  return { kind, namespace, name: ref.name };
}
