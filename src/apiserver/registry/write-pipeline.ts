/**
 * Create, update and patch as the API server runs them (kube-api.md §6, §7): decode (apiVersion/kind, prune,
 * default, fieldValidation) → namespace admission → server-set metadata and the strategy's preparation → field
 * ownership → validation (ObjectMeta rules plus the kind's, one 422 listing everything) → last admission steps →
 * store, with optimistic concurrency, no-op writes, status/finalize subresource rules, generation, dryRun, and
 * the update that empties the finalizers of an object being deleted turning into its deletion.
 */

import {
  deepCopy,
  type FieldError,
  GoLiteral,
  InvalidObjectError,
  invalidError,
  type JsonObject,
} from '../../api/index.js';
import { type KindStructure, recordUpdate } from '../patch/index.js';
import {
  AlreadyExistsError,
  ConflictError,
  type KubeObject,
  NotFoundError,
  type ObjectStore,
  type ResourceKey,
} from '../store/index.js';
import type { ChangeFeed } from './change-feed.js';
import type { FieldValidation, Subresource, WriteOptions, WriteResult } from './contract.js';
import { copyPaths } from './json-paths.js';
import type { KindStrategy } from './kind-strategy.js';
import { KeyedLock } from './object-locks.js';
import {
  carryImmutableMetadata,
  fillCreateMetadata,
  generateName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-metadata.js';
import {
  checkUrlName,
  decodeBody,
  enforceFieldValidation,
  normalizeBody,
  placeInNamespace,
  uniqueErrors,
} from './request-body.js';
import type { ServedResource } from './served-resource.js';
import { generatedNameTaken, internalFailure, resourceNotServed } from './status-errors.js';

/** `maxNameGenerationCreateAttempts`: creates with `generateName` retry this often on a name collision. */
const NAME_GENERATION_ATTEMPTS = 8;
/** How often an unconditional write is retried when it loses a race with another write. */
const CONFLICT_RETRIES = 16;

/** Admission steps the registry's controllers contribute to writes. */
export interface WriteAdmission {
  /** Mutating admission before names are generated and the object validated (namespace lifecycle). */
  beforeCreate?(served: ServedResource, namespace: string, name: string): Promise<void>;
  /** Validation beyond the strategy's, reported in the same 422 (CRD checks). */
  validate?(served: ServedResource, object: KubeObject, old?: KubeObject): FieldError[];
  /** The last step before storing (CRD naming and establishment). */
  beforeStore?(served: ServedResource, object: KubeObject, old?: KubeObject): Promise<void>;
}

/** What the pipeline works with. */
export interface PipelineDependencies {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly changes: ChangeFeed;
  readonly admission: readonly WriteAdmission[];
}

/** What a write knows besides the object: its options with defaults applied. */
export interface WriteSettings {
  readonly dryRun: boolean;
  readonly fieldManager: string | undefined;
  readonly fieldValidation: FieldValidation;
}

/** Resolves the options of a write to settings. */
export function writeSettings(options: WriteOptions): WriteSettings {
  return {
    dryRun: options.dryRun === true,
    fieldManager: options.fieldManager,
    fieldValidation: options.fieldValidation ?? 'Warn',
  };
}

/** How an update body is to be checked for optimistic concurrency. */
type Concurrency = 'put' | 'patch';

/** A stored object and the same object as the served version presents it. */
export interface CurrentObject {
  readonly stored: KubeObject;
  readonly presented: KubeObject;
}

/** The served resource's key, for errors that name the resource as the client addressed it. */
export function servedResourceKey(served: ServedResource): ResourceKey {
  return { group: served.info.group, resource: served.info.resource };
}

/** Re-issues a store error about the storage collection as one about the resource the client addressed. */
export function asServedError(served: ServedResource, error: unknown): unknown {
  const key = servedResourceKey(served);
  if (error instanceof NotFoundError) return new NotFoundError(key, error.objectName, { cause: error });
  if (error instanceof AlreadyExistsError)
    return new AlreadyExistsError(key, error.objectName, { cause: error });
  if (error instanceof ConflictError && error.conflict === 'resource-version') {
    return new ConflictError(key, error.objectName, 'resource-version', undefined, { cause: error });
  }
  return error;
}

function isCreateRvSet(resourceVersion: string | undefined): boolean {
  return (
    resourceVersion !== undefined &&
    resourceVersion !== '' &&
    /^[0-9]+$/.test(resourceVersion) &&
    Number(resourceVersion) !== 0
  );
}

/** The write paths of the registry. */
export class WritePipeline {
  readonly #deps: PipelineDependencies;
  readonly #locks = new KeyedLock();

  constructor(deps: PipelineDependencies) {
    this.#deps = deps;
  }

  /** The current time of the registry's clock. */
  now(): Date {
    return this.#deps.clock();
  }

  /**
   * Runs a read-compute-write section on one object with no other such section of the same object running
   * (see object-locks.ts). Sections must not nest; `systemUpdate` with `lockHeld` is the variant for use inside.
   */
  locked<T>(served: ServedResource, namespace: string, name: string, section: () => Promise<T>): Promise<T> {
    const { storage, namespaced } = served.strategy;
    const key = `${storage.group}/${storage.resource}\u0000${namespaced ? namespace : ''}\u0000${name}`;
    return this.#locks.run(key, section);
  }

  /** Reads an object and its presented form. @throws NotFoundError naming the served resource */
  async read(served: ServedResource, namespace: string, name: string): Promise<CurrentObject> {
    const { strategy } = served;
    try {
      const stored = await this.#deps.store.get(strategy.storage, strategy.namespaced ? namespace : '', name);
      return { stored, presented: strategy.fromStorage(deepCopy(stored)) };
    } catch (error) {
      throw asServedError(served, error);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // create

  /** POST: creates an object from a request body. */
  async create(
    served: ServedResource,
    namespace: string,
    body: unknown,
    settings: WriteSettings,
    managed?: { preserveManagedFields: true },
  ): Promise<WriteResult> {
    const { strategy } = served;
    const normalized = normalizeBody(strategy, body);
    placeInNamespace(strategy, normalized, namespace);
    const decoded = decodeBody(strategy, normalized);
    const warnings = enforceFieldValidation(strategy, decoded.unknownFields, settings.fieldValidation);
    const object = decoded.object;
    const objectNamespace = strategy.namespaced ? (object.metadata.namespace ?? '') : '';
    for (const step of this.#deps.admission) {
      await step.beforeCreate?.(served, objectNamespace, object.metadata.name ?? '');
    }
    const generated = !object.metadata.name && !!object.metadata.generateName;
    for (let attempt = 1; ; attempt++) {
      const candidate = deepCopy(object);
      if (generated) candidate.metadata.name = generateName(candidate.metadata.generateName as string);
      try {
        return await this.#createPrepared(served, candidate, settings, warnings, managed !== undefined);
      } catch (error) {
        if (!(generated && error instanceof AlreadyExistsError)) throw error;
        if (attempt >= NAME_GENERATION_ATTEMPTS) {
          throw generatedNameTaken(servedResourceKey(served), candidate.metadata.name ?? '', error);
        }
      }
    }
  }

  async #createPrepared(
    served: ServedResource,
    object: KubeObject,
    settings: WriteSettings,
    warnings: string[],
    preserveManagedFields: boolean,
  ): Promise<WriteResult> {
    const { strategy } = served;
    const now = this.now();
    const requestedVersion = object.metadata.resourceVersion;
    fillCreateMetadata(object.metadata, now);
    strategy.prepareForCreate(object, { now });
    if (strategy.tracksGeneration) object.metadata.generation = 1;
    else delete object.metadata.generation;
    const withFields = preserveManagedFields
      ? object
      : this.#recordManagedFields(served, undefined, object, settings);
    const errors = [
      ...validateObjectMeta(withFields.metadata, strategy),
      ...strategy.validate(withFields),
      ...this.#admissionErrors(served, withFields),
    ];
    this.#throwIfInvalid(strategy, withFields, errors);
    strategy.canonicalize(withFields);
    for (const step of this.#deps.admission) await step.beforeStore?.(served, withFields);
    if (isCreateRvSet(requestedVersion))
      throw internalFailure('resourceVersion should not be set on objects to be created');
    if (settings.dryRun || !strategy.persisted) {
      return { object: strategy.fromStorage(strategy.toStorage(withFields)), warnings, created: true };
    }
    let stored: KubeObject;
    try {
      stored = await this.#deps.store.create(strategy.storage, strategy.toStorage(withFields));
    } catch (error) {
      throw asServedError(served, error);
    }
    this.#deps.changes.publish({ type: 'created', served, object: stored });
    return { object: strategy.fromStorage(deepCopy(stored)), warnings, created: true };
  }

  // ---------------------------------------------------------------------------------------------------------
  // update

  /** PUT on an object or its status/finalize subresource. */
  async update(
    served: ServedResource,
    namespace: string,
    name: string,
    body: unknown,
    settings: WriteSettings,
    subresource?: Subresource,
  ): Promise<WriteResult> {
    const { strategy } = served;
    this.#checkSubresource(strategy, subresource);
    const normalized = normalizeBody(strategy, body);
    checkUrlName(normalized, name);
    placeInNamespace(strategy, normalized, namespace);
    const decoded = decodeBody(strategy, normalized);
    const warnings = enforceFieldValidation(strategy, decoded.unknownFields, settings.fieldValidation);
    return this.#retrying(decoded.object.metadata.resourceVersion, () =>
      this.locked(served, namespace, name, async () => {
        let current: CurrentObject;
        try {
          current = await this.read(served, namespace, name);
        } catch (error) {
          if (error instanceof NotFoundError && strategy.allowCreateOnUpdate && subresource === undefined) {
            return this.create(served, namespace, decoded.object, settings);
          }
          throw error;
        }
        const result = await this.commitUpdate(
          served,
          current,
          deepCopy(decoded.object),
          settings,
          'put',
          subresource,
        );
        return { ...result, warnings: [...warnings, ...result.warnings] };
      }),
    );
  }

  /**
   * The common tail of PUT and PATCH: `next` (a full object in the served version, already decoded) replaces
   * `current` under the update rules.
   */
  async commitUpdate(
    served: ServedResource,
    current: CurrentObject,
    next: KubeObject,
    settings: WriteSettings,
    concurrency: Concurrency,
    subresource?: Subresource,
    preserveManagedFields = false,
  ): Promise<WriteResult> {
    const { strategy } = served;
    const old = current.presented;
    const currentVersion = current.stored.metadata.resourceVersion;
    this.#checkResourceVersion(served, next, currentVersion, concurrency);
    const now = this.now();
    const updated = subresource === undefined ? next : this.#subresourceView(old, next);
    if (subresource === undefined) {
      carryImmutableMetadata(updated.metadata, old.metadata);
      for (const paths of strategy.subresourcePaths.values()) copyPaths(updated, old, paths);
      strategy.prepareForUpdate(updated, old, { now });
    } else {
      copyPaths(updated, next, strategy.subresourcePaths.get(subresource) ?? []);
      strategy.prepareForSubresourceUpdate(subresource, updated, old, { now });
    }
    updated.metadata.resourceVersion = currentVersion;
    this.#updateGeneration(strategy, updated, old);
    const withFields = preserveManagedFields
      ? updated
      : this.#recordManagedFields(served, old, updated, settings, subresource);
    const errors = [
      ...validateObjectMetaUpdate(withFields.metadata, old.metadata),
      ...strategy.validate(withFields, old),
      ...this.#admissionErrors(served, withFields, old),
    ];
    this.#throwIfInvalid(strategy, withFields, errors);
    strategy.canonicalize(withFields);
    for (const step of this.#deps.admission) await step.beforeStore?.(served, withFields, old);
    if (shouldDeleteDuringUpdate(withFields, old))
      return this.#deleteInsteadOfUpdate(served, current, withFields, settings);
    if (settings.dryRun)
      return { object: strategy.fromStorage(strategy.toStorage(withFields)), warnings: [] };
    const stored = await this.#storeUpdate(served, current.stored, strategy.toStorage(withFields));
    return { object: strategy.fromStorage(deepCopy(stored)), warnings: [] };
  }

  /**
   * A controller's write: `mutate` changes the stored object in place (storage form) and says whether it changed
   * anything. No validation or admission; the finalizer rule still applies (emptied finalizers on an object being
   * deleted delete it). Returns the stored result, or undefined when the object is gone or nothing changed.
   * With `expectedVersion`, an object that changed since the caller read it is a lost race (ConflictError). Takes
   * the object's lock unless the caller says it holds it.
   * @throws ConflictError when the object changed meanwhile (the caller's task is retried)
   */
  async systemUpdate(
    served: ServedResource,
    namespace: string,
    name: string,
    mutate: (object: KubeObject) => boolean,
    options: { expectedVersion?: string; lockHeld?: boolean } = {},
  ): Promise<KubeObject | undefined> {
    if (options.lockHeld !== true) {
      return this.locked(served, namespace, name, () =>
        this.systemUpdate(served, namespace, name, mutate, { ...options, lockHeld: true }),
      );
    }
    const expectedVersion = options.expectedVersion;
    let current: CurrentObject;
    try {
      current = await this.read(served, namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
    if (expectedVersion !== undefined && current.stored.metadata.resourceVersion !== expectedVersion) {
      const storeConflict = new ConflictError(served.strategy.storage, name, 'resource-version');
      throw asServedError(served, storeConflict);
    }
    const next = deepCopy(current.stored);
    if (!mutate(next)) return undefined;
    if (shouldDeleteDuringUpdate(next, current.stored)) {
      return this.remove(served, current.stored, {
        resourceVersion: current.stored.metadata.resourceVersion,
      });
    }
    return this.#storeUpdate(served, current.stored, next);
  }

  /**
   * Removes an object from storage for good (preconditions on uid/resourceVersion) and reports it.
   * @returns the object's last state, stamped with the deletion's resourceVersion
   */
  async remove(
    served: ServedResource,
    stored: KubeObject,
    preconditions: { uid?: string; resourceVersion?: string } = {},
  ): Promise<KubeObject> {
    const { strategy } = served;
    let last: KubeObject;
    try {
      last = await this.#deps.store.delete(
        strategy.storage,
        stored.metadata.namespace ?? '',
        stored.metadata.name ?? '',
        {
          preconditions,
        },
      );
    } catch (error) {
      throw asServedError(served, error);
    }
    this.#deps.changes.publish({ type: 'removed', served, object: last });
    return last;
  }

  /** Stores an update of `previous` (its resourceVersion is the precondition) and reports it unless it was a no-op. */
  async #storeUpdate(served: ServedResource, previous: KubeObject, next: KubeObject): Promise<KubeObject> {
    const { strategy } = served;
    next.metadata.resourceVersion = previous.metadata.resourceVersion;
    let stored: KubeObject;
    try {
      stored = await this.#deps.store.update(strategy.storage, next);
    } catch (error) {
      throw asServedError(served, error);
    }
    if (stored.metadata.resourceVersion !== previous.metadata.resourceVersion) {
      this.#deps.changes.publish({ type: 'updated', served, object: stored, previous });
    }
    return stored;
  }

  async #deleteInsteadOfUpdate(
    served: ServedResource,
    current: CurrentObject,
    updated: KubeObject,
    settings: WriteSettings,
  ): Promise<WriteResult> {
    const presented = served.strategy.fromStorage(served.strategy.toStorage(updated));
    if (settings.dryRun) return { object: presented, warnings: [] };
    try {
      await this.remove(served, current.stored, { resourceVersion: current.stored.metadata.resourceVersion });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    return { object: presented, warnings: [] };
  }

  /** Runs `attempt` again when it lost a race, as long as the request itself did not pin a resourceVersion. */
  async #retrying(
    requestedVersion: string | undefined,
    attempt: () => Promise<WriteResult>,
  ): Promise<WriteResult> {
    const pinned = requestedVersion !== undefined && requestedVersion !== '';
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (pinned || !isLostRace(error) || tries >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  /** Runs an update-shaped attempt with the retry rule of unpinned writes (patches re-read and re-apply). */
  retryUnpinned(attempt: () => Promise<WriteResult>): Promise<WriteResult> {
    return this.#retrying(undefined, attempt);
  }

  #checkSubresource(strategy: KindStrategy, subresource: Subresource | undefined): void {
    if (subresource !== undefined && !strategy.subresourcePaths.has(subresource)) throw resourceNotServed();
  }

  /** §6.4: a PUT needs a resourceVersion unless the kind allows unconditional updates; a stale one is a 409. */
  #checkResourceVersion(
    served: ServedResource,
    next: KubeObject,
    currentVersion: string | undefined,
    concurrency: Concurrency,
  ): void {
    const sent = next.metadata.resourceVersion;
    const name = next.metadata.name ?? '';
    if (sent === undefined || sent === '') {
      if (concurrency === 'put' && !served.strategy.allowUnconditionalUpdate) {
        throw new InvalidObjectError({ group: served.info.group, kind: served.info.resource }, name, [
          invalidError('metadata.resourceVersion', new GoLiteral('0x0'), 'must be specified for an update'),
        ]);
      }
      return;
    }
    if (sent !== currentVersion) throw new ConflictError(servedResourceKey(served), name, 'resource-version');
  }

  /** The object a subresource write starts from: the stored object, keeping only the request's resourceVersion. */
  #subresourceView(old: KubeObject, next: KubeObject): KubeObject {
    const view = deepCopy(old);
    if (next.metadata.managedFields !== undefined)
      view.metadata.managedFields = deepCopy(next.metadata.managedFields);
    return view;
  }

  #updateGeneration(strategy: KindStrategy, updated: KubeObject, old: KubeObject): void {
    if (!strategy.tracksGeneration) {
      delete updated.metadata.generation;
      return;
    }
    const base = old.metadata.generation ?? 1;
    updated.metadata.generation = strategy.generationChanged(updated, old) ? base + 1 : base;
  }

  #recordManagedFields(
    served: ServedResource,
    live: KubeObject | undefined,
    updated: KubeObject,
    settings: WriteSettings,
    subresource?: Subresource,
  ): KubeObject {
    const manager = settings.fieldManager;
    if (manager === undefined || manager === '') return keepManagedFields(live, updated);
    const { strategy } = served;
    const resetFields =
      subresource === undefined
        ? [...strategy.subresourcePaths.values()].flat().map((path) => path.split('.'))
        : undefined;
    return recordUpdate(
      live as unknown as JsonObject | undefined,
      updated as unknown as JsonObject,
      manager,
      {
        apiVersion: strategy.apiVersion,
        ...(subresource !== undefined && { subresource }),
        ...(strategy.patch.structure !== undefined && {
          kindMeta: strategy.patch.structure as KindStructure,
        }),
        ...(resetFields !== undefined && resetFields.length > 0 && { resetFields }),
        now: this.now(),
      },
    ) as unknown as KubeObject;
  }

  #admissionErrors(served: ServedResource, object: KubeObject, old?: KubeObject): FieldError[] {
    return this.#deps.admission.flatMap((step) => step.validate?.(served, object, old) ?? []);
  }

  #throwIfInvalid(strategy: KindStrategy, object: KubeObject, errors: FieldError[]): void {
    if (errors.length === 0) return;
    throw new InvalidObjectError(strategy, object.metadata.name ?? '', uniqueErrors(errors));
  }
}

