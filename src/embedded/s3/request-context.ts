/** What every S3 operation handler receives. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BucketStore } from './bucket-store.js';
import type { S3Route } from './request-route.js';
import type { VerifiedRequest } from './sigv4.js';

/** One authenticated request, its route and the server state it acts on. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly route: S3Route;
  readonly verified: VerifiedRequest;
  readonly store: BucketStore;
  /** The region the server reports for its buckets. */
  readonly region: string;
  /** The server clock. */
  readonly now: () => Date;
}

/** The context of a bucket-level or object-level request, with its bucket. */
export type BucketContext = RequestContext & { readonly route: S3Route & { readonly bucket: string } };
/** The context of an object-level request, with its bucket and key. */
export type ObjectContext = RequestContext & {
  readonly route: S3Route & { readonly bucket: string; readonly key: string };
};
