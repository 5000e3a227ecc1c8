/**
 * The rendezvous of the rsync-TLS movers (see paths.ts for where it lives). A destination publishes an endpoint
 * record under each address it answers to: the cluster-unique address it reports in `status.rsyncTLS.address`, and
 * the Submariner clusterset name Ramen computes itself (`volsync-rsync-tls-dst-<rd>.<ns>.svc.clusterset.local`, as a
 * ServiceExport would make resolvable). The record carries the destination volume's directory, a digest of the
 * pre-shared key (so a source with another key fails as a TLS-PSK handshake would) and a session id: the
 * destination accepts one transfer per session. A source writes a transfer record naming the session it used; the
 * destination, seeing it, takes its image and opens a new session. Records are replaced atomically (write, rename).
 * When a cluster's movers stop (the cluster goes dark), its endpoints are marked offline but keep their session,
 * so a transfer completed just before is still turned into an image when the cluster comes back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { SyncStats } from './directory-sync.js';
import { transferRoot } from './paths.js';

/** What a destination publishes under its addresses. */
export interface EndpointRecord {
  address: string;
  cluster: string;
  namespace: string;
  name: string;
  /** The ReplicationDestination's uid (a recreated destination is a new endpoint). */
  uid: string;
  /** Where the destination volume's data lives. */
  volumeDirectory: string;
  /** sha256 of the pre-shared key, to check a source's key against. */
  pskDigest: string;
  /** The session a transfer must name to be accepted. */
  session: string;
  /** False while the destination's cluster (its agent) is down: sources cannot connect. */
  online: boolean;
}

/** What a source leaves after a completed transfer. */
export interface TransferRecord {
  id: string;
  /** The destination session the transfer was made in. */
  session: string;
  sourceCluster: string;
  startTime: string;
  endTime: string;
  stats: SyncStats;
}

const SERVICE_PREFIX = 'volsync-rsync-tls-dst-';

/** The name of the Service VolSync puts in front of a destination (Ramen's rule: crc32 when over 63 chars). */
export function destinationServiceName(rdName: string): string {
  const name = `${SERVICE_PREFIX}${rdName}`;
  if (name.length <= 63) return name;
  return `${SERVICE_PREFIX}${crc32(rdName).toString(16).padStart(8, '0')}`;
}

/** The cluster-unique address a destination reports. */
export function clusterAddress(cluster: string, namespace: string, rdName: string): string {
  return `${destinationServiceName(rdName)}.${namespace}.svc.${cluster}.volsync.ramen.local`;
}

/** The clusterset (Submariner) address Ramen computes for a destination. */
export function clustersetAddress(namespace: string, rdName: string): string {
  return `${destinationServiceName(rdName)}.${namespace}.svc.clusterset.local`;
}

/** The digest of a pre-shared key that endpoints publish. */
export function pskDigest(psk: string): string {
  return createHash('sha256').update(`ramen-volsync-psk:${psk}`).digest('hex');
}

/** A fresh session id. */
export function newSession(): string {
  return randomUUID();
}

/** An address that cannot name a record file. */
export class InvalidAddressError extends Error {
  override readonly name = 'InvalidAddressError';
}

function recordFile(stateDir: string, folder: string, address: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(address))
    throw new InvalidAddressError(`invalid address "${address}"`);
  return join(transferRoot(stateDir), folder, `${address.toLowerCase()}.json`);
}

async function readRecord<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeRecord(path: string, record: unknown): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temporary, path);
}

/** The endpoint published under `address`, if any. */
export function readEndpoint(stateDir: string, address: string): Promise<EndpointRecord | undefined> {
  return readRecord<EndpointRecord>(recordFile(stateDir, 'endpoints', address));
}

/** Publishes `record` under `address`. */
export function writeEndpoint(stateDir: string, address: string, record: EndpointRecord): Promise<void> {
  return writeRecord(recordFile(stateDir, 'endpoints', address), record);
}

/** Withdraws the endpoint under `address` when it is the given destination's. */
export async function removeEndpoint(
  stateDir: string,
  address: string,
  owner: { cluster: string; namespace: string; name: string },
): Promise<void> {
  const path = recordFile(stateDir, 'endpoints', address);
  const record = await readRecord<EndpointRecord>(path);
  if (record === undefined) return;
  if (record.cluster !== owner.cluster || record.namespace !== owner.namespace || record.name !== owner.name)
    return;
  await rm(path, { force: true });
}

/** The last transfer made to the destination at `address` (by its cluster address). */
export function readTransfer(stateDir: string, address: string): Promise<TransferRecord | undefined> {
  return readRecord<TransferRecord>(recordFile(stateDir, 'transfers', address));
}

/** Records a completed transfer to the destination at `address` (its cluster address). */
export function writeTransfer(stateDir: string, address: string, record: TransferRecord): Promise<void> {
  return writeRecord(recordFile(stateDir, 'transfers', address), record);
}

/** Marks every endpoint of `cluster` offline (its movers stopped). */
export async function markClusterOffline(stateDir: string, cluster: string): Promise<void> {
  const folder = join(transferRoot(stateDir), 'endpoints');
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const path = join(folder, name);
    const record = await readRecord<EndpointRecord>(path);
    if (record?.cluster === cluster && record.online) await writeRecord(path, { ...record, online: false });
  }
}
