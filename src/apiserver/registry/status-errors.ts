/**
 * The Kubernetes failures the registry raises itself, built with wire/'s apimachinery constructors, and the one
 * conversion at the registry's boundary: validation errors (422 Invalid, 400 strict decoding) and patch errors
 * become `StatusError`s, so the HTTP layer only meets `StatusError`s and store errors (`toStatus()`).
 */
import { type FieldError, InvalidObjectError, StrictDecodingError } from '../../api/index.js';
import { PatchError } from '../patch/index.js';
import type { ResourceKey } from '../store/index.js';
import {
  generateNameConflict,
  pathNotFound,
  type Status,
  type StatusCause,
  StatusError,
  undecodableBody,
  unsupportedMediaType,
  badRequest as wireBadRequest,
  forbidden as wireForbidden,
  methodNotSupported as wireMethodNotSupported,
} from '../wire/index.js';

/** The patch media types a custom resource accepts (strategic merge patch is for built-ins only). */
const CUSTOM_RESOURCE_PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
];

/** 400 BadRequest with a free-text message. */
export function badRequest(message: string): StatusError {
  return wireBadRequest(message);
}

/**
 * 400 for a body the kind's decoder refuses (a wrong JSON type, invalid base64, a bad time):
 * `<Kind> in version "<version>" cannot be handled as a <Kind>: <detail>`.
 */
export function undecodable(
  target: { readonly kind: string; readonly version: string },
  detail: string,
): StatusError {
  return undecodableBody(target.kind, target.version, detail);
}

/** 404 for a path that names no served resource or subresource. */
export function resourceNotServed(): StatusError {
  return pathNotFound();
}

/** 403 Forbidden (`apierrors.NewForbidden`): `<resource> "<name>" is forbidden: <reason>`. */
export function forbidden(
  resource: ResourceKey,
  name: string,
  reason: string,
  causes?: StatusCause[],
): StatusError {
  return wireForbidden(resource.resource, resource.group, name, reason, causes);
}

/** 405 (`apierrors.NewMethodNotSupported`): `<verb> is not supported on resources of kind "<resource>"`. */
export function methodNotSupported(resource: ResourceKey, verb: string): StatusError {
  return wireMethodNotSupported(resource.resource, resource.group, verb);
}

/** 409 when every name generated from `generateName` was taken (`CheckGeneratedNameError`). */
export function generatedNameTaken(resource: ResourceKey, name: string, cause: unknown): StatusError {
  const error = generateNameConflict(resource.resource, resource.group, name);
  return new StatusError(error.status, { cause });
}

/** 415 for a strategic merge patch of a custom resource. */
export function unsupportedPatchType(): StatusError {
  return unsupportedMediaType(CUSTOM_RESOURCE_PATCH_TYPES);
}

/** A 500 without a reason: how the API server reports a plain (non-API) error from its storage layer. */
export function internalFailure(message: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    code: 500,
  });
}

/** 422 about request options (`PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: …`). */
export function invalidOptions(
  kind: 'PatchOptions' | 'ListOptions' | 'DeleteOptions',
  errors: FieldError[],
): InvalidObjectError {
  return new InvalidObjectError({ group: 'meta.k8s.io', kind }, '', errors);
}

/**
 * The error to hand to the HTTP layer: validation and patch failures as `StatusError`s carrying the exact Status
 * body; anything else (StatusErrors, store errors, bugs) unchanged.
 */
export function toApiError(error: unknown): unknown {
  if (error instanceof InvalidObjectError || error instanceof StrictDecodingError) {
    return new StatusError(error.status as Status, { cause: error });
  }
  if (error instanceof PatchError) {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: error.message,
    };
    if (error.reason !== '') status.reason = error.reason;
    if (error.causes.length > 0) status.details = { causes: error.causes.map((cause) => ({ ...cause })) };
    status.code = error.code;
    return new StatusError(status, { cause: error });
  }
  return error;
}
