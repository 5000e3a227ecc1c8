/**
 * Helpers for tests that talk to the embedded API server the way an operator does, through
 * `@kubernetes/client-node` 1.x: a `KubeConfig` from the server's kubeconfig, the Kubernetes `Status` inside an
 * `ApiException`, CRDs created with client-node, and polling until a condition holds.
 */
import {
  ApiException,
  ApiextensionsV1Api,
  KubeConfig,
  loadYaml,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import {
  type CustomResourceDefinition,
  type KindDefinition,
  toCustomResourceDefinition,
} from '../../src/api/index.js';

/** The fields of a Kubernetes `Status` the tests check. */
export interface KubeStatus {
  kind: string;
  apiVersion: string;
  status: string;
  message: string;
  reason: string;
  code: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

/** A client-node configuration for the server that wrote `kubeconfigPath` (one per server, never re-pointed). */
export function kubeConfigFrom(kubeconfigPath: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}

/** A failed call's HTTP code and parsed `Status` body; throws when `error` is not an `ApiException`. */
export function apiFailure(error: unknown): { code: number; status: KubeStatus } {
  if (!(error instanceof ApiException)) throw error;
  return { code: error.code, status: JSON.parse(error.body as string) as KubeStatus };
}

/** Runs `call`, expecting it to fail with an `ApiException`; returns its code and Status. */
export async function expectApiFailure(
  call: Promise<unknown>,
): Promise<{ code: number; status: KubeStatus }> {
  try {
    await call;
  } catch (error) {
    return apiFailure(error);
  }
  throw new Error('expected the call to fail with an ApiException, but it succeeded');
}

/**
 * Creates the CRD of a declared kind with client-node; the server establishes it before answering. The plain JSON
 * goes through `loadYaml` first, as a CRD file would: the typed API serializes `V1JSONSchemaProps` by its
 * TypeScript property names (`x_kubernetes_validations`, `_default`), so a plain object handed to it directly loses
 * every `x-kubernetes-*` key and every `default` without a word.
 */
export async function createCrd(kc: KubeConfig, kind: KindDefinition): Promise<CustomResourceDefinition> {
  const crd = toCustomResourceDefinition(kind);
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const body = loadYaml<V1CustomResourceDefinition>(JSON.stringify(crd));
  const created = await api.createCustomResourceDefinition({ body });
  const established = created.status?.conditions?.some(
    (c) => c.type === 'Established' && c.status === 'True',
  );
  if (!established) throw new Error(`CRD ${crd.metadata.name} was not established on create`);
  return crd;
}

/** Polls `condition` every `intervalMs` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
