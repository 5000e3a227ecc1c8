/**
 * Turns an application folder into the objects to deploy, as OCM's git subscription does: a folder with a
 * kustomization is built with `kubectl kustomize` (kubectl embeds kustomize); otherwise every `*.yaml`/`*.yml`
 * document under the folder counts. Namespaced objects without a namespace get the Subscription's namespace.
 */
import { execFile } from 'node:child_process';
import { access, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../kube/index.js';

const run = promisify(execFile);

/** The file names that make a folder a kustomization. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** A folder needs kustomize but no kubectl could be run. */
export class KubectlUnavailableError extends Error {
  override readonly name = 'KubectlUnavailableError';
}

/** The folder could not be rendered (bad YAML, a failing kustomization, an object without kind or name, ...). */
export class ManifestRenderError extends Error {
  override readonly name = 'ManifestRenderError';
}

/** Options of `renderFolder`. */
export interface RenderOptions {
  /** The kubectl executable. @default 'kubectl' */
  kubectl?: string;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkObject(value: unknown, source: string): KubeObject {
  if (!isObjectLike(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    throw new ManifestRenderError(`${source}: a document is not a Kubernetes object (apiVersion and kind)`);
  }
  const metadata = value.metadata;
  if (!isObjectLike(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    throw new ManifestRenderError(`${source}: a ${value.kind} has no metadata.name`);
  }
  return value as unknown as KubeObject;
}

/** The objects in a multi-document YAML text (empty documents skipped, `kind: List` expanded). */
export function parseManifests(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new ManifestRenderError(`${source}: ${document.errors[0]?.message ?? 'invalid YAML'}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (isObjectLike(value) && value.kind === 'List' && Array.isArray(value.items)) {
      for (const item of value.items) objects.push(checkObject(item, source));
    } else {
      objects.push(checkObject(value, source));
    }
  }
  return objects;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether `folder` holds a kustomization file. */
export async function isKustomization(folder: string): Promise<boolean> {
  for (const name of KUSTOMIZATION_FILES) if (await exists(join(folder, name))) return true;
  return false;
}

async function kustomize(folder: string, kubectl: string): Promise<string> {
  try {
    const { stdout } = await run(kubectl, ['kustomize', folder], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KubectlUnavailableError(
        `the folder has a kustomization but "${kubectl}" was not found; install kubectl (it embeds kustomize) to deploy it`,
        { cause: error },
      );
    }
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new ManifestRenderError(`kubectl kustomize failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

async function yamlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (path) =>
        !relative(folder, path)
          .split(/[\\/]/)
          .some((part) => part.startsWith('.')),
    )
    .sort();
}

/** The objects an application folder deploys; see the module comment. */
export async function renderFolder(folder: string, options: RenderOptions = {}): Promise<KubeObject[]> {
  if (!(await exists(folder))) throw new ManifestRenderError(`the folder ${folder} does not exist`);
  if (await isKustomization(folder)) {
    return parseManifests(await kustomize(folder, options.kubectl ?? 'kubectl'), 'kustomize output');
  }
  const objects: KubeObject[] = [];
  for (const file of await yamlFiles(folder)) {
    objects.push(...parseManifests(await readFile(file, 'utf8'), relative(folder, file)));
  }
  return objects;
}

/** Kinds (by `group/kind`, core group empty) that are cluster-scoped, so never get a namespace. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'scheduling.k8s.io/PriorityClass',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'apiregistration.k8s.io/APIService',
  'snapshot.storage.k8s.io/VolumeSnapshotClass',
  'snapshot.storage.k8s.io/VolumeSnapshotContent',
  'replication.storage.openshift.io/VolumeReplicationClass',
  'replication.storage.openshift.io/VolumeGroupReplicationClass',
]);

/** Whether an object's kind is cluster-scoped (by the list above). */
export function isClusterScoped(object: KubeObject): boolean {
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  return CLUSTER_SCOPED_KINDS.has(`${group}/${object.kind}`);
}

/** Copies of `objects` where namespaced objects without a namespace are put in `namespace`. */
export function withDefaultNamespace(objects: readonly KubeObject[], namespace: string): KubeObject[] {
  return objects.map((object) =>
    isClusterScoped(object) || object.metadata.namespace
      ? object
      : { ...object, metadata: { ...object.metadata, namespace } },
  );
}
