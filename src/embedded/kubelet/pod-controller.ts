/**
 * The kubelet of one managed cluster (the cluster is one node, named after the cluster): runs every pod bound to
 * it or bound to no node, once all its claims are Bound (until then the pod stays Pending with the scheduler's
 * reason), and reports the pod status. A pod that is deleted (the embedded API server removes pods at once, there
 * is no graceful deletion on the server) or marked for deletion has its containers terminated — SIGTERM, then
 * SIGKILL after `terminationGracePeriodSeconds` (real seconds, capped at 10) — and its directory removed. A new pod
 * with the name of one still terminating (a StatefulSet's replacement) waits until the old processes are gone, so
 * two generations never write the same volume at once.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { PersistentVolumeClaimKind, type Pod, PodKind } from '../../apiserver/builtins/index.js';
import { isNotFound } from '../../kube/index.js';
import {
  type Controller,
  enqueueRequestsFromMapFunc,
  type Manager,
  type Request,
} from '../../runtime/index.js';
import type { AgentContext } from '../agent.js';
import { podClaimNames } from '../volumes/index.js';
import { isolationMode } from './container-isolation.js';
import { podDirectory, podStartedPath } from './cri-log.js';
import { runningPodStatus, unschedulablePodStatus } from './pod-status.js';
import { resolvePodVolumes } from './pod-volumes.js';
import { PodWorker } from './pod-worker.js';

/** The longest grace period the embedded kubelet waits before SIGKILL, in seconds. */
export const MAX_GRACE_PERIOD_SECONDS = 10;

function keyOf(request: { namespace?: string; name: string }): string {
  return `${request.namespace ?? ''}/${request.name}`;
}

/** Runs the pods of one cluster; see the module comment. */
export class Kubelet {
  readonly #manager: Manager;
  readonly #context: AgentContext;
  readonly #workers = new Map<string, PodWorker>();
  readonly #terminating = new Map<string, Promise<void>>();
  #controller: Controller | undefined;

  constructor(manager: Manager, context: AgentContext) {
    this.#manager = manager;
    this.#context = context;
  }

  /** Adds the kubelet's controller to the manager. */
  register(): void {
    this.#controller = this.#manager.addController({
      name: 'kubelet',
      maxConcurrentReconciles: 4,
      for: { resource: PodKind },
      watches: [
        {
          resource: PersistentVolumeClaimKind,
          handler: enqueueRequestsFromMapFunc((claim, cluster) => this.#podsUsing(claim.metadata, cluster)),
        },
      ],
      reconciler: (request) => this.#reconcile(request),
    });
  }

  /** Kills every container (a stopped cluster) and waits for pending terminations. */
  async stopAll(): Promise<void> {
    const workers = [...this.#workers.values()];
    this.#workers.clear();
    await Promise.all([...workers.map((worker) => worker.terminate(0)), ...this.#terminating.values()]);
  }

  #podsUsing(claim: { namespace?: string; name?: string }, cluster: string): Request[] {
    const informer = this.#manager.informerFor(cluster, PodKind);
    return (informer.list({ namespace: claim.namespace ?? '' }) as Pod[])
      .filter((pod) => podClaimNames(pod).includes(claim.name ?? ''))
      .map((pod) => ({ cluster, namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '' }));
  }

  #enqueue(request: Request): void {
    this.#controller?.queue?.add(request);
  }

  async #reconcile(request: Request): Promise<void> {
    const key = keyOf(request);
    const cluster = this.#manager.cluster();
    const pod = await cluster.cache.get(PodKind, request);
    const running = this.#workers.get(key);
    if (
      running !== undefined &&
      (pod === undefined || pod.metadata.uid !== running.uid || pod.metadata.deletionTimestamp !== undefined)
    ) {
      this.#startTermination(key, running, request);
    }
    if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) return;
    const nodeName = pod.spec?.nodeName;
    if (nodeName && nodeName !== this.#context.clusterName) return;
    if (this.#terminating.has(key)) return;
    let worker = this.#workers.get(key);
    const now = new Date().toISOString();
    if (worker === undefined) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      worker = await this.#startWorker(pod, request, now);
      if (worker === undefined) return;
    }
    await this.#writeStatus(pod, runningPodStatus(pod, worker, now));
  }

  async #startWorker(pod: Pod, request: Request, now: string): Promise<PodWorker | undefined> {
    const { stateDir } = this.#context;
    const podDir = podDirectory(
      stateDir,
      pod.metadata.namespace ?? '',
      pod.metadata.name ?? '',
      pod.metadata.uid ?? '',
    );
    const resolution = await resolvePodVolumes(pod, this.#manager.cluster().cache, stateDir, podDir);
    if (!resolution.ready) {
      await this.#writeStatus(pod, unschedulablePodStatus(pod, resolution.reason, resolution.message, now));
      return undefined;
    }
    await mkdir(podDir, { recursive: true });
    await writeFile(podStartedPath(podDir), String(Date.now()));
    const worker = new PodWorker({
      pod,
      podDir,
      volumes: resolution.volumes,
      isolation: await isolationMode(),
      timeScale: this.#context.timeScale,
      logger: this.#context.logger,
      onChange: () => this.#enqueue(request),
    });
    this.#workers.set(keyOf(request), worker);
    await worker.start();
    return worker;
  }

  #startTermination(key: string, worker: PodWorker, request: Request): void {
    this.#workers.delete(key);
    const graceMs = Math.min(worker.gracePeriodSeconds, MAX_GRACE_PERIOD_SECONDS) * 1000;
    const done = worker
      .terminate(graceMs)
      .then(() => rm(worker.podDir, { recursive: true, force: true }))
      .catch((error: unknown) =>
        this.#context.logger.error({ err: error, pod: key }, 'pod termination failed'),
      )
      .finally(() => {
        this.#terminating.delete(key);
        this.#enqueue(request);
      });
    this.#terminating.set(key, done);
  }

  async #writeStatus(pod: Pod, status: NonNullable<Pod['status']>): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(pod.status)) return;
    try {
      await this.#manager.cluster().client.updateStatus(PodKind, { ...pod, status });
    } catch (error) {
      // A stale cache (a conflict) is retried by the queue; a pod deleted meanwhile needs nothing.
      if (!isNotFound(error)) throw error;
    }
  }
}
