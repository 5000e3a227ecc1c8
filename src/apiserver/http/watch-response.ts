/**
 * The watch wire protocol (kube-api.md §9.1): a 200 response whose headers are flushed at once (client-node's
 * informer waits for them), then one JSON document per line, `{"type":…,"object":…}`. A watch always ends by ending
 * the chunked body cleanly — on `timeoutSeconds`, server shutdown, a slow consumer or a history compaction — because
 * client-node 1.x re-watches after a clean end but gives up after a transport error. A watch that cannot start from
 * the requested resourceVersion gets an ERROR event carrying a 410 Status, then the end, as real servers do.
 */
import type { ServerResponse } from 'node:http';
import type { WatchEvent, WatchStream } from '../store/index.js';
import { internalError } from '../wire/index.js';
import { startStreamingResponse, writeChunk } from './streaming-response.js';

/** One line of the watch stream as sent. */
export interface WatchLine {
  type: string;
  object: unknown;
}

/** How the response of one watch is produced. */
export interface WatchResponseOptions {
  /** The response `Content-Type` (plain JSON or Table). */
  contentType: string;
  /** Turns an event into the line to send (adds apiVersion/kind to bookmarks, renders Table rows, ...). */
  render: (event: WatchEvent) => WatchLine;
  /** The watch ends cleanly after this long. */
  timeoutMs: number;
}

/** Why a watch response ended. */
export type WatchEndReason = 'timeout' | 'client-gone' | 'stream-closed';

/** Writes one line, resolving once the socket can take more (backpressure) or the client is gone. */
function writeLine(res: ServerResponse, line: WatchLine): Promise<void> {
  return writeChunk(res, `${JSON.stringify(line)}\n`);
}

/**
 * Streams a watch until it times out, the client goes away or the stream closes (shutdown, overflow, compaction);
 * the stream is closed and the response ended cleanly in every case.
 */
export async function streamWatch(
  res: ServerResponse,
  stream: WatchStream,
  options: WatchResponseOptions,
): Promise<WatchEndReason> {
  startStreamingResponse(res, options.contentType);
  let reason: WatchEndReason = 'stream-closed';
  const timer = setTimeout(() => {
    reason = 'timeout';
    stream.close('client');
  }, options.timeoutMs);
  const onClientGone = () => {
    if (res.writableEnded) return;
    reason = 'client-gone';
    stream.close('client');
  };
  res.on('close', onClientGone);
  try {
    for await (const event of stream) {
      if (res.destroyed) break;
      let line: WatchLine;
      try {
        line = options.render(event);
      } catch (error) {
        // What a real server does when it cannot encode an event: an ERROR event, then the end of the watch.
        await writeLine(res, { type: 'ERROR', object: internalError(error).status });
        break;
      }
      await writeLine(res, line);
    }
  } finally {
    clearTimeout(timer);
    stream.close('client');
    res.off('close', onClientGone);
    if (!res.writableEnded) res.end();
  }
  return reason;
}

/** Answers a watch that cannot start (410 Expired) with 200, one ERROR event carrying the Status, and the end. */
export function respondWatchError(res: ServerResponse, contentType: string, status: object): void {
  startStreamingResponse(res, contentType);
  res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
}
