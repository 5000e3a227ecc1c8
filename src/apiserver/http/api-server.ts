/**
 * Starts one embedded API server: the object store (persisted under the state directory), the registry on top of
 * it, and an HTTPS server with a bearer token, plus the kubeconfig clients use to reach it. The certificate, the
 * token and the store survive restarts in the state directory, so a kubeconfig written once keeps working (the port
 * may change unless it is fixed). `stop()` ends every watch cleanly before closing, so informers re-watch instead
 * of failing when the server comes back.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiRegistry, ResourceRegistry } from '../registry/index.js';
import { MemoryStore, type MemoryStoreOptions } from '../store/index.js';
import { generateToken, loadOrCreateToken } from './auth.js';
import { ApiHandler } from './handler.js';
import { buildKubeconfig, writeKubeconfig } from './kubeconfig.js';
import type { WatchTimeoutRange } from './resource-handler.js';
import { loadOrCreateServingCertificate } from './tls.js';

/** A registry together with whatever it must release when the server stops (controllers, timers). */
export type ManagedRegistry = ApiRegistry & { close?: () => void | Promise<void> };

/** Builds the registry over the server's store. */
export type RegistryFactory = (store: MemoryStore) => ManagedRegistry | Promise<ManagedRegistry>;

/** Options of `startApiServer`. */
export interface ApiServerOptions {
  /**
   * Where the store, certificate, token and kubeconfig live; without it the store is in memory only and the
   * kubeconfig goes to a temporary directory removed by `stop()`.
   */
  stateDir?: string;
  /** The port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** The address to listen on. @default '127.0.0.1' */
  host?: string;
  /** The context, cluster and user name in the kubeconfig (`<name>`, `<name>-admin`). @default 'embedded' */
  name?: string;
  /** Store tuning (history size, bookmark interval, ...); the location comes from `stateDir`. */
  store?: Omit<MemoryStoreOptions, 'stateDir'>;
  /** Builds the registry over the store. @default the full registry (`ResourceRegistry.open({ store })`) */
  createRegistry?: RegistryFactory;
  /** A fixed token instead of the stored or generated one. */
  token?: string;
  /** Called with unexpected (500) failures. @default ignore */
  onError?: (error: unknown, req: IncomingMessage) => void;
  /**
   * Called as each request arrives, before authentication: lets tests count requests (an informer re-listing in a
   * loop, a quiet steady state) without a proxy. Keep it cheap; it must not throw. @default none
   */
  onRequest?: (req: IncomingMessage) => void;
  /** How long watches without `timeoutSeconds` last. @default 30 to 60 minutes */
  watchTimeout?: WatchTimeoutRange;
  /** How long `stop()` lets in-flight requests finish before closing their connections. @default 2000 */
  stopGraceMs?: number;
}

/** A running API server. */
export interface RunningApiServer {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** The kubeconfig written for this server. */
  kubeconfigPath: string;
  token: string;
  /** The CA (the self-signed serving certificate) clients verify the server with. */
  caPem: string;
  registry: ManagedRegistry;
  store: MemoryStore;
  /** Ends watches cleanly, closes the server, the registry and the store. Idempotent. */
  stop(): Promise<void>;
}

/** The server could not start (port taken, state directory unusable, ...). */
export class ApiServerStartError extends Error {
  override readonly name = 'ApiServerStartError';
}

const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

/** The host clients connect to: loopback for a wildcard listen address, brackets around IPv6. */
function clientHost(host: string): string {
  const connectTo = WILDCARD_HOSTS.has(host) ? '127.0.0.1' : host;
  return connectTo.includes(':') ? `[${connectTo}]` : connectTo;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts an API server; see the module comment. */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const host = options.host ?? '127.0.0.1';
  const name = options.name ?? 'embedded';
  const temporaryDir =
    options.stateDir === undefined ? await mkdtemp(join(tmpdir(), 'ramen-apiserver-')) : undefined;
  const stateDir = options.stateDir;
  const configDir = stateDir ?? (temporaryDir as string);
  const cleanups: Array<() => unknown> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    if (temporaryDir !== undefined) await rm(temporaryDir, { recursive: true, force: true });
  };
  try {
    const store = await MemoryStore.open({
      ...options.store,
      ...(stateDir !== undefined && { stateDir: join(stateDir, 'store') }),
    });
    cleanups.push(() => store.close());
    const createRegistry = options.createRegistry ?? ((opened) => ResourceRegistry.open({ store: opened }));
    const registry = await createRegistry(store);
    cleanups.push(() => registry.close?.());
    const certificate = await loadOrCreateServingCertificate({
      ...(stateDir !== undefined && { dir: join(stateDir, 'tls') }),
      hosts: [host],
    });
    const token =
      options.token ??
      (stateDir === undefined ? generateToken() : await loadOrCreateToken(join(stateDir, 'token')));
    let port = 0;
    const handler = new ApiHandler({
      registry,
      token,
      serverAddress: () => `${clientHost(host)}:${port}`,
      ...(options.onError !== undefined && { onError: options.onError }),
      ...(options.watchTimeout !== undefined && { watchTimeout: options.watchTimeout }),
    });
    cleanups.push(() => handler.dispose());
    const onRequest = options.onRequest;
    const server = createServer({ key: certificate.keyPem, cert: certificate.certPem }, (req, res) => {
      onRequest?.(req);
      void handler.handle(req, res);
    });
    // Outlive Go's 90 s idle connections, so the client, not the server, closes idle keep-alive connections.
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 130_000;
    port = await listen(server, options.port ?? 0, host);
    const url = `https://${clientHost(host)}:${port}`;
    const kubeconfigPath = join(configDir, 'kubeconfig');
    await writeKubeconfig(
      kubeconfigPath,
      buildKubeconfig([{ name, server: url, caPem: certificate.certPem, token }]),
    );
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= stopServer(server, handler, options.stopGraceMs ?? 2000).then(cleanUp);
      return stopping;
    };
    return { url, port, kubeconfigPath, token, caPem: certificate.certPem, registry, store, stop };
  } catch (error) {
    await cleanUp();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiServerStartError(`cannot start the API server ${name}: ${reason}`, { cause: error });
  }
}

/**
 * Stops accepting connections, ends long-running responses cleanly, closes keep-alive connections as they become
 * idle, and after the grace period closes whatever is still open.
 */
async function stopServer(server: Server, handler: ApiHandler, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await handler.closeStreams();
  const sweep = setInterval(() => server.closeIdleConnections(), 20);
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
  });
  await Promise.race([closed, grace]);
  clearInterval(sweep);
  clearTimeout(timer);
  await closed;
}
