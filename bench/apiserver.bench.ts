/**
 * The embedded API server over HTTPS, as kubectl and controllers see it: create throughput (in memory and with a
 * state directory, where every write is fsync'd), the latency of a large list, watch fan-out, and the memory of a
 * server holding 10,000 ConfigMaps. The server runs in a child process (bench/apiserver-process.mjs) so that its
 * memory and CPU are its own; the client keeps 32 requests in flight over keep-alive connections so that the
 * figures measure the server rather than a request-at-a-time client. The child runs under tsx (`--import tsx`),
 * whose loader thread and transform caches add about 55 MiB to its RSS compared with the compiled server
 * (`node dist/...`); the idle figure shows that baseline.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { atLeast, atMost, type BenchSuite, type Figure } from './harness.js';

const CONCURRENCY = 32;
const WATCHERS = 50;
const WATCH_CHANGES = 1_000;
const LIST_SIZE = 10_000;
const LIST_RUNS = 7;
const CREATE_WARM_UP = 500;
const CREATE_SECONDS = 3;
const MiB = 1024 * 1024;
const benchDir = dirname(fileURLToPath(import.meta.url));

/** A benchmark step failed (a request was refused, the server did not start, a watcher missed events). */
class ApiServerBenchError extends Error {
  override readonly name = 'ApiServerBenchError';
}

/** A complete response. */
interface Reply {
  status: number;
  body: Buffer;
}

/** What the server process (bench/apiserver-process.mjs) prints on stdout once it listens. */
interface ServerInfo {
  url: string;
  port: number;
  kubeconfigPath: string;
  token: string;
  caPem: string;
}

/** A request to the server process over IPC. */
type ServerRequest = { type: 'memory' } | { type: 'stop' };

/** The server process's answer to a `memory` request. */
interface MemoryReply {
  type: 'memory';
  usage: NodeJS.MemoryUsage;
}

/** The server child process and a client connected to it. */
interface ServerUnderTest {
  info: ServerInfo;
  /** Sends one request over the keep-alive agent and reads the whole response. */
  call(method: string, path: string, body?: string): Promise<Reply>;
  /** Opens a streaming GET on a connection of its own. */
  open(path: string): Promise<IncomingMessage>;
  /** The child's memory after a full GC. */
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

/** Starts the server process and waits for the line telling where it listens. */
async function startServer(stateDir?: string): Promise<ServerUnderTest> {
  const child = fork(join(benchDir, 'apiserver-process.mjs'), stateDir === undefined ? [] : [stateDir], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const info = await readInfo(child);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: info.caPem });
  const streamAgent = new Agent({ keepAlive: false, ca: info.caPem });
  const headers = { Authorization: `Bearer ${info.token}`, Accept: 'application/json' };
  const target = { host: '127.0.0.1', port: info.port };
  return {
    info,
    call: (method, path, body) =>
      new Promise((resolve, reject) => {
        const req = request({
          ...target,
          agent,
          method,
          path,
          headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      }),
    open: (path) =>
      new Promise((resolve, reject) => {
        const req = request({ ...target, agent: streamAgent, method: 'GET', path, headers });
        req.on('response', resolve);
        req.on('error', reject);
        req.end();
      }),
    memory: () => askMemory(child),
    stop: async () => {
      agent.destroy();
      streamAgent.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' } satisfies ServerRequest);
      await exited;
    },
  };
}

function readInfo(child: ChildProcess): Promise<ServerInfo> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) =>
      reject(new ApiServerBenchError(`the server process exited (${code}) before listening`));
    child.once('exit', onExit);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      lines.close();
      resolve(JSON.parse(line) as ServerInfo);
    });
  });
}

function askMemory(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve) => {
    child.once('message', (reply: MemoryReply) => resolve(reply.usage));
    child.send({ type: 'memory' } satisfies ServerRequest);
  });
}

/** Fails unless the response has the expected status. */
function expectStatus(reply: Reply, status: number, what: string): Reply {
  if (reply.status !== status) {
    throw new ApiServerBenchError(
      `${what}: HTTP ${reply.status}: ${reply.body.toString('utf8').slice(0, 300)}`,
    );
  }
  return reply;
}

/** A ConfigMap of about 1 KiB as JSON. */
function configMap(namespace: string, name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { app: 'bench', tier: 'config' } },
    data: { 'settings.yaml': `# ${name}\n${'key: value\n'.repeat(85)}` },
  });
}

async function createNamespace(server: ServerUnderTest, name: string): Promise<void> {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  expectStatus(await server.call('POST', '/api/v1/namespaces', body), 201, `create namespace ${name}`);
}

