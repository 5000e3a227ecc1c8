/**
 * `pods/log` responses: plain text, either the whole log at once or, with `follow=true`, streamed as the log grows
 * (headers flushed first, like a watch) until the source ends, the client leaves or the server shuts down.
 */
import type { ServerResponse } from 'node:http';
import { sendText } from './response-writer.js';
import { startStreamingResponse, writeChunk } from './streaming-response.js';

const LOG_CONTENT_TYPE = 'text/plain';

/** A followed log being streamed; `close()` ends it cleanly. */
export class LogStream {
  readonly #res: ServerResponse;
  readonly #source: AsyncIterable<string>;
  #closeSignal: () => void = () => {};
  readonly #closed: Promise<'closed'>;

  constructor(res: ServerResponse, source: AsyncIterable<string>) {
    this.#res = res;
    this.#source = source;
    this.#closed = new Promise((resolve) => {
      this.#closeSignal = () => resolve('closed');
    });
  }

  /** Ends the stream at the next opportunity. */
  close(): void {
    this.#closeSignal();
  }

  /** Streams until the source ends or `close()`; always ends the response. */
  async run(): Promise<void> {
    const res = this.#res;
    startStreamingResponse(res, LOG_CONTENT_TYPE);
    const onClientGone = () => this.close();
    res.on('close', onClientGone);
    const iterator = this.#source[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), this.#closed]);
        if (next === 'closed') {
          // A generator blocked in next() finishes its return() only after that next(); do not wait for it.
          Promise.resolve(iterator.return?.()).catch(() => undefined);
          break;
        }
        if (next.done) break;
        await Promise.race([writeChunk(res, next.value), this.#closed]);
      }
    } finally {
      res.off('close', onClientGone);
      if (!res.writableEnded) res.end();
    }
  }
}

/** Sends a complete log. */
export function sendLog(res: ServerResponse, text: string): void {
  sendText(res, 200, text, LOG_CONTENT_TYPE);
}
