/**
 * What the apiextensions server does around CRD writes (kube-api.md §14.4, §15.1–15.2), synchronously so that a
 * CRD is usable the moment its create returns:
 * - naming and establishment in the same write: `status.acceptedNames` (unless names conflict with another CRD of
 *   the group), `storedVersions`, and the `NamesAccepted` / `Established` conditions;
 * - serving: the catalog follows every committed CRD change, and discovery listeners hear about real changes;
 * - deletion: the first DELETE adds the cleanup finalizer and a `Terminating` condition; the cleanup deletes every
 *   custom resource (their finalizers still apply), then drops the finalizer, which removes the CRD; creates of
 *   custom resources are refused meanwhile.
 */
import { deepCopy } from '../../api/index.js';
import { type KubeObject, NotFoundError, type ObjectStore } from '../store/index.js';
import { formatTime } from '../wire/index.js';
import type { ObjectChange } from './change-feed.js';
import type { ControllerQueue } from './controller-queue.js';
import {
  acceptedNamesOf,
  CRD_CLEANUP_FINALIZER,
  CRD_RESOURCE,
  type CrdNames,
  crdServedResources,
  readCrdSpec,
  readNames,
} from './crd-resources.js';
import type { Deleter, DeletionHook } from './deletion.js';
import { removeFinalizer } from './garbage-collector.js';
import type { ResourceCatalog } from './resource-catalog.js';
import type { ServedResource } from './served-resource.js';
import { methodNotSupported } from './status-errors.js';
import type { WriteAdmission, WritePipeline } from './write-pipeline.js';

/** A CRD status condition. */
interface CrdCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

type JsonRecord = Record<string, unknown>;

function isCrdResource(served: ServedResource): boolean {
  const { storage } = served.strategy;
  return storage.group === CRD_RESOURCE.group && storage.resource === CRD_RESOURCE.resource;
}

function conditionsOf(crd: KubeObject): CrdCondition[] {
  const status = (crd.status ?? {}) as JsonRecord;
  return Array.isArray(status.conditions) ? (status.conditions as CrdCondition[]) : [];
}

/**
 * `SetCRDCondition`: replaces the condition of the same type, keeping its transition time when the status stays.
 * Returns whether anything changed.
 */
export function setCondition(crd: KubeObject, condition: CrdCondition, now: Date): boolean {
  const conditions = [...conditionsOf(crd)];
  const index = conditions.findIndex((c) => c.type === condition.type);
  const previous = index >= 0 ? conditions[index] : undefined;
  if (
    previous !== undefined &&
    previous.status === condition.status &&
    previous.reason === condition.reason &&
    previous.message === condition.message
  ) {
    return false;
  }
  const next = {
    ...condition,
    lastTransitionTime:
      previous !== undefined && previous.status === condition.status && previous.lastTransitionTime
        ? previous.lastTransitionTime
        : formatTime(now),
  };
  if (index >= 0) conditions[index] = next;
  else conditions.push(next);
  crd.status = { ...((crd.status ?? {}) as JsonRecord), conditions };
  return true;
}

function conditionOf(crd: KubeObject, type: string): CrdCondition | undefined {
  return conditionsOf(crd).find((c) => c.type === type);
}

/** The names the other CRDs of a group have accepted, as the naming controller collects them. */
function namesInUse(others: readonly KubeObject[]): { resources: Set<string>; kinds: Set<string> } {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const other of others) {
    const accepted = acceptedNamesOf(other);
    if (accepted === undefined) continue;
    resources.add(accepted.plural);
    resources.add(accepted.singular);
    for (const short of accepted.shortNames) resources.add(short);
    kinds.add(accepted.kind);
    kinds.add(accepted.listKind);
  }
  return { resources, kinds };
}

function conflict(requested: string, accepted: string, used: ReadonlySet<string>): string | undefined {
  if (requested === accepted || !used.has(requested)) return undefined;
  return `"${requested}" is already in use`;
}

/**
 * The naming controller's `calculateNamesAndConditions` plus the establishing controller: the accepted names,
 * the NamesAccepted condition and, once names are accepted, Established. Mutates `crd.status`.
 */
