/**
 * The work agent (OCM's klusterlet work agent, managed side): reconciles the ManifestWorks in its cluster namespace
 * on the hub. It keeps the cleanup finalizer on each work, applies every manifest to its cluster (see
 * manifest-apply.ts), deletes objects whose manifests were removed, reports status (see work-status.ts) and, when
 * a work is deleted, removes its objects as `spec.deleteOption` says (Foreground: delete and wait until they are
 * gone; Orphan: leave them; SelectivelyOrphan: leave those the orphaning rules name) before it lets the work go.
 * ReadOnly manifests are never deleted. What was applied is read back from the work's own status, so a restarted
 * agent still knows what to clean up (OCM keeps it in an AppliedManifestWork). Event-driven: a change to a work, or
 * to an object a work applied, reconciles that work.
 */
import {
  MANIFEST_WORK_CLEANUP_FINALIZER,
  type ManifestWork,
  ManifestWorkKind,
  type ManifestWorkSpec,
} from '../../api/index.js';
import type { KubeObject, ObjectKey } from '../../kube/index.js';
import {
  addFinalizer,
  type Controller,
  hasFinalizer,
  isBeingDeleted,
  type Manager,
  type Result,
  removeFinalizer,
} from '../../runtime/index.js';
import type { AgentContext, AgentFactory } from '../agent.js';
import type { ManagerAgent } from '../manager-agent.js';
import { clusterNamespaceAgent } from './cluster-namespace-agent.js';
import { DependentObjects } from './dependent-objects.js';
import { applyManifest, removeApplied } from './manifest-apply.js';
import {
  identifies,
  type ManifestTarget,
  metaKey,
  type ResourceMeta,
  resourceMetaOf,
  targetKey,
} from './manifest-identity.js';
import { ResourceMapper } from './resource-mapper.js';
import { readFeedback } from './status-feedback.js';
import { type ManifestOutcome, workStatus } from './work-status.js';

type ManifestConfig = NonNullable<ManifestWorkSpec['manifestConfigs']>[number];
type Manifest = NonNullable<NonNullable<ManifestWorkSpec['workload']>['manifests']>[number];

/** How soon a work waiting for its objects to go, or with failed manifests, is looked at again. */
const RETRY_MS = 250;

function configFor(work: ManifestWork, meta: ResourceMeta): ManifestConfig | undefined {
  return work.spec?.manifestConfigs?.find((config) => identifies(config.resourceIdentifier, meta));
}

/** Whether the work's delete option leaves this object behind. */
export function isOrphaned(work: ManifestWork, meta: ResourceMeta): boolean {
  const option = work.spec?.deleteOption;
  if (option?.propagationPolicy === 'Orphan') return true;
  if (option?.propagationPolicy !== 'SelectivelyOrphan') return false;
  return (option.selectivelyOrphans?.orphaningRules ?? []).some((rule) => identifies(rule, meta));
}

function isReadOnly(work: ManifestWork, meta: ResourceMeta): boolean {
  return configFor(work, meta)?.updateStrategy?.type === 'ReadOnly';
}

/** An update worth a reconcile: anything but resourceVersion and managedFields changed. */
function contentChanged(oldObject: KubeObject, object: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _rv, managedFields: _mf, ...metadata } = o.metadata;
    return JSON.stringify({ ...o, metadata });
  };
  return strip(oldObject) !== strip(object);
}

function metaOfUnresolved(ordinal: number, manifest: Manifest): ResourceMeta {
  const apiVersion = manifest.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const metadata = manifest.metadata ?? {};
  return {
    ordinal,
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: apiVersion.slice(slash + 1),
    kind: manifest.kind ?? '',
    resource: '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
  };
}

class WorkReconciler {
  readonly #context: AgentContext;
  readonly #manager: Manager;
  readonly #mapper: ResourceMapper;
  /** The works by the objects they applied; a change of content (not just of resourceVersion) requeues them. */
  readonly #applied: DependentObjects;
  controller: Controller | undefined;

