import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportCommit,
  GitCommandError,
  localRepositoryPath,
  NonLocalRepositoryError,
  resolveCommit,
} from './git-source.js';
import { createTestGitRepository, type TestGitRepository } from './testing/git-repository.js';

describe('localRepositoryPath', () => {
  it('accepts absolute paths, relative paths and file:// URLs', () => {
    expect(localRepositoryPath('/srv/repo')).toBe('/srv/repo');
    expect(localRepositoryPath('repo', '/base')).toBe('/base/repo');
    expect(localRepositoryPath(pathToFileURL('/srv/my repo').href)).toBe('/srv/my repo');
  });

  it('refuses network URLs with a clear message', () => {
    for (const url of [
      'https://github.com/RamenDR/ocm-ramen-samples.git',
      'ssh://git@github.com/RamenDR/ocm-ramen-samples.git',
      'git://example.com/repo',
      'git@github.com:RamenDR/ocm-ramen-samples.git',
    ]) {
      expect(() => localRepositoryPath(url)).toThrow(NonLocalRepositoryError);
    }
    expect(() => localRepositoryPath('https://example.com/r.git')).toThrow(/only reads local paths/);
  });
});

describe('git source', () => {
  let repo: TestGitRepository;
  let first: string;
  let second: string;
  let scratch: string;

  beforeAll(async () => {
    repo = await createTestGitRepository();
    first = await repo.commit({ 'app/a.yaml': 'one' }, 'first');
    second = await repo.commit({ 'app/a.yaml': 'two' }, 'second');
    scratch = await mkdtemp(join(tmpdir(), 'ramen-apps-export-'));
  });

  afterAll(async () => {
    await repo?.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  it('resolves branches, HEAD and commits', async () => {
    expect(await resolveCommit(repo.path, 'main')).toBe(second);
    expect(await resolveCommit(repo.path)).toBe(second);
    expect(await resolveCommit(repo.path, first)).toBe(first);
  });

  it('reports unknown branches and bad names as GitCommandError', async () => {
    await expect(resolveCommit(repo.path, 'no-such-branch')).rejects.toThrow(GitCommandError);
    await expect(resolveCommit(repo.path, '--upload-pack=x')).rejects.toThrow(/not a valid branch/);
    await expect(resolveCommit(join(scratch, 'missing'), 'main')).rejects.toThrow(GitCommandError);
  });

  it('exports the tree of a commit without touching the repository', async () => {
    await exportCommit(repo.path, first, join(scratch, 'first'));
    expect(await readFile(join(scratch, 'first', 'app', 'a.yaml'), 'utf8')).toBe('one');
    await exportCommit(repo.path, second, join(scratch, 'second'));
    expect(await readFile(join(scratch, 'second', 'app', 'a.yaml'), 'utf8')).toBe('two');
  });
});