export function establish(crd: KubeObject, others: readonly KubeObject[], now: Date): void {
  const spec = readCrdSpec(crd);
  const requested = spec.names;
  const accepted: CrdNames = acceptedNamesOf(crd) ?? readNames({});
  const used = namesInUse(others);
  const next: CrdNames = { ...accepted };
  let problem: { reason: string; message: string } | undefined;
  const check = (reason: string, message: string | undefined, accept: () => void) => {
    if (message === undefined) accept();
    else problem = { reason, message };
  };
  check('PluralConflict', conflict(requested.plural, accepted.plural, used.resources), () => {
    next.plural = requested.plural;
  });
  check('SingularConflict', conflict(requested.singular, accepted.singular, used.resources), () => {
    next.singular = requested.singular;
  });
  const shortProblems = requested.shortNames
    .filter((short) => !accepted.shortNames.includes(short))
    .map((short) => conflict(short, '', used.resources))
    .filter((message): message is string => message !== undefined);
  check('ShortNamesConflict', shortProblems.length ? shortProblems.join(', ') : undefined, () => {
    next.shortNames = requested.shortNames;
  });
  check('KindConflict', conflict(requested.kind, accepted.kind, used.kinds), () => {
    next.kind = requested.kind;
  });
  check('ListKindConflict', conflict(requested.listKind, accepted.listKind, used.kinds), () => {
    next.listKind = requested.listKind;
  });
  next.categories = requested.categories;
  crd.status = { ...((crd.status ?? {}) as JsonRecord), acceptedNames: acceptedNamesObject(next) };
  const namesAccepted = problem === undefined;
  setCondition(
    crd,
    namesAccepted
      ? { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }
      : { type: 'NamesAccepted', status: 'False', ...(problem as { reason: string; message: string }) },
    now,
  );
  const established = conditionOf(crd, 'Established');
  if (established?.status !== 'True') {
    setCondition(
      crd,
      namesAccepted
        ? {
            type: 'Established',
            status: 'True',
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
          }
        : {
            type: 'Established',
            status: 'False',
            reason: 'NotAccepted',
            message: 'not all names are accepted',
          },
      now,
    );
  }
}

function acceptedNamesObject(names: CrdNames): JsonRecord {
  return {
    plural: names.plural,
    singular: names.singular,
    ...(names.shortNames.length > 0 && { shortNames: names.shortNames }),
    kind: names.kind,
    listKind: names.listKind,
    ...(names.categories.length > 0 && { categories: names.categories }),
  };
}

/** What the CRD lifecycle works with. */
export interface CrdLifecycleDependencies {
  readonly store: ObjectStore;
  readonly pipeline: WritePipeline;
  readonly catalog: ResourceCatalog;
  readonly queue: ControllerQueue;
  deleter?: Deleter;
}

/** CRD admission, serving, deletion and cleanup. */
export class CrdLifecycle implements WriteAdmission, DeletionHook {
  readonly #deps: CrdLifecycleDependencies;
  /** CRD names (`plural.group`) being deleted. */
  readonly #terminating = new Set<string>();

  constructor(deps: CrdLifecycleDependencies) {
    this.#deps = deps;
  }

  /** Connects the deleter (which takes this lifecycle among its hooks). */
  useDeleter(deleter: Deleter): void {
    this.#deps.deleter = deleter;
  }

  async beforeCreate(served: ServedResource): Promise<void> {
    if (!served.strategy.custom) return;
    const { group, resource } = served.strategy.storage;
    if (this.#terminating.has(`${resource}.${group}`))
      throw methodNotSupported(served.strategy.storage, 'create');
  }

  async beforeStore(served: ServedResource, object: KubeObject): Promise<void> {
    if (!isCrdResource(served)) return;
    const group = readCrdSpec(object).group;
    const { items } = await this.#deps.store.list(CRD_RESOURCE);
    const others = items.filter(
      (other) => other.metadata.name !== object.metadata.name && readCrdSpec(other).group === group,
    );
    establish(object, others, this.#deps.pipeline.now());
  }

  markForDeletion(
    served: ServedResource,
    stored: KubeObject,
    _options: unknown,
    now: Date,
  ): KubeObject | undefined {
    if (!isCrdResource(served)) return undefined;
    const marked = deepCopy(stored);
    marked.metadata.deletionTimestamp ??= formatTime(now);
    const finalizers = marked.metadata.finalizers ?? [];
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER))
      marked.metadata.finalizers = [...finalizers, CRD_CLEANUP_FINALIZER];
    setCondition(
      marked,
      {
        type: 'Terminating',
        status: 'True',
        reason: 'InstanceDeletionPending',
        message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
      },
      now,
    );
    return marked;
  }

