/**
 * The embedded S3-compatible server: the object store the operators use in the embedded environment, spoken to over
 * real HTTP with real SigV4 so the operators' S3 code path is the one that runs against MinIO or AWS. Data lives
 * under a directory and survives restarts; `setReachable(false)` takes the endpoint off the network for fault
 * drills.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkBucketName } from './bucket-name.js';
import { BucketStore } from './bucket-store.js';
import { ToggleableListener } from './listener.js';
import type { RequestContext } from './request-context.js';
import { parseRoute, type S3Route } from './request-route.js';
import { sendError } from './responses.js';
import { routeRequest } from './s3-router.js';
import { type SigV4Credentials, verifySignature } from './sigv4.js';

/** How to start the server. */
export interface S3ServerOptions {
  /** The directory holding buckets and objects (created if missing; reused across restarts). */
  readonly dir: string;
  /** The port to listen on. @default 0 (a free port chosen by the system, kept across setReachable) */
  readonly port?: number;
  /** The address to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** The access keys accepted; requests signed with anything else are refused as S3 refuses them. */
  readonly credentials: SigV4Credentials | readonly SigV4Credentials[];
  /** Buckets to create at start when they do not exist yet. @default [] */
  readonly buckets?: readonly string[];
  /** The region reported for buckets. Requests signed for any region are accepted. @default 'us-east-1' */
  readonly region?: string;
  /** The server clock, for replaying requests signed at a fixed time. @default () => new Date() */
  readonly clock?: () => Date;
}

/** A running server. */
export interface S3Server {
  /** The endpoint URL for clients (`s3CompatibleEndpoint`), e.g. `http://127.0.0.1:9000`. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  /** Whether the endpoint currently accepts connections. */
  readonly reachable: boolean;
  /**
   * Takes the endpoint off the network (`false`: the port refuses connections and open ones are cut) or brings it
   * back on the same port (`true`). Data is untouched either way.
   */
  setReachable(reachable: boolean): Promise<void>;
  /** Closes the endpoint and waits for writes in flight. */
  stop(): Promise<void>;
}

/** Answers one request: authenticate, route, and turn any failure into S3's error response. */
async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  base: Pick<RequestContext, 'store' | 'region' | 'now'>,
  secretFor: (accessKeyId: string) => string | undefined,
): Promise<void> {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('x-amz-id-2', requestId);
  res.setHeader('server', 'RamenEmbeddedS3');
  let route: S3Route | undefined;
  try {
    route = parseRoute(req.url ?? '/');
    const verified = verifySignature(
      { method: req.method ?? '', url: req.url ?? '/', rawHeaders: req.rawHeaders },
      { secretFor, now: base.now().getTime() },
    );
    await routeRequest({ ...base, req, res, route, verified });
  } catch (error) {
    sendError(req, res, error, {
      resource: route?.resource ?? req.url ?? '/',
      requestId,
      ...(route?.bucket === undefined ? {} : { bucket: route.bucket }),
      ...(route?.key === undefined ? {} : { key: route.key }),
    });
  }
}

/** Starts the server: loads the directory, creates the requested buckets, and listens. */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const now = options.clock ?? (() => new Date());
  const keys = new Map(
    ([] as SigV4Credentials[])
      .concat(options.credentials)
      .map((key) => [key.accessKeyId, key.secretAccessKey]),
  );
  const store = await BucketStore.open(options.dir);
  for (const bucket of options.buckets ?? []) {
    checkBucketName(bucket);
    if (!store.bucket(bucket)) await store.createBucket(bucket, now());
  }
  const base = { store, region, now };
  const server = createServer((req, res) => {
    // handleRequest answers every failure itself; what is left (the answer could not be written) ends the exchange.
    handleRequest(req, res, base, (id) => keys.get(id)).catch((error: unknown) =>
      res.destroy(error as Error),
    );
  });
  const listener = new ToggleableListener(server, host, options.port ?? 0);
  await listener.listen();
  const endpointHost = host.includes(':') ? `[${host}]` : host;
  let stopped = false;
  return {
    endpoint: `http://${endpointHost}:${listener.port}`,
    port: listener.port,
    region,
    get reachable() {
      return listener.listening;
    },
    async setReachable(reachable: boolean) {
      if (stopped) throw new Error('the embedded S3 server was stopped; start a new one instead');
      if (reachable) await listener.listen();
      else await listener.close();
    },
    async stop() {
      stopped = true;
      await listener.close();
      await store.flush();
    },
  };
}
