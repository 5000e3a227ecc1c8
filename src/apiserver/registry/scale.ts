/**
 * The `scale` subresource (kube-api.md §15.7): an `autoscaling/v1` `Scale` view of an object's replica counts,
 * read from and written back to the paths the kind declares (CRD `subresources.scale`, or the apps/v1 workloads'
 * `spec.replicas`). A write through it changes only the desired replicas and is an ordinary update of the object
 * otherwise (resourceVersion precondition, generation bump, watch event).
 */

import {
  deepCopy,
  goJsonTypeName,
  InvalidObjectError,
  invalidError,
  isJsonObject,
  type JsonObject,
} from '../../api/index.js';
import { applyJsonPatch, applyMergePatchToObject, applyStrategicMergePatch } from '../patch/index.js';
import type { KubeObject } from '../store/index.js';
import type { PatchType, WriteResult } from './contract.js';
import { getPath, setPath } from './json-paths.js';
import type { ScaleMapping } from './kind-strategy.js';
import type { ServedResource } from './served-resource.js';
import { badRequest, resourceNotServed, undecodable, unsupportedPatchType } from './status-errors.js';
import type { WritePipeline, WriteSettings } from './write-pipeline.js';

/** The kind of the scale subresource's objects. */
const SCALE_API_VERSION = 'autoscaling/v1';

function mappingOf(served: ServedResource): ScaleMapping {
  const mapping = served.strategy.scale;
  if (mapping === undefined) throw resourceNotServed();
  return mapping;
}

function replicas(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : 0;
}

/** The `Scale` of an object (served form). */
export function scaleOf(served: ServedResource, object: KubeObject): KubeObject {
  const mapping = mappingOf(served);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  const selector = mapping.selector(object);
  return {
    kind: 'Scale',
    apiVersion: SCALE_API_VERSION,
    metadata: {
      ...(name !== undefined && { name }),
      ...(namespace !== undefined && { namespace }),
      ...(uid !== undefined && { uid }),
      ...(resourceVersion !== undefined && { resourceVersion }),
      ...(creationTimestamp !== undefined && { creationTimestamp }),
    },
    spec: { replicas: replicas(getPath(object, mapping.specReplicasPath)) },
    status: {
      replicas: replicas(getPath(object, mapping.statusReplicasPath)),
      ...(selector !== undefined && selector !== '' && { selector }),
    },
  };
}

/** GET …/scale. */
export async function getScale(
  pipeline: WritePipeline,
  served: ServedResource,
  namespace: string,
  name: string,
): Promise<KubeObject> {
  mappingOf(served);
  const current = await pipeline.read(served, namespace, name);
  return scaleOf(served, current.presented);
}

/** PUT …/scale: sets the desired replicas from a `Scale` body. */
export async function updateScale(
  pipeline: WritePipeline,
  served: ServedResource,
  namespace: string,
  name: string,
  body: unknown,
  settings: WriteSettings,
): Promise<WriteResult> {
  const mapping = mappingOf(served);
  const scale = checkScaleBody(body, name);
  const desired = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  const pinned = scale.metadata.resourceVersion;
  const attempt = async (): Promise<WriteResult> => {
    const current = await pipeline.read(served, namespace, name);
    const next = deepCopy(current.presented);
    setPath(next, mapping.specReplicasPath, desired ?? 0);
    if (pinned !== undefined && pinned !== '') next.metadata.resourceVersion = pinned;
    else delete next.metadata.resourceVersion;
    const result = await pipeline.commitUpdate(served, current, next, settings, 'patch');
    return { object: scaleOf(served, result.object), warnings: result.warnings };
  };
  const section = () => pipeline.locked(served, namespace, name, attempt);
  return pinned !== undefined && pinned !== '' ? section() : pipeline.retryUnpinned(section);
}

/** PATCH …/scale: the patch applies to the current `Scale`, then the result is written like a PUT. */
export async function patchScale(
  pipeline: WritePipeline,
  served: ServedResource,
  namespace: string,
  name: string,
  type: PatchType,
  body: unknown,
  settings: WriteSettings,
): Promise<WriteResult> {
  mappingOf(served);
  if (type === 'apply' || (type === 'strategic' && served.strategy.custom)) throw unsupportedPatchType();
  const current = await getScale(pipeline, served, namespace, name);
  const document = current as unknown as JsonObject;
  const patched =
    type === 'json'
      ? applyJsonPatch(document, body)
      : type === 'merge'
        ? applyMergePatchToObject(document, body)
        : applyStrategicMergePatch(document, body);
  return updateScale(pipeline, served, namespace, name, patched, settings);
}

/** The kind the scale subresource serves. */
const SCALE = { kind: 'Scale', version: 'v1' } as const;

/** A `Scale` body: the URL's name, replicas a non-negative integer (`ValidateScale`). */
function checkScaleBody(body: unknown, name: string): KubeObject {
  if (!isJsonObject(body)) throw undecodable(SCALE, 'the body must be an object');
  const scale = body as KubeObject;
  const metadata = scale.metadata ?? {};
  if ((metadata.name ?? '') !== name) {
    throw badRequest(
      `the name of the object (${metadata.name ?? ''}) does not match the name on the URL (${name})`,
    );
  }
  const value = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value))) {
    throw undecodable(
      SCALE,
      `json: cannot unmarshal ${goJsonTypeName(value)} into Go struct field ScaleSpec.spec.replicas of type int32`,
    );
  }
  if (typeof value === 'number' && value < 0) {
    throw new InvalidObjectError({ group: 'autoscaling', kind: 'Scale' }, name, [
      invalidError('spec.replicas', value, 'must be greater than or equal to 0'),
    ]);
  }
  return { ...scale, metadata };
}
