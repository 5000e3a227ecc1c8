/**
 * Test support: a sample controller over the test `Widget` kind, written the way product reconcilers are. Each
 * Widget gets a ConfigMap `widget-<name>` (controller-owned) holding its spec, a finalizer that deletes the
 * ConfigMap before the Widget goes, a `Ready` condition for the current generation, and a `Synced` event when the
 * ConfigMap is written. It reads only from the cache and writes only what differs, so a converged system is quiet.
 * Hooks let tests inject a slow reconcile or a conflicting write.
 */
import type { Condition } from '../../api/index.js';
import {
  type ClusterClient,
  type ConfigMap,
  ConfigMapResource,
  isAlreadyExists,
  isNotFound,
} from '../../kube/index.js';
import { type Widget, WidgetKind } from '../../kube/testing/widget-kind.js';
import { setCondition } from '../conditions.js';
import type { ControllerOptions } from '../controller.js';
import { addFinalizer, hasFinalizer, isBeingDeleted, removeFinalizer } from '../finalizers.js';
import type { Manager } from '../manager.js';
import { generationChanged } from '../predicates.js';
import type { ReconcileContext, Request, Result } from '../reconcile.js';

/** The finalizer the sample controller keeps on Widgets. */
export const WIDGET_FINALIZER = 'test.ramendr.io/cleanup';

/** Test hooks and counters of the sample controller. */
export interface WidgetControllerProbe {
  /** Reconciles started. */
  reconciles: number;
  /** Writes made by reconciles (creates, updates, patches, deletes). */
  writes: number;
  /** Reconciles in progress. */
  inFlight: number;
  /** Called at the start of each reconcile (e.g. to slow it down). */
  beforeReconcile?: (request: Request, context: ReconcileContext) => Promise<void>;
  /** Called before the ConfigMap is written (e.g. to make a conflicting write). */
  beforeConfigMapWrite?: (configMap: ConfigMap) => Promise<void>;
}

/** A new probe with zeroed counters. */
export function widgetProbe(): WidgetControllerProbe {
  return { reconciles: 0, writes: 0, inFlight: 0 };
}

/** The ConfigMap a widget should have. */
export function desiredConfigMap(widget: Widget): ConfigMap {
  const { namespace, name, uid } = widget.metadata;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      namespace,
      name: `widget-${name}`,
      labels: { 'app.kubernetes.io/managed-by': 'widget-controller' },
      ownerReferences: [
        {
          apiVersion: WidgetKind.apiVersion,
          kind: WidgetKind.kind,
          name: name ?? '',
          uid: uid ?? '',
          controller: true,
        },
      ],
    },
    data: { size: String(widget.spec.size), color: widget.spec.color ?? '' },
  };
}

