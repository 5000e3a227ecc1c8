/**
 * The kubeconfig an embedded API server hands to its clients (kube-api.md §2.5): one cluster, one user with a bearer
 * token and one context per server, in the shape kubectl and client-node read without warnings. Several servers (the
 * embedded environment's hub, dr1 and dr2) are merged into one file with a context each, so
 * `kubectl --context dr1 get vrg -A` works.
 */
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { isJsonObject } from '../../api/index.js';
import { writeFileAtomically } from './atomic-file.js';

/** What a client needs to reach one API server. */
export interface ServerCredentials {
  /** The context name, also used for the cluster (`<name>`) and the user (`<name>-admin`). */
  name: string;
  /** `https://127.0.0.1:PORT`. */
  server: string;
  /** The PEM CA certificate the server's certificate verifies against; omit only with `insecureSkipTlsVerify`. */
  caPem?: string;
  /** The bearer token. */
  token?: string;
  /** Skip certificate verification (http servers; never together with `caPem`). @default false */
  insecureSkipTlsVerify?: boolean;
  /** The context's default namespace. @default 'default' */
  namespace?: string;
}

/** A named cluster entry. */
export interface KubeconfigCluster {
  name: string;
  cluster: { server: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean };
}

/** A named user entry. */
export interface KubeconfigUser {
  name: string;
  user: { token?: string };
}

/** A named context entry. */
export interface KubeconfigContext {
  name: string;
  context: { cluster: string; user: string; namespace?: string };
}

/** The subset of a kubeconfig (`kind: Config`) this module writes and merges. */
export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  preferences: Record<string, never>;
  clusters: KubeconfigCluster[];
  users: KubeconfigUser[];
  contexts: KubeconfigContext[];
  'current-context': string;
}

/** A kubeconfig file that cannot be read or does not hold what a merge needs. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

/** A kubeconfig with `currentContext` and the given entries (none by default). */
function kubeconfigOf(
  currentContext: string,
  entries: Partial<Pick<Kubeconfig, 'clusters' | 'users' | 'contexts'>> = {},
): Kubeconfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: entries.clusters ?? [],
    users: entries.users ?? [],
    contexts: entries.contexts ?? [],
    'current-context': currentContext,
  };
}

/** Builds a kubeconfig with one context per server; the current context is the first server unless given. */
export function buildKubeconfig(servers: readonly ServerCredentials[], currentContext?: string): Kubeconfig {
  const first = servers[0];
  if (first === undefined) throw new KubeconfigError('a kubeconfig needs at least one server');
  const config = kubeconfigOf(currentContext ?? first.name);
  for (const server of servers) addServer(config, server);
  return checkCurrentContext(config);
}

function addServer(config: Kubeconfig, server: ServerCredentials): void {
  if (server.caPem !== undefined && server.insecureSkipTlsVerify === true) {
    // client-go rejects a cluster that has both; refuse to write a kubeconfig kubectl would not load.
    throw new KubeconfigError(`server ${server.name}: a CA and insecure-skip-tls-verify cannot be combined`);
  }
  const cluster: KubeconfigCluster['cluster'] = { server: server.server };
  if (server.caPem !== undefined) {
    cluster['certificate-authority-data'] = Buffer.from(server.caPem, 'utf8').toString('base64');
  }
  if (server.insecureSkipTlsVerify === true) cluster['insecure-skip-tls-verify'] = true;
  const userName = `${server.name}-admin`;
  upsert(config.clusters, { name: server.name, cluster });
  upsert(config.users, { name: userName, user: server.token === undefined ? {} : { token: server.token } });
  upsert(config.contexts, {
    name: server.name,
    context: { cluster: server.name, user: userName, namespace: server.namespace ?? 'default' },
  });
}

/** Replaces the entry with the same name in place (keeping file order stable), or appends. */
function upsert<T extends { name: string }>(entries: T[], entry: T): void {
  const index = entries.findIndex((existing) => existing.name === entry.name);
  if (index >= 0) entries[index] = entry;
  else entries.push(entry);
}

function checkCurrentContext(config: Kubeconfig): Kubeconfig {
  if (!config.contexts.some((context) => context.name === config['current-context'])) {
    throw new KubeconfigError(`current context ${config['current-context']} is not one of the contexts`);
  }
  return config;
}

/**
 * Merges kubeconfigs into one: clusters, users and contexts of later configs replace same-named entries of earlier
 * ones. The current context is `currentContext`, or the first config's.
 */
export function mergeKubeconfigs(configs: readonly Kubeconfig[], currentContext?: string): Kubeconfig {
  const first = configs[0];
  if (first === undefined) throw new KubeconfigError('nothing to merge');
  const merged = kubeconfigOf(
    currentContext ?? (first['current-context'] || (first.contexts[0]?.name ?? '')),
  );
  for (const config of configs) {
    for (const cluster of config.clusters) upsert(merged.clusters, cluster);
    for (const user of config.users) upsert(merged.users, user);
    for (const context of config.contexts) upsert(merged.contexts, context);
  }
  return checkCurrentContext(merged);
}

/** Renders a kubeconfig as YAML. */
export function renderKubeconfig(config: Kubeconfig): string {
  return stringify(config, { lineWidth: 0 });
}

/** Writes a kubeconfig atomically, readable by the owner only (it holds a token). */
export async function writeKubeconfig(path: string, config: Kubeconfig): Promise<void> {
  await writeFileAtomically(path, renderKubeconfig(config), 0o600);
}

/** Reads a kubeconfig written by this module (or any kubeconfig with the same fields). */
export async function readKubeconfig(path: string): Promise<Kubeconfig> {
  let document: unknown;
  try {
    document = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}`, { cause: error });
  }
  if (!isKubeconfig(document)) throw new KubeconfigError(`${path} is not a kubeconfig (kind: Config)`);
  return kubeconfigOf(document['current-context'] ?? '', document);
}

function isKubeconfig(document: unknown): document is Partial<Kubeconfig> {
  return (
    isJsonObject(document) &&
    document.kind === 'Config' &&
    ['clusters', 'users', 'contexts'].every((key) => document[key] == null || Array.isArray(document[key]))
  );
}

/** Merges kubeconfig files into `target` (e.g. hub, dr1 and dr2 into the environment's kubeconfig). */
export async function mergeKubeconfigFiles(
  sources: readonly string[],
  target: string,
  currentContext?: string,
): Promise<Kubeconfig> {
  const configs = await Promise.all(sources.map((source) => readKubeconfig(source)));
  const merged = mergeKubeconfigs(configs, currentContext);
  await writeKubeconfig(target, merged);
  return merged;
}
