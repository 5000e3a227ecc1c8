/**
 * Serves resource requests (kube-api.md §5, §7, §9, §16): checks the routed path against the resolved resource
 * (scope, subresource, verb), negotiates the response shape, decodes the body and query, calls the registry, and
 * renders its result — JSON, a Table, a watch stream or a pod log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRegistry, ResourceInfo, Subresource, WriteResult } from '../registry/index.js';
import type { KubeObject, WatchEvent } from '../store/index.js';
import { methodNotAllowed, notAcceptable, parseIncludeObject, pathNotFound } from '../wire/index.js';
import { statusOf } from './error-status.js';
import { LogStream, sendLog } from './log-response.js';
import type { LongRunningRequests } from './long-running.js';
import { type Negotiated, negotiate, type ResponseFormat } from './negotiation.js';
import {
  parseDeleteOptions,
  parseLogOptions,
  parseReadOptions,
  parseWatchOptions,
  parseWriteOptions,
} from './query-options.js';
import {
  decodeDeleteOptionsBody,
  decodeObjectBody,
  decodePatchBody,
  readRequestBody,
} from './request-body.js';
import { sendJson } from './response-writer.js';
import type { ResourceRoute, ResourceVerb } from './route.js';
import { TableRenderer } from './table-rendering.js';
import { respondWatchError, streamWatch, type WatchLine } from './watch-response.js';

/** The verbs each subresource serves. */
const SUBRESOURCE_VERBS: Record<Subresource, readonly ResourceVerb[]> = {
  status: ['get', 'update', 'patch'],
  scale: ['get', 'update', 'patch'],
  log: ['get'],
  finalize: ['update'],
};

/** How long a watch without `timeoutSeconds` lasts: randomized like the real server's 30–60 minutes. */
export interface WatchTimeoutRange {
  minSeconds: number;
  maxSeconds: number;
}

/** What the resource handler needs. */
export interface ResourceHandlerOptions {
  registry: ApiRegistry;
  /** Watches and followed logs, so shutdown can end them. */
  longRunning: LongRunningRequests;
  /** @default { minSeconds: 1800, maxSeconds: 3600 } */
  watchTimeout?: WatchTimeoutRange;
  /** The clock for Table ages. @default Date.now */
  now?: () => number;
}

/** One resource request with everything parsed from its URL. */
interface ResourceRequest {
  route: ResourceRoute;
  info: ResourceInfo;
  namespace: string;
  subresource: Subresource | undefined;
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
}

function isSubresource(info: ResourceInfo, name: string): name is Subresource {
  return (info.subresources as readonly string[]).includes(name);
}

