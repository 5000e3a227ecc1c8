import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterClient, ConfigMapResource, LeaseResource } from '../kube/index.js';
import { startTestApiServer, type TestApiServer } from '../kube/testing/api-server-env.js';
import { compileLeaderElectionOptions, LeaderElectionConfigError } from './leader-election.js';
import { silentLogger } from './logging.js';
import { Manager } from './manager.js';
import { labelSelectorPredicate } from './predicates.js';
import { CANDIDATE_LEASE } from './testing/lease-candidate.js';

const CANDIDATE = join(import.meta.dirname, 'testing', 'lease-candidate.ts');

let env: TestApiServer;
let client: ClusterClient;

beforeAll(async () => {
  env = await startTestApiServer({ name: 'hub' });
  client = env.client();
});

afterAll(async () => {
  client?.close();
  await env?.dispose();
});

interface Candidate {
  process: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function spawnCandidate(identity: string, slowMs = 0): Candidate {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CANDIDATE, env.server.kubeconfigPath, identity, String(slowMs)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => lines.push(`stderr: ${chunk.toString()}`));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, lines, exited };
}

async function stamped(name: string): Promise<string | undefined> {
  return (await client.get(ConfigMapResource, { namespace: 'default', name })).metadata.annotations?.[
    'stamped-by'
  ];
}

async function stampTarget(name: string): Promise<void> {
  await client.create(ConfigMapResource, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { namespace: 'default', name, labels: { stamp: 'true' } },
  });
}

describe('leader election options', () => {
  it("applies controller-runtime's defaults (15 s / 10 s / 2 s, no release on cancel)", () => {
    const options = compileLeaderElectionOptions({ name: 'lock', namespace: 'ns' });
    expect(options).toMatchObject({
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      releaseOnCancel: false,
    });
    expect(options.identity).toMatch(/^.+_[0-9a-f-]{36}$/);
  });

  it("rejects what client-go's NewLeaderElector rejects", () => {
    const base = { name: 'lock', namespace: 'ns' };
    expect(() => compileLeaderElectionOptions({ ...base, leaseDurationMs: 10_000 })).toThrow(
      LeaderElectionConfigError,
    );
    expect(() => compileLeaderElectionOptions({ ...base, renewDeadlineMs: 2_000 })).toThrow(/JitterFactor/);
    expect(() => compileLeaderElectionOptions({ ...base, leaseDurationMs: 15_500 })).toThrow(/whole seconds/);
    expect(() => compileLeaderElectionOptions({ name: '', namespace: 'ns' })).toThrow(/name/);
  });
});

