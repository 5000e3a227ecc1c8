/**
 * The `continue` token of a paged list. Opaque to clients; inside it records the revision of the first page (every
 * page is served as of that revision) and the key of the last item returned (the next page starts after it).
 */
import { BadRequestError } from './errors.js';

/** What a continue token carries. */
export interface ContinuePosition {
  /** The revision every page of this list is served at. */
  readonly revision: number;
  /** Namespace of the last item returned (`''` for cluster-scoped). */
  readonly namespace: string;
  /** Name of the last item returned. */
  readonly name: string;
}

/** Encodes a position as an opaque token (base64url of a small versioned JSON document). */
export function encodeContinueToken(position: ContinuePosition): string {
  const doc = { v: 'meta.k8s.io/v1', rv: position.revision, ns: position.namespace, n: position.name };
  return Buffer.from(JSON.stringify(doc), 'utf8').toString('base64url');
}

/**
 * Decodes a token produced by `encodeContinueToken`.
 * @throws BadRequestError when the token is not one of ours.
 */
export function decodeContinueToken(token: string): ContinuePosition {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new BadRequestError('continue key is not valid: not a continue token', undefined, { cause });
  }
  const { v, rv, ns, n } = (doc ?? {}) as Record<string, unknown>;
  if (
    v !== 'meta.k8s.io/v1' ||
    !Number.isSafeInteger(rv) ||
    (rv as number) < 1 ||
    typeof ns !== 'string' ||
    typeof n !== 'string'
  ) {
    throw new BadRequestError('continue key is not valid: unexpected content');
  }
  return { revision: rv as number, namespace: ns, name: n };
}
