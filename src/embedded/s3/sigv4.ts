/**
 * AWS Signature Version 4 verification, as S3 does it for the `Authorization` header: rebuild the canonical request
 * from what arrived, derive the signing key from the configured secret, and compare signatures. A wrong secret
 * therefore fails with `SignatureDoesNotMatch` and an unknown key with `InvalidAccessKeyId`, exactly like real S3,
 * which is what the operators' credential handling is tested against.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { S3Error } from './s3-error.js';

/** The one algorithm S3 accepts in the Authorization header. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** The hex SHA-256 of an empty payload. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** How far a request's timestamp may be from the server clock (S3's limit). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** An access key pair the server accepts. */
export interface SigV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The parts of an HTTP request the signature covers, exactly as they arrived. */
export interface SignedRequest {
  readonly method: string;
  /** The request target (path and query), undecoded. */
  readonly url: string;
  /** Header names and values in arrival order (`IncomingMessage.rawHeaders`). */
  readonly rawHeaders: readonly string[];
}

/** The fields of an `Authorization: AWS4-HMAC-SHA256 ...` header. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  /** `YYYYMMDD`. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** How the payload is covered, from `x-amz-content-sha256`. */
export type PayloadMode =
  | 'sha256'
  | 'unsigned'
  | 'streaming-signed'
  | 'streaming-signed-trailer'
  | 'streaming-unsigned-trailer';

/** A request whose header signature checked out; carries what chunk signatures chain from. */
export interface VerifiedRequest {
  readonly accessKeyId: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  readonly amzDate: string;
  /** `date/region/service/aws4_request`. */
  readonly scope: string;
  readonly signingKey: Buffer;
  /** The header signature: the seed of a chunk-signature chain. */
  readonly signature: string;
  readonly payloadMode: PayloadMode;
  /** The hex SHA-256 the client declared, when `payloadMode` is `sha256`. */
  readonly payloadSha256?: string;
}

/** Hex SHA-256 of `data`. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The SigV4 signing key for one secret, day, region and service. */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

/** Hex HMAC-SHA256 of `stringToSign` under `key`. */
export function signString(key: Buffer, stringToSign: string): string {
  return hmac(key, stringToSign).toString('hex');
}

/** AWS's UriEncode: everything but `A-Za-z0-9-._~` percent-encoded (upper-case hex). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Decodes percent-escapes, leaving text that is not valid escaped UTF-8 as it came. */
function tryDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** S3's canonical URI: each path segment decoded then UriEncoded once; slashes (even doubled) kept. */
export function canonicalUri(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => uriEncode(tryDecode(segment)))
    .join('/');
}