describe('leader election between two managers', () => {
  it('lets exactly one lead; when the leader is killed the other takes over once the lease expires', {
    timeout: 60_000,
  }, async () => {
    const first = spawnCandidate('candidate-a');
    const second = new Manager({
      clusters: [env.client({ name: 'hub' })],
      logger: silentLogger(),
      leaderElection: {
        name: 'candidates',
        namespace: 'default',
        identity: 'candidate-b',
        ...CANDIDATE_LEASE,
      },
    });
    let secondReconciles = 0;
    second.addController({
      name: 'stamp',
      for: {
        resource: ConfigMapResource,
        predicates: [labelSelectorPredicate({ matchLabels: { stamp: 'true' } })],
      },
      reconciler: async (request) => {
        secondReconciles++;
        await client.patch(ConfigMapResource, request, {
          type: 'merge',
          patch: { metadata: { annotations: { 'stamped-by': 'candidate-b' } } },
        });
      },
    });
    const stop = new AbortController();
    let done: Promise<void> | undefined;
    try {
      await expect.poll(() => first.lines, { timeout: 20_000 }).toContain('LEADING');
      done = second.start(stop.signal);
      await stampTarget('stamp-1');
      await expect.poll(() => stamped('stamp-1'), { timeout: 10_000 }).toBe('candidate-a');
      // Several lease durations with both running: the first keeps leading, the second only waits.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(second.isLeader()).toBe(false);
      expect(secondReconciles).toBe(0);
      const held = await client.get(LeaseResource, { namespace: 'default', name: 'candidates' });
      expect(held.spec?.holderIdentity).toBe('candidate-a');
      expect(held.spec?.leaseDurationSeconds).toBe(3);

      const killedAt = Date.now();
      first.process.kill('SIGKILL');
      await first.exited;
      await second.elected();
      const takeoverMs = Date.now() - killedAt;
      // client-go semantics: the lease counts from when the candidate last saw it renewed, and candidates poll
      // every retry period × (1 + up to 1.2): takeover comes after the lease duration, within one more jittered
      // poll before and after it.
      expect(takeoverMs).toBeGreaterThanOrEqual(
        CANDIDATE_LEASE.leaseDurationMs - 2 * CANDIDATE_LEASE.retryPeriodMs * 2.2,
      );
      expect(takeoverMs).toBeLessThanOrEqual(
        CANDIDATE_LEASE.leaseDurationMs + 2 * CANDIDATE_LEASE.retryPeriodMs * 2.2,
      );
      console.log(
        `leader election: takeover ${takeoverMs} ms after SIGKILL (lease ${CANDIDATE_LEASE.leaseDurationMs} ms)`,
      );
      const lease = await client.get(LeaseResource, { namespace: 'default', name: 'candidates' });
      expect(lease.spec?.holderIdentity).toBe('candidate-b');
      expect(lease.spec?.leaseTransitions).toBe(1);
      await stampTarget('stamp-2');
      await expect.poll(() => stamped('stamp-2'), { timeout: 10_000 }).toBe('candidate-b');
      // The new leader's controller starts from its initial list, so it reconciles everything, including stamp-1.
      await expect.poll(() => stamped('stamp-1'), { timeout: 10_000 }).toBe('candidate-b');
    } finally {
      first.process.kill('SIGKILL');
      stop.abort();
      await done;
    }
  });

  it('hands over at once when the leader releases the Lease on a graceful stop (releaseOnCancel)', async () => {
    const election = { name: 'released', namespace: 'default', releaseOnCancel: true, ...CANDIDATE_LEASE };
    const make = (identity: string) =>
      new Manager({
        clusters: [env.client({ name: 'hub' })],
        logger: silentLogger(),
        leaderElection: { ...election, identity },
      });
    const first = make('first');
    const second = make('second');
    const stopFirst = new AbortController();
    const stopSecond = new AbortController();
    const firstDone = first.start(stopFirst.signal);
    await first.elected();
    const secondDone = second.start(stopSecond.signal);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);
      const stoppedAt = Date.now();
      stopFirst.abort();
      await firstDone;
      expect(
        (await client.get(LeaseResource, { namespace: 'default', name: 'released' })).spec,
      ).toMatchObject({
        holderIdentity: '',
        leaseDurationSeconds: 1,
      });
      await second.elected();
      // Released: the successor waits at most the released record's 1 s plus a jittered retry, not 3 s.
      expect(Date.now() - stoppedAt).toBeLessThan(CANDIDATE_LEASE.leaseDurationMs);
      expect(first.isLeader()).toBe(false);
    } finally {
      stopFirst.abort();
      stopSecond.abort();
      await secondDone;
    }
  });

  it('shuts down on SIGTERM, letting the in-flight reconcile finish', { timeout: 60_000 }, async () => {
    await client.delete(LeaseResource, { namespace: 'default', name: 'candidates' }).catch(() => {});
    const candidate = spawnCandidate('candidate-slow', 1500);
    try {
      await expect.poll(() => candidate.lines, { timeout: 20_000 }).toContain('LEADING');
      await stampTarget('slow-1');
      await expect.poll(() => candidate.lines, { timeout: 10_000 }).toContain('RECONCILING slow-1');
      const signalledAt = Date.now();
      candidate.process.kill('SIGTERM');
      const code = await candidate.exited;
      const tookMs = Date.now() - signalledAt;
      expect(code).toBe(0);
      expect(candidate.lines).toContain('STOPPED');
      expect(await stamped('slow-1')).toBe('candidate-slow');
      expect(tookMs).toBeGreaterThanOrEqual(800);
      expect(tookMs).toBeLessThan(30_000);
    } finally {
      candidate.process.kill('SIGKILL');
    }
  });
});
