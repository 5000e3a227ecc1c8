/**
 * The shared state of the embedded replicated storage: the "pool" both sites' storage agents see, like the Ceph
 * clusters' rbd-mirror peering. It lives at `<stateDir>/../storage-pool/` (the parent of every cluster's state
 * directory, which the environment gives all clusters), independent of any `AgentContext`:
 *
 * - `sites/<cluster>.json` — each site's registration: its state directory (where its volume images live) and a
 *   heartbeat; a site whose agent stopped, or whose heartbeat is stale, is unreachable (its mirror daemon is down).
 * - `images/<volumeHandle>/roles/<cluster>.json` — the role of one site's copy of an image (primary or secondary),
 *   written only by that site's agent. The image identity is the PV's CSI volume handle, equal on both clusters.
 * - `images/<volumeHandle>/synced/<cluster>.json` — when a primary last pushed a snapshot to that site's copy.
 * - `stretched/<volumeHandle>/` — the one image of a metro (stretched-pool) volume, which every site's volume
 *   directory links to; `fences/<cluster>.json` — a NetworkFence cutting that site off the stretched pool.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** The role of one site's copy of an image. */
export type ImageRole = 'primary' | 'secondary';

/** One site's copy of an image. */
export interface ImageRoleRecord {
  role: ImageRole;
  /** When the copy took this role (ISO time). */
  since: string;
  /** The copy was primary while another copy was promoted (split brain): never overwritten until resynced. */
  diverged: boolean;
  /** The copy was demoted after pushing its last snapshot to the peers, so it holds the latest data. */
  clean: boolean;
  /** When a resync (discard the local copy, pull the primary's) was requested. */
  resyncRequestedAt?: string;
  /** The VR generation the last `resync` request answered (a resync runs once per request). */
  resyncGeneration?: number;
}

/** A snapshot pushed to a site's copy. */
export interface SyncRecord {
  /** The pushing primary site. */
  primary: string;
  /** The point in time of the snapshot (ISO). */
  time: string;
  bytes: number;
  durationMs: number;
}

/** A site cut off the stretched pool. */
export interface FenceRecord {
  /** The cluster whose NetworkFence did it. */
  fencedBy: string;
  /** The NetworkFence name. */
  fence: string;
  since: string;
}

/** A site's registration. */
export interface SiteRecord {
  stateDir: string;
  heartbeat: string;
  alive: boolean;
}

/** The shared pool directory for a cluster's state directory. */
export function storagePoolDir(stateDir: string): string {
  return resolve(stateDir, '..', 'storage-pool');
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

let writeCounter = 0;

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  writeCounter += 1;
  const temporary = `${path}.${process.pid}.${writeCounter}.tmp`;
  await writeFile(temporary, JSON.stringify(value));
  await rename(temporary, path);
}

/** Reads and writes the shared pool; see the module comment. */
export class StoragePool {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  #siteFile(cluster: string): string {
    return join(this.dir, 'sites', `${cluster}.json`);
  }

  #imageDir(handle: string): string {
    if (handle === '' || handle.includes('/') || handle.startsWith('.')) {
      throw new InvalidImageHandleError(`invalid volume handle "${handle}"`);
    }
    return join(this.dir, 'images', handle);
  }

  /** Registers (or refreshes) a site. */
  async heartbeat(cluster: string, stateDir: string, alive = true): Promise<void> {
    const record: SiteRecord = { stateDir: resolve(stateDir), heartbeat: new Date().toISOString(), alive };
    await writeJson(this.#siteFile(cluster), record);
  }

  /** A site's registration. */
  async site(cluster: string): Promise<SiteRecord | undefined> {
    return readJson<SiteRecord>(this.#siteFile(cluster));
  }

  /** Whether a site's agent runs and beat within `staleMs`. */
  async reachable(cluster: string, staleMs: number): Promise<SiteRecord | undefined> {
    const site = await this.site(cluster);
    if (site === undefined || !site.alive) return undefined;
    return Date.now() - Date.parse(site.heartbeat) <= staleMs ? site : undefined;
  }

  /** The role records of every site holding a copy of the image. */
  async roles(handle: string): Promise<Map<string, ImageRoleRecord>> {
    const dir = join(this.#imageDir(handle), 'roles');
    const result = new Map<string, ImageRoleRecord>();
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
      throw error;
    }
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const record = await readJson<ImageRoleRecord>(join(dir, name));
      if (record !== undefined) result.set(name.slice(0, -'.json'.length), record);
    }
    return result;
  }

  /** One site's role record of an image. */
  async role(handle: string, cluster: string): Promise<ImageRoleRecord | undefined> {
    return readJson<ImageRoleRecord>(join(this.#imageDir(handle), 'roles', `${cluster}.json`));
  }

  /** Writes a site's role record (only that site's agent does). */
  async setRole(handle: string, cluster: string, record: ImageRoleRecord): Promise<void> {
    await writeJson(join(this.#imageDir(handle), 'roles', `${cluster}.json`), record);
  }

  /** Forgets a site's copy (replication disabled). */
  async removeRole(handle: string, cluster: string): Promise<void> {
    await rm(join(this.#imageDir(handle), 'roles', `${cluster}.json`), { force: true });
    await rm(join(this.#imageDir(handle), 'synced', `${cluster}.json`), { force: true });
  }

  /** The last snapshot pushed to a site's copy. */
  async synced(handle: string, cluster: string): Promise<SyncRecord | undefined> {
    return readJson<SyncRecord>(join(this.#imageDir(handle), 'synced', `${cluster}.json`));
  }

  /** The shared image directory of a metro volume. */
  stretchedImage(handle: string): string {
    this.#imageDir(handle);
    return join(this.dir, 'stretched', handle);
  }

  /** Where a fenced site's metro volumes point: a path that never exists, so every access fails. */
  fencedImage(handle: string): string {
    this.#imageDir(handle);
    return join(this.dir, 'stretched-unreachable', handle);
  }

  /** Whether (and by whom) a site is fenced. */
  async fence(cluster: string): Promise<FenceRecord | undefined> {
    return readJson<FenceRecord>(join(this.dir, 'fences', `${cluster}.json`));
  }

  /** Fences a site. */
  async setFence(cluster: string, record: FenceRecord): Promise<void> {
    await writeJson(join(this.dir, 'fences', `${cluster}.json`), record);
  }

  /** Lifts a site's fence. */
  async removeFence(cluster: string): Promise<void> {
    await rm(join(this.dir, 'fences', `${cluster}.json`), { force: true });
  }

  /** The registered sites. */
  async sites(): Promise<Map<string, SiteRecord>> {
    const result = new Map<string, SiteRecord>();
    let names: string[];
    try {
      names = await readdir(join(this.dir, 'sites'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
      throw error;
    }
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const site = await this.site(name.slice(0, -'.json'.length));
      if (site !== undefined) result.set(name.slice(0, -'.json'.length), site);
    }
    return result;
  }

  /** Records a snapshot pushed to a site's copy. */
  async setSynced(handle: string, cluster: string, record: SyncRecord): Promise<void> {
    await writeJson(join(this.#imageDir(handle), 'synced', `${cluster}.json`), record);
  }
}

/** A volume handle that cannot name an image directory. */
export class InvalidImageHandleError extends Error {
  override readonly name = 'InvalidImageHandleError';
}