/** The canonical query string: parameters encoded, sorted by name then value, `name=` for bare names. */
export function canonicalQuery(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [uriEncode(tryDecode(name)), uriEncode(tryDecode(value))] as const;
    })
    .filter(([name]) => name !== 'X-Amz-Signature')
    .sort(([a, av], [b, bv]) => (a === b ? compareAscii(av, bv) : compareAscii(a, b)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** All values of each header, by lower-case name, in arrival order. */
export function headerValues(rawHeaders: readonly string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const values = headers.get(name) ?? [];
    values.push(rawHeaders[index + 1] as string);
    headers.set(name, values);
  }
  return headers;
}

/** The canonical request SigV4 signs. */
export function canonicalRequest(
  request: SignedRequest,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  const question = request.url.indexOf('?');
  const rawPath = question < 0 ? request.url : request.url.slice(0, question);
  const rawQuery = question < 0 ? '' : request.url.slice(question + 1);
  const headers = headerValues(request.rawHeaders);
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const values = (headers.get(name) ?? []).map((value) => value.trim().replace(/\s+/g, ' '));
      return `${name}:${values.join(',')}\n`;
    })
    .join('');
  return [
    request.method,
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    canonicalHeaders,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** Parses an Authorization header; a header of another scheme or shape is an S3 error. */
export function parseAuthorization(header: string): ParsedAuthorization {
  if (!header.startsWith(`${SIGV4_ALGORITHM} `)) {
    throw new S3Error(
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential?.length !== 5 || !signedHeaders || !signature) {
    throw new S3Error(
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; it must carry Credential, SignedHeaders and Signature.',
    );
  }
  const [accessKeyId, date, region, service, terminal] = credential as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (terminal !== 'aws4_request' || service !== 's3' || !/^\d{8}$/.test(date)) {
    throw new S3Error(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the Credential scope "${credential.slice(1).join('/')}" is not ` +
        '"<yyyymmdd>/<region>/s3/aws4_request".',
    );
  }
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** Reads `x-amz-content-sha256` into a payload mode. */
export function payloadModeOf(contentSha256: string | undefined): PayloadMode {
  switch (contentSha256) {
    case undefined:
      throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    case 'UNSIGNED-PAYLOAD':
      return 'unsigned';
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD':
      return 'streaming-signed';
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER':
      return 'streaming-signed-trailer';
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER':
      return 'streaming-unsigned-trailer';
    default:
      if (/^[0-9a-f]{64}$/.test(contentSha256)) return 'sha256';
      if (contentSha256.startsWith('STREAMING-')) {
        throw new S3Error('NotImplemented', `The payload signing method ${contentSha256} is not supported.`);
      }
      throw new S3Error(
        'InvalidArgument',
        `x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-* value or a SHA-256 hex digest.`,
      );
  }
}

/** Parses `YYYYMMDDTHHMMSSZ` into epoch milliseconds (NaN when malformed). */
function parseAmzDate(amzDate: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
}

/** What `verifySignature` needs besides the request. */
export interface VerifyOptions {
  /** The secret for an access key, or undefined when the key is unknown. */
  readonly secretFor: (accessKeyId: string) => string | undefined;
  /** The server clock, in epoch milliseconds. */
  readonly now: number;
}

/**
 * Verifies the header signature of `request`. Throws the S3 error real S3 would answer with (AccessDenied when there
 * is no Authorization header, InvalidAccessKeyId, RequestTimeTooSkewed, SignatureDoesNotMatch, ...).
 */
export function verifySignature(request: SignedRequest, options: VerifyOptions): VerifiedRequest {
  const headers = headerValues(request.rawHeaders);
  const authorization = headers.get('authorization')?.[0];
  if (authorization === undefined)
    throw new S3Error('AccessDenied', 'Access Denied (the request is not signed)');
  const auth = parseAuthorization(authorization);
  const secret = options.secretFor(auth.accessKeyId);
  if (secret === undefined)
    throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: auth.accessKeyId });
  const amzDate = headers.get('x-amz-date')?.[0] ?? '';
  const time = parseAmzDate(amzDate);
  if (Number.isNaN(time) || !amzDate.startsWith(auth.date)) {
    throw new S3Error(
      'AccessDenied',
      'AWS authentication requires a valid x-amz-date header whose day matches the Credential scope.',
    );
  }
  if (Math.abs(options.now - time) > MAX_CLOCK_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', undefined, {
      RequestTime: amzDate,
      ServerTime: new Date(options.now).toISOString(),
      MaxAllowedSkewMilliseconds: MAX_CLOCK_SKEW_MS,
    });
  }
  const contentSha256 = headers.get('x-amz-content-sha256')?.[0];
  const payloadMode = payloadModeOf(contentSha256);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const canonical = canonicalRequest(request, auth.signedHeaders, contentSha256 as string);
  const stringToSign = [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = signingKey(secret, auth.date, auth.region, auth.service);
  const expected = signString(key, stringToSign);
  if (!sameSignature(expected, auth.signature)) {
    throw new S3Error('SignatureDoesNotMatch', undefined, {
      AWSAccessKeyId: auth.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: auth.signature,
      CanonicalRequest: canonical,
    });
  }
  return {
    accessKeyId: auth.accessKeyId,
    amzDate,
    scope,
    signingKey: key,
    signature: expected,
    payloadMode,
    ...(payloadMode === 'sha256' ? { payloadSha256: contentSha256 as string } : {}),
  };
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The signature of one aws-chunked chunk, chained from the previous chunk's (the seed for the first). */
export function chunkSignature(request: VerifiedRequest, previous: string, chunkSha256: string): string {
  const stringToSign = [
    'AWS4-HMAC-SHA256-PAYLOAD',
    request.amzDate,
    request.scope,
    previous,
    EMPTY_SHA256,
    chunkSha256,
  ].join('\n');
  return signString(request.signingKey, stringToSign);
}

/** The signature of the trailing headers of a signed aws-chunked body. */
export function trailerSignature(
  request: VerifiedRequest,
  previous: string,
  canonicalTrailers: string,
): string {
  const stringToSign = [
    'AWS4-HMAC-SHA256-TRAILER',
    request.amzDate,
    request.scope,
    previous,
    sha256Hex(canonicalTrailers),
  ].join('\n');
  return signString(request.signingKey, stringToSign);
}
