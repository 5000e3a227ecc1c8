/**
 * How a container's processes see their volumes at the paths the pod spec names.
 *
 * - `mount-namespace` (preferred; needs root and `unshare`, checked once with a probe that bind-mounts a scratch
 *   directory): the process runs under `unshare --mount --propagation private`, and a small setup script creates
 *   each mountPath and bind-mounts the volume directory onto it (read-only mounts are remounted `ro`) before it
 *   `exec`s the container command. The mounts vanish with the process; other processes never see them. The only
 *   trace left on the host is the empty mountPath directory when it did not exist (kubelet's runtime does the same
 *   inside the container's root; we never remove it, since removing a directory that is a mount point in another
 *   pod's namespace would detach that pod's volume).
 * - `path-rewrite` (fallback): nothing on the host is touched; every occurrence of a mountPath in the command and
 *   arguments (as a whole path component prefix) is rewritten to the volume directory. This covers the shell
 *   scripts the embedded environment runs (`date >> /mnt/test/outfile`); a script that builds paths dynamically
 *   would miss the volume, which is why it is only the fallback.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The two ways of giving a process its volumes. */
export type IsolationMode = 'mount-namespace' | 'path-rewrite';

/** A volume directory to show at `target`. */
export interface ContainerMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** The program to run and its arguments, ready for `spawn`. */
export interface LaunchCommand {
  file: string;
  args: string[];
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function run(file: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'ignore' });
    child.on('error', () => resolve(-1));
    child.on('close', (code) => resolve(code ?? -1));
  });
}

let probed: Promise<IsolationMode> | undefined;

/** Whether this machine can give processes private mount namespaces (probed once per process). */
export function isolationMode(): Promise<IsolationMode> {
  probed ??= probeMountNamespace();
  return probed;
}

async function probeMountNamespace(): Promise<IsolationMode> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'path-rewrite';
  const scratch = await mkdtemp(join(tmpdir(), 'ramen-mount-probe-'));
  try {
    const source = join(scratch, 'source');
    const target = join(scratch, 'target');
    await mkdir(source);
    await mkdir(target);
    await writeFile(join(source, 'probe'), 'ok');
    const script = `mount --bind ${quote(source)} ${quote(target)} && test -f ${quote(join(target, 'probe'))}`;
    const code = await run('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', script]);
    return code === 0 ? 'mount-namespace' : 'path-rewrite';
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The shell lines that create and bind-mount each target, then run the command (`"$@"`). */
function mountScript(mounts: readonly ContainerMount[]): string {
  const lines = ['set -e'];
  for (const mount of mounts) {
    lines.push(`mkdir -p ${quote(mount.target)}`);
    lines.push(`mount --bind ${quote(mount.source)} ${quote(mount.target)}`);
    if (mount.readOnly) lines.push(`mount -o remount,bind,ro ${quote(mount.target)}`);
  }
  lines.push('exec "$@"');
  return lines.join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rewrites every mountPath prefix in `text` to its volume directory (longest mountPath first). */
export function rewriteMountPaths(text: string, mounts: readonly ContainerMount[]): string {
  const ordered = [...mounts].sort((a, b) => b.target.length - a.target.length);
  let result = text;
  for (const mount of ordered) {
    const target = mount.target.replace(/\/+$/, '');
    if (target === '') continue;
    const pattern = new RegExp(`(^|[^\\w./-])${escapeRegExp(target)}(?=$|[/\\s"';|&)<>:])`, 'g');
    result = result.replace(pattern, (_match, before: string) => `${before}${mount.source}`);
  }
  return result;
}

/** The command that runs `argv` with `mounts` in the given mode. */
export function launchCommand(
  argv: readonly string[],
  mounts: readonly ContainerMount[],
  mode: IsolationMode,
): LaunchCommand {
  const [file, ...args] = argv;
  if (file === undefined) throw new RangeError('empty command');
  if (mounts.length === 0) return { file, args };
  if (mode === 'path-rewrite') return { file, args: args.map((arg) => rewriteMountPaths(arg, mounts)) };
  return {
    file: 'unshare',
    args: ['--mount', '--propagation', 'private', '/bin/sh', '-c', mountScript(mounts), 'container', ...argv],
  };
}
