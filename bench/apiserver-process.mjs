/**
 * The API server under benchmark, in a process of its own so that its memory and CPU are not mixed with the
 * client's, and compiled (dist/, as `npm start` and real deployments run it) so that no TypeScript loader inflates
 * its memory. Started by bench/apiserver.bench.ts as `node --expose-gc bench/apiserver-process.mjs [stateDir]` with
 * an IPC channel; prints one JSON line on stdout (`ServerInfo`) once it listens, then answers IPC messages:
 * `memory` with its `process.memoryUsage()` after a full GC, `stop` by stopping the server and exiting.
 */
import { startApiServer } from '../dist/apiserver/http/index.js';

function collectGarbage() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc to measure memory');
  // Twice: the first pass may only move survivors and queue finalizers.
  globalThis.gc();
  globalThis.gc();
}

const stateDir = process.argv[2];
const server = await startApiServer({ ...(stateDir !== undefined && { stateDir }), name: 'bench' });
const { url, port, kubeconfigPath, token, caPem } = server;
process.stdout.write(`${JSON.stringify({ url, port, kubeconfigPath, token, caPem })}\n`);

process.on('message', (message) => {
  if (message.type === 'memory') {
    collectGarbage();
    process.send?.({ type: 'memory', usage: process.memoryUsage() });
  } else if (message.type === 'stop') {
    void server.stop().then(() => process.exit(0));
  }
});
// The parent went away without asking: do not linger.
process.on('disconnect', () => {
  void server.stop().then(() => process.exit(0));
});
