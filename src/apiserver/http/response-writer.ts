/**
 * Writing complete (non-streaming) responses the way the real API server does: compact JSON ending in a newline,
 * an exact `Content-Type` (client-node parses only JSON-typed bodies), `Cache-Control: no-cache, private`, one
 * `Warning: 299 - "..."` header per warning (kubectl prints each), and `Retry-After` for Status errors that carry
 * `retryAfterSeconds`.
 */
import type { ServerResponse } from 'node:http';
import type { Status } from '../wire/index.js';
import { JSON_CONTENT_TYPE } from './negotiation.js';

/** Extra response details. */
export interface ResponseExtras {
  /** Texts for `Warning` headers. */
  warnings?: readonly string[];
  /** Indent the JSON (`?pretty=true`). @default false */
  pretty?: boolean;
  /** More headers. */
  headers?: Record<string, string>;
}

/**
 * The value of one `Warning` header (RFC 7234 warn-code 299, agent `-`), with the text quoted as the apiserver
 * quotes it. Control characters, which may not appear in a header, become spaces; other text goes out as UTF-8
 * bytes (Node writes header strings as latin1, one byte per character).
 */
export function warningHeaderValue(text: string): string {
  const printable = [...text].map((ch) => (isControl(ch) ? ' ' : ch)).join('');
  const quoted = printable.replace(/["\\]/g, (ch) => `\\${ch}`);
  return Buffer.from(`299 - "${quoted}"`, 'utf8').toString('latin1');
}

function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f;
}

/** Sends a JSON body with the given status code. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType: string = JSON_CONTENT_TYPE,
  extras: ResponseExtras = {},
): void {
  const text = `${extras.pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body)}\n`;
  sendText(res, code, text, contentType, extras);
}

/** Sends a text body (health checks, pod logs, JSON already serialized). */
export function sendText(
  res: ServerResponse,
  code: number,
  text: string,
  contentType: string,
  extras: ResponseExtras = {},
): void {
  const headers: Record<string, string | string[] | number> = {
    'Cache-Control': 'no-cache, private',
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    ...extras.headers,
  };
  if (extras.warnings !== undefined && extras.warnings.length > 0) {
    headers.Warning = extras.warnings.map(warningHeaderValue);
  }
  res.writeHead(code, headers);
  res.end(text);
}

/** Sends a failure Status with its code (and `Retry-After` when the Status asks clients to wait). */
export function sendStatus(res: ServerResponse, status: Status, extras: ResponseExtras = {}): void {
  const headers: Record<string, string> = { ...extras.headers };
  const retryAfter = status.details?.retryAfterSeconds;
  if (retryAfter !== undefined && retryAfter > 0) headers['Retry-After'] = String(retryAfter);
  sendJson(res, status.code ?? 500, status, JSON_CONTENT_TYPE, { ...extras, headers });
}
