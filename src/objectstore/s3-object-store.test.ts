import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRamenConfig, type ResolvedS3StoreProfile } from '../api/index.js';
import { type S3Server, startS3Server } from '../embedded/index.js';
import { describeObjectStoreConformance } from './object-store.conformance.js';
import { ObjectStoreError } from './object-store-error.js';
import { s3ClientConfig } from './s3-client-config.js';
import { s3CredentialsFromSecret } from './s3-credentials.js';
import { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const credentials = { accessKeyId: 'ramen', secretAccessKey: 'ramen-secret' };
let server: S3Server;
let dir: string;
let admin: S3Client;
let buckets = 0;
const stores: S3ObjectStore[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-object-store-'));
  server = await startS3Server({ dir, credentials, buckets: ['ramen'] });
  admin = new S3Client(s3ClientConfig(profileFor('ramen'), credentials));
});
afterAll(async () => {
  for (const store of stores) await store.close();
  admin.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A profile as the operators get it: parsed from RamenConfig YAML, pointing at the embedded server. */
function profileFor(bucket: string, endpoint = server.endpoint): ResolvedS3StoreProfile {
  const config = parseRamenConfig(
    [
      'ramenControllerType: dr-cluster',
      's3StoreProfiles:',
      '- s3ProfileName: s3-east',
      `  s3Bucket: ${bucket}`,
      `  s3CompatibleEndpoint: ${endpoint}`,
      '  s3Region: us-east-1',
      '  s3SecretRef:',
      '    name: s3-secret',
    ].join('\n'),
  );
  return config.s3StoreProfiles[0] as ResolvedS3StoreProfile;
}

function storeFor(bucket: string, options: Partial<S3ObjectStoreOptions> = {}): S3ObjectStore {
  const store = new S3ObjectStore({ profile: profileFor(bucket), credentials, maxAttempts: 1, ...options });
  stores.push(store);
  return store;
}

/** The `ObjectStoreError` a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<ObjectStoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ObjectStoreError);
    return error as ObjectStoreError;
  }
  throw new Error('expected an ObjectStoreError');
}

describeObjectStoreConformance('S3ObjectStore against the embedded S3 server', async () => {
  const bucket = `conformance-${++buckets}`;
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  // A small page size makes every list and deletePrefix above follow continuation tokens.
  return new S3ObjectStore({ profile: profileFor(bucket), credentials, listPageSize: 7 });
});

describe('S3ObjectStore failures', () => {
  it('describes itself by profile, bucket and endpoint', () => {
    expect(storeFor('ramen').description).toBe(`S3 profile "s3-east" (bucket "ramen" at ${server.endpoint})`);
  });

  it('maps a wrong secret to AccessDenied naming the Secret to fix', async () => {
    const store = storeFor('ramen', { credentials: { ...credentials, secretAccessKey: 'wrong' } });
    const error = await failure(store.put('k', 'v'));
    expect(error.reason).toBe('AccessDenied');
    expect(error.operation).toBe('put');
    expect(error.key).toBe('k');
    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(error.message).toContain('AWS_SECRET_ACCESS_KEY in Secret ramen-system/s3-secret');
    expect(error.cause).toBeInstanceOf(S3ServiceException);
    const unknown = storeFor('ramen', { credentials: { accessKeyId: 'nobody', secretAccessKey: 'x' } });
    expect((await failure(unknown.list('ns/'))).reason).toBe('AccessDenied');
  });

  it('maps a missing bucket to NoSuchBucket saying to create it', async () => {
    const store = storeFor('no-such-bucket');
    const error = await failure(store.put('k', 'v'));
    expect(error.reason).toBe('NoSuchBucket');
    expect(error.message).toContain('bucket "no-such-bucket" does not exist');
    expect(error.message).toContain('create the bucket or correct s3Bucket of profile "s3-east"');
    expect((await failure(store.list(''))).reason).toBe('NoSuchBucket');
  });

  it('fails fast with Unreachable while the endpoint is down, and works again once it is back', async () => {
    const store = storeFor('ramen', { maxAttempts: 3 });
    await store.put('survives', 'outage');
    await server.setReachable(false);
    try {
      const attempts = [
        () => store.get('survives'),
        () => store.put('k', 'v'),
        () => store.list(''),
        () => store.head('k'),
      ];
      for (const attempt of attempts) {
        const error = await failure(attempt());
        expect(error.reason).toBe('Unreachable');
        expect(error.message).toContain(`check that the S3 server at ${server.endpoint} is running`);
      }
    } finally {
      await server.setReachable(true);
    }
    expect((await store.get('survives'))?.body.toString()).toBe('outage');
  }, 15_000);

  describe('against an endpoint that accepts connections but never answers', () => {
    let silent: Server;
    let endpoint: string;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => {
        sockets.add(socket);
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('gives up after the request timeout with Unreachable', async () => {
      const store = new S3ObjectStore({
        profile: profileFor('ramen', endpoint),
        credentials,
        requestTimeoutMs: 300,
        maxAttempts: 1,
      });
      stores.push(store);
      const error = await failure(store.get('k'));
      expect(error.reason).toBe('Unreachable');
      expect(error.message).toContain('(timeout: ');
      expect(error.message).toContain('300 ms requestTimeout');
    }, 10_000);
  });
});

describe('s3CredentialsFromSecret', () => {
  it("reads Ramen's keys from base64 data or from stringData", () => {
    const data = {
      AWS_ACCESS_KEY_ID: Buffer.from('id').toString('base64'),
      AWS_SECRET_ACCESS_KEY: Buffer.from('secret').toString('base64'),
    };
    expect(s3CredentialsFromSecret({ data })).toEqual({ accessKeyId: 'id', secretAccessKey: 'secret' });
    expect(
      s3CredentialsFromSecret({ stringData: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' } }),
    ).toEqual({ accessKeyId: 'a', secretAccessKey: 'b' });
  });

  it('names the Secret and the missing key', () => {
    const secret = {
      metadata: { namespace: 'ramen-system', name: 's3-secret' },
      data: { AWS_ACCESS_KEY_ID: 'aWQ=' },
    };
    expect(() => s3CredentialsFromSecret(secret)).toThrow(
      expect.objectContaining({
        reason: 'InvalidConfiguration',
        message: expect.stringContaining('Secret ramen-system/s3-secret has no AWS_SECRET_ACCESS_KEY'),
      }),
    );
  });
});

describe('s3ClientConfig', () => {
  it('uses path-style addressing, checksums only when required, timeouts, and a default region', async () => {
    const profile = { ...profileFor('ramen'), s3Region: '' };
    const config = s3ClientConfig(profile, credentials, { requestTimeoutMs: 1234 });
    expect(config).toMatchObject({
      forcePathStyle: true,
      region: 'us-east-1',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { requestTimeout: 1234, connectionTimeout: 5000, throwOnRequestTimeout: true },
    });
  });

  it("decodes the profile's base64 CA bundle for TLS", () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const profile = { ...profileFor('ramen'), caCertificates: Buffer.from(pem).toString('base64') };
    expect(s3ClientConfig(profile, credentials).requestHandler).toMatchObject({ httpsAgent: { ca: pem } });
  });
});