/**
 * Whether a conflict came from the store's compare-and-swap (another write got in between our read and our write)
 * rather than from a resourceVersion the client sent: only the former is retried.
 */
function isLostRace(error: unknown): boolean {
  return error instanceof ConflictError && error.cause instanceof ConflictError;
}

/**
 * managedFields of a write without a field manager, as the field manager's `decodeLiveOrNew` treats them: sent
 * ones replace the live ones, `[{}]` clears them, and a body without any keeps the live ones.
 */
function keepManagedFields(live: KubeObject | undefined, updated: KubeObject): KubeObject {
  const sent = updated.metadata.managedFields;
  if (sent === undefined) {
    if (live?.metadata.managedFields !== undefined)
      updated.metadata.managedFields = deepCopy(live.metadata.managedFields);
    return updated;
  }
  if (sent.length === 1 && Object.keys(sent[0] ?? {}).length === 0) delete updated.metadata.managedFields;
  return updated;
}

/** `ShouldDeleteDuringUpdate`: the object is being deleted (without grace) and its last finalizer just went. */
export function shouldDeleteDuringUpdate(next: KubeObject, old: KubeObject): boolean {
  if ((next.metadata.finalizers ?? []).length > 0) return false;
  if (next.kind === 'Namespace' && namespaceFinalizers(next).length > 0) return false;
  if (old.metadata.deletionTimestamp === undefined) return false;
  const grace = old.metadata.deletionGracePeriodSeconds;
  return grace === undefined || grace === 0;
}

/** A namespace's `spec.finalizers` (the namespace controller's `kubernetes`). */
export function namespaceFinalizers(namespace: KubeObject): string[] {
  const spec = namespace.spec as { finalizers?: unknown } | undefined;
  return Array.isArray(spec?.finalizers) ? (spec.finalizers as string[]) : [];
}
