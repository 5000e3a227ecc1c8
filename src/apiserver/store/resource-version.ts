/**
 * The server's one logical clock. Like an etcd revision, a single counter covers every object of every resource:
 * each write takes the next value, lists report the latest committed one, and watches resume from any of them.
 * Kubernetes clients must treat the value as an opaque string; inside the store it is a safe integer.
 */
import { BadRequestError } from './errors.js';

/**
 * The counter that hands out resourceVersions. It only moves forward; after a restart it continues from the last
 * persisted revision, so no value is ever reused for a different write.
 */
export class ResourceVersionCounter {
  #value: number;

  /** @param start the last revision already used (0 for an empty store). */
  constructor(start = 0) {
    if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`invalid start revision ${start}`);
    this.#value = start;
  }

  /** The last revision handed out. */
  get current(): number {
    return this.#value;
  }

  /** Takes the next revision. */
  next(): number {
    if (this.#value >= Number.MAX_SAFE_INTEGER) throw new RangeError('resourceVersion counter exhausted');
    this.#value += 1;
    return this.#value;
  }
}

/** The wire form of a revision. */
export function formatResourceVersion(revision: number): string {
  return String(revision);
}

/**
 * Reads a resourceVersion a client sent. Only the decimal strings this server produces are accepted; anything
 * else is a bad request, as on a real server.
 */
export function parseResourceVersion(text: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text)) throw new BadRequestError(`invalid resource version: "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new BadRequestError(`invalid resource version: "${text}"`);
  return value;
}
