/**
 * @module runtime
 *
 * The controller runtime, modelled on controller-runtime and multicluster-runtime: per-cluster informer caches
 * (list+watch with backoff, re-list on 410, indexes), a deduplicating rate-limited work queue, controllers with
 * controller-runtime's reconcile loop, watches of owned and related objects through handlers and predicates, a
 * manager with Lease leader election and graceful shutdown, condition/finalizer helpers, an event recorder, pino
 * logging, Prometheus metrics under controller-runtime's names, and `/healthz`, `/readyz`, `/metrics`.
 *
 * @example
 * const manager = new Manager({ clusters: [...openClusterClients({ path, contexts: ['hub'] }).values()],
 *   leaderElection: { name: 'ramen-hub', namespace: 'ramen-system' }, health: { port: 8081 } });
 * manager.addController({
 *   name: 'drpolicy',
 *   for: { resource: DRPolicyKind, predicates: [generationChanged] },
 *   reconciler: async (request, { log }) => {
 *     const policy = await manager.cluster(request.cluster).cache.get(DRPolicyKind, request);
 *     log.info({ found: policy !== undefined }, 'reconciling');
 *     return {};
 *   },
 * });
 * const trigger = shutdownSignal();
 * await manager.start(trigger.signal);
 */
export * from './backoff.js';
export * from './cluster.js';
export * from './cluster-cache.js';
export * from './conditions.js';
export * from './controller.js';
export * from './event-recorder.js';
export * from './finalizers.js';
export * from './handlers.js';
export * from './health-server.js';
export * from './indexer.js';
export * from './informer.js';
export * from './leader-election.js';
export * from './logging.js';
export * from './manager.js';
export * from './metrics.js';
export * from './object-event.js';
export * from './predicates.js';
export * from './rate-limiter.js';
export * from './reconcile.js';
export * from './shutdown-signal.js';
export * from './watches.js';
export * from './work-queue.js';
