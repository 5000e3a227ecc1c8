/**
 * PATCH (kube-api.md §7.5, §12, §13): the patch is applied to the object as the served version presents it (JSON
 * patch, merge patch, strategic merge patch for built-ins only, or server-side apply), the result is decoded like
 * a request body and then committed under the update rules. Unpinned patches are re-applied to the newest object
 * when they lose a race; an apply to a missing object creates it.
 */
import { forbiddenError, type JsonObject } from '../../api/index.js';
import {
  applyJsonPatch,
  applyMergePatchToObject,
  applyPatch,
  applyStrategicMergePatch,
  type KindStructure,
  type PatchMeta,
} from '../patch/index.js';
import { type KubeObject, NotFoundError } from '../store/index.js';
import type { PatchType, Subresource, WriteResult } from './contract.js';
import {
  checkUrlName,
  decodeBody,
  enforceFieldValidation,
  normalizeBody,
  placeInNamespace,
} from './request-body.js';
import type { ServedResource } from './served-resource.js';
import { invalidOptions, resourceNotServed, unsupportedPatchType } from './status-errors.js';
import type { CurrentObject, WritePipeline, WriteSettings } from './write-pipeline.js';

/** A patch request after option parsing. */
export interface PatchRequest {
  readonly type: PatchType;
  readonly body: unknown;
  readonly settings: WriteSettings;
  /** `?force=`; only allowed for apply. */
  readonly force?: boolean;
  readonly subresource?: Subresource;
}

/** Checks the options of a patch request before anything is read (`ValidatePatchOptions`, media types). */
export function checkPatchRequest(served: ServedResource, request: PatchRequest): void {
  if (request.type === 'strategic' && served.strategy.custom) throw unsupportedPatchType();
  if (request.force !== undefined && request.type !== 'apply') {
    throw invalidOptions('PatchOptions', [
      forbiddenError('force', 'may not be specified for non-apply patch'),
    ]);
  }
  if (request.subresource !== undefined && !served.strategy.subresourcePaths.has(request.subresource)) {
    throw resourceNotServed();
  }
}

/** Applies a patch document of the request's type to `object` (the served form); the result is a new object. */
export function applyPatchDocument(
  served: ServedResource,
  object: KubeObject,
  request: PatchRequest,
  now: Date,
): { object: KubeObject; managedFieldsDone: boolean } {
  const { strategy } = served;
  const document = object as unknown as JsonObject;
  switch (request.type) {
    case 'json':
      return {
        object: applyJsonPatch(document, request.body) as unknown as KubeObject,
        managedFieldsDone: false,
      };
    case 'merge':
      return {
        object: applyMergePatchToObject(document, request.body) as unknown as KubeObject,
        managedFieldsDone: false,
      };
    case 'strategic':
      return {
        object: applyStrategicMergePatch(
          document,
          request.body,
          strategy.patch.strategic as PatchMeta,
        ) as unknown as KubeObject,
        managedFieldsDone: false,
      };
    case 'apply': {
      const result = applyPatch(document, request.body, applyOptions(served, request, now));
      return { object: result.object as unknown as KubeObject, managedFieldsDone: true };
    }
  }
}

function applyOptions(served: ServedResource, request: PatchRequest, now: Date) {
  const { strategy } = served;
  const resetFields =
    request.subresource === undefined
      ? [...strategy.subresourcePaths.values()].flat().map((path) => path.split('.'))
      : undefined;
  return {
    manager: request.settings.fieldManager ?? '',
    ...(request.force !== undefined && { force: request.force }),
    apiVersion: strategy.apiVersion,
    ...(strategy.patch.structure !== undefined && { kindMeta: strategy.patch.structure as KindStructure }),
    ...(request.subresource !== undefined && { subresource: request.subresource }),
    ...(resetFields !== undefined && resetFields.length > 0 && { resetFields }),
    now,
  };
}

/** PATCH on an object or its status/finalize subresource. */
export async function patchObject(
  pipeline: WritePipeline,
  served: ServedResource,
  namespace: string,
  name: string,
  request: PatchRequest,
): Promise<WriteResult> {
  checkPatchRequest(served, request);
  const { strategy } = served;
  return pipeline.retryUnpinned(() =>
    pipeline.locked(served, namespace, name, async () => {
      let current: CurrentObject;
      try {
        current = await pipeline.read(served, namespace, name);
      } catch (error) {
        if (error instanceof NotFoundError && request.type === 'apply' && request.subresource === undefined) {
          return applyCreate(pipeline, served, namespace, name, request);
        }
        throw error;
      }
      const patched = applyPatchDocument(served, current.presented, request, pipeline.now());
      const normalized = normalizeBody(strategy, patched.object);
      checkUrlName(normalized, name);
      placeInNamespace(strategy, normalized, namespace);
      const decoded = decodeBody(strategy, normalized);
      const warnings = enforceFieldValidation(
        strategy,
        decoded.unknownFields,
        request.settings.fieldValidation,
      );
      const result = await pipeline.commitUpdate(
        served,
        current,
        decoded.object,
        request.settings,
        'patch',
        request.subresource,
        patched.managedFieldsDone,
      );
      return { ...result, warnings: [...warnings, ...result.warnings] };
    }),
  );
}

/** Server-side apply to an object that does not exist: the configuration becomes a create (201). */
async function applyCreate(
  pipeline: WritePipeline,
  served: ServedResource,
  namespace: string,
  name: string,
  request: PatchRequest,
): Promise<WriteResult> {
  const result = applyPatch(undefined, request.body, applyOptions(served, request, pipeline.now()));
  const object = result.object as unknown as KubeObject;
  checkUrlName(normalizeBody(served.strategy, object), name);
  return pipeline.create(served, namespace, object, request.settings, { preserveManagedFields: true });
}
