/**
 * kill -9 under load: the API server runs in a child process on a state directory while several keep-alive lanes
 * create and update ConfigMaps and a watch is open. After SIGKILL and a restart on the same state directory, every
 * acknowledged write must be there with at least its acknowledged content, resourceVersions must continue above
 * the last acknowledged one, and a watch resumed from the last resourceVersion the test saw must deliver exactly
 * the changes it missed (kube-api.md §1, §9.1–9.3).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LineStream, stream } from '../../src/apiserver/http/https-test-client.js';
import { waitUntil } from '../support/api-client.js';
import { type ChildApiServer, startChildApiServer } from '../support/child-api-server.js';
import { KeepAliveClient, type KeepAliveTarget } from '../support/keep-alive-client.js';

const COLLECTION = '/api/v1/namespaces/default/configmaps';
const LANES = 4;
/** Acknowledged writes to wait for before the kill, so it lands mid-load. */
const WRITES_BEFORE_KILL = 120;
/** Watch events the test reads before it stops reading (the watch stays open): the resume point. */
const EVENTS_READ = 40;

interface ConfigMap {
  metadata: { name: string; resourceVersion: string };
  data?: Record<string, string>;
}

/** A write the server acknowledged (2xx received). */
interface Ack {
  name: string;
  rv: number;
  data: Record<string, string>;
}

/** A watch event as the test saw it. */
interface Seen {
  type: string;
  name: string;
  rv: number;
}

const children: ChildApiServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function targetOf(child: ChildApiServer): KeepAliveTarget {
  return { url: child.info.url, caPem: child.info.caPem, token: child.info.token };
}

function rvOf(object: ConfigMap): number {
  return Number(object.metadata.resourceVersion);
}

/**
 * Reads watch events into `seen` until `enough` of them were read (the rest stay unread in the open stream, as
 * with a slow consumer), or the stream fails (the server was killed).
 */
async function collect(watch: LineStream, seen: Seen[], enough: number): Promise<void> {
  try {
    while (seen.length < enough) {
      const event = (await watch.next(30_000)) as { type: string; object: ConfigMap };
      seen.push({ type: event.type, name: event.object.metadata.name, rv: rvOf(event.object) });
    }
  } catch {
    // The connection died with the server.
  }
}

/** Applies watch events to a `name → resourceVersion` state. */
function applyEvents(state: Map<string, number>, events: readonly Seen[]): Map<string, number> {
  for (const event of events) {
    if (event.type === 'DELETED') state.delete(event.name);
    else state.set(event.name, event.rv);
  }
  return state;
}

function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] as number));
}

/** Creates and updates ConfigMaps until `stopped()`, recording each acknowledged write; ends at the first failure. */
async function writeLane(
  client: KeepAliveClient,
  lane: number,
  acks: Ack[],
  stopped: () => boolean,
): Promise<{ transportError?: unknown; httpError?: number }> {
  for (let seq = 0; !stopped(); seq++) {
    const name = `lane-${lane}-${seq}`;
    try {
      const created = await client.request('POST', COLLECTION, {
        metadata: { name },
        data: { seq: String(seq) },
      });
      if (created.status !== 201) return { httpError: created.status };
      const object = created.json as ConfigMap;
      acks.push({ name, rv: rvOf(object), data: { seq: String(seq) } });
      const data = { seq: String(seq), updated: 'yes' };
      const updated = await client.request('PUT', `${COLLECTION}/${name}`, { ...object, data });
      if (updated.status !== 200) return { httpError: updated.status };
      acks.push({ name, rv: rvOf(updated.json as ConfigMap), data });
    } catch (error) {
      return { transportError: error };
    }
  }
  return {};
}

