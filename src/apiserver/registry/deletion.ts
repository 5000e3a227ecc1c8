/**
 * DELETE (kube-api.md §14.1–14.2, apiserver `Store.Delete`): preconditions, the garbage collector's finalizers
 * for Orphan and Foreground propagation, graceful marking (deletionTimestamp, deletionGracePeriodSeconds 0, a
 * generation bump) while finalizers remain, and immediate removal otherwise. Kinds with their own deletion
 * lifecycle (namespaces, CRDs) plug in through `DeletionHook`s. The answer is the object while it waits for
 * finalizers, and after removal either the object or a `Status` of kind Success, as the kind's storage does.
 */
import { deepCopy, invalidError, notSupportedError } from '../../api/index.js';
import { ConflictError, type KubeObject, NotFoundError } from '../store/index.js';
import { formatTime } from '../wire/index.js';
import type { DeleteRequestOptions, PropagationPolicy, WriteResult } from './contract.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './object-metadata.js';
import type { ServedResource } from './served-resource.js';
import { invalidOptions } from './status-errors.js';
import { servedResourceKey, type WritePipeline } from './write-pipeline.js';

/** How often a deletion is re-run when the object changed between reading and writing it. */
const CONFLICT_RETRIES = 16;

/** A kind's own deletion rules. */
export interface DeletionHook {
  /** Refuses a deletion before anything happens (an immortal namespace answers 403). */
  admitDelete?(served: ServedResource, object: KubeObject): void;
  /**
   * The first DELETE of an object of this kind, when the hook handles it: the stored object marked for deletion
   * its own way (namespace phase Terminating, CRD cleanup finalizer). Undefined lets the generic rules apply.
   */
  markForDeletion?(
    served: ServedResource,
    stored: KubeObject,
    options: DeleteRequestOptions,
    now: Date,
  ): KubeObject | undefined;
  /** Whether a DELETE of an object already being deleted must leave it untouched (a namespace still finalizing). */
  keepWhileDeleting?(served: ServedResource, stored: KubeObject): boolean;
}

/** The propagation a DELETE asks for, from `propagationPolicy` or the deprecated `orphanDependents`. */
export function requestedPropagation(options: DeleteRequestOptions): PropagationPolicy | undefined {
  const { propagationPolicy, orphanDependents } = options;
  if (
    propagationPolicy !== undefined &&
    !['Foreground', 'Background', 'Orphan'].includes(propagationPolicy)
  ) {
    throw invalidOptions('DeleteOptions', [
      notSupportedError('propagationPolicy', propagationPolicy, ['Foreground', 'Background', 'Orphan']),
    ]);
  }
  if (propagationPolicy !== undefined && orphanDependents !== undefined) {
    throw invalidOptions('DeleteOptions', [
      invalidError(
        'propagationPolicy',
        propagationPolicy,
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    ]);
  }
  if (propagationPolicy !== undefined) return propagationPolicy;
  if (orphanDependents === true) return 'Orphan';
  if (orphanDependents === false) return 'Background';
  return undefined;
}

/**
 * `deletionFinalizersForGarbageCollection`: the object's finalizers with `orphan`/`foregroundDeletion` set as the
 * policy (or, without one, the finalizers already present) says; `changed` when the set differs.
 */
export function finalizersForPropagation(
  existing: readonly string[],
  policy: PropagationPolicy | undefined,
): { finalizers: string[]; changed: boolean } {
  const first = existing.find((f) => f === ORPHAN_FINALIZER || f === FOREGROUND_FINALIZER);
  const orphan = policy === undefined ? first === ORPHAN_FINALIZER : policy === 'Orphan';
  const foreground = policy === undefined ? first === FOREGROUND_FINALIZER : policy === 'Foreground';
  const finalizers = existing.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (orphan) finalizers.push(ORPHAN_FINALIZER);
  if (foreground) finalizers.push(FOREGROUND_FINALIZER);
  const before = new Set(existing);
  const changed = before.size !== new Set(finalizers).size || finalizers.some((f) => !before.has(f));
  return { finalizers, changed };
}

/** `markAsDeleting`: deletionTimestamp (kept if already set), no grace period, generation bumped the first time. */
export function markAsDeleting(object: KubeObject, now: Date): void {
  const metadata = object.metadata;
  if (metadata.deletionTimestamp === undefined && (metadata.generation ?? 0) > 0) {
    metadata.generation = (metadata.generation as number) + 1;
  }
  metadata.deletionTimestamp ??= formatTime(now);
  metadata.deletionGracePeriodSeconds = 0;
}

/** The `Status` a final delete answers with for kinds that do not return the deleted object. */
export function deletionStatus(served: ServedResource, object: KubeObject): KubeObject {
  const key = servedResourceKey(served);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: object.metadata.name ?? '',
      ...(key.group !== '' && { group: key.group }),
      kind: key.resource,
      ...(object.metadata.uid !== undefined && { uid: object.metadata.uid }),
    },
  };
}

/** Runs deletions. */
export class Deleter {
  readonly #pipeline: WritePipeline;
  readonly #hooks: readonly DeletionHook[];

