import { describe, expect, it } from 'vitest';
import { S3Error } from './s3-error.js';
import { canonicalQuery, canonicalUri, EMPTY_SHA256, type SignedRequest, verifySignature } from './sigv4.js';

// The worked examples of AWS's "Signature Calculations for the Authorization Header" page.
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AT = Date.UTC(2013, 4, 24);
const secretFor = (id: string) => (id === ACCESS_KEY ? SECRET : undefined);

function authorization(signedHeaders: string, signature: string): string {
  return (
    `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20130524/us-east-1/s3/aws4_request,` +
    `SignedHeaders=${signedHeaders},Signature=${signature}`
  );
}

const getObject: SignedRequest = {
  method: 'GET',
  url: '/test.txt',
  rawHeaders: [
    'Host',
    'examplebucket.s3.amazonaws.com',
    'Range',
    'bytes=0-9',
    'x-amz-content-sha256',
    EMPTY_SHA256,
    'x-amz-date',
    '20130524T000000Z',
    'Authorization',
    authorization(
      'host;range;x-amz-content-sha256;x-amz-date',
      'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    ),
  ],
};

function expectS3Error(run: () => unknown, code: string): S3Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(S3Error);
    expect((error as S3Error).code).toBe(code);
    return error as S3Error;
  }
  throw new Error(`expected ${code}`);
}

describe('verifySignature', () => {
  it('accepts AWS’s GetObject example (Range header)', () => {
    const verified = verifySignature(getObject, { secretFor, now: AT });
    expect(verified.accessKeyId).toBe(ACCESS_KEY);
    expect(verified.scope).toBe('20130524/us-east-1/s3/aws4_request');
    expect(verified.payloadMode).toBe('sha256');
  });

  it('accepts AWS’s PutObject example (an escaped "$" in the key)', () => {
    const request: SignedRequest = {
      method: 'PUT',
      url: '/test%24file.text',
      rawHeaders: [
        'Host',
        'examplebucket.s3.amazonaws.com',
        'Date',
        'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-date',
        '20130524T000000Z',
        'x-amz-storage-class',
        'REDUCED_REDUNDANCY',
        'x-amz-content-sha256',
        '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
        'Authorization',
        authorization(
          'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
          '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
        ),
      ],
    };
    expect(verifySignature(request, { secretFor, now: AT }).payloadSha256).toBe(
      '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
    );
  });

  it('accepts AWS’s ListObjects example (query parameters sorted)', () => {
    const request: SignedRequest = {
      method: 'GET',
      url: '/?max-keys=2&prefix=J',
      rawHeaders: [
        'Host',
        'examplebucket.s3.amazonaws.com',
        'x-amz-date',
        '20130524T000000Z',
        'x-amz-content-sha256',
        EMPTY_SHA256,
        'Authorization',
        authorization(
          'host;x-amz-content-sha256;x-amz-date',
          '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
        ),
      ],
    };
    expect(verifySignature(request, { secretFor, now: AT }).accessKeyId).toBe(ACCESS_KEY);
  });

  it('refuses a changed signed header with SignatureDoesNotMatch and shows what it signed', () => {
    const tampered = {
      ...getObject,
      rawHeaders: getObject.rawHeaders.map((v) => (v === 'bytes=0-9' ? 'bytes=0-8' : v)),
    };
    const error = expectS3Error(
      () => verifySignature(tampered, { secretFor, now: AT }),
      'SignatureDoesNotMatch',
    );
    expect(error.status).toBe(403);
    expect(String(error.details.CanonicalRequest)).toContain('range:bytes=0-8');
  });

  it('refuses a wrong secret, an unknown key, a skewed clock and a missing header like S3', () => {
    expectS3Error(
      () => verifySignature(getObject, { secretFor: () => 'wrong', now: AT }),
      'SignatureDoesNotMatch',
    );
    expectS3Error(
      () => verifySignature(getObject, { secretFor: () => undefined, now: AT }),
      'InvalidAccessKeyId',
    );
    expectS3Error(
      () => verifySignature(getObject, { secretFor, now: AT + 16 * 60 * 1000 }),
      'RequestTimeTooSkewed',
    );
    expectS3Error(
      () => verifySignature({ ...getObject, rawHeaders: [] }, { secretFor, now: AT }),
      'AccessDenied',
    );
    const noHash = getObject.rawHeaders.flatMap((value, index, all) =>
      index % 2 === 0 && value === 'x-amz-content-sha256'
        ? []
        : index % 2 === 1 && all[index - 1] === 'x-amz-content-sha256'
          ? []
          : [value],
    );
    expectS3Error(
      () => verifySignature({ ...getObject, rawHeaders: noHash }, { secretFor, now: AT }),
      'InvalidRequest',
    );
  });

  it('refuses a malformed Authorization header', () => {
    const request = { ...getObject, rawHeaders: ['Authorization', 'AWS4-HMAC-SHA256 Credential=x'] };
    expectS3Error(() => verifySignature(request, { secretFor, now: AT }), 'AuthorizationHeaderMalformed');
    const v2 = { ...getObject, rawHeaders: ['Authorization', 'AWS AKID:signature'] };
    expectS3Error(() => verifySignature(v2, { secretFor, now: AT }), 'InvalidRequest');
  });
});

describe('canonical forms', () => {
  it('encodes each path segment once, keeping doubled slashes', () => {
    expect(canonicalUri('/b/a%20b//c%2Bd/%C3%BC!')).toBe('/b/a%20b//c%2Bd/%C3%BC%21');
  });

  it('sorts query parameters by name then value and gives bare names an empty value', () => {
    expect(canonicalQuery('prefix=a%2Fb&delete&list-type=2&a=2&a=1')).toBe(
      'a=1&a=2&delete=&list-type=2&prefix=a%2Fb',
    );
  });
});
