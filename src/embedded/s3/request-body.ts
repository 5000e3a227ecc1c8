/**
 * Receiving a request body the way S3 does: aws-chunked framing removed (with chunk signatures checked in the
 * signed modes), and the bytes verified against the declared SHA-256, Content-MD5, flexible checksum and decoded
 * length before anything is committed. A body that fails any check is refused with S3's error code.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './aws-chunked.js';
import { BodyDigest, type ChecksumAlgorithm, checksumAlgorithmOf } from './checksums.js';
import { S3Error } from './s3-error.js';
import type { VerifiedRequest } from './sigv4.js';

/** A body after it was received and verified. */
export interface ReceivedBody {
  /** Object bytes (framing excluded). */
  readonly size: number;
  /** Hex MD5 of the object bytes. */
  readonly etag: string;
}

/** A Transform that shows every chunk to `observe` and passes it on unchanged. */
function tap(observe: (chunk: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      observe(chunk);
      callback(null, chunk);
    },
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the body uses aws-chunked framing. */
export function isAwsChunked(req: IncomingMessage, verified: VerifiedRequest): boolean {
  const encodings = (header(req, 'content-encoding') ?? '').split(',').map((part) => part.trim());
  return encodings.includes('aws-chunked') || verified.payloadMode.startsWith('streaming-');
}

/** The flexible checksum the request carries (as a header) or announces (as a trailer). */
function declaredChecksum(req: IncomingMessage): { algorithm?: ChecksumAlgorithm; trailer?: string } {
  const trailer = header(req, 'x-amz-trailer')?.trim().toLowerCase();
  if (trailer) {
    const algorithm = checksumAlgorithmOf(trailer);
    return algorithm ? { algorithm, trailer } : {};
  }
  for (const name of Object.keys(req.headers)) {
    const algorithm = name.startsWith('x-amz-checksum-') ? checksumAlgorithmOf(name) : undefined;
    if (algorithm) return { algorithm };
  }
  return {};
}

/**
 * Streams the body of `req` into `sink`, decoding and verifying it. Resolves once the sink has everything and every
 * check passed; rejects with an `S3Error` otherwise (the caller discards what the sink received).
 */
export async function receiveBody(
  req: IncomingMessage,
  verified: VerifiedRequest,
  sink: Writable,
): Promise<ReceivedBody> {
  const chunked = isAwsChunked(req, verified);
  const checksum = declaredChecksum(req);
  const contentMd5 = header(req, 'content-md5');
  const digest = new BodyDigest({
    ...(contentMd5 === undefined ? {} : { contentMd5 }),
    ...(verified.payloadSha256 === undefined ? {} : { sha256Hex: verified.payloadSha256 }),
    ...(checksum.algorithm ? { checksumAlgorithm: checksum.algorithm } : {}),
  });
  const decoder = chunked
    ? new AwsChunkedDecoder({
        ...(verified.payloadMode.startsWith('streaming-signed') ? { signedBy: verified } : {}),
        signedTrailer: verified.payloadMode === 'streaming-signed-trailer',
      })
    : undefined;
  // `req` stays out of the pipeline so a failure does not destroy the socket the error answer must go out on.
  const source = new PassThrough();
  const onClose = () => {
    if (!req.complete) source.destroy(new S3Error('IncompleteBody'));
  };
  req.once('close', onClose);
  req.pipe(source);
  try {
    const sent = tap((chunk) => digest.updateSent(chunk));
    const object = tap((chunk) => digest.update(chunk));
    if (decoder) await pipeline(source, sent, decoder, object, sink);
    else await pipeline(source, sent, object, sink);
  } catch (error) {
    throw error instanceof S3Error ? error : new S3Error('IncompleteBody', undefined, {}, { cause: error });
  } finally {
    req.off('close', onClose);
  }
  checkDecodedLength(req, chunked, digest.size);
  const checksumValue = checksum.trailer
    ? decoder?.trailers.get(checksum.trailer)
    : checksum.algorithm && header(req, `x-amz-checksum-${checksum.algorithm}`);
  return { size: digest.size, etag: digest.finish(checksumValue || undefined) };
}

/** An aws-chunked body must decode to exactly `x-amz-decoded-content-length` bytes. */
function checkDecodedLength(req: IncomingMessage, chunked: boolean, size: number): void {
  const declared = header(req, 'x-amz-decoded-content-length');
  if (!chunked || declared === undefined) return;
  if (Number(declared) !== size) {
    throw new S3Error(
      'IncompleteBody',
      `The aws-chunked body decoded to ${size} bytes but x-amz-decoded-content-length says ${declared}.`,
    );
  }
}

/** A Writable collecting at most `limit` bytes (request documents such as DeleteObjects). */
export class BoundedCollector extends Writable {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.length += chunk.length;
    if (this.length > this.limit) {
      callback(new S3Error('MalformedXML', `The request document is larger than ${this.limit} bytes.`));
      return;
    }
    this.chunks.push(chunk);
    callback();
  }

  /** Everything collected. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Receives and verifies a small request body (an XML document) into memory. */
export async function receiveSmallBody(
  req: IncomingMessage,
  verified: VerifiedRequest,
  limit: number,
): Promise<Buffer> {
  const collector = new BoundedCollector(limit);
  await receiveBody(req, verified, collector);
  return collector.bytes();
}
