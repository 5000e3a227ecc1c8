/**
 * Reads an application's files from a local git repository with the `git` CLI, as the embedded stand-in for OCM's
 * git channel: the repository must be a local path or `file://` URL (the embedded environment never fetches from a
 * network), the branch head (or a pinned commit) is resolved to a commit, and the tree of that commit is exported
 * to a directory with `git archive` (the repository itself, its index and worktrees are never touched).
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The channel pathname is not a local repository (a network URL, ...). */
export class NonLocalRepositoryError extends Error {
  override readonly name = 'NonLocalRepositoryError';
}

/** A git command failed (not a repository, no such branch or commit, ...). */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
}

/**
 * The repository directory a channel pathname names: an absolute or relative path, or a `file://` URL. Anything
 * with another scheme, or in scp form (`git@host:repo`), is refused.
 */
export function localRepositoryPath(pathname: string, base: string = process.cwd()): string {
  const trimmed = pathname.trim();
  if (trimmed === '') throw new NonLocalRepositoryError('the channel pathname is empty');
  if (trimmed.startsWith('file://')) return fileURLToPath(trimmed);
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(trimmed) || /^[^/\\]+@[^/\\]+:/.test(trimmed)) {
    throw new NonLocalRepositoryError(
      `the channel pathname ${trimmed} is not a local git repository; the embedded environment only reads local paths or file:// URLs`,
    );
  }
  return isAbsolute(trimmed) ? trimmed : resolve(base, trimmed);
}

async function git(repository: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', repository, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitCommandError(`git ${args.join(' ')} in ${repository} failed${stderr ? `: ${stderr}` : ''}`, {
      cause: error,
    });
  }
}

function checkRevision(revision: string): void {
  if (revision === '' || revision.startsWith('-') || /[\s\0]/.test(revision)) {
    throw new GitCommandError(`"${revision}" is not a valid branch or commit name`);
  }
}

/**
 * The commit to deploy: `revision` (a branch, tag or commit; the repository's HEAD when absent) resolved in the
 * local repository. Branches are looked up as local branches first.
 */
export async function resolveCommit(repository: string, revision?: string): Promise<string> {
  const wanted = revision ?? 'HEAD';
  checkRevision(wanted);
  const candidates = wanted === 'HEAD' ? ['HEAD'] : [`refs/heads/${wanted}`, wanted];
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      return (await git(repository, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`])).trim();
    } catch (error) {
      lastError = error;
    }
  }
  throw new GitCommandError(`no branch or commit "${wanted}" in ${repository}`, { cause: lastError });
}

/** Exports the whole tree of `commit` into `directory` (created if needed) with `git archive` and `tar`. */
export async function exportCommit(repository: string, commit: string, directory: string): Promise<void> {
  checkRevision(commit);
  await mkdir(directory, { recursive: true });
  const archive = join(directory, '.export.tar');
  await git(repository, ['archive', '--format=tar', `--output=${archive}`, commit]);
  try {
    await run('tar', ['-x', '-f', archive, '-C', directory]);
  } catch (error) {
    throw new GitCommandError(`unpacking the tree of ${commit} failed`, { cause: error });
  } finally {
    await rm(archive, { force: true });
  }
}
