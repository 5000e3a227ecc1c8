/**
 * The well-known labels and annotations of OCM application delivery that the embedded delivery agents write and
 * read, so that ManifestWorks can be traced back to the object that asked for them (and removed when it goes).
 */

/** Label on a ManifestWork naming its ManifestWorkReplicaSet as `<namespace>.<name>` (as OCM writes it). */
export const MANIFEST_WORK_REPLICA_SET_LABEL = 'work.open-cluster-management.io/manifestworkreplicaset';

/** Label on a ManifestWork naming the Placement that put it on its cluster (as OCM writes it). */
export const MANIFEST_WORK_PLACEMENT_LABEL = 'work.open-cluster-management.io/placementname';

/**
 * Label on a ManifestWork naming the Subscription it delivers as `<namespace>.<name>`; the same key annotates every
 * delivered object with `<namespace>/<name>`, as OCM's subscription controller does.
 */
export const HOSTING_SUBSCRIPTION_KEY = 'apps.open-cluster-management.io/hosting-subscription';

/** Annotation on a Subscription: the git commit deployed last (OCM's name). */
export const GIT_COMMIT_ANNOTATION = 'apps.open-cluster-management.io/git-commit';

/** Annotations on a Subscription naming the folder to deploy (`git-` or the older `github-` spelling). */
export const GIT_PATH_ANNOTATIONS = [
  'apps.open-cluster-management.io/git-path',
  'apps.open-cluster-management.io/github-path',
] as const;

/** Annotations on a Subscription naming the branch to deploy (`git-` or the older `github-` spelling). */
export const GIT_BRANCH_ANNOTATIONS = [
  'apps.open-cluster-management.io/git-branch',
  'apps.open-cluster-management.io/github-branch',
] as const;

/** Annotation on a Subscription pinning a commit instead of following the branch head. */
export const GIT_DESIRED_COMMIT_ANNOTATION = 'apps.open-cluster-management.io/git-desired-commit';

/** Annotation on a ManifestWork with the hash of the spec this agent wrote (detects changes it must push). */
export const SPEC_HASH_ANNOTATION = 'apps.ramendr.openshift.io/spec-hash';

/** The `<namespace>.<name>` value OCM uses to name an owner in a label. */
export function ownerLabelValue(namespace: string, name: string): string {
  return `${namespace}.${name}`;
}
