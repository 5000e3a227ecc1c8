import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationRenderer } from './application-renderer.js';
import { ManifestRenderError } from './render-manifests.js';
import { SubscriptionSourceError } from './subscription-source.js';
import { createTestGitRepository, type TestGitRepository } from './testing/git-repository.js';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('ApplicationRenderer', () => {
  let repo: TestGitRepository;
  let scratch: string;

  beforeAll(async () => {
    repo = await createTestGitRepository();
    scratch = await mkdtemp(join(tmpdir(), 'ramen-apps-renderer-'));
  });

  afterAll(async () => {
    await repo?.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  it('renders the branch head, follows new commits and leaves no scratch copies', async () => {
    const renderer = new ApplicationRenderer(join(scratch, 'work'));
    const first = await repo.commit({ 'app/a.yaml': configMap('first') });
    const source = { repository: repo.path, revision: 'main', path: 'app' };
    const one = await renderer.render(source);
    expect(one.commit).toBe(first);
    expect(one.objects.map((o) => o.metadata.name)).toEqual(['first']);
    const second = await repo.commit({ 'app/b.yaml': configMap('second') });
    const two = await renderer.render(source);
    expect(two.commit).toBe(second);
    expect(two.objects.map((o) => o.metadata.name)).toEqual(['first', 'second']);
    expect(await readdir(join(scratch, 'work'))).toEqual([]);
  });

  it('reports a path that is missing or leaves the repository', async () => {
    await repo.commit({ 'app/c.yaml': configMap('third') });
    const renderer = new ApplicationRenderer(join(scratch, 'work'));
    await expect(renderer.render({ repository: repo.path, path: 'nowhere' })).rejects.toThrow(
      ManifestRenderError,
    );
    await expect(renderer.render({ repository: repo.path, path: 'nowhere' })).rejects.toThrow(
      /git path "nowhere" does not exist/,
    );
    await expect(renderer.render({ repository: repo.path, path: '../..' })).rejects.toThrow(
      SubscriptionSourceError,
    );
  });
});
