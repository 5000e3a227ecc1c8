/**
 * The control endpoint of a running `ramen env up`: a small JSON-over-HTTP server on loopback through which the
 * other `ramen env` commands apply faults to the environment in that process. Every request needs the bearer token
 * from run.json (owner-readable only), so only the user who started the environment can drive it.
 *
 * Routes: `GET /status`; `POST /clusters/<name>/{stop,start,partition,heal}`; `POST /s3/{down,up}` (every object
 * store) and `POST /s3/<name>/{down,up}`. Answers: `200 {"status": [...]}` or `4xx/5xx {"error": "..."}`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnknownClusterError } from './environment-error.js';
import type { ClusterStatus, Environment } from './environment-types.js';

/** A cluster's status as the control endpoint reports it (no secret key). */
export type PublicClusterStatus = Omit<ClusterStatus, 's3'> & {
  s3?: Omit<NonNullable<ClusterStatus['s3']>, 'secretAccessKey'>;
};

/** A running control endpoint. */
export interface ControlServer {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

/** The environment's status without secrets. */
export function publicStatus(env: Environment): PublicClusterStatus[] {
  return env.status().map(({ s3, ...rest }) => {
    if (s3 === undefined) return rest;
    const { secretAccessKey: _secret, ...publicS3 } = s3;
    return { ...rest, s3: publicS3 };
  });
}

type Action = (env: Environment) => Promise<void>;

const CLUSTER_ACTIONS: Readonly<Record<string, (name: string) => Action>> = {
  stop: (name) => (env) => env.stopCluster(name),
  start: (name) => (env) => env.startCluster(name),
  partition: (name) => (env) => env.partition(name),
  heal: (name) => (env) => env.heal(name),
};

/** The action a POST path names, or undefined. */
function actionOf(path: string): Action | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'clusters' && parts.length === 3) {
    return CLUSTER_ACTIONS[parts[2] as string]?.(parts[1] as string);
  }
  if (parts[0] === 's3' && (parts.length === 2 || parts.length === 3)) {
    const verb = parts.at(-1);
    const name = parts.length === 3 ? parts[1] : undefined;
    if (verb === 'down') return (env) => env.s3Down(name);
    if (verb === 'up') return (env) => env.s3Up(name);
  }
  return undefined;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function authorized(req: IncomingMessage, token: string): boolean {
  const presented = Buffer.from(/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

async function handle(
  env: Environment,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  req.resume();
  if (!authorized(req, token)) return send(res, 401, { error: 'missing or wrong control token' });
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/status') return send(res, 200, { status: publicStatus(env) });
  const action = req.method === 'POST' ? actionOf(path) : undefined;
  if (action === undefined) return send(res, 404, { error: `no such control action: ${req.method} ${path}` });
  try {
    await action(env);
    send(res, 200, { status: publicStatus(env) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    send(res, error instanceof UnknownClusterError ? 404 : 409, { error: message });
  }
}

/** Starts the control endpoint for `env` on a free loopback port with a fresh token. */
export async function startControlServer(env: Environment): Promise<ControlServer> {
  const token = randomBytes(24).toString('base64url');
  const server: Server = createServer((req, res) => {
    handle(env, token, req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
