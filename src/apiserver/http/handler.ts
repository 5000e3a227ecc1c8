/**
 * The request handler of the API server: authentication, routing, and dispatch to the discovery, OpenAPI, health
 * and resource endpoints, with every failure answered as a Kubernetes `Status`. It owns no Kubernetes semantics:
 * resources go to the registry through `ResourceHandler`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRegistry, GroupVersionInfo } from '../registry/index.js';
import { methodNotAllowed, notAcceptable, pathNotFound, type Status, unauthorized } from '../wire/index.js';
import { hasBearerToken, isPublicPath } from './auth.js';
import {
  aggregatedDiscovery,
  coreVersions,
  type DiscoveryScope,
  groupDocument,
  groupList,
  resourceList,
} from './discovery.js';
import { isServerFault, statusOf } from './error-status.js';
import { LongRunningRequests } from './long-running.js';
import { negotiate } from './negotiation.js';
import { OpenApiCatalog } from './openapi.js';
import { ResourceHandler, type WatchTimeoutRange } from './resource-handler.js';
import { sendJson, sendStatus, sendText } from './response-writer.js';
import { type Route, routeRequest } from './route.js';
import { versionInfo } from './server-version.js';

/** Options of `ApiHandler`. */
export interface ApiHandlerOptions {
  registry: ApiRegistry;
  /** The bearer token every non-public request must carry; undefined disables authentication. */
  token?: string;
  /** `host:port` clients reach the server at (for `GET /api`). */
  serverAddress: () => string;
  /** Called with unexpected failures (500s), e.g. to log them. @default ignore */
  onError?: (error: unknown, req: IncomingMessage) => void;
  /** @default 30 to 60 minutes */
  watchTimeout?: WatchTimeoutRange;
  /** The clock for Table ages. @default Date.now */
  now?: () => number;
}

/** Handles every HTTP request of one API server. */
export class ApiHandler {
  readonly #registry: ApiRegistry;
  readonly #token: string | undefined;
  readonly #serverAddress: () => string;
  readonly #onError: (error: unknown, req: IncomingMessage) => void;
  readonly #openApi: OpenApiCatalog;
  readonly #longRunning = new LongRunningRequests();
  readonly #resources: ResourceHandler;
  readonly #unsubscribe: () => void;

