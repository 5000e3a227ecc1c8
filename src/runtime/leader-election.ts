/**
 * Lease-based leader election, client-go's algorithm with controller-runtime's defaults (lease 15 s, renew deadline
 * 10 s, retry every 2 s). A candidate tries every retry period (jittered by 1.2) to take the Lease: it may when the
 * Lease is missing, free, its own, or not renewed within the lease duration *as observed locally* (the time this
 * candidate last saw the record change, so clocks need not agree). The leader renews every retry period; when it
 * cannot renew within the renew deadline, it has lost. Every write is a PUT with the read resourceVersion, so two
 * candidates can never both win; `releaseOnCancel` gives the Lease up on shutdown so a successor need not wait.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import {
  type ClusterClient,
  isNotFound,
  type Lease,
  LeaseResource,
  type LeaseSpec,
  microTime,
} from '../kube/index.js';
import { sleep } from './backoff.js';
import { silentLogger } from './logging.js';
import type { RuntimeMetrics } from './metrics.js';

/** Options of leader election. */
export interface LeaderElectionOptions {
  /** The Lease's name (controller-runtime's LeaderElectionID). */
  name: string;
  /** The Lease's namespace. */
  namespace: string;
  /** The cluster holding the Lease. @default the manager's default cluster */
  cluster?: string;
  /** This candidate's identity. @default `<hostname>_<random uuid>` */
  identity?: string;
  /** How long others wait after the last observed renewal before taking over. @default 15_000 */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a renewal before giving up leadership. @default 10_000 */
  renewDeadlineMs?: number;
  /** How often candidates try to acquire and the leader renews. @default 2_000 */
  retryPeriodMs?: number;
  /** Give the Lease up when stopped, so a successor takes over at once. @default false */
  releaseOnCancel?: boolean;
}

/** `LeaderElectionOptions` with every default applied. */
export type CompiledLeaderElectionOptions = Required<Omit<LeaderElectionOptions, 'cluster'>> & {
  cluster: string | undefined;
};

/** client-go's JitterFactor: the acquire loop waits retryPeriod · (1 + random · 1.2). */
const JITTER_FACTOR = 1.2;

/** Leader election options that cannot work (client-go's NewLeaderElector checks). */
export class LeaderElectionConfigError extends Error {
  override readonly name = 'LeaderElectionConfigError';
}

/** Applies controller-runtime's defaults and client-go's consistency checks. */
export function compileLeaderElectionOptions(options: LeaderElectionOptions): CompiledLeaderElectionOptions {
  const compiled: CompiledLeaderElectionOptions = {
    name: options.name,
    namespace: options.namespace,
    cluster: options.cluster,
    identity: options.identity ?? `${hostname()}_${randomUUID()}`,
    leaseDurationMs: options.leaseDurationMs ?? 15_000,
    renewDeadlineMs: options.renewDeadlineMs ?? 10_000,
    retryPeriodMs: options.retryPeriodMs ?? 2_000,
    releaseOnCancel: options.releaseOnCancel ?? false,
  };
  if (!compiled.name || !compiled.namespace)
    throw new LeaderElectionConfigError('the Lease needs a name and a namespace');
  if (compiled.leaseDurationMs <= compiled.renewDeadlineMs) {
    throw new LeaderElectionConfigError('leaseDuration must be greater than renewDeadline');
  }
  if (compiled.renewDeadlineMs <= JITTER_FACTOR * compiled.retryPeriodMs) {
    throw new LeaderElectionConfigError('renewDeadline must be greater than retryPeriod*JitterFactor');
  }
  if (compiled.retryPeriodMs < 1 || compiled.leaseDurationMs % 1000 !== 0) {
    throw new LeaderElectionConfigError('retryPeriod must be positive and leaseDuration whole seconds');
  }
  if (!compiled.identity) throw new LeaderElectionConfigError('the identity must not be empty');
  return compiled;
}

/** Why `run` ended. */
export type ElectionOutcome = 'lost' | 'cancelled';

/** What the elector calls on transitions. */
export interface LeaderCallbacks {
  /** This candidate became leader. */
  onStartedLeading(): void;
  /** Someone (maybe this candidate) holds the Lease now. */
  onNewLeader?(identity: string): void;
}

