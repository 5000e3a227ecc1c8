/**
 * Prometheus metrics of the runtime, under controller-runtime's and client-go's names and labels so existing
 * dashboards and alerts work unchanged: `controller_runtime_reconcile_total{controller,result}`,
 * `controller_runtime_reconcile_errors_total`, `controller_runtime_terminal_reconcile_errors_total`,
 * `controller_runtime_reconcile_panics_total` (here: throws of non-Error values), `controller_runtime_reconcile_time_seconds`,
 * `controller_runtime_max_concurrent_reconciles`, `controller_runtime_active_workers`, the `workqueue_*` family,
 * `leader_election_master_status` and `rest_client_requests_total`. Registered once per prom-client `Registry`.
 */
import { Counter, exponentialBuckets, Gauge, Histogram, type Registry } from 'prom-client';
import type { WorkQueue, WorkQueueMetricsSink } from './work-queue.js';

/** controller-runtime's reconcile_time_seconds buckets. */
const RECONCILE_TIME_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25,
  1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];

/** The reconcile outcomes counted by `controller_runtime_reconcile_total`. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

/** Every runtime metric of one registry; see the module comment. */
export class RuntimeMetrics {
  static readonly #byRegistry = new WeakMap<Registry, RuntimeMetrics>();

  readonly reconcileTotal: Counter<'controller' | 'result'>;
  readonly reconcileErrors: Counter<'controller'>;
  readonly terminalReconcileErrors: Counter<'controller'>;
  readonly reconcilePanics: Counter<'controller'>;
  readonly reconcileTime: Histogram<'controller'>;
  readonly maxConcurrentReconciles: Gauge<'controller'>;
  readonly activeWorkers: Gauge<'controller'>;
  readonly workqueueDepth: Gauge<'name' | 'controller' | 'priority'>;
  readonly workqueueAdds: Counter<'name' | 'controller'>;
  readonly workqueueQueueDuration: Histogram<'name' | 'controller'>;
  readonly workqueueWorkDuration: Histogram<'name' | 'controller'>;
  readonly workqueueRetries: Counter<'name' | 'controller'>;
  readonly leaderElectionMasterStatus: Gauge<'name'>;
  readonly leaderElectionSlowpath: Counter<'name'>;
  readonly restClientRequests: Counter<'code' | 'method' | 'host'>;
  readonly #queues = new Map<string, WorkQueue<unknown>>();

  /** The metrics of `registry`, created and registered on first use. */
  static for(registry: Registry): RuntimeMetrics {
    let metrics = RuntimeMetrics.#byRegistry.get(registry);
    if (!metrics) {
      metrics = new RuntimeMetrics(registry);
      RuntimeMetrics.#byRegistry.set(registry, metrics);
    }
    return metrics;
  }

  private constructor(registry: Registry) {
    const registers = [registry];
    const queues = this.#queues;
    this.reconcileTotal = new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller',
      labelNames: ['controller', 'result'],
      registers,
    });
    this.reconcileErrors = new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    });
    this.terminalReconcileErrors = new Counter({
      name: 'controller_runtime_terminal_reconcile_errors_total',
      help: 'Total number of terminal reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    });
    this.reconcilePanics = new Counter({
      name: 'controller_runtime_reconcile_panics_total',
      help: 'Total number of reconciliation panics per controller',
      labelNames: ['controller'],
      registers,
    });
    this.reconcileTime = new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets: RECONCILE_TIME_BUCKETS,
      registers,
    });
    this.maxConcurrentReconciles = new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller',
      labelNames: ['controller'],
      registers,
    });
    this.activeWorkers = new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller',
      labelNames: ['controller'],
      registers,
    });
    this.workqueueDepth = new Gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue by workqueue and priority',
      labelNames: ['name', 'controller', 'priority'],
      registers,
    });
    this.workqueueAdds = new Counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    });
    this.workqueueQueueDuration = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames: ['name', 'controller'],
      buckets: exponentialBuckets(10e-9, 10, 12),
      registers,
    });
    this.workqueueWorkDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes.',
      labelNames: ['name', 'controller'],
      buckets: exponentialBuckets(10e-9, 10, 12),
      registers,
    });
    new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help:
        "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. " +
        'Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate ' +
        'at which this increases.',
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        for (const [name, queue] of queues)
          this.set({ name, controller: name }, queue.unfinishedWorkSeconds());
      },
    });
    new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        for (const [name, queue] of queues) {
          this.set({ name, controller: name }, queue.longestRunningProcessorSeconds());
        }
      },
    });
    this.workqueueRetries = new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of retries handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    });
    this.leaderElectionMasterStatus = new Gauge({
      name: 'leader_election_master_status',
      help:
        'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates ' +
        "master. 'name' is the string used to identify the lease. Please make sure to group by name.",
      labelNames: ['name'],
      registers,
    });
    this.leaderElectionSlowpath = new Counter({
      name: 'leader_election_slowpath_total',
      help:
        "Total number of slow path exercised in renewing leader leases. 'name' is the string used to identify " +
        'the lease. Please make sure to group by name.',
      labelNames: ['name'],
      registers,
    });
    this.restClientRequests = new Counter({
      name: 'rest_client_requests_total',
      help: 'Number of HTTP requests, partitioned by status code, method, and host.',
      labelNames: ['code', 'method', 'host'],
      registers,
    });
  }

  /** Sets a controller's series to zero (as controller-runtime's initMetrics) and its worker count. */
  initController(controller: string, maxConcurrentReconciles: number): void {
    for (const result of ['success', 'error', 'requeue', 'requeue_after'] as const) {
      this.reconcileTotal.inc({ controller, result }, 0);
    }
    this.reconcileErrors.inc({ controller }, 0);
    this.terminalReconcileErrors.inc({ controller }, 0);
    this.reconcilePanics.inc({ controller }, 0);
    this.maxConcurrentReconciles.set({ controller }, maxConcurrentReconciles);
    this.activeWorkers.set({ controller }, 0);
  }

  /** The sink a controller's queue reports to (the queue name is the controller name, as in controller-runtime). */
  workQueueSink(name: string): WorkQueueMetricsSink {
    const labels = { name, controller: name };
    return {
      added: () => this.workqueueAdds.inc(labels),
      depth: (depth) => this.workqueueDepth.set({ ...labels, priority: '' }, depth),
      queueLatency: (seconds) => this.workqueueQueueDuration.observe(labels, seconds),
      workDuration: (seconds) => this.workqueueWorkDuration.observe(labels, seconds),
      retried: () => this.workqueueRetries.inc(labels),
    };
  }

  /** Makes a queue's in-progress gauges (unfinished work, longest running processor) scrape it. */
  trackQueue(queue: WorkQueue<unknown>): () => void {
    this.#queues.set(queue.name, queue);
    return () => {
      if (this.#queues.get(queue.name) === queue) this.#queues.delete(queue.name);
    };
  }
}
