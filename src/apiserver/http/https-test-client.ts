/**
 * A minimal HTTPS client for tests of the API server over the wire: Node 20's `fetch` cannot be given a CA, so this
 * uses `node:https` with the server's certificate and bearer token, and exposes watch responses line by line.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request } from 'node:https';

/** Where and how to connect. */
export interface TestTarget {
  url: string;
  caPem: string;
  /** Sent as `Authorization: Bearer`; omit to test authentication. */
  token?: string;
}

/** A complete response. */
export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** Request details. */
export interface TestRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

function open(target: TestTarget, path: string, init: TestRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...init.headers };
    if (target.token !== undefined) headers.Authorization = `Bearer ${target.token}`;
    const req = request(new URL(path, target.url), {
      method: init.method ?? 'GET',
      ca: target.caPem,
      headers,
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end(init.body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends a request and reads the whole response. */
export async function send(target: TestTarget, path: string, init: TestRequest = {}): Promise<TestResponse> {
  const res = await open(target, path, init);
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) };
}

/** An open streaming response read line by line. */
export class LineStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly #res: IncomingMessage;
  readonly #lines: string[] = [];
  readonly #waiters: Array<() => void> = [];
  #buffer = '';
  #ended = false;
  #error: Error | undefined;
  /** Raw body chunks as received, to check framing. */
  readonly chunks: string[] = [];

  constructor(res: IncomingMessage) {
    this.#res = res;
    this.status = res.statusCode ?? 0;
    this.headers = res.headers;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.chunks.push(chunk);
      this.#buffer += chunk;
      let newline = this.#buffer.indexOf('\n');
      while (newline >= 0) {
        this.#lines.push(this.#buffer.slice(0, newline));
        this.#buffer = this.#buffer.slice(newline + 1);
        newline = this.#buffer.indexOf('\n');
      }
      this.#wake();
    });
    res.on('end', () => {
      this.#ended = true;
      this.#wake();
    });
    res.on('error', (error) => {
      this.#error = error;
      this.#wake();
    });
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** True once the body ended cleanly. */
  get ended(): boolean {
    return this.#ended;
  }

  /** The next complete line parsed as JSON; fails after `timeoutMs` or when the stream ends first. */
  async next(timeoutMs = 5000): Promise<unknown> {
    return JSON.parse(await this.nextLine(timeoutMs));
  }

  /** The next complete line; fails after `timeoutMs` or when the stream ends first. */
  async nextLine(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.#lines.shift();
      if (line !== undefined) return line;
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) throw new Error('the stream ended');
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no line within the timeout');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the body ends cleanly (rejects on a transport error or after `timeoutMs`). */
  async end(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#ended) {
      if (this.#error !== undefined) throw this.#error;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('the stream did not end within the timeout');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.#error !== undefined) throw this.#error;
  }

  /** Aborts the response from the client side. */
  close(): void {
    this.#res.destroy();
  }
}

/** Opens a streaming request (a watch); resolves once the response headers arrived. */
export async function stream(target: TestTarget, path: string, init: TestRequest = {}): Promise<LineStream> {
  return new LineStream(await open(target, path, init));
}
