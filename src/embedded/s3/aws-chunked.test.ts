import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, type AwsChunkedOptions } from './aws-chunked.js';
import { S3Error } from './s3-error.js';
import { signingKey, type VerifiedRequest } from './sigv4.js';

async function decode(pieces: readonly Buffer[], options: AwsChunkedOptions = {}) {
  const decoder = new AwsChunkedDecoder(options);
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out.push(chunk);
      callback();
    },
  });
  await pipeline(Readable.from(pieces), decoder, sink);
  return { bytes: Buffer.concat(out).toString('latin1'), trailers: Object.fromEntries(decoder.trailers) };
}

async function decodeError(pieces: readonly Buffer[], options: AwsChunkedOptions = {}): Promise<S3Error> {
  try {
    await decode(pieces, options);
  } catch (error) {
    expect(error).toBeInstanceOf(S3Error);
    return error as S3Error;
  }
  throw new Error('expected decoding to fail');
}

const unsigned = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');

describe('AwsChunkedDecoder', () => {
  it('removes the framing and collects trailers however the body is split', async () => {
    for (let split = 0; split <= unsigned.length; split++) {
      const result = await decode([unsigned.subarray(0, split), unsigned.subarray(split)]);
      expect(result).toEqual({ bytes: 'hello world', trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } });
    }
    const byteByByte = [...unsigned].map((byte) => Buffer.from([byte]));
    expect((await decode(byteByByte)).bytes).toBe('hello world');
  });

  it('accepts a final chunk without trailers and chunk extensions it does not know', async () => {
    expect((await decode([Buffer.from('3;ext=1\r\nabc\r\n0\r\n\r\n')])).bytes).toBe('abc');
  });

  it('refuses truncated bodies, missing CRLFs, malformed sizes and data after the end', async () => {
    expect((await decodeError([Buffer.from('5\r\nhel')])).code).toBe('IncompleteBody');
    expect((await decodeError([Buffer.from('5\r\nhello\r\n')])).code).toBe('IncompleteBody');
    expect((await decodeError([Buffer.from('5\r\nhelloXX0\r\n\r\n')])).code).toBe('InvalidRequest');
    expect((await decodeError([Buffer.from('zz\r\nhello\r\n0\r\n\r\n')])).code).toBe('InvalidRequest');
    expect((await decodeError([Buffer.from('0\r\n\r\nextra')])).code).toBe('InvalidRequest');
  });

  it('requires chunk signatures in the signed modes', async () => {
    const request: VerifiedRequest = {
      accessKeyId: 'k',
      amzDate: '20130524T000000Z',
      scope: '20130524/us-east-1/s3/aws4_request',
      signingKey: signingKey('secret', '20130524', 'us-east-1', 's3'),
      signature: '0'.repeat(64),
      payloadMode: 'streaming-signed',
    };
    const unsignedChunk = await decodeError([Buffer.from('3\r\nabc\r\n0\r\n\r\n')], { signedBy: request });
    expect(unsignedChunk.code).toBe('SignatureDoesNotMatch');
    const wrong = `3;chunk-signature=${'1'.repeat(64)}\r\nabc\r\n0;chunk-signature=${'1'.repeat(64)}\r\n\r\n`;
    expect((await decodeError([Buffer.from(wrong)], { signedBy: request })).code).toBe(
      'SignatureDoesNotMatch',
    );
  });
});
