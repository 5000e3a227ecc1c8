/**
 * What the streamed responses (watches, followed pod logs) share: a 200 whose headers go out at once, and writes
 * that respect the socket's backpressure without hanging on a client that left.
 */
import type { ServerResponse } from 'node:http';

/** Starts a streamed 200 response and sends its headers at once. */
export function startStreamingResponse(res: ServerResponse, contentType: string): void {
  res.writeHead(200, { 'Cache-Control': 'no-cache, private', 'Content-Type': contentType });
  // Node sends nothing until the first write; an idle stream would leave the client waiting for headers forever.
  res.flushHeaders();
}

/** Writes one chunk, resolving once the socket can take more (backpressure) or the client is gone. */
export function writeChunk(res: ServerResponse, chunk: string): Promise<void> {
  if (res.write(chunk) || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
