/**
 * The probe and metrics endpoint of a manager: `/healthz` (liveness), `/readyz` (readiness) and `/metrics`
 * (Prometheus text) on one port. Checks are named functions that throw when unhealthy; the response follows
 * controller-runtime's healthz handler: `ok` when all pass, otherwise 500 with one `[+]name ok` / `[-]name failed:
 * reason` line per check (also on success with `?verbose`); `/healthz/<name>` runs one check; `?exclude=<name>`
 * skips one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A named health check: resolves when healthy, throws (with the reason) when not. */
export type HealthCheck = () => void | Promise<void>;

/** Options of `HealthServer`. */
export interface HealthServerOptions {
  /** 0 picks a free port. @default 8081 */
  port?: number;
  /** @default '0.0.0.0' */
  host?: string;
}

/** The health server could not listen. */
export class HealthServerStartError extends Error {
  override readonly name = 'HealthServerStartError';
}

type Probe = 'healthz' | 'readyz';

/** Serves the probes and the metrics; see the module comment. */
export class HealthServer {
  readonly #options: Required<HealthServerOptions>;
  readonly #registry: Registry;
  readonly #checks: Record<Probe, Map<string, HealthCheck>> = { healthz: new Map(), readyz: new Map() };
  #server: Server | undefined;
  #port = 0;

  constructor(options: HealthServerOptions, registry: Registry) {
    this.#options = { port: options.port ?? 8081, host: options.host ?? '0.0.0.0' };
    this.#registry = registry;
    this.addHealthzCheck('ping', () => {});
    this.addReadyzCheck('ping', () => {});
  }

  /** The port listened on (after `start`). */
  get port(): number {
    return this.#port;
  }

  /** Adds a liveness check. */
  addHealthzCheck(name: string, check: HealthCheck): void {
    this.#checks.healthz.set(name, check);
  }

  /** Adds a readiness check. */
  addReadyzCheck(name: string, check: HealthCheck): void {
    this.#checks.readyz.set(name, check);
  }

  /** Starts listening. */
  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          new HealthServerStartError(`cannot listen on ${this.#options.host}:${this.#options.port}`, {
            cause: error,
          }),
        ),
      );
      server.listen(this.#options.port, this.#options.host, () => resolve());
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and closes open connections. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, probe, single] = url.pathname.split('/');
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.#send(res, 405, 'method not allowed\n');
    if (url.pathname === '/metrics') {
      const body = await this.#registry.metrics();
      res.writeHead(200, { 'Content-Type': this.#registry.contentType });
      res.end(body);
      return;
    }
    if (probe !== 'healthz' && probe !== 'readyz') return this.#send(res, 404, 'not found\n');
    const checks = this.#checks[probe];
    if (single !== undefined) {
      const check = checks.get(single);
      if (!check) return this.#send(res, 404, 'not found\n');
      const failure = await runCheck(check);
      return failure === undefined
        ? this.#send(res, 200, 'ok')
        : this.#send(res, 500, `internal server error: ${failure}\n`);
    }
    const excluded = new Set(url.searchParams.getAll('exclude'));
    const lines: string[] = [];
    let failed = false;
    for (const [name, check] of checks) {
      if (excluded.has(name)) {
        lines.push(`[+]${name} excluded: ok`);
        continue;
      }
      const failure = await runCheck(check);
      failed ||= failure !== undefined;
      lines.push(failure === undefined ? `[+]${name} ok` : `[-]${name} failed: ${failure}`);
    }
    if (failed) return this.#send(res, 500, `${lines.join('\n')}\n${probe} check failed\n`);
    if (url.searchParams.has('verbose'))
      return this.#send(res, 200, `${lines.join('\n')}\n${probe} check passed\n`);
    this.#send(res, 200, 'ok');
  }

  #send(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
  }
}

async function runCheck(check: HealthCheck): Promise<string | undefined> {
  try {
    await check();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