function sameData(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

async function ensureConfigMap(
  client: ClusterClient,
  cached: ConfigMap | undefined,
  desired: ConfigMap,
  probe: WidgetControllerProbe,
): Promise<boolean> {
  if (cached && sameData(cached.data, desired.data)) return false;
  await probe.beforeConfigMapWrite?.(desired);
  probe.writes++;
  if (!cached) {
    try {
      await client.create(ConfigMapResource, desired);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      throw new Error('the ConfigMap exists but is not cached yet; retrying', { cause: error });
    }
  } else {
    await client.update(ConfigMapResource, { ...structuredClone(cached), data: desired.data ?? {} });
  }
  return true;
}

/** The sample controller's options for `manager.addController`; see the module comment. */
export function widgetController(
  manager: Manager,
  probe: WidgetControllerProbe,
  options: { name?: string; cluster?: string; maxConcurrentReconciles?: number } = {},
): ControllerOptions {
  const reconcile = async (request: Request, context: ReconcileContext): Promise<Result> => {
    probe.reconciles++;
    probe.inFlight++;
    try {
      await probe.beforeReconcile?.(request, context);
      return await reconcileWidget(manager, request, probe);
    } finally {
      probe.inFlight--;
    }
  };
  return {
    name: options.name ?? 'widget',
    maxConcurrentReconciles: options.maxConcurrentReconciles ?? 2,
    for: {
      resource: WidgetKind,
      predicates: [generationChanged],
      ...(options.cluster ? { clusters: options.cluster } : {}),
    },
    owns: [{ resource: ConfigMapResource }],
    reconciler: reconcile,
  };
}

async function reconcileWidget(
  manager: Manager,
  request: Request,
  probe: WidgetControllerProbe,
): Promise<Result> {
  const cluster = manager.cluster(request.cluster);
  const { cache, client } = cluster;
  let widget = await cache.get(WidgetKind, request);
  if (!widget) return {};
  const cmKey = { namespace: request.namespace ?? '', name: `widget-${request.name}` };
  if (isBeingDeleted(widget)) {
    if (!hasFinalizer(widget, WIDGET_FINALIZER)) return {};
    if (await cache.get(ConfigMapResource, cmKey)) {
      probe.writes++;
      await client.delete(ConfigMapResource, cmKey).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
    probe.writes++;
    await removeFinalizer(client, WidgetKind, widget, WIDGET_FINALIZER);
    return {};
  }
  if (!hasFinalizer(widget, WIDGET_FINALIZER)) {
    probe.writes++;
    widget = await addFinalizer(client, WidgetKind, widget, WIDGET_FINALIZER);
  }
  const written = await ensureConfigMap(
    client,
    await cache.get(ConfigMapResource, cmKey),
    desiredConfigMap(widget),
    probe,
  );
  if (written)
    cluster.eventRecorder('widget-controller').event(widget, 'Normal', 'Synced', `wrote ${cmKey.name}`);
  const status = structuredClone(widget.status ?? {});
  const conditions: Condition[] = status.conditions ?? [];
  const changed = setCondition(conditions, {
    type: 'Ready',
    status: 'True',
    reason: 'ConfigMapWritten',
    message: `ConfigMap ${cmKey.name} holds the spec`,
    observedGeneration: widget.metadata.generation,
  });
  if (
    changed ||
    status.observedGeneration !== widget.metadata.generation ||
    status.configMap !== cmKey.name
  ) {
    // The controller owns the status: a merge patch without a resourceVersion (controller-runtime's
    // `Status().Patch(MergeFrom(original))`) cannot conflict with writers of the spec or metadata.
    probe.writes++;
    await client.patch(
      WidgetKind,
      { namespace: cmKey.namespace, name: request.name },
      {
        type: 'merge',
        patch: {
          status: { conditions, observedGeneration: widget.metadata.generation, configMap: cmKey.name },
        },
      },
      { subresource: 'status' },
    );
  }
  return {};
}

/** Why the cluster has not converged ('' when it has): every Widget mirrored, no orphan ConfigMap. */
export async function convergenceGap(client: ClusterClient, namespace: string): Promise<string> {
  const widgets = (await client.list(WidgetKind, { namespace })).items;
  const configMaps = (
    await client.list(ConfigMapResource, {
      namespace,
      labelSelector: { matchLabels: { 'app.kubernetes.io/managed-by': 'widget-controller' } },
    })
  ).items;
  const byName = new Map(configMaps.map((cm) => [cm.metadata.name, cm]));
  for (const widget of widgets) {
    const name = widget.metadata.name ?? '';
    if (isBeingDeleted(widget)) return `${name} is still being deleted`;
    const cm = byName.get(`widget-${name}`);
    if (!cm) return `${name} has no ConfigMap`;
    if (!sameData(cm.data, desiredConfigMap(widget).data)) return `${name}'s ConfigMap is stale`;
    if (widget.status?.observedGeneration !== widget.metadata.generation) return `${name}'s status is stale`;
    if (!hasFinalizer(widget, WIDGET_FINALIZER)) return `${name} has no finalizer`;
    byName.delete(`widget-${name}`);
  }
  if (byName.size > 0) return `orphan ConfigMaps: ${[...byName.keys()].join(', ')}`;
  return '';
}
