/**
 * The `ClusterClient` over @kubernetes/client-node 1.4.0. The `KubeConfig` supplies authentication and TLS
 * (`applyToHTTPSOptions`, so exec plugins and client certificates work as in kubectl); requests are plain JSON over
 * node:https with one keep-alive agent per client (client-node's generated APIs build a new agent, and pay a TLS
 * handshake, per request, and turn objects into class instances); watches use client-node's `Watch`.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type {
  ClusterClient,
  DeleteOptions,
  ListOptions,
  Patch,
  PatchOptions,
  RequestOptions,
  RequestRecord,
  WatchEvent,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from './cluster-client.js';
import { errorFromStatus, KubeNetworkError, KubeUsageError } from './errors.js';
import type { ObjectKey, ObjectList } from './kube-object.js';
import { formatLabelSelector } from './label-selector.js';
import { type ObjectOf, type ResourceRef, resourcePath } from './resource-ref.js';

/** Options of `ClientNodeClusterClient`. */
export interface ClientNodeClusterClientOptions {
  /** A KubeConfig whose current context is the cluster; it must never be switched to another context afterwards. */
  kubeConfig: KubeConfig;
  /** The cluster's name in requests and logs. @default the current context's name */
  name?: string;
  /** How long a request (not a watch) may stay silent before it fails with `KubeNetworkError`. @default 30_000 */
  requestTimeoutMs?: number;
  /** Connections the client keeps open to the server at most. @default 16 */
  maxSockets?: number;
  /** The `User-Agent` header. @default 'ramen-dr' */
  userAgent?: string;
}

/** `ClientNodeClusterClientOptions` with every default applied. */
export interface CompiledClientOptions {
  kubeConfig: KubeConfig;
  name: string;
  server: string;
  requestTimeoutMs: number;
  maxSockets: number;
  userAgent: string;
}

/** Applies the defaults once; throws `KubeUsageError` when the current context has no cluster. */
export function compileClientOptions(options: ClientNodeClusterClientOptions): CompiledClientOptions {
  const cluster = options.kubeConfig.getCurrentCluster();
  if (!cluster) throw new KubeUsageError('the kubeconfig has no current cluster');
  return {
    kubeConfig: options.kubeConfig,
    name: options.name ?? options.kubeConfig.getCurrentContext(),
    server: cluster.server.replace(/\/+$/, ''),
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    maxSockets: options.maxSockets ?? 16,
    userAgent: options.userAgent ?? 'ramen-dr',
  };
}

interface Transport {
  agent: http.Agent;
  request: typeof https.request;
  /** Headers to send with every request; recomputed per request when the credentials can change (exec plugins). */
  headers(): Promise<Record<string, string>>;
}

interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal | undefined;
}

const PATCH_CONTENT_TYPES: Record<Patch['type'], string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Methods repeated once when a pooled connection turns out to have been closed by the server. */
const RETRIABLE_ON_STALE_SOCKET: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE']);

