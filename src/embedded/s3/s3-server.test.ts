import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Server, startS3Server } from './s3-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const credentials = { accessKeyId: 'ramen-test', secretAccessKey: 'ramen-test-secret' };
const dirs: string[] = [];
const clients: S3Client[] = [];

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'embedded-s3-'));
  dirs.push(dir);
  return dir;
}

/** An SDK client set up as ecosystem.md §3.1 recommends for S3-compatible servers. */
function clientFor(server: S3Server, overrides: Partial<S3ClientConfig> = {}): S3Client {
  const client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
  clients.push(client);
  return client;
}

/** Records the final (signed) headers of every request the client sends. */
function recordHeaders(client: S3Client): Record<string, string>[] {
  const seen: Record<string, string>[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      seen.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    },
    { step: 'deserialize' },
  );
  return seen;
}

/** The S3 error a promise rejects with. */
async function s3Error(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(S3ServiceException);
    return error as S3ServiceException;
  }
  throw new Error('expected the request to fail');
}

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('embedded S3 server with the AWS SDK', () => {
  let server: S3Server;
  let s3: S3Client;
  let dir: string;

  beforeAll(async () => {
    dir = await stateDir();
    server = await startS3Server({ dir, credentials, buckets: ['preset'] });
    s3 = clientFor(server);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('serves on 127.0.0.1 and creates the requested buckets at start', async () => {
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.reachable).toBe(true);
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((bucket) => bucket.Name)).toEqual(['preset']);
    expect(listed.Owner?.DisplayName).toBe(credentials.accessKeyId);
  });

  it('creates, heads, locates and deletes buckets with S3 errors for the failures', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'b-lifecycle' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'b-lifecycle' }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect(head.BucketRegion).toBe('us-east-1');
    expect(
      (await s3.send(new GetBucketLocationCommand({ Bucket: 'b-lifecycle' }))).LocationConstraint,
    ).toBeFalsy();
    expect((await s3Error(s3.send(new CreateBucketCommand({ Bucket: 'b-lifecycle' })))).name).toBe(
      'BucketAlreadyOwnedByYou',
    );
    const invalid = await s3Error(s3.send(new CreateBucketCommand({ Bucket: 'No_Such' })));
    expect([invalid.name, invalid.$metadata.httpStatusCode]).toEqual(['InvalidBucketName', 400]);
    await s3.send(new PutObjectCommand({ Bucket: 'b-lifecycle', Key: 'k', Body: 'x' }));
    expect((await s3Error(s3.send(new DeleteBucketCommand({ Bucket: 'b-lifecycle' })))).name).toBe(
      'BucketNotEmpty',
    );
    await s3.send(new DeleteObjectCommand({ Bucket: 'b-lifecycle', Key: 'k' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'b-lifecycle' }));
    const missing = await s3Error(s3.send(new HeadBucketCommand({ Bucket: 'b-lifecycle' })));
    expect(missing.$metadata.httpStatusCode).toBe(404);
    expect((await s3Error(s3.send(new ListObjectsV2Command({ Bucket: 'b-lifecycle' })))).name).toBe(
      'NoSuchBucket',
    );
    expect(
      (await s3Error(s3.send(new PutObjectCommand({ Bucket: 'b-lifecycle', Key: 'k', Body: 'x' })))).name,
    ).toBe('NoSuchBucket');
  });

  it('puts string, Buffer and stream bodies and gets back exactly the bytes, with ETag = MD5', async () => {
    const binary = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    const large = Buffer.alloc(3 * 1024 * 1024 + 17, 'ramen');
    const bodies: [string, string | Buffer | (() => Readable), Buffer][] = [
      ['string', 'hello, S3', Buffer.from('hello, S3')],
      ['binary', binary, binary],
      ['empty', '', Buffer.alloc(0)],
      ['large', large, large],
      ['stream', () => Readable.from([Buffer.from('abc'), Buffer.from('def')]), Buffer.from('abcdef')],
    ];
    for (const [key, body, expected] of bodies) {
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: 'preset',
          Key: `bodies/${key}`,
          Body: typeof body === 'function' ? body() : body,
          ContentLength: expected.length,
        }),
      );
      expect(put.ETag).toBe(`"${md5(expected)}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'preset', Key: `bodies/${key}` }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(expected)).toBe(true);
      expect(got.ETag).toBe(`"${md5(expected)}"`);
      expect(got.ContentLength).toBe(expected.length);
    }
  });

  it('keeps content type, encoding and user metadata, and HeadObject reports them without a body', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'preset',
        Key: 'meta/object.json.gz',
        Body: 'payload',
        ContentType: 'application/json',
        ContentEncoding: 'gzip',
        Metadata: { owner: 'dr1' },
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'preset', Key: 'meta/object.json.gz' }));
    expect(head.ContentType).toBe('application/json');
    expect(head.ContentEncoding).toBe('gzip');
    expect(head.Metadata).toEqual({ owner: 'dr1' });
    expect(head.ContentLength).toBe(7);
    expect(head.ETag).toBe(`"${md5('payload')}"`);
    expect(Math.abs(head.LastModified!.getTime() - Date.now())).toBeLessThan(60_000);
    const missing = await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'preset', Key: 'meta/none' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NotFound', 404]);
    const noKey = await s3Error(s3.send(new GetObjectCommand({ Bucket: 'preset', Key: 'meta/none' })));
    expect([noKey.name, noKey.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
  });

  it('serves byte ranges with 206 and refuses unsatisfiable ones with InvalidRange', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'preset', Key: 'range', Body: '0123456789' }));
    const read = async (range: string) => {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'preset', Key: 'range', Range: range }));
      return [got.$metadata.httpStatusCode, got.ContentRange, await got.Body!.transformToString()];
    };
    expect(await read('bytes=2-5')).toEqual([206, 'bytes 2-5/10', '2345']);
    expect(await read('bytes=7-')).toEqual([206, 'bytes 7-9/10', '789']);
    expect(await read('bytes=-3')).toEqual([206, 'bytes 7-9/10', '789']);
    expect(await read('bytes=8-100')).toEqual([206, 'bytes 8-9/10', '89']);
    expect(await read('bytes=5-2')).toEqual([200, undefined, '0123456789']);
    const error = await s3Error(
      s3.send(new GetObjectCommand({ Bucket: 'preset', Key: 'range', Range: 'bytes=10-' })),
    );
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InvalidRange', 416]);
  });

  it('decodes aws-chunked streaming uploads (default SDK checksums) and verifies their trailing checksum', async () => {
    const chunky = clientFor(server, {
      requestChecksumCalculation: 'WHEN_SUPPORTED',
      responseChecksumValidation: 'WHEN_SUPPORTED',
    });
    const sent = recordHeaders(chunky);
    const parts = Array.from({ length: 40 }, (_, index) => Buffer.alloc(10_000 + index, String(index % 10)));
    const expected = Buffer.concat(parts);
    await chunky.send(
      new PutObjectCommand({
        Bucket: 'preset',
        Key: 'chunked/stream',
        Body: Readable.from(parts),
        ContentLength: expected.length,
      }),
    );
    expect(sent.at(-1)?.['content-encoding']).toBe('aws-chunked');
    expect(sent.at(-1)?.['x-amz-trailer']).toBe('x-amz-checksum-crc32');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'preset', Key: 'chunked/stream' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(expected)).toBe(true);
    expect(got.ContentEncoding).toBeUndefined();

    const bad = await s3Error(
      chunky.send(
        new PutObjectCommand({
          Bucket: 'preset',
          Key: 'chunked/bad',
          Body: 'data',
          ChecksumCRC32: 'AAAAAA==',
        }),
      ),
    );
    expect(bad.name).toBe('BadDigest');
    const badMd5 = await s3Error(
      s3.send(
        new PutObjectCommand({
          Bucket: 'preset',
          Key: 'chunked/bad',
          Body: 'data',
          ContentMD5: md5Base64('other'),
        }),
      ),
    );
    expect(badMd5.name).toBe('BadDigest');
    expect(
      (await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'preset', Key: 'chunked/bad' })))).name,
    ).toBe('NotFound');
  });

  it('refuses a body that does not match its signed SHA-256 and keeps the previous object', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'preset', Key: 'tamper', Body: 'original' }));
    const tampering = clientFor(server);
    tampering.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { body: unknown }).body = 'Original';
        return next(args);
      },
      { step: 'deserialize' },
    );
    const error = await s3Error(
      tampering.send(new PutObjectCommand({ Bucket: 'preset', Key: 'tamper', Body: 'original' })),
    );
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['XAmzContentSHA256Mismatch', 400]);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'preset', Key: 'tamper' }));
    expect(await got.Body!.transformToString()).toBe('original');
  });

  it('pages ListObjectsV2 over more than 1000 keys with small max-keys, each key exactly once and in order', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'many' }));
    const keys = Array.from({ length: 1234 }, (_, index) => `vrg/${String(index).padStart(5, '0')}`);
    await putAll(s3, 'many', keys);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 100 }, { Bucket: 'many' })) {
      pages++;
      expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
      expect(page.MaxKeys).toBe(100);
      seen.push(...(page.Contents ?? []).map((object) => object.Key!));
    }
    expect(pages).toBe(13);
    expect(seen).toEqual(keys);
    const whole = await s3.send(new ListObjectsV2Command({ Bucket: 'many' }));
    expect([whole.KeyCount, whole.IsTruncated]).toEqual([1000, true]);
    const capped = await s3.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 5000 }));
    expect(capped.KeyCount).toBe(1000);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'many', StartAfter: 'vrg/01230' }));
    expect(after.Contents?.map((object) => object.Key)).toEqual(['vrg/01231', 'vrg/01232', 'vrg/01233']);
  });

  it('rolls keys up into common prefixes by delimiter, paging across them without repeats', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'tree' }));
    const keys = ['a/1', 'a/2', 'b', 'c/x/1', 'c/y', 'd/1', 'd/2', 'e', 'ns/vrg/v1.PersistentVolume/pv1'];
    await putAll(s3, 'tree', keys);
    const entries: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'tree', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }),
      );
      entries.push(...(page.CommonPrefixes ?? []).map((p) => `prefix:${p.Prefix}`));
      entries.push(...(page.Contents ?? []).map((object) => `key:${object.Key}`));
      token = page.NextContinuationToken;
      expect(Boolean(token)).toBe(page.IsTruncated);
    } while (token);
    expect(entries.sort()).toEqual(
      ['key:b', 'key:e', 'prefix:a/', 'prefix:c/', 'prefix:d/', 'prefix:ns/'].sort(),
    );
    const under = await s3.send(new ListObjectsV2Command({ Bucket: 'tree', Prefix: 'c/', Delimiter: '/' }));
    expect(under.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['c/x/']);
    expect(under.Contents?.map((object) => object.Key)).toEqual(['c/y']);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'tree', Delimiter: '/', MaxKeys: 3 }));
    expect([v1.IsTruncated, v1.NextMarker, v1.CommonPrefixes?.length, v1.Contents?.length]).toEqual([
      true,
      'c/',
      2,
      1,
    ]);
    const v1next = await s3.send(new ListObjectsCommand({ Bucket: 'tree', Delimiter: '/', Marker: 'c/' }));
    expect(v1next.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['d/', 'ns/']);
  });

  it('lists keys with spaces, unicode and XML-special characters intact', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'odd-keys' }));
    const keys = [
      'a b+c',
      'x&y<z>"q\'',
      'über/ñ',
      'dir//double',
      'trailing/',
      '%41',
      'emoji-\u{1F600}',
      'ctl\u0001',
    ];
    await putAll(s3, 'odd-keys', keys);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'odd-keys' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([...keys].sort(byUtf8));
    for (const key of keys) {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'odd-keys', Key: key }));
      expect(await got.Body!.transformToString()).toBe(key);
    }
  });

  it('deletes single objects (idempotently) and batches with DeleteObjects', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'deletes' }));
    await putAll(s3, 'deletes', ['a', 'b', 'c', 'keep']);
    expect(
      (await s3.send(new DeleteObjectCommand({ Bucket: 'deletes', Key: 'a' }))).$metadata.httpStatusCode,
    ).toBe(204);
    expect(
      (await s3.send(new DeleteObjectCommand({ Bucket: 'deletes', Key: 'a' }))).$metadata.httpStatusCode,
    ).toBe(204);
    const batch = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'deletes',
        Delete: { Objects: [{ Key: 'b' }, { Key: 'c' }, { Key: 'never' }] },
      }),
    );
    expect(batch.Deleted?.map((entry) => entry.Key)).toEqual(['b', 'c', 'never']);
    expect(batch.Errors).toBeUndefined();
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'deletes', Delete: { Objects: [{ Key: 'x' }], Quiet: true } }),
    );
    expect(quiet.Deleted).toBeUndefined();
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'deletes' }));
    expect(left.Contents?.map((object) => object.Key)).toEqual(['keep']);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId', async () => {
    const wrongSecret = clientFor(server, {
      credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
    });
    const read = await s3Error(wrongSecret.send(new ListObjectsV2Command({ Bucket: 'preset' })));
    expect([read.name, read.$metadata.httpStatusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    const write = await s3Error(
      wrongSecret.send(new PutObjectCommand({ Bucket: 'preset', Key: 'w', Body: 'x' })),
    );
    expect(write.name).toBe('SignatureDoesNotMatch');
    const unknown = clientFor(server, { credentials: { accessKeyId: 'nobody', secretAccessKey: 'x' } });
    const denied = await s3Error(unknown.send(new GetObjectCommand({ Bucket: 'preset', Key: 'range' })));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
    const anonymous = await fetch(`${server.endpoint}/preset/range`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('answers unsupported operations with NotImplemented rather than misreading them', async () => {
    const multipart = await s3Error(
      s3.send(new CreateMultipartUploadCommand({ Bucket: 'preset', Key: 'big' })),
    );
    expect([multipart.name, multipart.$metadata.httpStatusCode]).toEqual(['NotImplemented', 501]);
  });

  it('keeps the last write when the same key is written concurrently, leaving one data file', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'race' }));
    const bodies = Array.from({ length: 20 }, (_, index) => `version-${index}`);
    await Promise.all(
      bodies.map((Body) => s3.send(new PutObjectCommand({ Bucket: 'race', Key: 'k', Body }))),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'race', Key: 'k' }));
    expect(bodies).toContain(await got.Body!.transformToString());
    expect(await dataFiles(join(dir, 'buckets', 'race', 'objects'))).toBe(1);
  });
});

describe('embedded S3 server durability and reachability', () => {
  it('keeps buckets and objects across a restart on the same directory and port', async () => {
    const dir = await stateDir();
    const first = await startS3Server({ dir, credentials, buckets: ['durable'] });
    const client = clientFor(first);
    await putAll(client, 'durable', ['a', 'b/c']);
    await client.send(new PutObjectCommand({ Bucket: 'durable', Key: 'a', Body: 'rewritten' }));
    await first.stop();
    const second = await startS3Server({ dir, port: first.port, credentials });
    expect(second.endpoint).toBe(first.endpoint);
    const again = clientFor(second);
    const listed = await again.send(new ListObjectsV2Command({ Bucket: 'durable' }));
    expect(listed.Contents?.map((object) => [object.Key, object.Size])).toEqual([
      ['a', 9],
      ['b/c', 3],
    ]);
    const got = await again.send(new GetObjectCommand({ Bucket: 'durable', Key: 'a' }));
    expect(await got.Body!.transformToString()).toBe('rewritten');
    expect(await dataFiles(join(dir, 'buckets', 'durable', 'objects'))).toBe(2);
    await second.stop();
  });

  it('refuses connections while unreachable, then serves again on the same port', async () => {
    const server = await startS3Server({ dir: await stateDir(), credentials, buckets: ['flaky'] });
    const client = clientFor(server, { maxAttempts: 1 });
    await client.send(new PutObjectCommand({ Bucket: 'flaky', Key: 'k', Body: 'kept' }));
    await server.setReachable(false);
    expect(server.reachable).toBe(false);
    const attempt = () =>
      client.send(new GetObjectCommand({ Bucket: 'flaky', Key: 'k' })).then(
        () => 'served',
        (error: NodeJS.ErrnoException) => error.code,
      );
    // The connection the client kept alive was cut; whether it notices before reusing it is a race.
    expect(['ECONNRESET', 'EPIPE', 'ECONNREFUSED']).toContain(await attempt());
    expect(await attempt()).toBe('ECONNREFUSED');
    expect(await connectError(server.port)).toBe('ECONNREFUSED');
    await server.setReachable(false);
    await server.setReachable(true);
    expect(server.reachable).toBe(true);
    const got = await client.send(new GetObjectCommand({ Bucket: 'flaky', Key: 'k' }));
    expect(await got.Body!.transformToString()).toBe('kept');
    await server.stop();
    await expect(server.setReachable(true)).rejects.toThrow(/stopped/);
  });
});

describe('aws-chunked with chunk signatures (AWS’s STREAMING-AWS4-HMAC-SHA256-PAYLOAD example)', () => {
  const awsKey = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };
  const signatures = [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ];

  function body(tamper: boolean): Buffer {
    const chunks = [65536, 1024, 0].map((size, index) =>
      Buffer.concat([
        Buffer.from(`${size.toString(16)};chunk-signature=${signatures[index]}\r\n`),
        Buffer.alloc(size, 'a'),
        Buffer.from('\r\n'),
      ]),
    );
    const wire = Buffer.concat(chunks);
    if (tamper) wire[wire.length - 200] = 'b'.charCodeAt(0);
    return wire;
  }

  /** Sends the example request, writing the body in small uneven pieces to cross every framing boundary. */
  function send(port: number, payload: Buffer): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: '/examplebucket/chunkObject.txt',
        headers: {
          Host: 's3.amazonaws.com',
          'x-amz-date': '20130524T000000Z',
          'x-amz-storage-class': 'REDUCED_REDUNDANCY',
          Authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
            'SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;' +
            'x-amz-decoded-content-length;x-amz-storage-class,' +
            'Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          'Content-Encoding': 'aws-chunked',
          'x-amz-decoded-content-length': '66560',
          'Content-Length': String(payload.length),
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      for (let at = 0, step = 1; at < payload.length; at += step, step = (step * 7) % 997 || 1) {
        req.write(payload.subarray(at, at + step));
      }
      req.end();
    });
  }

  it('stores the decoded bytes when every chunk signature matches, and refuses a changed chunk', async () => {
    const dir = await stateDir();
    const at2013 = await startS3Server({
      dir,
      credentials: awsKey,
      buckets: ['examplebucket'],
      clock: () => new Date('2013-05-24T00:05:00Z'),
    });
    const ok = await send(at2013.port, body(false));
    expect(ok.status).toBe(200);
    const tampered = await send(at2013.port, body(true));
    expect(tampered.status).toBe(403);
    expect(tampered.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    await at2013.stop();

    const today = await startS3Server({ dir, credentials: awsKey });
    const client = clientFor(today, { credentials: awsKey });
    const got = await client.send(new GetObjectCommand({ Bucket: 'examplebucket', Key: 'chunkObject.txt' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.equals(Buffer.alloc(66560, 'a'))).toBe(true);
    await today.stop();
  });
});

/** Puts each key with its own name as the body, 16 at a time. */
async function putAll(client: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 16) {
    await Promise.all(
      keys
        .slice(start, start + 16)
        .map((Key) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))),
    );
  }
}

function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function md5Base64(data: string): string {
  return createHash('md5').update(data).digest('base64');
}

/** The error code of a plain TCP connection attempt to `port` on loopback. */
function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
}

/** How many object data files are under a bucket's objects directory. */
async function dataFiles(objectsDir: string): Promise<number> {
  let count = 0;
  for (const shard of await readdir(objectsDir)) {
    count += (await readdir(join(objectsDir, shard))).filter((name) => name.endsWith('.data')).length;
  }
  return count;
}
