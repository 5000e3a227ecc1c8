import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateToken, hasBearerToken, isPublicPath, loadOrCreateToken } from './auth.js';

describe('isPublicPath', () => {
  it('leaves only health and version open', () => {
    for (const path of ['/healthz', '/livez', '/readyz', '/readyz/ping', '/version', '/version/']) {
      expect(isPublicPath(path)).toBe(true);
    }
    for (const path of [
      '/',
      '/api',
      '/apis',
      '/openapi/v3',
      '/versions',
      '/healthzz',
      '/api/v1/namespaces',
    ]) {
      expect(isPublicPath(path)).toBe(false);
    }
  });
});

describe('hasBearerToken', () => {
  it('accepts exactly the token as a bearer token', () => {
    expect(hasBearerToken('Bearer s3cret', 's3cret')).toBe(true);
    expect(hasBearerToken('bearer s3cret', 's3cret')).toBe(true);
    expect(hasBearerToken('Bearer s3cre', 's3cret')).toBe(false);
    expect(hasBearerToken('Bearer s3cretx', 's3cret')).toBe(false);
    expect(hasBearerToken('Basic s3cret', 's3cret')).toBe(false);
    expect(hasBearerToken(undefined, 's3cret')).toBe(false);
  });
});

describe('tokens', () => {
  it('generates long random tokens', () => {
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(token);
  });

  it('stores a token once and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth-test-'));
    try {
      const path = join(dir, 'token');
      const token = await loadOrCreateToken(path);
      expect(await loadOrCreateToken(path)).toBe(token);
      expect((await readFile(path, 'utf8')).trim()).toBe(token);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
