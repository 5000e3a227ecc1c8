/**
 * Names and hashes the workload controllers derive as the real ones do: the pod-template hash of a Deployment's
 * ReplicaSets (`ComputeHash`: FNV-1a 32 of the template, plus the collision count, encoded with
 * `rand.SafeEncodeString`), StatefulSet revision names, and the owner reference a controller puts on what it
 * creates.
 */
import type { OwnerReference } from '../../api/index.js';
import type { KubeObject } from '../../kube/index.js';

/** The label a Deployment's ReplicaSets and pods carry. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** The label a StatefulSet's pods carry with their revision. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** The label naming a StatefulSet pod. */
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** The label carrying a StatefulSet pod's ordinal. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** The Deployment revision annotation on Deployments and ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** `rand.SafeEncodeString`: every character mapped onto an alphabet without vowels or look-alikes. */
export function safeEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => SAFE_ALPHANUMS[byte % SAFE_ALPHANUMS.length]).join('');
}

/** The hash of a pod template (`controller.ComputeHash`). */
export function templateHash(template: unknown, collisionCount?: number): string {
  const text = JSON.stringify(template ?? {}) + (collisionCount === undefined ? '' : String(collisionCount));
  return safeEncode(String(fnv32a(text)));
}

/** The controller owner reference of `owner`. */
export function controllerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Whether `object` has `owner` (by uid) as its controller. */
export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some(
    (ref) => ref.controller === true && ref.uid === owner.metadata.uid,
  );
}

/** The fields the controllers read from an embedded template's free-form metadata. */
export interface TemplateMetadata {
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return Object.fromEntries(entries);
}

/** Reads a template's metadata (kept as sent by the API server, so checked here). */
export function templateMetadata(metadata: unknown): TemplateMetadata {
  if (metadata === null || typeof metadata !== 'object') return {};
  const record = metadata as Record<string, unknown>;
  const labels = stringMap(record.labels);
  const annotations = stringMap(record.annotations);
  return {
    ...(typeof record.name === 'string' && { name: record.name }),
    ...(labels !== undefined && { labels }),
    ...(annotations !== undefined && { annotations }),
  };
}
