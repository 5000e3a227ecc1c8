/**
 * `pods/log`: the container is chosen as the API server chooses it (the only one, or the one named — a pod with
 * several needs a name), then the log comes from the embedded kubelet's `PodLogSource`. Without a source (no
 * kubelet runs the pod) the log is empty, as on a real cluster for a pod not bound to a node.
 */
import type { KubeObject } from '../store/index.js';
import type { LogOptions, PodLogSource } from './contract.js';
import { badRequest } from './status-errors.js';

function containerNames(pod: KubeObject, field: string): string[] {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const list = spec[field];
  if (!Array.isArray(list)) return [];
  return list
    .map((container) => (container as { name?: unknown }).name)
    .filter((name): name is string => typeof name === 'string');
}

/** The container a log request is for (`ValidateContainer` of the pod log REST storage). */
export function logContainer(pod: KubeObject, requested: string | undefined): string {
  const name = pod.metadata.name ?? '';
  const containers = containerNames(pod, 'containers');
  if (requested === undefined || requested === '') {
    if (containers.length === 1) return containers[0] as string;
    const all = [
      ...containers,
      ...containerNames(pod, 'initContainers'),
      ...containerNames(pod, 'ephemeralContainers'),
    ];
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
  }
  const known = [
    ...containers,
    ...containerNames(pod, 'initContainers'),
    ...containerNames(pod, 'ephemeralContainers'),
  ];
  if (!known.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** Reads a pod's log through `source`. */
export async function readPodLog(
  pod: KubeObject,
  options: LogOptions,
  source: PodLogSource | undefined,
): Promise<string | AsyncIterable<string>> {
  const container = logContainer(pod, options.container);
  if (source === undefined) return '';
  return source.read(pod.metadata.namespace ?? '', pod.metadata.name ?? '', { ...options, container });
}
