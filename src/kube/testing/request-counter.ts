/**
 * Test support: counts the requests an embedded API server receives, through `startApiServer`'s `onRequest` hook,
 * split into reads, watches and writes per resource path, so tests can prove a steady state makes no writes.
 */
import type { IncomingMessage } from 'node:http';

/** One request as the server saw it arrive. */
export interface CountedRequest {
  method: string;
  path: string;
  watch: boolean;
  at: number;
}

/** The requests a server received; see the module comment. */
export class RequestCounter {
  readonly requests: CountedRequest[] = [];

  /** Pass as `onRequest` to `startApiServer`. */
  readonly onRequest = (req: IncomingMessage): void => {
    const url = new URL(req.url ?? '/', 'https://counter.invalid');
    const watch = url.searchParams.get('watch');
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      watch: watch === 'true' || watch === '1',
      at: Date.now(),
    });
  };

  /** Requests from index `from` on (a mark taken with `mark()`). */
  since(from: number): CountedRequest[] {
    return this.requests.slice(from);
  }

  /** The current position, to count what comes after. */
  mark(): number {
    return this.requests.length;
  }

  /** Writes (anything but GET/HEAD) from `from` on. */
  writesSince(from: number): CountedRequest[] {
    return this.since(from).filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  }
}
