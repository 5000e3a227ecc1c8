/**
 * Counts the requests an API server received, through `startApiServer`'s `onRequest` hook: tests use it to prove an
 * informer re-lists once (not in a loop) and that a steady state is quiet.
 */
import type { IncomingMessage } from 'node:http';

/** One request as the server saw it arrive. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

/** The requests one or more servers received, in arrival order. */
export class RequestLog {
  readonly requests: LoggedRequest[] = [];

  /** Pass as `onRequest` to `startApiServer`. */
  readonly record = (req: IncomingMessage): void => {
    const url = new URL(req.url ?? '/', 'https://log.invalid');
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams });
  };

  /** How many list requests (GET without `watch`) reached `collectionPath`. */
  lists(collectionPath: string): number {
    return this.requests.filter((r) => r.method === 'GET' && r.path === collectionPath && !isWatch(r.query))
      .length;
  }

  /** How many watch requests reached `collectionPath`. */
  watches(collectionPath: string): number {
    return this.requests.filter((r) => r.method === 'GET' && r.path === collectionPath && isWatch(r.query))
      .length;
  }
}

function isWatch(query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return watch === 'true' || watch === '1';
}
