/**
 * Keeps the ManifestWorks one object (a ManifestWorkReplicaSet, a Subscription) delivers in line with what it wants:
 * one ManifestWork per decided cluster, in that cluster's namespace on the hub, found again by the owner's labels.
 * Missing works are created, changed ones updated (the spec hash this agent wrote tells a change of the wanted spec;
 * a subset comparison tells an edit by someone else, while tolerating server defaults), works of clusters no longer
 * wanted deleted. A work still terminating from an earlier deletion is reported as pending: the owner is reconciled
 * again when it is gone (its delete event maps back to the owner).
 */
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  type ManifestWork,
  ManifestWorkKind,
  type ManifestWorkSpec,
} from '../../api/index.js';
import { type ClusterClient, isAlreadyExists, isNotFound } from '../../kube/index.js';
import type { ClusterCache } from '../../runtime/index.js';
import { SPEC_HASH_ANNOTATION } from './labels.js';

/** One ManifestWork an owner wants. */
export interface DesiredManifestWork {
  /** The managed cluster (and so the hub namespace of the work). */
  cluster: string;
  name: string;
  /** Labels to set, besides the owner labels. */
  labels?: Record<string, string>;
  spec: ManifestWorkSpec;
}

/** What a sync did and found. */
export interface ManifestWorkSyncResult {
  /** The owner's works on wanted clusters, as last written or read. */
  works: ManifestWork[];
  /** Clusters whose work is still terminating from an earlier deletion. */
  pending: string[];
  /** Clusters whose work was deleted now. */
  deleted: string[];
}

/** A ManifestWork of the wanted name exists but belongs to someone else. */
export class ManifestWorkConflictError extends Error {
  override readonly name = 'ManifestWorkConflictError';
}

/** The hash recorded on a work for its wanted spec. */
export function specHash(spec: ManifestWorkSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16);
}

/** Whether every field of `wanted` has the same value in `actual` (arrays element by element, same length). */
export function isSubset(wanted: unknown, actual: unknown): boolean {
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      wanted.length === actual.length &&
      wanted.every((item, index) => isSubset(item, actual[index]))
    );
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(wanted as Record<string, unknown>).every(
      ([key, value]) => value === undefined || isSubset(value, record[key]),
    );
  }
  return wanted === actual;
}

function hasLabels(work: ManifestWork, labels: Record<string, string>): boolean {
  return Object.entries(labels).every(([key, value]) => work.metadata.labels?.[key] === value);
}

function workObject(desired: DesiredManifestWork, ownerLabels: Record<string, string>): ManifestWork {
  return {
    apiVersion: ManifestWorkKind.apiVersion,
    kind: ManifestWorkKind.kind,
    metadata: {
      name: desired.name,
      namespace: desired.cluster,
      labels: { ...desired.labels, ...ownerLabels },
      annotations: { [SPEC_HASH_ANNOTATION]: specHash(desired.spec) },
    },
    spec: desired.spec,
  };
}

function upToDate(current: ManifestWork, wanted: ManifestWork): boolean {
  const hash = wanted.metadata.annotations?.[SPEC_HASH_ANNOTATION];
  return (
    current.metadata.annotations?.[SPEC_HASH_ANNOTATION] === hash &&
    hasLabels(current, wanted.metadata.labels ?? {}) &&
    isSubset(wanted.spec, current.spec)
  );
}

async function ensureWork(
  client: ClusterClient,
  current: ManifestWork | undefined,
  wanted: ManifestWork,
  ownerLabels: Record<string, string>,
): Promise<ManifestWork> {
  let existing = current;
  if (!existing) {
    try {
      return await client.create(ManifestWorkKind, wanted);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      existing = await client.get(ManifestWorkKind, {
        namespace: wanted.metadata.namespace ?? '',
        name: wanted.metadata.name ?? '',
      });
    }
  }
  if (!hasLabels(existing, ownerLabels)) {
    throw new ManifestWorkConflictError(
      `ManifestWork ${existing.metadata.namespace}/${existing.metadata.name} exists and belongs to someone else`,
    );
  }
  if (upToDate(existing, wanted)) return existing;
  return client.update(ManifestWorkKind, {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: { ...existing.metadata.labels, ...wanted.metadata.labels },
      annotations: { ...existing.metadata.annotations, ...wanted.metadata.annotations },
    },
    spec: wanted.spec,
  });
}

async function deleteWork(client: ClusterClient, work: ManifestWork): Promise<void> {
  try {
    await client.delete(ManifestWorkKind, {
      namespace: work.metadata.namespace ?? '',
      name: work.metadata.name ?? '',
    });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Brings the owner's ManifestWorks (found by `ownerLabels`) in line with `desired`; see the module comment. */
export async function syncManifestWorks(
  client: ClusterClient,
  cache: ClusterCache,
  ownerLabels: Record<string, string>,
  desired: readonly DesiredManifestWork[],
): Promise<ManifestWorkSyncResult> {
  const existing = await cache.list(ManifestWorkKind, { labelSelector: { matchLabels: ownerLabels } });
  const result: ManifestWorkSyncResult = { works: [], pending: [], deleted: [] };
  const wantedKeys = new Set(desired.map((d) => `${d.cluster}/${d.name}`));
  for (const work of existing) {
    const key = `${work.metadata.namespace}/${work.metadata.name}`;
    if (wantedKeys.has(key) || work.metadata.deletionTimestamp) continue;
    await deleteWork(client, work);
    result.deleted.push(work.metadata.namespace ?? '');
  }
  for (const want of desired) {
    const current = existing.find(
      (w) => w.metadata.namespace === want.cluster && w.metadata.name === want.name,
    );
    if (current?.metadata.deletionTimestamp) {
      result.pending.push(want.cluster);
      continue;
    }
    result.works.push(await ensureWork(client, current, workObject(want, ownerLabels), ownerLabels));
  }
  return result;
}