/** Runs one candidate's election; see the module comment. */
export class LeaderElector {
  readonly options: CompiledLeaderElectionOptions;
  readonly #client: ClusterClient;
  readonly #log: Logger;
  readonly #metrics: RuntimeMetrics | undefined;
  /** The record last seen (or written), and when it was seen to change (local clock). */
  #observed: LeaseSpec | undefined;
  #observedRaw = '';
  #observedAt = 0;
  /** The Lease object last read or written (its resourceVersion is the precondition of the next write). */
  #lease: Lease | undefined;
  #lastRenewAt = 0;
  #reportedLeader = '';

  constructor(
    client: ClusterClient,
    options: LeaderElectionOptions,
    logger?: Logger,
    metrics?: RuntimeMetrics,
  ) {
    this.options = compileLeaderElectionOptions(options);
    this.#client = client;
    this.#log = (logger ?? silentLogger()).child({ lease: `${options.namespace}/${options.name}` });
    this.#metrics = metrics;
  }

  /** Whether this candidate holds the Lease (as last observed). */
  isLeader(): boolean {
    return this.#observed?.holderIdentity === this.options.identity;
  }

  /** When this candidate last renewed (epoch ms; 0 when never). */
  get lastRenewAt(): number {
    return this.#lastRenewAt;
  }

  /** The identity holding the Lease as last observed ('' when free). */
  get observedLeader(): string {
    return this.#observed?.holderIdentity ?? '';
  }

