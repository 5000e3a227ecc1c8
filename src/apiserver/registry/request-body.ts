/**
 * The first steps of every write, before any kind-specific logic: the body must be an object of the URL's
 * apiVersion and kind (both filled in when missing, as the decoder defaults them), its name and namespace must
 * agree with the URL, its metadata must decode as ObjectMeta, and unknown fields are refused, reported or dropped
 * according to `fieldValidation` (kube-api.md §5.1, §15.5).
 */

import {
  deepCopy,
  type FieldError,
  goJsonTypeName,
  InvalidObjectError,
  invalidError,
  isJsonObject,
  type JsonRecord,
  StrictDecodingError,
} from '../../api/index.js';
import type { KubeObject } from '../store/index.js';
import type { FieldValidation } from './contract.js';
import type { DecodedBody, KindStrategy } from './kind-strategy.js';
import { isObjectMetaField } from './object-metadata.js';
import { badRequest, undecodable } from './status-errors.js';

/**
 * A private copy of a request body with apiVersion and kind checked against the served kind and filled in.
 * @throws StatusError 400 for a body that is not an object or names another API version; 422 for another kind
 */
export function normalizeBody(strategy: KindStrategy, body: unknown): KubeObject {
  if (!isJsonObject(body)) {
    throw undecodable(
      strategy,
      `json: cannot unmarshal ${goJsonTypeName(body)} into Go value of type struct`,
    );
  }
  const object = deepCopy(body) as KubeObject;
  if (object.metadata === undefined || object.metadata === null) object.metadata = {};
  if (!isJsonObject(object.metadata))
    throw metadataTypeError(strategy, 'metadata', object.metadata, 'v1.ObjectMeta');
  const apiVersion = object.apiVersion;
  if (apiVersion !== undefined && apiVersion !== '' && apiVersion !== strategy.apiVersion) {
    throw badRequest(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${strategy.apiVersion})`,
    );
  }
  const kind = object.kind;
  if (kind !== undefined && kind !== '' && kind !== strategy.kind) {
    const name = typeof object.metadata.name === 'string' ? object.metadata.name : '';
    throw new InvalidObjectError({ group: strategy.group, kind: String(kind) }, name, [
      invalidError('kind', kind, `must be ${strategy.kind}`),
    ]);
  }
  return { ...object, apiVersion: strategy.apiVersion, kind: strategy.kind };
}

/**
 * Puts a namespaced object in the URL's namespace (a different one in the body is a 400) and takes any namespace
 * off a cluster-scoped object.
 */
export function placeInNamespace(strategy: KindStrategy, object: KubeObject, namespace: string): void {
  if (!strategy.namespaced) {
    delete object.metadata.namespace;
    return;
  }
  const own = object.metadata.namespace;
  if (own !== undefined && own !== '' && namespace !== '' && own !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (namespace !== '') object.metadata.namespace = namespace;
}

/** The body of an update must name the object of the URL. */
export function checkUrlName(object: KubeObject, name: string): void {
  const own = object.metadata.name ?? '';
  if (own !== name) {
    throw badRequest(`the name of the object (${own}) does not match the name on the URL (${name})`);
  }
}

const STRING_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'creationTimestamp',
] as const;

/**
 * Decodes metadata as the typed ObjectMeta decoder would: wrong JSON types are a 400, unknown members are dropped
 * and returned as unknown fields.
 */
export function decodeMetadata(strategy: KindStrategy, object: KubeObject): string[] {
  const metadata = object.metadata as JsonRecord;
  for (const field of STRING_FIELDS) {
    const value = metadata[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw metadataTypeError(strategy, `metadata.${field}`, value, 'string');
    }
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isJsonObject(map)) throw metadataTypeError(strategy, `metadata.${field}`, map, 'map[string]string');
    for (const value of Object.values(map)) {
      if (typeof value !== 'string') throw metadataTypeError(strategy, `metadata.${field}`, value, 'string');
    }
  }
  const finalizers = metadata.finalizers;
  if (finalizers !== undefined && finalizers !== null) {
    if (!Array.isArray(finalizers))
      throw metadataTypeError(strategy, 'metadata.finalizers', finalizers, '[]string');
    for (const value of finalizers) {
      if (typeof value !== 'string')
        throw metadataTypeError(strategy, 'metadata.finalizers', value, 'string');
    }
  }
  const references = metadata.ownerReferences;
  if (references !== undefined && references !== null) {
    if (!Array.isArray(references) || references.some((reference) => !isJsonObject(reference))) {
      throw metadataTypeError(strategy, 'metadata.ownerReferences', references, '[]v1.OwnerReference');
    }
  }
  for (const field of Object.keys(metadata)) {
    if (metadata[field] === null) delete metadata[field];
  }
  const unknown: string[] = [];
  for (const field of Object.keys(metadata)) {
    if (!isObjectMetaField(field)) {
      unknown.push(`metadata.${field}`);
      delete metadata[field];
    }
  }
  return unknown;
}

function metadataTypeError(strategy: KindStrategy, field: string, value: unknown, goType: string) {
  return undecodable(
    strategy,
    `json: cannot unmarshal ${goJsonTypeName(value)} into Go struct field ObjectMeta.${field} of type ${goType}`,
  );
}

/**
 * Applies `fieldValidation` to the unknown fields of a decoded body: Strict refuses them (400), Warn reports
 * them as warnings, Ignore drops them silently. Returns the warnings.
 * @throws StrictDecodingError
 */
export function enforceFieldValidation(
  strategy: KindStrategy,
  unknownFields: readonly string[],
  mode: FieldValidation,
): string[] {
  if (unknownFields.length === 0) return [];
  const sorted = [...new Set(unknownFields)].sort();
  if (mode === 'Strict') throw new StrictDecodingError(strategy, sorted);
  return mode === 'Warn' ? sorted.map((path) => `unknown field "${path}"`) : [];
}

/** Decodes a normalized body: metadata, then the kind's pruning and defaulting; returns the unknown fields too. */
export function decodeBody(strategy: KindStrategy, object: KubeObject): DecodedBody {
  const metadataUnknown = decodeMetadata(strategy, object);
  const decoded = strategy.decode(object);
  return { object: decoded.object, unknownFields: [...metadataUnknown, ...decoded.unknownFields] };
}

/** Drops duplicate errors (same field, type and text), as the aggregate of a real server does. */
export function uniqueErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.type}\u0000${error.field}\u0000${error.detail}\u0000${String(error.badValue)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