/** Runs `CONCURRENCY` workers, each calling `step` until it returns false. */
async function inParallel(step: () => Promise<boolean>): Promise<void> {
  const worker = async () => {
    while (await step()) {
      // keep going
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Creates one ConfigMap through the API, failing the run unless it is created (201). */
async function createConfigMap(server: ServerUnderTest, namespace: string, name: string): Promise<void> {
  const reply = await server.call(
    'POST',
    `/api/v1/namespaces/${namespace}/configmaps`,
    configMap(namespace, name),
  );
  expectStatus(reply, 201, `create ConfigMap ${name}`);
}

/** Creates ConfigMaps `cm-<from>` .. `cm-<to - 1>` with requests in flight; returns creates per second. */
async function createRange(
  server: ServerUnderTest,
  namespace: string,
  from: number,
  to: number,
): Promise<number> {
  let next = from;
  const start = performance.now();
  await inParallel(async () => {
    if (next >= to) return false;
    await createConfigMap(server, namespace, `cm-${next++}`);
    return true;
  });
  return ((to - from) * 1000) / (performance.now() - start);
}

/** Creates ConfigMaps for `seconds` after a warm-up; returns creates per second. */
async function createFor(server: ServerUnderTest, namespace: string, seconds: number): Promise<number> {
  await createRange(server, namespace, 0, CREATE_WARM_UP);
  let next = CREATE_WARM_UP;
  let created = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await inParallel(async () => {
    if (performance.now() >= end) return false;
    await createConfigMap(server, namespace, `cm-${next++}`);
    created++;
    return true;
  });
  return (created * 1000) / (performance.now() - start);
}

/** Creates/s of a server with a state directory: every acknowledged write is in the fsync'd log. */
async function persistentCreates(): Promise<number> {
  const stateDir = await mkdtemp(join(tmpdir(), 'ramen-bench-apiserver-'));
  const server = await startServer(stateDir);
  try {
    await createNamespace(server, 'bench');
    return await createFor(server, 'bench', CREATE_SECONDS);
  } finally {
    await server.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** The median time of `LIST_RUNS` full lists of the namespace, after checking the list holds every object. */
async function listLatency(server: ServerUnderTest, namespace: string): Promise<number> {
  const path = `/api/v1/namespaces/${namespace}/configmaps`;
  const first = expectStatus(await server.call('GET', path), 200, 'list ConfigMaps');
  const items = (JSON.parse(first.body.toString('utf8')) as { items: unknown[] }).items;
  if (items.length !== LIST_SIZE) throw new ApiServerBenchError(`the list has ${items.length} items`);
  const times: number[] = [];
  for (let run = 0; run < LIST_RUNS; run++) {
    const start = performance.now();
    expectStatus(await server.call('GET', path), 200, 'list ConfigMaps');
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** What the watch fan-out delivered. */
interface FanOut {
  eventsPerSecond: number;
  /** Watchers that received every change. */
  complete: number;
}

/** Counts the ADDED events of one watch response; resolves when `expected` arrived or the stream ended. */
function countAdded(res: IncomingMessage, expected: number): Promise<number> {
  return new Promise((resolve) => {
    let count = 0;
    let rest = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{"type":"ADDED"')) count++;
      if (count >= expected) resolve(count);
    });
    res.on('end', () => resolve(count));
    res.on('error', () => resolve(count));
  });
}

/** `WATCHERS` watches on one namespace's ConfigMaps while `WATCH_CHANGES` are created there. */
async function watchFanOut(server: ServerUnderTest): Promise<FanOut> {
  const namespace = 'fanout';
  await createNamespace(server, namespace);
  const path = `/api/v1/namespaces/${namespace}/configmaps`;
  const list = expectStatus(await server.call('GET', path), 200, 'list ConfigMaps');
  const { resourceVersion } = (
    JSON.parse(list.body.toString('utf8')) as { metadata: { resourceVersion: string } }
  ).metadata;
  const responses = await Promise.all(
    Array.from({ length: WATCHERS }, () => server.open(`${path}?watch=1&resourceVersion=${resourceVersion}`)),
  );
  for (const res of responses) {
    if (res.statusCode !== 200) throw new ApiServerBenchError(`watch: HTTP ${res.statusCode}`);
  }
  const start = performance.now();
  const counted = responses.map((res) => countAdded(res, WATCH_CHANGES));
  await createRange(server, namespace, 0, WATCH_CHANGES);
  const counts = await Promise.all(counted);
  const seconds = (performance.now() - start) / 1000;
  for (const res of responses) res.destroy();
  const delivered = counts.reduce((sum, count) => sum + count, 0);
  return {
    eventsPerSecond: delivered / seconds,
    complete: counts.filter((count) => count === WATCH_CHANGES).length,
  };
}

/** What one server process measured: the in-memory figures and the memory figures. */
async function inMemoryServer(): Promise<{ creates: Figure; memory: Figure[]; rest: Figure[] }> {
  const server = await startServer();
  try {
    const idle = await server.memory();
    await createNamespace(server, 'bench');
    // The first creates warm the server up (JIT, pools); the rate is measured over the rest of the 10,000.
    await createRange(server, 'bench', 0, CREATE_WARM_UP);
    const rate = await createRange(server, 'bench', CREATE_WARM_UP, LIST_SIZE);
    const loaded = await server.memory();
    const listMs = await listLatency(server, 'bench');
    const fanOut = await watchFanOut(server);
    return {
      creates: atLeast('create ConfigMap (in memory, 32 in flight)', rate, 'creates/s', 2_000),
      memory: [
        { metric: 'RSS of the idle server (baseline)', value: idle.rss / MiB, unit: 'MiB' },
        atMost('RSS holding 10,000 ConfigMaps of 1 KiB', loaded.rss / MiB, 'MiB', 150),
        { metric: 'heap used holding 10,000 ConfigMaps of 1 KiB', value: loaded.heapUsed / MiB, unit: 'MiB' },
      ],
      rest: [
        atMost(`list 10,000 ConfigMaps (median of ${LIST_RUNS})`, listMs, 'ms', 300),
        {
          metric: `watch fan-out: ${WATCHERS} watchers x ${WATCH_CHANGES} changes`,
          value: fanOut.eventsPerSecond,
          unit: 'events/s',
        },
        atLeast(`watchers that saw all ${WATCH_CHANGES} events`, fanOut.complete, 'watchers', WATCHERS),
      ],
    };
  } finally {
    await server.stop();
  }
}

/** The apiserver suite. */
export const apiServerSuite: BenchSuite = {
  name: 'apiserver',
  async run(): Promise<Figure[]> {
    const { creates, memory, rest } = await inMemoryServer();
    const persistent = atLeast(
      'create ConfigMap (state directory, fsync)',
      await persistentCreates(),
      'creates/s',
      500,
    );
    return [creates, persistent, ...rest, ...memory];
  },
};
