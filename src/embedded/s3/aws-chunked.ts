/**
 * Decoding of `Content-Encoding: aws-chunked` bodies. SDKs send them for streaming uploads: each chunk is
 * `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n`, a zero-size chunk ends the data, and trailing headers (a
 * flexible checksum, its signature) may follow. Stored objects must hold only the bytes, never the framing (the
 * corruption s3rver shows); in the signed modes every chunk signature is checked against the chain that starts at
 * the request's header signature, as S3 does.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from './s3-error.js';
import { chunkSignature, sameSignature, trailerSignature, type VerifiedRequest } from './sigv4.js';

/** How to decode one body. */
export interface AwsChunkedOptions {
  /** The verified request, when the chunks (and trailers) carry signatures to check. */
  readonly signedBy?: VerifiedRequest;
  /** Whether a trailer signature must follow the trailing headers (`...-PAYLOAD-TRAILER`). */
  readonly signedTrailer?: boolean;
}

type State = 'header' | 'data' | 'data-end' | 'trailer' | 'done';

/** The longest chunk header or trailer line accepted (they are short; this bounds buffering). */
const MAX_LINE = 4096;
const HEADER_PATTERN = /^([0-9a-fA-F]{1,16})((?:;[^;]*)*)$/;

/** A Transform from an aws-chunked body to the object bytes; `trailers` holds the trailing headers at the end. */
export class AwsChunkedDecoder extends Transform {
  /** Trailing headers by lower-case name (signature excluded), complete once the stream has ended. */
  readonly trailers = new Map<string, string>();
  /** Object bytes produced so far. */
  decodedLength = 0;
  private state: State = 'header';
  private line: Buffer[] = [];
  private lineLength = 0;
  private remaining = 0;
  private endBytesSeen = 0;
  private chunkHash: Hash | undefined;
  private chunkSignatureProvided = '';
  private previousSignature: string;
  private trailerSignatureProvided: string | undefined;

  constructor(private readonly options: AwsChunkedOptions = {}) {
    super();
    this.previousSignature = options.signedBy?.signature ?? '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let rest = chunk;
      while (rest.length > 0) rest = this.consume(rest);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state !== 'done') {
      callback(new S3Error('IncompleteBody', 'The aws-chunked body ended before its final chunk.'));
      return;
    }
    callback();
  }

  /** Consumes from the front of `data` according to the state; returns what is left. */
  private consume(data: Buffer): Buffer {
    switch (this.state) {
      case 'header':
      case 'trailer':
        return this.consumeLine(data);
      case 'data':
        return this.consumeData(data);
      case 'data-end':
        return this.consumeDataEnd(data);
      case 'done':
        throw new S3Error('InvalidRequest', 'The aws-chunked body has data after its final chunk.');
    }
  }

  private consumeLine(data: Buffer): Buffer {
    const newline = data.indexOf(0x0a);
    const part = newline < 0 ? data : data.subarray(0, newline);
    this.lineLength += part.length;
    if (this.lineLength > MAX_LINE)
      throw new S3Error('InvalidRequest', 'An aws-chunked header line is too long.');
    this.line.push(part);
    if (newline < 0) return Buffer.alloc(0);
    const line = Buffer.concat(this.line).toString('latin1').replace(/\r$/, '');
    this.line = [];
    this.lineLength = 0;
    if (this.state === 'header') this.onChunkHeader(line);
    else this.onTrailerLine(line);
    return data.subarray(newline + 1);
  }

  private onChunkHeader(line: string): void {
    const match = HEADER_PATTERN.exec(line);
    if (!match)
      throw new S3Error('InvalidRequest', `Malformed aws-chunked chunk header "${line.slice(0, 80)}".`);
    const size = Number.parseInt(match[1] as string, 16);
    const signature = /;chunk-signature=([0-9a-fA-F]{64})/.exec(match[2] ?? '')?.[1];
    if (this.options.signedBy && signature === undefined) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'A chunk of a signed aws-chunked body has no chunk-signature.',
      );
    }
    this.chunkSignatureProvided = signature ?? '';
    this.chunkHash = this.options.signedBy ? createHash('sha256') : undefined;
    if (size === 0) {
      this.verifyChunk();
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.state = 'data';
  }

  private consumeData(data: Buffer): Buffer {
    const take = Math.min(this.remaining, data.length);
    const bytes = data.subarray(0, take);
    this.chunkHash?.update(bytes);
    this.push(bytes);
    this.decodedLength += take;
    this.remaining -= take;
    if (this.remaining === 0) {
      this.verifyChunk();
      this.state = 'data-end';
      this.endBytesSeen = 0;
    }
    return data.subarray(take);
  }

  /** Expects the CRLF closing a chunk's data (it may arrive split across reads). */
  private consumeDataEnd(data: Buffer): Buffer {
    let at = 0;
    while (at < data.length && this.endBytesSeen < 2) {
      const expected = this.endBytesSeen === 0 ? 0x0d : 0x0a;
      if (data[at] !== expected)
        throw new S3Error('InvalidRequest', 'An aws-chunked chunk does not end in CRLF.');
      this.endBytesSeen++;
      at++;
    }
    if (this.endBytesSeen === 2) this.state = 'header';
    return data.subarray(at);
  }

  private verifyChunk(): void {
    const request = this.options.signedBy;
    if (!request || !this.chunkHash) return;
    const expected = chunkSignature(request, this.previousSignature, this.chunkHash.digest('hex'));
    if (!sameSignature(expected, this.chunkSignatureProvided)) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'The chunk signature we calculated does not match the chunk-signature you provided.',
      );
    }
    this.previousSignature = expected;
  }

  private onTrailerLine(line: string): void {
    if (line === '') {
      this.verifyTrailer();
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new S3Error('InvalidRequest', `Malformed aws-chunked trailer "${line.slice(0, 80)}".`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') this.trailerSignatureProvided = value;
    else this.trailers.set(name, value);
  }

  private verifyTrailer(): void {
    const request = this.options.signedBy;
    if (!request || !this.options.signedTrailer) return;
    const canonical = [...this.trailers.keys()]
      .sort()
      .map((name) => `${name}:${this.trailers.get(name)}\n`)
      .join('');
    const expected = trailerSignature(request, this.previousSignature, canonical);
    if (!sameSignature(expected, this.trailerSignatureProvided ?? '')) {
      throw new S3Error('SignatureDoesNotMatch', 'The trailer signature we calculated does not match.');
    }
  }
}
