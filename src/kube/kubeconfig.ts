/**
 * Loading kubeconfigs into client-node `KubeConfig`s, one per context. client-node freezes the server URL of a
 * client when it is made but re-reads credentials from the *current* context on every request, so switching the
 * context of a shared `KubeConfig` would send one cluster's credentials to another; every cluster gets its own
 * instance instead, and `openClusterClients` builds one `ClusterClient` per context.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { ClientNodeClusterClient, type ClientNodeClusterClientOptions } from './client-node-client.js';
import type { ClusterClient } from './cluster-client.js';

/** A kubeconfig could not be loaded or lacks the context asked for. */
export class KubeconfigLoadError extends Error {
  override readonly name = 'KubeconfigLoadError';
}

/** Where a kubeconfig comes from. */
export interface KubeconfigSource {
  /** A kubeconfig file. @default client-node's default search ($KUBECONFIG, ~/.kube/config, in-cluster) */
  path?: string;
  /** Kubeconfig YAML; takes precedence over `path`. */
  yaml?: string;
}

function load(source: KubeconfigSource): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (source.yaml !== undefined) kc.loadFromString(source.yaml);
    else if (source.path !== undefined) kc.loadFromFile(source.path);
    else kc.loadFromDefault();
  } catch (error) {
    const where = source.yaml !== undefined ? 'the given YAML' : (source.path ?? 'the default locations');
    throw new KubeconfigLoadError(`cannot load a kubeconfig from ${where}`, { cause: error });
  }
  return kc;
}

/** The context names of a kubeconfig, in file order. */
export function kubeconfigContexts(source: KubeconfigSource): string[] {
  return load(source)
    .getContexts()
    .map((context) => context.name);
}

/** A `KubeConfig` fixed on one context (the file's current context when `context` is absent). */
export function loadKubeConfig(source: KubeconfigSource, context?: string): KubeConfig {
  const kc = load(source);
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      throw new KubeconfigLoadError(`the kubeconfig has no context "${context}"`);
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new KubeconfigLoadError('the kubeconfig has no current cluster');
  return kc;
}

/** Options of `openClusterClients`. */
export interface OpenClusterClientsOptions extends KubeconfigSource {
  /**
   * The clusters to connect to: context names (each cluster named after its context), or a map from cluster name
   * to context name. @default every context of the kubeconfig
   */
  contexts?: readonly string[] | Readonly<Record<string, string>>;
  /** Client tuning shared by every cluster. */
  client?: Omit<ClientNodeClusterClientOptions, 'kubeConfig' | 'name'>;
}

/** One `ClusterClient` per context, keyed by cluster name; see the module comment. */
export function openClusterClients(options: OpenClusterClientsOptions): Map<string, ClusterClient> {
  const wanted = options.contexts ?? kubeconfigContexts(options);
  const pairs: Array<[string, string]> = Array.isArray(wanted)
    ? (wanted as readonly string[]).map((context) => [context, context])
    : Object.entries(wanted as Readonly<Record<string, string>>);
  const clients = new Map<string, ClusterClient>();
  for (const [name, context] of pairs) {
    const kubeConfig = loadKubeConfig(options, context);
    clients.set(name, new ClientNodeClusterClient({ ...options.client, kubeConfig, name }));
  }
  return clients;
}