function headerRecord(headers: https.RequestOptions['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined || Array.isArray(headers)) return out;
  for (const [key, value] of Object.entries(headers as http.OutgoingHttpHeaders)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

async function buildTransport(options: CompiledClientOptions): Promise<Transport> {
  const kc = options.kubeConfig;
  const probe: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(probe);
  const user = kc.getCurrentUser();
  const tls: https.AgentOptions = {};
  for (const key of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const) {
    if (probe[key] !== undefined) (tls as Record<string, unknown>)[key] = probe[key];
  }
  const plain = options.server.startsWith('http:');
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
  const agent = plain ? new http.Agent(agentOptions) : new https.Agent({ ...agentOptions, ...tls });
  const basic: Record<string, string> = probe.auth
    ? { Authorization: `Basic ${Buffer.from(probe.auth).toString('base64')}` }
    : {};
  const fixed = { ...headerRecord(probe.headers), ...basic };
  const dynamic = Boolean(user?.exec || user?.authProvider);
  const headers = async () => {
    if (!dynamic) return fixed;
    const fresh: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(fresh);
    (fresh.agent as http.Agent | undefined)?.destroy();
    return { ...headerRecord(fresh.headers), ...basic };
  };
  return { agent, request: (plain ? http.request : https.request) as typeof https.request, headers };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function transportError(error: unknown, what: string): KubeNetworkError {
  const errorCode = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  return new KubeNetworkError(`${what}: ${reason}`, { cause: error, errorCode });
}

/** The error a finished client-node watch reported, typed. */
function watchError(error: unknown, what: string): Error {
  const statusCode = (error as { statusCode?: number } | undefined)?.statusCode;
  if (typeof statusCode === 'number') {
    return errorFromStatus(
      statusCode,
      { kind: 'Status', message: `${what}: ${(error as Error).message}` },
      {
        cause: error,
      },
    );
  }
  return transportError(error, what);
}

/** A `ClusterClient` over client-node's `KubeConfig` and `Watch`; see the module comment. */
export class ClientNodeClusterClient implements ClusterClient {
  readonly name: string;
  readonly #options: CompiledClientOptions;
  readonly #watch: Watch;
  readonly #observers = new Set<(record: RequestRecord) => void>();
  #transport: Promise<Transport> | undefined;

  constructor(options: ClientNodeClusterClientOptions) {
    this.#options = compileClientOptions(options);
    this.name = this.#options.name;
    this.#watch = new Watch(options.kubeConfig);
  }

  async get<R extends ResourceRef>(
    resource: R,
    key: ObjectKey,
    options?: RequestOptions,
  ): Promise<ObjectOf<R>> {
    const path = resourcePath(resource, this.#namespaceFor(resource, key.namespace), key.name);
    return (await this.#send({ method: 'GET', path, signal: options?.signal })) as ObjectOf<R>;
  }

  async list<R extends ResourceRef>(
    resource: R,
    options: ListOptions = {},
  ): Promise<ObjectList<ObjectOf<R>>> {
    const list = (await this.#send({
      method: 'GET',
      path: resourcePath(resource, options.namespace),
      query: {
        labelSelector:
          options.labelSelector === undefined ? undefined : formatLabelSelector(options.labelSelector),
        fieldSelector: options.fieldSelector,
        limit: options.limit,
        continue: options.continue,
        resourceVersion: options.resourceVersion,
      },
      signal: options.signal,
    })) as ObjectList<ObjectOf<R>>;
    // Items of a list carry no apiVersion/kind on the wire; cached objects must look like watched ones.
    for (const item of list.items) {
      item.apiVersion ??= resource.apiVersion;
      item.kind ??= resource.kind;
    }
    return list;
  }

  async create<R extends ResourceRef>(
    resource: R,
    object: ObjectOf<R>,
    options?: WriteOptions,
  ): Promise<ObjectOf<R>> {
    const namespace = this.#namespaceFor(resource, object.metadata.namespace);
    return (await this.#send({
      method: 'POST',
      path: resourcePath(resource, namespace),
      query: writeQuery(options),
      body: object,
      signal: options?.signal,
    })) as ObjectOf<R>;
  }

  update<R extends ResourceRef>(
    resource: R,
    object: ObjectOf<R>,
    options?: WriteOptions,
  ): Promise<ObjectOf<R>> {
    return this.#replace(resource, object, undefined, options);
  }

  updateStatus<R extends ResourceRef>(
    resource: R,
    object: ObjectOf<R>,
    options?: WriteOptions,
  ): Promise<ObjectOf<R>> {
    return this.#replace(resource, object, 'status', options);
  }

  async patch<R extends ResourceRef>(
    resource: R,
    key: ObjectKey,
    patch: Patch,
    options: PatchOptions = {},
  ): Promise<ObjectOf<R>> {
    if (patch.type === 'apply' && !options.fieldManager) {
      throw new KubeUsageError('server-side apply needs a fieldManager');
    }
    const path = resourcePath(
      resource,
      this.#namespaceFor(resource, key.namespace),
      key.name,
      options.subresource,
    );
    const body = patch.type === 'apply' ? patch.configuration : patch.patch;
    const force = patch.type === 'apply' && patch.force ? true : undefined;
    return (await this.#send({
      method: 'PATCH',
      path,
      query: { ...writeQuery(options), force },
      body,
      contentType: PATCH_CONTENT_TYPES[patch.type],
      signal: options.signal,
    })) as ObjectOf<R>;
  }

  async delete<R extends ResourceRef>(
    resource: R,
    key: ObjectKey,
    options: DeleteOptions = {},
  ): Promise<void> {
    const path = resourcePath(resource, this.#namespaceFor(resource, key.namespace), key.name);
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
    if (options.preconditions) body.preconditions = options.preconditions;
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    await this.#send({ method: 'DELETE', path, body, signal: options.signal });
  }

  watch<R extends ResourceRef>(
    resource: R,
    options: WatchOptions,
    onEvent: (event: WatchEvent<ObjectOf<R>>) => void,
  ): WatchHandle {
    const path = resourcePath(resource, options.namespace);
    const what = `watch ${path} on ${this.name}`;
    let controller: AbortController | undefined;
    let finished = false;
    let settle: (error?: Error) => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      settle = (error) => {
        if (finished) return;
        finished = true;
        controller?.abort();
        if (error) reject(error);
        else resolve();
      };
    });
    const onLine = (type: string, object: unknown) => {
      if (finished) return;
      if (type === 'ERROR') {
        const status = object as { code?: number };
        settle(errorFromStatus(status.code ?? 500, object));
        return;
      }
      try {
        onEvent({ type, object } as WatchEvent<ObjectOf<R>>);
      } catch (error) {
        settle(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const started = performance.now();
    const query = {
      allowWatchBookmarks: options.allowWatchBookmarks ?? true,
      resourceVersion: options.resourceVersion,
      timeoutSeconds: options.timeoutSeconds,
      labelSelector:
        options.labelSelector === undefined ? undefined : formatLabelSelector(options.labelSelector),
      fieldSelector: options.fieldSelector,
    };
    let failure: unknown;
    this.#watch
      .watch(path, query, onLine, (error: unknown) => {
        failure = error;
        settle(error && !finished ? watchError(error, what) : undefined);
      })
      .then(
        (abort) => {
          controller = abort;
          if (finished) abort.abort();
          const code = (failure as { statusCode?: number } | undefined)?.statusCode;
          this.#record('GET', path, failure && code === undefined ? undefined : (code ?? 200), started);
        },
        (error: unknown) => {
          this.#record('GET', path, undefined, started);
          settle(transportError(error, what));
        },
      );
    return { done, stop: () => settle() };
  }

  observeRequests(listener: (record: RequestRecord) => void): () => void {
    this.#observers.add(listener);
    return () => this.#observers.delete(listener);
  }

  close(): void {
    void this.#transport?.then((transport) => transport.agent.destroy());
    this.#transport = undefined;
  }

  #namespaceFor(resource: ResourceRef, namespace: string | undefined): string | undefined {
    if (resource.scope === 'Cluster') return undefined;
    if (!namespace) throw new KubeUsageError(`${resource.kind} is namespaced: the request needs a namespace`);
    return namespace;
  }

  async #replace<R extends ResourceRef>(
    resource: R,
    object: ObjectOf<R>,
    subresource: 'status' | undefined,
    options: WriteOptions | undefined,
  ): Promise<ObjectOf<R>> {
    const name = object.metadata.name;
    if (!name) throw new KubeUsageError(`cannot replace a ${resource.kind} without metadata.name`);
    const namespace = this.#namespaceFor(resource, object.metadata.namespace);
    return (await this.#send({
      method: 'PUT',
      path: resourcePath(resource, namespace, name, subresource),
      query: writeQuery(options),
      body: object,
      signal: options?.signal,
    })) as ObjectOf<R>;
  }

  #record(method: string, path: string, code: number | undefined, started: number): void {
    if (this.#observers.size === 0) return;
    const record = { method, path, code, durationMs: performance.now() - started };
    for (const observer of this.#observers) observer(record);
  }

  async #send(request: RawRequest): Promise<unknown> {
    this.#transport ??= buildTransport(this.#options);
    const transport = await this.#transport;
    const started = performance.now();
    try {
      const { code, body } = await this.#exchange(transport, request, true);
      this.#record(request.method, request.path, code, started);
      if (code >= 400) throw errorFromStatus(code, body);
      return body;
    } catch (error) {
      if (error instanceof KubeNetworkError) this.#record(request.method, request.path, undefined, started);
      throw error;
    }
  }

  async #exchange(
    transport: Transport,
    request: RawRequest,
    mayRetry: boolean,
  ): Promise<{ code: number; body: unknown }> {
    const url = new URL(this.#options.server + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers: Record<string, string> = {
      ...(await transport.headers()),
      Accept: 'application/json',
      'User-Agent': this.#options.userAgent,
    };
    if (payload !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const what = `${request.method} ${request.path} on ${this.name}`;
    try {
      return await new Promise((resolve, reject) => {
        const req = transport.request(
          url,
          { method: request.method, agent: transport.agent, headers, signal: request.signal },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () =>
              resolve({ code: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString('utf8')) }),
            );
          },
        );
        req.setTimeout(this.#options.requestTimeoutMs, () =>
          req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
        );
        req.on('error', (error: NodeJS.ErrnoException) => {
          const stale = req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
          reject(
            stale && mayRetry && RETRIABLE_ON_STALE_SOCKET.has(request.method) ? new StaleSocket() : error,
          );
        });
        req.end(payload);
      });
    } catch (error) {
      if (error instanceof StaleSocket) return this.#exchange(transport, request, false);
      if (request.signal?.aborted) throw request.signal.reason;
      throw transportError(error, what);
    }
  }
}

/** A pooled connection the server had already closed; the request is sent again on a fresh one. */
class StaleSocket extends Error {
  override readonly name = 'StaleSocket';
}

function writeQuery(options: WriteOptions | undefined): Record<string, string | undefined> {
  return { fieldManager: options?.fieldManager, dryRun: options?.dryRun ? 'All' : undefined };
}