  constructor(options: ApiHandlerOptions) {
    this.#registry = options.registry;
    this.#token = options.token;
    this.#serverAddress = options.serverAddress;
    this.#onError = options.onError ?? (() => {});
    this.#openApi = new OpenApiCatalog(() => this.#registry.groupVersions());
    this.#unsubscribe = this.#registry.onDiscoveryChange(() => this.#openApi.invalidate());
    this.#resources = new ResourceHandler({
      registry: options.registry,
      longRunning: this.#longRunning,
      ...(options.watchTimeout !== undefined && { watchTimeout: options.watchTimeout }),
      ...(options.now !== undefined && { now: options.now }),
    });
  }

  /** How many watches and followed logs are open. */
  get openStreams(): number {
    return this.#longRunning.size;
  }

  /** Serves one request; never throws (failures become Status responses). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://embedded.invalid');
    try {
      if (this.#token !== undefined && !isPublicPath(url.pathname)) {
        if (!hasBearerToken(req.headers.authorization, this.#token)) throw unauthorized();
      }
      const route = routeRequest(req.method ?? 'GET', url.pathname, url.searchParams);
      await this.#dispatch(route, url, req, res);
    } catch (error) {
      this.#fail(error, req, res);
    }
  }

  /** Ends every watch and followed log cleanly and waits for them; later ones end at once. */
  async closeStreams(): Promise<void> {
    await this.#longRunning.closeAll();
  }

  /** Stops listening to discovery changes. */
  dispose(): void {
    this.#unsubscribe();
  }

  #fail(error: unknown, req: IncomingMessage, res: ServerResponse): void {
    // The client went away (e.g. while sending its body): there is no one to answer.
    if (res.destroyed) return;
    const status: Status = statusOf(error);
    if (isServerFault(status)) this.#onError(error, req);
    if (res.headersSent) {
      // A stream failed midway; all that is left is to end it.
      if (!res.writableEnded) res.end();
      return;
    }
    // A rejected oversized body is not read to its end; do not keep the connection for another request.
    const headers: Record<string, string> = status.code === 413 ? { Connection: 'close' } : {};
    sendStatus(res, status, { headers });
  }

  async #dispatch(route: Route, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    switch (route.kind) {
      case 'resource':
        return this.#resources.handle(route, url.searchParams, req, res);
      case 'health':
        return sendText(res, 200, 'ok', 'text/plain; charset=utf-8');
      case 'version':
        return sendJson(res, 200, versionInfo());
      case 'root':
        return sendJson(res, 200, { paths: this.#rootPaths() });
      case 'core-versions':
        return this.#discovery(req, res, 'core', (gvs) => coreVersions(gvs, this.#serverAddress()));
      case 'group-list':
        return this.#discovery(req, res, 'named', groupList);
      case 'group':
        return this.#json(req, res, groupDocument(this.#registry.groupVersions(), route.group));
      case 'resource-list':
        return this.#json(req, res, resourceList(this.#registry.groupVersions(), route.group, route.version));
      case 'openapi-v3-index':
        return this.#json(req, res, this.#openApi.index());
      case 'openapi-v3-document':
        return this.#openApiDocument(route.path, url, req, res);
      case 'openapi-v2':
      case 'not-found':
        throw pathNotFound();
      case 'method-not-allowed':
        throw methodNotAllowed();
    }
  }

  /** Sends a plain JSON document, 404 when there is none, 406 when JSON is not acceptable. */
  #json(req: IncomingMessage, res: ServerResponse, body: object | undefined): void {
    if (body === undefined) throw pathNotFound();
    const negotiated = negotiate(req.headers.accept, ['json']);
    if (negotiated.format === 'not-acceptable') throw notAcceptable(negotiated.accepted);
    sendJson(res, 200, body, negotiated.contentType);
  }

  /** `/api` and `/apis`: aggregated discovery when asked for, the legacy document otherwise. */
  #discovery(
    req: IncomingMessage,
    res: ServerResponse,
    scope: DiscoveryScope,
    legacy: (groupVersions: readonly GroupVersionInfo[]) => object,
  ): void {
    const negotiated = negotiate(req.headers.accept, ['json', 'discovery']);
    if (negotiated.format === 'not-acceptable') throw notAcceptable(negotiated.accepted);
    const groupVersions = this.#registry.groupVersions();
    const body =
      negotiated.format === 'discovery'
        ? aggregatedDiscovery(groupVersions, scope, negotiated.discoveryVersion)
        : legacy(groupVersions);
    sendJson(res, 200, body, negotiated.contentType);
  }

  /**
   * A per-group-version OpenAPI document. A URL with the current hash may be cached forever; a stale hash is
   * redirected to the current one, as real servers do.
   */
  #openApiDocument(path: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
    const document = this.#openApi.document(path);
    if (document === undefined) throw pathNotFound();
    const requested = url.searchParams.get('hash');
    if (requested !== null && requested !== document.hash) {
      res.writeHead(301, { Location: `/openapi/v3/${path}?hash=${document.hash}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    const etag = `"${document.hash}"`;
    const cacheControl = requested === null ? 'no-cache, private' : 'public, immutable';
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, 'Cache-Control': cacheControl });
      res.end();
      return;
    }
    sendText(res, 200, `${document.body}\n`, 'application/json', {
      headers: { ETag: etag, 'Cache-Control': cacheControl },
    });
  }

  #rootPaths(): string[] {
    const paths = new Set([
      '/api',
      '/apis',
      '/healthz',
      '/livez',
      '/openapi/v2',
      '/openapi/v3',
      '/readyz',
      '/version',
    ]);
    for (const gv of this.#registry.groupVersions()) {
      if (gv.group === '') paths.add(`/api/${gv.version}`);
      else {
        paths.add(`/apis/${gv.group}`);
        paths.add(`/apis/${gv.group}/${gv.version}`);
      }
    }
    return [...paths].sort();
  }
}
