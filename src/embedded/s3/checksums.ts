/**
 * The integrity checks S3 performs on an uploaded body: the MD5 that becomes the ETag (and `Content-MD5`), the
 * SHA-256 a signed payload declares, and the flexible checksums (`x-amz-checksum-crc32`, `-crc32c`, `-sha1`,
 * `-sha256`) newer SDKs send as a header or an aws-chunked trailer. A mismatch means the bytes were damaged on the
 * way, so the upload is refused rather than stored.
 */
import { createHash, type Hash } from 'node:crypto';
import { S3Error } from './s3-error.js';

/** The flexible checksum algorithms verified here. */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'sha1', 'sha256'] as const;
/** One flexible checksum algorithm. */
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** The header (or trailer) name carrying a checksum. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm}`;
}

/** The algorithm a checksum header names, if it is one verified here. */
export function checksumAlgorithmOf(headerName: string): ChecksumAlgorithm | undefined {
  const name = headerName.toLowerCase().replace(/^x-amz-checksum-/, '');
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name) ? (name as ChecksumAlgorithm) : undefined;
}

/** A 256-entry table for the reflected CRC-32 with `polynomial`. */
function crcTable(polynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ polynomial : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const CRC32_TABLE = crcTable(0xedb88320);
const CRC32C_TABLE = crcTable(0x82f63b78);

/** An incremental CRC-32 (IEEE or Castagnoli) with the `Hash`-like update/digest S3 checksums need. */
class Crc32 {
  private crc = 0xffffffff;
  constructor(private readonly table: Uint32Array) {}
  update(data: Uint8Array): this {
    let crc = this.crc;
    for (let index = 0; index < data.length; index++) {
      crc = (this.table[(crc ^ (data[index] as number)) & 0xff] as number) ^ (crc >>> 8);
    }
    this.crc = crc;
    return this;
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.crc ^ 0xffffffff) >>> 0);
    return out;
  }
}

/** The part of `Hash` the checksums use. */
interface Digester {
  update(data: Uint8Array): unknown;
  digest(): Buffer;
}

function newDigester(algorithm: ChecksumAlgorithm): Digester {
  switch (algorithm) {
    case 'crc32':
      return new Crc32(CRC32_TABLE);
    case 'crc32c':
      return new Crc32(CRC32C_TABLE);
    case 'sha1':
      return createHash('sha1');
    case 'sha256':
      return createHash('sha256');
  }
}

/** The base64 checksum of `data`, as S3 writes it in `x-amz-checksum-*`. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const digester = newDigester(algorithm);
  digester.update(data);
  return digester.digest().toString('base64');
}

/** What a body must match once fully read. */
export interface BodyExpectations {
  /** Base64 `Content-MD5`. */
  readonly contentMd5?: string;
  /** Hex SHA-256 from a signed `x-amz-content-sha256`. */
  readonly sha256Hex?: string;
  /** The flexible checksum to compute; its expected value comes from a header or a trailer. */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
}

/**
 * Digests a body as it streams past, then checks it against what the request declared. The SHA-256 of a signed
 * payload covers the bytes as sent (`updateSent`); MD5 and flexible checksums cover the object bytes (`update`),
 * which differ when the body is aws-chunked.
 */
export class BodyDigest {
  private readonly md5 = createHash('md5');
  private readonly sha256: Hash | undefined;
  private readonly checksum: Digester | undefined;
  /** Object bytes seen so far. */
  size = 0;

  constructor(private readonly expect: BodyExpectations) {
    if (expect.contentMd5 !== undefined && !/^[A-Za-z0-9+/]{22}==$/.test(expect.contentMd5)) {
      throw new S3Error('InvalidDigest', 'The Content-MD5 you specified is not valid.');
    }
    this.sha256 = expect.sha256Hex === undefined ? undefined : createHash('sha256');
    this.checksum = expect.checksumAlgorithm ? newDigester(expect.checksumAlgorithm) : undefined;
  }

  /** Feeds the next bytes of the body as sent. */
  updateSent(chunk: Uint8Array): void {
    this.sha256?.update(chunk);
  }

  /** Feeds the next bytes of the object. */
  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    this.checksum?.update(chunk);
    this.size += chunk.length;
  }

  /**
   * Finishes the digests and verifies them; returns the hex MD5 (the ETag). `checksumValue` is the base64 checksum
   * the client sent for `checksumAlgorithm` (header or trailer), if any.
   */
  finish(checksumValue?: string): string {
    const md5 = this.md5.digest();
    if (this.expect.contentMd5 !== undefined && md5.toString('base64') !== this.expect.contentMd5) {
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    if (this.sha256 && this.sha256.digest('hex') !== this.expect.sha256Hex) {
      throw new S3Error('XAmzContentSHA256Mismatch', undefined, {
        ClientComputedContentSHA256: this.expect.sha256Hex ?? '',
      });
    }
    if (this.checksum && checksumValue !== undefined) {
      const actual = this.checksum.digest().toString('base64');
      if (actual !== checksumValue) {
        throw new S3Error(
          'BadDigest',
          `The ${this.expect.checksumAlgorithm?.toUpperCase()} you specified did not match the calculated checksum.`,
        );
      }
    }
    return md5.toString('hex');
  }
}
