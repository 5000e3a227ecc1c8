/**
 * A JSON-over-HTTPS client that keeps its connections alive (up to `maxSockets`), as a busy controller's client
 * does, for load tests of the API server: several concurrent lanes of writes reuse their sockets instead of paying
 * a TLS handshake per request.
 */
import { Agent, request } from 'node:https';
import type { Socket } from 'node:net';

/** Where and how to connect. */
export interface KeepAliveTarget {
  url: string;
  caPem: string;
  token: string;
}

/** A complete response. */
export interface KeepAliveResponse {
  status: number;
  /** The body parsed as JSON, undefined when it is not JSON. */
  json: unknown;
}

/** Sends requests over a keep-alive agent; `close()` ends its sockets. */
export class KeepAliveClient {
  readonly #target: KeepAliveTarget;
  readonly #agent: Agent;
  readonly #sockets = new Set<Socket>();
  #requests = 0;

  constructor(target: KeepAliveTarget, maxSockets = 8) {
    this.#target = target;
    this.#agent = new Agent({ keepAlive: true, maxSockets, ca: target.caPem });
  }

  /** Sends `body` as JSON (when given) and reads the whole response. Rejects on a transport failure. */
  request(method: string, path: string, body?: unknown): Promise<KeepAliveResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${this.#target.token}`,
        Accept: 'application/json',
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const req = request(new URL(path, this.#target.url), { method, agent: this.#agent, headers });
      this.#requests++;
      req.on('socket', (socket) => this.#sockets.add(socket));
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      });
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  /** How many requests were sent and over how many distinct connections (fewer when keep-alive works). */
  get usage(): { requests: number; connections: number } {
    return { requests: this.#requests, connections: this.#sockets.size };
  }

  /** Closes every socket. */
  close(): void {
    this.#agent.destroy();
  }
}
