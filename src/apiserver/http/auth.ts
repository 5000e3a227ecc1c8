/**
 * Bearer-token authentication (kube-api.md §2.5). Every request must carry `Authorization: Bearer <token>` except
 * the health and version endpoints, which real servers leave open to anyone (`system:public-info-viewer`). There is
 * no authorization: an authenticated client may do everything.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from './atomic-file.js';

/** Paths served without authentication. */
const PUBLIC_PATHS = /^\/(?:healthz|livez|readyz)(?:\/.*)?$|^\/version\/?$/;

/** True for the endpoints served without a token (`/healthz`, `/livez`, `/readyz` and below, `/version`). */
export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.test(pathname);
}

/** True when the `Authorization` header carries exactly `token` as a bearer token (compared in constant time). */
export function hasBearerToken(authorization: string | undefined, token: string): boolean {
  if (authorization === undefined) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (match === null) return false;
  const presented = Buffer.from(match[1] as string, 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** A new random token: 32 bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Returns the token stored at `path`, creating (and storing, owner-readable only) a new one when there is none, so a
 * restarted server accepts the kubeconfigs it wrote before.
 */
export async function loadOrCreateToken(path: string): Promise<string> {
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (stored !== '') return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = generateToken();
  await writeFileAtomically(path, `${token}\n`, 0o600);
  return token;
}
