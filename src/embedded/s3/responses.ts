/** Writing S3 responses: XML documents, bare statuses, and S3's `<Error>` bodies. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { S3Error } from './s3-error.js';
import { leaf, xmlDocument } from './xml.js';

/** Sends a response with `status`, `headers` and an optional body (omitted for HEAD). */
export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders = {},
  body?: string | Buffer,
): void {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  res.writeHead(status, { 'content-length': payload?.length ?? 0, ...headers });
  res.end(req.method === 'HEAD' ? undefined : payload);
}

/** Sends an XML document with status 200. */
export function sendXml(req: IncomingMessage, res: ServerResponse, xml: string): void {
  send(req, res, 200, { 'content-type': 'application/xml' }, xml);
}

/** Where an error happened, for the `<Error>` body. */
export interface ErrorScope {
  readonly resource: string;
  readonly requestId: string;
  readonly bucket?: string;
  readonly key?: string;
}

/** The S3 error to answer `error` with: itself, or InternalError wrapping anything else. */
export function asS3Error(error: unknown): S3Error {
  if (error instanceof S3Error) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new S3Error('InternalError', `We encountered an internal error: ${message}`, {}, { cause: error });
}

/** Renders S3's `<Error>` document for `error`. */
export function errorDocument(error: S3Error, scope: ErrorScope): string {
  const details: Record<string, string | number> = { ...error.details };
  if (scope.bucket !== undefined && ['NoSuchBucket', 'NoSuchKey', 'BucketNotEmpty'].includes(error.code)) {
    details.BucketName ??= scope.bucket;
  }
  if (scope.key !== undefined && error.code === 'NoSuchKey') details.Key ??= scope.key;
  return xmlDocument(
    'Error',
    [
      leaf('Code', error.code),
      leaf('Message', error.message),
      ...Object.entries(details).map(([name, value]) => leaf(name, value)),
      leaf('Resource', scope.resource),
      leaf('RequestId', scope.requestId),
      leaf('HostId', scope.requestId),
    ],
    false,
  );
}

/**
 * Answers a failed request. HEAD gets the status alone (as from S3); a response already under way cannot change its
 * status, so its connection is cut, which the client sees as a truncated body.
 */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  failure: unknown,
  scope: ErrorScope,
): void {
  const error = asS3Error(failure);
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  // Discard what is left of a body we will not read, so the client can finish sending and read this answer.
  if (!req.complete) req.resume();
  send(req, res, error.status, { 'content-type': 'application/xml' }, errorDocument(error, scope));
}