  constructor(pipeline: WritePipeline, hooks: readonly DeletionHook[]) {
    this.#pipeline = pipeline;
    this.#hooks = hooks;
  }

  /** DELETE of one object. */
  async delete(
    served: ServedResource,
    namespace: string,
    name: string,
    options: DeleteRequestOptions,
  ): Promise<WriteResult> {
    const policy = requestedPropagation(options);
    const pinned = options.preconditions?.resourceVersion !== undefined;
    for (let tries = 1; ; tries++) {
      try {
        return await this.#pipeline.locked(served, namespace, name, () =>
          this.#deleteOnce(served, namespace, name, options, policy),
        );
      } catch (error) {
        const lostRace = error instanceof ConflictError && error.cause instanceof ConflictError;
        if (pinned || !lostRace || tries >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  /**
   * A controller's delete (garbage collector, namespace and CRD cleanup): an object already gone, or replaced by
   * another with the same name (uid precondition), is not an error.
   */
  async deleteIfPresent(
    served: ServedResource,
    namespace: string,
    name: string,
    options: DeleteRequestOptions,
  ): Promise<void> {
    try {
      await this.delete(served, namespace, name, options);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      if (error instanceof ConflictError && error.conflict === 'precondition') return;
      throw error;
    }
  }

  async #deleteOnce(
    served: ServedResource,
    namespace: string,
    name: string,
    options: DeleteRequestOptions,
    policy: PropagationPolicy | undefined,
  ): Promise<WriteResult> {
    const current = await this.#pipeline.read(served, namespace, name);
    const stored = current.stored;
    checkPreconditions(served, stored, options);
    for (const hook of this.#hooks) hook.admitDelete?.(served, stored);
    const now = this.#pipeline.now();
    const dryRun = options.dryRun === true;
    if (stored.metadata.deletionTimestamp === undefined) {
      for (const hook of this.#hooks) {
        const marked = hook.markForDeletion?.(served, deepCopy(stored), options, now);
        if (marked !== undefined) return this.#writeMarked(served, stored, marked, dryRun);
      }
    } else if (this.#hooks.some((hook) => hook.keepWhileDeleting?.(served, stored))) {
      return { object: current.presented, warnings: [] };
    }
    const { finalizers, changed } = finalizersForPropagation(stored.metadata.finalizers ?? [], policy);
    if (finalizers.length > 0) {
      if (stored.metadata.deletionTimestamp !== undefined && !changed)
        return { object: current.presented, warnings: [] };
      const marked = deepCopy(stored);
      marked.metadata.finalizers = finalizers;
      markAsDeleting(marked, now);
      return this.#writeMarked(served, stored, marked, dryRun);
    }
    if (dryRun) return this.#deletedAnswer(served, stored);
    const pinnedVersion = options.preconditions?.resourceVersion;
    try {
      const last = await this.#pipeline.remove(served, stored, {
        ...(options.preconditions?.uid !== undefined && { uid: options.preconditions.uid }),
        resourceVersion: pinnedVersion ?? stored.metadata.resourceVersion,
      });
      return this.#deletedAnswer(served, last);
    } catch (error) {
      if (
        pinnedVersion === undefined &&
        error instanceof ConflictError &&
        error.conflict === 'precondition'
      ) {
        throw new ConflictError(error.resource, error.objectName, 'resource-version', undefined, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async #writeMarked(
    served: ServedResource,
    stored: KubeObject,
    marked: KubeObject,
    dryRun: boolean,
  ): Promise<WriteResult> {
    if (dryRun) return { object: served.strategy.fromStorage(marked), warnings: [] };
    const result = await this.#pipeline.systemUpdate(
      served,
      stored.metadata.namespace ?? '',
      stored.metadata.name ?? '',
      (object) => {
        Object.assign(object, deepCopy(marked));
        return true;
      },
      { expectedVersion: stored.metadata.resourceVersion, lockHeld: true },
    );
    const answer = result ?? marked;
    return { object: served.strategy.fromStorage(deepCopy(answer)), warnings: [] };
  }

  #deletedAnswer(served: ServedResource, last: KubeObject): WriteResult {
    const object = served.strategy.returnsDeletedObject
      ? served.strategy.fromStorage(deepCopy(last))
      : deletionStatus(served, last);
    return { object, warnings: [] };
  }
}

/** `BeforeDelete`'s precondition check, with the storage layer's wording. */
function checkPreconditions(served: ServedResource, stored: KubeObject, options: DeleteRequestOptions): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const key = servedResourceKey(served);
  const name = stored.metadata.name ?? '';
  if (uid !== undefined && uid !== stored.metadata.uid) {
    throw new ConflictError(
      key,
      name,
      'precondition',
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${stored.metadata.uid ?? ''}`,
    );
  }
  if (resourceVersion !== undefined && resourceVersion !== stored.metadata.resourceVersion) {
    throw new ConflictError(
      key,
      name,
      'precondition',
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in meta: ${
        stored.metadata.resourceVersion ?? ''
      }`,
    );
  }
}