describe('kill -9 under write load', () => {
  it('keeps every acknowledged write, continues resourceVersions and resumes a watch exactly', async () => {
    const started = Date.now();
    const stateDir = await mkdtemp(join(tmpdir(), 'apiserver-crash-'));
    dirs.push(stateDir);
    const first = await startChildApiServer(stateDir);
    children.push(first);
    const client = new KeepAliveClient(targetOf(first), LANES);
    const initial = (await client.request('GET', COLLECTION)).json as {
      metadata: { resourceVersion: string };
      items: ConfigMap[];
    };
    const before = new Map(initial.items.map((item) => [item.metadata.name, rvOf(item)]));
    const watch = await stream(
      targetOf(first),
      `${COLLECTION}?watch=true&resourceVersion=${initial.metadata.resourceVersion}`,
    );
    const seen: Seen[] = [];
    const watching = collect(watch, seen, EVENTS_READ);

    const acks: Ack[] = [];
    let stopping = false;
    const lanes = Array.from({ length: LANES }, (_, lane) => writeLane(client, lane, acks, () => stopping));
    await waitUntil(() => acks.length >= WRITES_BEFORE_KILL, 'writes before the kill', 10_000);
    // Keep-alive: the lanes' hundreds of requests went over at most one connection per lane.
    expect(client.usage.requests).toBeGreaterThanOrEqual(WRITES_BEFORE_KILL);
    expect(client.usage.connections).toBeLessThanOrEqual(LANES);
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    stopping = true;
    const outcomes = await Promise.all(lanes);
    await watching;
    watch.close();
    client.close();
    // The kill cut the load off (writes in flight failed); the server itself refused none.
    expect(outcomes.map((o) => o.httpError)).toEqual(Array(LANES).fill(undefined));
    expect(outcomes.some((o) => o.transportError !== undefined)).toBe(true);
    expect(isStrictlyIncreasing(seen.map((e) => e.rv))).toBe(true);
    const lastSeen = seen.at(-1)?.rv ?? Number(initial.metadata.resourceVersion);
    const lastAcked = Math.max(...acks.map((a) => a.rv));

    const second = await startChildApiServer(stateDir, first.info.port);
    children.push(second);
    // Nothing a watcher saw or a client was told is lost: the store recovered at least up to both.
    expect(second.info.recoveredRevision).toBeGreaterThanOrEqual(Math.max(lastAcked, lastSeen));
    const again = new KeepAliveClient(targetOf(second), 2);
    try {
      const resumed = await stream(targetOf(second), `${COLLECTION}?watch=true&resourceVersion=${lastSeen}`);
      expect(resumed.status).toBe(200);
      const marker = await again.request('POST', COLLECTION, { metadata: { name: 'after-restart' } });
      expect(marker.status).toBe(201);
      const markerRv = rvOf(marker.json as ConfigMap);
      expect(markerRv).toBeGreaterThan(second.info.recoveredRevision);
      expect(markerRv).toBeGreaterThan(lastAcked);

      const list = (await again.request('GET', COLLECTION)).json as { items: ConfigMap[] };
      const stored = new Map(list.items.map((item) => [item.metadata.name, item]));
      for (const ack of acks) {
        const object = stored.get(ack.name);
        expect(object, `acknowledged ${ack.name}@${ack.rv}`).toBeDefined();
        expect(rvOf(object as ConfigMap)).toBeGreaterThanOrEqual(ack.rv);
        expect((object as ConfigMap).data).toMatchObject(ack.data);
      }

      // The resumed watch replays exactly what the test missed, then goes on live (up to the marker).
      const replayed: Seen[] = [];
      while (replayed.at(-1)?.name !== 'after-restart') {
        const event = (await resumed.next(5000)) as { type: string; object: ConfigMap };
        if (event.type === 'ERROR')
          throw new Error(`the resumed watch failed: ${JSON.stringify(event.object)}`);
        replayed.push({ type: event.type, name: event.object.metadata.name, rv: rvOf(event.object) });
      }
      resumed.close();
      expect(replayed.every((e) => e.rv > lastSeen)).toBe(true);
      expect(isStrictlyIncreasing(replayed.map((e) => e.rv))).toBe(true);
      const replayedRvs = new Set(replayed.map((e) => e.rv));
      const missedAcks = acks.filter((a) => a.rv > lastSeen);
      expect(missedAcks.length).toBeGreaterThanOrEqual(WRITES_BEFORE_KILL - EVENTS_READ);
      expect(missedAcks.filter((a) => !replayedRvs.has(a.rv))).toEqual([]);
      const reconstructed = applyEvents(applyEvents(before, seen), replayed);
      expect(reconstructed).toEqual(new Map(list.items.map((item) => [item.metadata.name, rvOf(item)])));
    } finally {
      again.close();
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
