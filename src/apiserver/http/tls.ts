/**
 * The serving certificate of the API server (kube-api.md §2.5): one self-signed certificate that is its own CA
 * (`CA:TRUE`), so the kubeconfig's `certificate-authority-data` can carry it and both kubectl (Go requires SANs and
 * ignores the CN) and client-node verify the connection. It is kept in the state directory so a restarted server
 * presents the same certificate and existing kubeconfigs keep working.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { writeFileAtomically } from './atomic-file.js';

/** A PEM certificate and its private key. */
export interface ServingCertificate {
  certPem: string;
  keyPem: string;
}

/** Options of `loadOrCreateServingCertificate`. */
export interface ServingCertificateOptions {
  /** Where `tls.crt` and `tls.key` live; without it the certificate is generated in memory only. */
  dir?: string;
  /** Extra host names or IP addresses the certificate must be valid for, besides 127.0.0.1 and localhost. */
  hosts?: readonly string[];
  /** Validity of a new certificate, in days. @default 3650 */
  validityDays?: number;
  /** A stored certificate expiring sooner than this is replaced, in days. @default 30 */
  renewBeforeDays?: number;
  /** The clock, for tests. @default () => new Date() */
  now?: () => Date;
}

/** The certificate could not be read, generated or stored. */
export class ServingCertificateError extends Error {
  override readonly name = 'ServingCertificateError';
}

const CERT_FILE = 'tls.crt';
const KEY_FILE = 'tls.key';
const DAY_MS = 86_400_000;
/** Always covered, so `https://127.0.0.1:PORT` and `https://localhost:PORT` both verify. */
const DEFAULT_HOSTS = ['localhost', '127.0.0.1'];
/** Wildcard listen addresses are not names a client connects to. */
const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

/**
 * Returns the serving certificate stored in `dir`, or generates (and stores) a new one when there is none, it is
 * about to expire, or it does not cover every wanted host.
 */
export async function loadOrCreateServingCertificate(
  options: ServingCertificateOptions = {},
): Promise<ServingCertificate> {
  const now = options.now?.() ?? new Date();
  const hosts = wantedHosts(options.hosts ?? []);
  if (options.dir !== undefined) {
    const stored = await readStored(options.dir);
    const renewBefore = (options.renewBeforeDays ?? 30) * DAY_MS;
    if (stored !== undefined && isUsable(stored, hosts, now.getTime() + renewBefore)) return stored;
  }
  const created = await generateServingCertificate(hosts, now, options.validityDays ?? 3650);
  if (options.dir !== undefined) await store(options.dir, created);
  return created;
}

function wantedHosts(extra: readonly string[]): string[] {
  const hosts = [...DEFAULT_HOSTS];
  for (const host of extra) if (!WILDCARD_HOSTS.has(host) && !hosts.includes(host)) hosts.push(host);
  return hosts;
}

async function readStored(dir: string): Promise<ServingCertificate | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([
      readFile(join(dir, CERT_FILE), 'utf8'),
      readFile(join(dir, KEY_FILE), 'utf8'),
    ]);
    return { certPem, keyPem };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ServingCertificateError(`cannot read the serving certificate in ${dir}`, { cause: error });
  }
}

/** A stored certificate is reused only if it parses, is a CA, covers every host and is valid past `until`. */
function isUsable(stored: ServingCertificate, hosts: readonly string[], until: number): boolean {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(stored.certPem);
  } catch {
    return false;
  }
  if (!cert.ca || Date.parse(cert.validTo) <= until) return false;
  return hosts.every((host) =>
    isIP(host) === 0 ? cert.checkHost(host) !== undefined : cert.checkIP(host) !== undefined,
  );
}

async function generateServingCertificate(
  hosts: readonly string[],
  now: Date,
  validityDays: number,
): Promise<ServingCertificate> {
  // selfsigned's type declaration only knows `type` 2 (DNS) and 7 (IP) entries as written here.
  const altNames = hosts.map((host) =>
    isIP(host) === 0 ? { type: 2 as const, value: host } : { type: 7 as const, ip: host },
  );
  try {
    const pems = await generate([{ name: 'commonName', value: 'ramen-embedded-apiserver' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + validityDays * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    });
    return { certPem: pems.cert, keyPem: pems.private };
  } catch (error) {
    throw new ServingCertificateError('cannot generate the serving certificate', { cause: error });
  }
}

/** Writes key then certificate, each atomically, the key readable by the owner only. */
async function store(dir: string, certificate: ServingCertificate): Promise<void> {
  try {
    await writeFileAtomically(join(dir, KEY_FILE), certificate.keyPem, 0o600);
    await writeFileAtomically(join(dir, CERT_FILE), certificate.certPem, 0o644);
  } catch (error) {
    throw new ServingCertificateError(`cannot store the serving certificate in ${dir}`, { cause: error });
  }
}