function apiVersionOf(info: ResourceInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** Serves the requests routed to a resource. */
export class ResourceHandler {
  readonly #registry: ApiRegistry;
  readonly #longRunning: LongRunningRequests;
  readonly #watchTimeout: WatchTimeoutRange;
  readonly #now: () => number;

  constructor(options: ResourceHandlerOptions) {
    this.#registry = options.registry;
    this.#longRunning = options.longRunning;
    this.#watchTimeout = options.watchTimeout ?? { minSeconds: 1800, maxSeconds: 3600 };
    this.#now = options.now ?? Date.now;
  }

  /** Serves one request; throws a StatusError (or registry/store error) for the caller to render. */
  async handle(route: ResourceRoute, query: URLSearchParams, req: IncomingMessage, res: ServerResponse) {
    const request = this.#resolve(route, query, req, res);
    switch (route.verb) {
      case 'get':
        return request.subresource === 'log' ? this.#log(request) : this.#get(request);
      case 'list':
        return this.#list(request);
      case 'watch':
        return this.#watch(request);
      case 'create':
        return this.#create(request);
      case 'update':
        return this.#update(request);
      case 'patch':
        return this.#patch(request);
      case 'delete':
        return this.#delete(request);
      case 'deletecollection':
        return this.#deleteCollection(request);
    }
  }

  /** Finds the resource and checks that the path shape and method fit it (404 / 405 otherwise). */
  #resolve(route: ResourceRoute, query: URLSearchParams, req: IncomingMessage, res: ServerResponse) {
    const info = this.#registry.resolve(route.group, route.version, route.resource);
    if (info === undefined) throw pathNotFound();
    if (route.namespace !== undefined && !info.namespaced) throw pathNotFound();
    // Namespaced resources answer only list and watch across namespaces.
    if (info.namespaced && route.namespace === undefined && route.verb !== 'list' && route.verb !== 'watch') {
      throw route.name === undefined ? methodNotAllowed() : pathNotFound();
    }
    let subresource: Subresource | undefined;
    if (route.subresource !== undefined) {
      if (!isSubresource(info, route.subresource)) throw pathNotFound();
      subresource = route.subresource;
      if (!SUBRESOURCE_VERBS[subresource].includes(route.verb)) throw methodNotAllowed();
    } else if (!info.verbs.includes(route.verb)) {
      throw methodNotAllowed();
    }
    const namespace = route.namespace ?? '';
    return { route, info, namespace, subresource, query, req, res } satisfies ResourceRequest;
  }

  /** Negotiates the response shape, 406 when none fits. */
  #negotiate(
    request: ResourceRequest,
    offers: readonly ResponseFormat[],
  ): Exclude<Negotiated, { format: 'not-acceptable' }> {
    const negotiated = negotiate(request.req.headers.accept, offers);
    if (negotiated.format === 'not-acceptable') throw notAcceptable(negotiated.accepted);
    return negotiated;
  }

  /** Reads offer Tables, except on subresources whose objects are of another kind (scale). */
  #readOffers(request: ResourceRequest): ResponseFormat[] {
    return request.subresource === undefined || request.subresource === 'status'
      ? ['json', 'table']
      : ['json'];
  }

  #renderer(request: ResourceRequest): TableRenderer {
    return new TableRenderer(request.info, parseIncludeObject(request.query.get('includeObject')), this.#now);
  }

  #pretty(request: ResourceRequest): boolean {
    return request.query.get('pretty') === 'true' || request.query.get('pretty') === '1';
  }

  async #get(request: ResourceRequest): Promise<void> {
    const negotiated = this.#negotiate(request, this.#readOffers(request));
    const renderer = negotiated.format === 'table' ? this.#renderer(request) : undefined;
    const object = await this.#registry.get(
      request.info,
      request.namespace,
      request.route.name as string,
      request.subresource,
    );
    const body = renderer === undefined ? object : renderer.object(object);
    sendJson(request.res, 200, body, negotiated.contentType, { pretty: this.#pretty(request) });
  }

  async #list(request: ResourceRequest): Promise<void> {
    const negotiated = this.#negotiate(request, ['json', 'table']);
    const renderer = negotiated.format === 'table' ? this.#renderer(request) : undefined;
    const options = parseReadOptions(request.query);
    const list = await this.#registry.list(request.info, request.route.namespace, options);
    const body = renderer === undefined ? list : renderer.list(list);
    sendJson(request.res, 200, body, negotiated.contentType, { pretty: this.#pretty(request) });
  }

  async #watch(request: ResourceRequest): Promise<void> {
    const negotiated = this.#negotiate(request, ['json', 'table']);
    const renderer = negotiated.format === 'table' ? this.#renderer(request) : undefined;
    const options = parseWatchOptions(request.query, request.route.name);
    let stream: ReturnType<ApiRegistry['watch']>;
    try {
      stream = this.#registry.watch(request.info, request.route.namespace, options);
    } catch (error) {
      const status = statusOf(error);
      if (status.code !== 410) throw error;
      respondWatchError(request.res, negotiated.contentType, status);
      return;
    }
    const apiVersion = apiVersionOf(request.info);
    const kind = request.info.kind;
    const render = (event: WatchEvent): WatchLine => {
      if (renderer !== undefined) return renderer.watchEvent(event);
      const object = event.object;
      if (object.apiVersion !== undefined && object.kind !== undefined) return event;
      return { type: event.type, object: { apiVersion, kind, ...object } };
    };
    const timeoutMs = this.#watchTimeoutMs(options.timeoutSeconds);
    await this.#longRunning.run(
      () => stream.close('shutdown'),
      () => streamWatch(request.res, stream, { contentType: negotiated.contentType, render, timeoutMs }),
    );
  }

  #watchTimeoutMs(timeoutSeconds: number | undefined): number {
    if (timeoutSeconds !== undefined) return timeoutSeconds * 1000;
    const { minSeconds, maxSeconds } = this.#watchTimeout;
    return (minSeconds + Math.random() * (maxSeconds - minSeconds)) * 1000;
  }

  async #log(request: ResourceRequest): Promise<void> {
    const options = parseLogOptions(request.query);
    const log = await this.#registry.podLog(request.namespace, request.route.name as string, options);
    if (typeof log === 'string') {
      sendLog(request.res, log);
      return;
    }
    const stream = new LogStream(request.res, log);
    await this.#longRunning.run(
      () => stream.close(),
      () => stream.run(),
    );
  }

  #sendWrite(
    request: ResourceRequest,
    negotiated: { contentType: string },
    result: WriteResult,
    code: number,
  ) {
    sendJson(request.res, code, result.object, negotiated.contentType, {
      warnings: result.warnings,
      pretty: this.#pretty(request),
    });
  }

  async #create(request: ResourceRequest): Promise<void> {
    const negotiated = this.#negotiate(request, ['json']);
    const bytes = await readRequestBody(request.req);
    const body = decodeObjectBody(request.req.headers['content-type'], bytes, request.info);
    const options = parseWriteOptions(request.query, 'CreateOptions');
    const result = await this.#registry.create(request.info, request.namespace, body as KubeObject, options);
    this.#sendWrite(request, negotiated, result, 201);
  }

  async #update(request: ResourceRequest): Promise<void> {
    const negotiated = this.#negotiate(request, ['json']);
    const bytes = await readRequestBody(request.req);
    const body = decodeObjectBody(request.req.headers['content-type'], bytes, request.info);
    const options = parseWriteOptions(request.query, 'UpdateOptions');
    const result = await this.#registry.update(
      request.info,
      request.namespace,
      request.route.name as string,
      body as KubeObject,
      options,
      request.subresource,
    );
    this.#sendWrite(request, negotiated, result, result.created === true ? 201 : 200);
  }

  async #patch(request: ResourceRequest): Promise<void> {
    const negotiated = this.#negotiate(request, ['json']);
    const bytes = await readRequestBody(request.req);
    const patch = decodePatchBody(request.req.headers['content-type'], bytes, request.info);
    const options = parseWriteOptions(request.query, 'PatchOptions', patch.type);
    const result = await this.#registry.patch(
      request.info,
      request.namespace,
      request.route.name as string,
      patch.type,
      patch.body,
      options,
      request.subresource,
    );
    this.#sendWrite(request, negotiated, result, result.created === true ? 201 : 200);
  }

  async #deleteOptions(request: ResourceRequest) {
    const bytes = await readRequestBody(request.req);
    const body = decodeDeleteOptionsBody(request.req.headers['content-type'], bytes);
    return parseDeleteOptions(request.query, body);
  }

  async #delete(request: ResourceRequest): Promise<void> {
    const negotiated = this.#negotiate(request, ['json']);
    const options = await this.#deleteOptions(request);
    const result = await this.#registry.delete(
      request.info,
      request.namespace,
      request.route.name as string,
      options,
    );
    // The deprecated `orphanDependents=false` asks for 202 while the deletion is still pending.
    const pending = result.object.metadata.deletionTimestamp != null;
    const code = options.orphanDependents === false && pending ? 202 : 200;
    this.#sendWrite(request, negotiated, result, code);
  }

  async #deleteCollection(request: ResourceRequest): Promise<void> {
    const negotiated = this.#negotiate(request, ['json']);
    const read = parseReadOptions(request.query);
    const options = await this.#deleteOptions(request);
    const list = await this.#registry.deleteCollection(request.info, request.route.namespace, read, options);
    sendJson(request.res, 200, list, negotiated.contentType, { pretty: this.#pretty(request) });
  }
}
