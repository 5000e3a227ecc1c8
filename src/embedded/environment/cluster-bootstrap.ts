/**
 * What every cluster of the environment holds before any agent starts: the CRDs of its side, the operator
 * namespace, and (written by ramen-config-maps.ts) the S3 secrets and RamenConfig. Everything is written with
 * server-side apply under one field manager, so a restart on the same state converges to the current definitions
 * instead of failing on objects that already exist.
 */
import { type KindDefinition, toCustomResourceDefinition } from '../../api/index.js';
import {
  type ClusterClient,
  CustomResourceDefinitionResource,
  isAlreadyExists,
  type KubeObject,
  NamespaceResource,
  type ResourceRef,
} from '../../kube/index.js';
import { EnvironmentError } from './environment-error.js';

/** The field manager of everything the environment writes. */
export const ENVIRONMENT_FIELD_MANAGER = 'ramen-env';

/** Server-side applies `object` (which carries apiVersion, kind and metadata.name) with the environment's manager. */
export async function applyObject<T extends KubeObject>(
  client: ClusterClient,
  resource: ResourceRef<T>,
  object: T,
): Promise<void> {
  const key = {
    name: object.metadata.name ?? '',
    ...(object.metadata.namespace !== undefined && { namespace: object.metadata.namespace }),
  };
  await client.patch(
    resource,
    key,
    { type: 'apply', configuration: object as unknown as Record<string, unknown>, force: true },
    { fieldManager: ENVIRONMENT_FIELD_MANAGER },
  );
}

/**
 * Creates `object`, or server-side applies it when it exists already (a resumed environment): creating is about
 * twice as cheap as applying on the API server, and a fresh environment creates everything.
 */
export async function createOrApply<T extends KubeObject>(
  client: ClusterClient,
  resource: ResourceRef<T>,
  object: T,
): Promise<void> {
  try {
    await client.create(resource, object, { fieldManager: ENVIRONMENT_FIELD_MANAGER });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    await applyObject(client, resource, object);
  }
}

/** Creates (or leaves) a namespace. */
export async function ensureNamespace(client: ClusterClient, name: string): Promise<void> {
  await createOrApply(client, NamespaceResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** Options of `installCrds`. */
export interface InstallCrdsOptions {
  /** How long to wait for the CRDs to become Established. @default 15_000 */
  timeoutMs?: number;
}

/** Applies the CRDs of `kinds` and waits until the API server serves every one of them. */
export async function installCrds(
  client: ClusterClient,
  kinds: readonly KindDefinition[],
  options: InstallCrdsOptions = {},
): Promise<void> {
  const crds = kinds.map((kind) => toCustomResourceDefinition(kind));
  await Promise.all(
    crds.map((crd) => createOrApply(client, CustomResourceDefinitionResource, crd as unknown as KubeObject)),
  );
  await waitForEstablished(
    client,
    crds.map((crd) => crd.metadata.name),
    options.timeoutMs ?? 15_000,
  );
}

async function waitForEstablished(
  client: ClusterClient,
  names: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending: string[] = [...names];
  while (pending.length > 0) {
    const { items } = await client.list(CustomResourceDefinitionResource);
    const established = new Set(
      items
        .filter((crd) => crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        .map((crd) => crd.metadata.name),
    );
    pending = pending.filter((name) => !established.has(name));
    if (pending.length === 0) return;
    if (Date.now() > deadline) {
      throw new EnvironmentError(
        `cluster ${client.name}: CRDs not established after ${timeoutMs} ms: ${pending.join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