  constructor(context: AgentContext, manager: Manager) {
    this.#context = context;
    this.#manager = manager;
    this.#mapper = new ResourceMapper(context.cluster);
    this.#applied = new DependentObjects(manager, {
      cluster: context.cluster.name,
      enqueue: (name) =>
        this.controller?.queue?.add({ cluster: context.hub.name, namespace: context.clusterName, name }),
      changed: contentChanged,
    });
  }

  async reconcile(name: string): Promise<Result> {
    const { hub, clusterName } = this.#context;
    const cached = await this.#manager
      .cluster(hub.name)
      .cache.get(ManifestWorkKind, { namespace: clusterName, name });
    if (!cached) {
      this.#applied.track(name, []);
      return {};
    }
    if (isBeingDeleted(cached)) return this.#finalize(cached);
    const work = await addFinalizer(hub, ManifestWorkKind, cached, MANIFEST_WORK_CLEANUP_FINALIZER);
    const { outcomes, targets } = await this.#applyAll(work);
    await this.#removeStale(work, outcomes);
    this.#applied.track(name, targets);
    const status = workStatus(work, outcomes);
    if (JSON.stringify(status) !== JSON.stringify(work.status ?? {})) {
      await hub.updateStatus(ManifestWorkKind, { ...work, status });
    }
    return outcomes.some((outcome) => outcome.error !== undefined) ? { requeueAfter: RETRY_MS * 4 } : {};
  }

  async #applyAll(work: ManifestWork): Promise<{ outcomes: ManifestOutcome[]; targets: ManifestTarget[] }> {
    const outcomes: ManifestOutcome[] = [];
    const targets: ManifestTarget[] = [];
    const manifests = work.spec?.workload?.manifests ?? [];
    for (const [ordinal, manifest] of manifests.entries()) {
      let meta = metaOfUnresolved(ordinal, manifest);
      try {
        const ref = await this.#mapper.forObject(manifest.apiVersion ?? '', manifest.kind ?? '');
        const target = { ordinal, ref, key: targetKey(ref, manifest.metadata) };
        meta = resourceMetaOf(target);
        targets.push(target);
        const config = configFor(work, meta);
        const object = await applyManifest(
          this.#context.cluster,
          ref,
          target.key,
          withNamespace(manifest, target.key),
          config?.updateStrategy,
        );
        const rules = config?.feedbackRules ?? [];
        outcomes.push({
          meta,
          available: true,
          ...(rules.length > 0 && { feedback: readFeedback(rules, object) }),
        });
      } catch (error) {
        outcomes.push({ meta, available: false, error: (error as Error).message });
      }
    }
    return { outcomes, targets };
  }

  /** Deletes what earlier reconciles applied for manifests the work no longer has. */
  async #removeStale(work: ManifestWork, outcomes: readonly ManifestOutcome[]): Promise<void> {
    const current = new Set(outcomes.map((outcome) => metaKey(outcome.meta)));
    for (const previous of work.status?.resourceStatus?.manifests ?? []) {
      const meta = previous.resourceMeta;
      if (!meta?.resource || current.has(metaKey(meta)) || isOrphaned(work, meta)) continue;
      if (isReadOnly(work, meta)) continue;
      const target = await this.#targetOf(meta);
      if (target) await removeApplied(this.#context.cluster, target.ref, target.key);
    }
  }

  async #targetOf(meta: ResourceMeta): Promise<ManifestTarget | undefined> {
    try {
      const ref = await this.#mapper.resolve({
        group: meta.group ?? '',
        ...(meta.version !== undefined && { version: meta.version }),
        resource: meta.resource ?? '',
      });
      const key: ObjectKey = meta.namespace
        ? { namespace: meta.namespace, name: meta.name ?? '' }
        : { name: meta.name ?? '' };
      return { ordinal: meta.ordinal ?? 0, ref, key };
    } catch {
      return undefined;
    }
  }

  /** Removes the work's objects (unless orphaned), then its finalizer. */
  async #finalize(work: ManifestWork): Promise<Result> {
    if (!hasFinalizer(work, MANIFEST_WORK_CLEANUP_FINALIZER)) return {};
    const metas = new Map<string, ResourceMeta>();
    for (const entry of work.status?.resourceStatus?.manifests ?? []) {
      if (entry.resourceMeta?.resource) metas.set(metaKey(entry.resourceMeta), entry.resourceMeta);
    }
    for (const [ordinal, manifest] of (work.spec?.workload?.manifests ?? []).entries()) {
      try {
        const ref = await this.#mapper.forObject(manifest.apiVersion ?? '', manifest.kind ?? '');
        const meta = resourceMetaOf({ ordinal, ref, key: targetKey(ref, manifest.metadata) });
        metas.set(metaKey(meta), meta);
      } catch {
        // A kind the cluster does not serve was never applied.
      }
    }
    let pending = 0;
    for (const meta of metas.values()) {
      if (isOrphaned(work, meta) || isReadOnly(work, meta)) continue;
      const target = await this.#targetOf(meta);
      if (target && (await removeApplied(this.#context.cluster, target.ref, target.key)) === 'pending') {
        pending += 1;
      }
    }
    if (pending > 0) return { requeueAfter: RETRY_MS };
    await removeFinalizer(this.#context.hub, ManifestWorkKind, work, MANIFEST_WORK_CLEANUP_FINALIZER);
    this.#applied.track(work.metadata.name ?? '', []);
    return {};
  }
}

function withNamespace(manifest: Manifest, key: ObjectKey): KubeObject {
  const metadata = { ...(manifest.metadata ?? {}), ...(key.namespace && { namespace: key.namespace }) };
  return { ...manifest, metadata } as KubeObject;
}

/** Creates the work agent of one managed cluster. */
export function createWorkAgent(context: AgentContext): ManagerAgent {
  return clusterNamespaceAgent({
    name: 'work',
    controllerName: 'manifestwork',
    context,
    resource: ManifestWorkKind,
    reconciler: (manager) => new WorkReconciler(context, manager),
  });
}

/** The work agent (managed): applies ManifestWorks to its cluster and reports their status. */
export const workAgentFactory: AgentFactory = {
  name: 'ocm-work',
  placement: 'managed',
  create: createWorkAgent,
};