  /** Serves a CRD found in the store when the registry starts, and resumes its deletion if one was under way. */
  load(crd: KubeObject): void {
    this.#serve(crd);
    if (crd.metadata.deletionTimestamp !== undefined) this.#schedule(crd.metadata.name ?? '');
  }

  /** Follows committed changes: CRD writes change what is served; removed custom resources resume a cleanup. */
  observe(change: ObjectChange): void {
    const { object } = change;
    if (isCrdResource(change.served)) {
      const name = object.metadata.name ?? '';
      if (change.type === 'removed') {
        this.#terminating.delete(name);
        this.#deps.catalog.removeCustom(name);
        return;
      }
      this.#serve(object);
      if (object.metadata.deletionTimestamp !== undefined) this.#schedule(name);
      return;
    }
    if (change.type !== 'removed' || !change.served.strategy.custom) return;
    const { group, resource } = change.served.strategy.storage;
    const crdName = `${resource}.${group}`;
    if (this.#terminating.has(crdName)) this.#schedule(crdName);
  }

  #serve(crd: KubeObject): void {
    this.#deps.catalog.setCustom(crd.metadata.name ?? '', crdServedResources(crd));
  }

  #schedule(name: string): void {
    this.#terminating.add(name);
    this.#deps.queue.enqueue(`crd:${name}`, () => this.#cleanup(name));
  }

  /** The finalizer controller: delete every custom resource, then let the CRD go. */
  async #cleanup(name: string): Promise<void> {
    const served = this.#deps.catalog.storageOwner(CRD_RESOURCE);
    let crd: KubeObject;
    try {
      crd = await this.#deps.store.get(CRD_RESOURCE, '', name);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    if (served === undefined || crd.metadata.deletionTimestamp === undefined) return;
    if (!(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) return;
    const uid = crd.metadata.uid;
    const now = () => this.#deps.pipeline.now();
    await this.#deps.pipeline.systemUpdate(
      served,
      '',
      name,
      (object) =>
        object.metadata.uid === uid &&
        setCondition(
          object,
          {
            type: 'Terminating',
            status: 'True',
            reason: 'InstanceDeletionInProgress',
            message: 'CustomResource deletion is in progress',
          },
          now(),
        ),
    );
    const spec = readCrdSpec(crd);
    const storage = { group: spec.group, resource: spec.names.plural };
    const instances = this.#deps.catalog.storageOwner(storage);
    if (instances !== undefined && this.#deps.deleter !== undefined) {
      const { items } = await this.#deps.store.list(storage);
      for (const item of items) {
        if (item.metadata.deletionTimestamp !== undefined) continue;
        await this.#deps.deleter.deleteIfPresent(
          instances,
          item.metadata.namespace ?? '',
          item.metadata.name ?? '',
          {
            preconditions: { uid: item.metadata.uid ?? '' },
          },
        );
      }
    }
    const { items: remaining } = await this.#deps.store.list(storage, { limit: 1 });
    if (remaining.length > 0) return;
    await this.#deps.pipeline.systemUpdate(served, '', name, (object) => {
      if (object.metadata.uid !== uid) return false;
      setCondition(
        object,
        {
          type: 'Terminating',
          status: 'False',
          reason: 'InstanceDeletionCompleted',
          message: 'removed all instances',
        },
        now(),
      );
      return removeFinalizer(object, CRD_CLEANUP_FINALIZER);
    });
  }
}
