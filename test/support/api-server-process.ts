/**
 * An embedded API server in a process of its own, so a test can kill it with SIGKILL mid-write and start it again
 * on the same state directory. Run as `node --import tsx test/support/api-server-process.ts <stateDir> [port]`;
 * prints one JSON line (`ApiServerProcessInfo`) on stdout once it listens. SIGTERM stops it cleanly.
 */
import { startApiServer } from '../../src/apiserver/http/index.js';

/** What the process prints on stdout once the server listens. */
export interface ApiServerProcessInfo {
  url: string;
  port: number;
  kubeconfigPath: string;
  token: string;
  caPem: string;
  /** The revision the store recovered to (0 for a new state directory). */
  recoveredRevision: number;
}

const [stateDir, portText] = process.argv.slice(2);
if (stateDir === undefined) {
  process.stderr.write('usage: api-server-process.ts <stateDir> [port]\n');
  process.exit(2);
}
const server = await startApiServer({ stateDir, port: Number(portText ?? 0), name: 'child' });
const info: ApiServerProcessInfo = {
  url: server.url,
  port: server.port,
  kubeconfigPath: server.kubeconfigPath,
  token: server.token,
  caPem: server.caPem,
  recoveredRevision: server.store.recovery?.revision ?? 0,
};
process.stdout.write(`${JSON.stringify(info)}\n`);
process.on('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
