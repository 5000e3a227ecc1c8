import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateServingCertificate } from './tls.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tls-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateServingCertificate', () => {
  it('creates a CA certificate for 127.0.0.1 and localhost usable for serving', async () => {
    const { certPem, keyPem } = await loadOrCreateServingCertificate({ dir });
    const cert = new X509Certificate(certPem);
    expect(cert.ca).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.keyUsage).toContain(SERVER_AUTH);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(keyPem).toContain('PRIVATE KEY');
    expect((await stat(join(dir, 'tls.key'))).mode & 0o777).toBe(0o600);
  });

  it('reuses the stored certificate on restart', async () => {
    const first = await loadOrCreateServingCertificate({ dir });
    const second = await loadOrCreateServingCertificate({ dir });
    expect(second).toEqual(first);
  });

  it('replaces a stored certificate that lacks a wanted host, expires soon or is corrupt', async () => {
    const first = await loadOrCreateServingCertificate({ dir });
    const withHost = await loadOrCreateServingCertificate({ dir, hosts: ['10.1.2.3', '0.0.0.0'] });
    expect(withHost.certPem).not.toBe(first.certPem);
    expect(new X509Certificate(withHost.certPem).checkIP('10.1.2.3')).toBe('10.1.2.3');

    const later = () => new Date(Date.now() + 3640 * 86_400_000);
    const renewed = await loadOrCreateServingCertificate({ dir, hosts: ['10.1.2.3'], now: later });
    expect(renewed.certPem).not.toBe(withHost.certPem);

    await writeFile(join(dir, 'tls.crt'), 'garbage');
    const repaired = await loadOrCreateServingCertificate({ dir });
    expect(new X509Certificate(repaired.certPem).ca).toBe(true);
  });

  it('works without a directory', async () => {
    const { certPem } = await loadOrCreateServingCertificate();
    expect(new X509Certificate(certPem).subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
  });
});