  /**
   * Campaigns until elected, then renews until leadership is lost (`'lost'`) or `signal` aborts (`'cancelled'`,
   * after releasing the Lease when `releaseOnCancel`).
   */
  async run(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<ElectionOutcome> {
    this.#metrics?.leaderElectionMasterStatus.set({ name: this.options.name }, 0);
    const acquired = await this.#acquire(signal, callbacks);
    if (!acquired) return 'cancelled';
    this.#metrics?.leaderElectionMasterStatus.set({ name: this.options.name }, 1);
    this.#log.info({ identity: this.options.identity }, 'successfully acquired lease');
    callbacks.onStartedLeading();
    const outcome = await this.#renewLoop(signal, callbacks);
    this.#metrics?.leaderElectionMasterStatus.set({ name: this.options.name }, 0);
    if (outcome === 'cancelled' && this.options.releaseOnCancel) await this.#release();
    if (outcome === 'lost') this.#log.error('leader election lost');
    return outcome;
  }

  async #acquire(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<boolean> {
    this.#log.info({ identity: this.options.identity }, 'attempting to acquire leader lease');
    for (;;) {
      if (signal.aborted) return false;
      const succeeded = await this.#tryAcquireOrRenew(AbortSignal.any([signal, this.#attemptTimeout()]));
      this.#reportTransition(callbacks);
      if (succeeded) return true;
      const wait = this.options.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR);
      if (!(await sleep(wait, signal))) return false;
    }
  }

  async #renewLoop(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<ElectionOutcome> {
    for (;;) {
      if (!(await sleep(this.options.retryPeriodMs, signal))) return 'cancelled';
      const renewed = await this.#renewWithin(signal);
      this.#reportTransition(callbacks);
      if (signal.aborted) return 'cancelled';
      if (!renewed) return 'lost';
    }
  }

  /** Tries to renew now and then every retry period, until it works or the renew deadline passes. */
  async #renewWithin(signal: AbortSignal): Promise<boolean> {
    const deadline = AbortSignal.timeout(this.options.renewDeadlineMs);
    const both = AbortSignal.any([signal, deadline]);
    for (;;) {
      if (await this.#tryAcquireOrRenew(both)) return true;
      if (both.aborted || !(await sleep(this.options.retryPeriodMs, both))) return false;
    }
  }

  #attemptTimeout(): AbortSignal {
    return AbortSignal.timeout(this.options.renewDeadlineMs);
  }

  #record(now: Date, previous: LeaseSpec | undefined, keepAcquire: boolean): LeaseSpec {
    const time = microTime(now);
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: this.options.leaseDurationMs / 1000,
      acquireTime: keepAcquire ? (previous?.acquireTime ?? time) : time,
      renewTime: time,
      leaseTransitions: keepAcquire
        ? (previous?.leaseTransitions ?? 0)
        : (previous?.leaseTransitions ?? -1) + 1,
    };
  }

  #leaseValid(now: number): boolean {
    const seconds = this.#observed?.leaseDurationSeconds ?? 0;
    return this.#observedAt + seconds * 1000 > now;
  }

  #setObserved(spec: LeaseSpec, lease: Lease | undefined): void {
    this.#observed = spec;
    this.#observedRaw = JSON.stringify(spec);
    this.#observedAt = Date.now();
    if (lease) this.#lease = lease;
  }

  /** client-go's tryAcquireOrRenew: the fast path for the leader, else read, check and write. */
  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = new Date();
    if (this.isLeader() && this.#leaseValid(now.getTime()) && this.#lease) {
      const record = this.#record(now, this.#observed, true);
      try {
        const written = await this.#write({ ...this.#lease, spec: record }, signal);
        this.#setObserved(record, written);
        this.#lastRenewAt = Date.now();
        return true;
      } catch (error) {
        this.#metrics?.leaderElectionSlowpath.inc({ name: this.options.name });
        this.#log.warn({ err: error }, 'failed to update lease optimistically, falling back to slow path');
      }
    }
    let current: Lease;
    try {
      current = await this.#client.get(LeaseResource, this.#key(), { signal });
    } catch (error) {
      if (!isNotFound(error)) {
        this.#log.warn({ err: error }, 'error retrieving lease');
        return false;
      }
      return this.#create(now, signal);
    }
    const spec = current.spec ?? {};
    this.#lease = current;
    if (JSON.stringify(spec) !== this.#observedRaw) this.#setObserved(spec, current);
    if (spec.holderIdentity && this.#leaseValid(Date.now()) && !this.isLeader()) return false;
    const record = this.#record(now, spec, this.isLeader());
    try {
      const written = await this.#write({ ...current, spec: record }, signal);
      this.#setObserved(record, written);
      this.#lastRenewAt = Date.now();
      return true;
    } catch (error) {
      this.#log.warn({ err: error }, 'failed to update lease');
      return false;
    }
  }

  async #create(now: Date, signal: AbortSignal): Promise<boolean> {
    const record = this.#record(now, undefined, false);
    try {
      const created = await this.#client.create(
        LeaseResource,
        {
          apiVersion: LeaseResource.apiVersion,
          kind: LeaseResource.kind,
          metadata: this.#key(),
          spec: record,
        },
        { signal },
      );
      this.#setObserved(record, created);
      this.#lastRenewAt = Date.now();
      return true;
    } catch (error) {
      this.#log.warn({ err: error }, 'error initially creating lease');
      return false;
    }
  }

  #write(lease: Lease, signal: AbortSignal): Promise<Lease> {
    return this.#client.update(LeaseResource, lease, { signal });
  }

  /** Gives the Lease up (client-go's release: empty holder, 1 s duration). */
  async #release(): Promise<void> {
    if (!this.isLeader() || !this.#lease) return;
    const time = microTime();
    const record: LeaseSpec = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: time,
      renewTime: time,
      leaseTransitions: this.#observed?.leaseTransitions ?? 0,
    };
    try {
      const written = await this.#write({ ...this.#lease, spec: record }, this.#attemptTimeout());
      this.#setObserved(record, written);
      this.#log.info('released the lease');
    } catch (error) {
      this.#log.error({ err: error }, 'failed to release the lease');
    }
  }

  #reportTransition(callbacks: LeaderCallbacks): void {
    const leader = this.observedLeader;
    if (leader && leader !== this.#reportedLeader) {
      this.#reportedLeader = leader;
      this.#log.info({ leader }, 'new leader observed');
      callbacks.onNewLeader?.(leader);
    }
  }

  #key(): { namespace: string; name: string } {
    return { namespace: this.options.namespace, name: this.options.name };
  }
}
