/**
 * The data mover of the embedded rsync-TLS movers: the `rsync` binary when the machine has one (a local-to-local
 * `rsync -a --delete --stats`, rsync's own quick check deciding what changed), the built-in incremental copy of
 * directory-sync.ts otherwise. Either way the result is rsync's statistics, which the source reports in
 * `status.latestMoverStatus.logs` as the real mover's log does.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type SyncStats, syncDirectories } from './directory-sync.js';

const run = promisify(execFile);

/** Which implementation moves the data: `auto` uses rsync when `which rsync` finds it. */
export type MoverMode = 'auto' | 'rsync' | 'builtin';

/** The rsync run failed. */
export class RsyncError extends Error {
  override readonly name = 'RsyncError';
}

/** The path of the `rsync` binary, or undefined when none is installed. */
export async function findRsync(): Promise<string | undefined> {
  try {
    const { stdout } = await run('which', ['rsync']);
    const path = stdout.trim();
    return path === '' ? undefined : path;
  } catch {
    return undefined;
  }
}

function statNumber(output: string, label: string): number {
  const match = new RegExp(`${label}:\\s*([0-9,.]+)`).exec(output);
  return match?.[1] === undefined ? 0 : Number(match[1].replace(/,/g, ''));
}

/** The statistics of `rsync --stats` output. */
export function parseRsyncStats(output: string): SyncStats {
  return {
    filesTransferred: statNumber(output, 'Number of regular files transferred'),
    bytesTransferred: statNumber(output, 'Total transferred file size'),
    filesDeleted: statNumber(output, 'Number of deleted files'),
    totalFiles: statNumber(output, 'Number of files'),
  };
}

/** The statistics as `rsync --stats` prints them (the mover log). */
export function formatStats(stats: SyncStats): string {
  return [
    `Number of files: ${stats.totalFiles}`,
    `Number of deleted files: ${stats.filesDeleted}`,
    `Number of regular files transferred: ${stats.filesTransferred}`,
    `Total transferred file size: ${stats.bytesTransferred} bytes`,
  ].join('\n');
}

/** Moves data from one directory to another. */
export interface DataMover {
  readonly kind: 'rsync' | 'builtin';
  sync(source: string, destination: string): Promise<SyncStats>;
}

/** The mover for `mode` (`auto`: rsync when installed). */
export async function createDataMover(mode: MoverMode = 'auto'): Promise<DataMover> {
  const binary = mode === 'builtin' ? undefined : await findRsync();
  if (mode === 'rsync' && binary === undefined) throw new RsyncError('rsync is not installed');
  if (binary === undefined) return { kind: 'builtin', sync: syncDirectories };
  return {
    kind: 'rsync',
    sync: async (source, destination) => {
      try {
        const { stdout } = await run(binary, ['-a', '--delete', '--stats', `${source}/`, `${destination}/`]);
        return parseRsyncStats(stdout);
      } catch (error) {
        throw new RsyncError(`rsync from ${source} to ${destination} failed`, { cause: error });
      }
    },
  };
}
