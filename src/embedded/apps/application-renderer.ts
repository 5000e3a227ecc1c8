/**
 * Renders the application of a git source at its current commit: resolves the revision, exports that commit to a
 * scratch directory, renders the folder (kustomize or plain YAML) and removes the scratch copy. Rendered objects
 * are remembered by repository, commit and folder, so polling an unchanged branch costs one `git rev-parse`.
 */
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { KubeObject } from '../../kube/index.js';
import { exportCommit, resolveCommit } from './git-source.js';
import { ManifestRenderError, type RenderOptions, renderFolder } from './render-manifests.js';
import { type GitSource, SubscriptionSourceError } from './subscription-source.js';

/** An application as of one commit. */
export interface RenderedApplication {
  commit: string;
  objects: KubeObject[];
}

const CACHE_LIMIT = 64;

/** Renders git sources with a bounded cache; see the module comment. */
export class ApplicationRenderer {
  readonly #scratch: string;
  readonly #options: RenderOptions;
  readonly #cache = new Map<string, KubeObject[]>();

  /** `scratch` is a directory the renderer may create and use for exported trees. */
  constructor(scratch: string, options: RenderOptions = {}) {
    this.#scratch = scratch;
    this.#options = options;
  }

  /** The commit the source currently points at, and its rendered objects. */
  async render(source: GitSource): Promise<RenderedApplication> {
    const commit = await resolveCommit(source.repository, source.revision);
    const key = `${source.repository}\0${commit}\0${source.path}`;
    const cached = this.#cache.get(key);
    if (cached) return { commit, objects: cached };
    const objects = await this.#renderCommit(source, commit);
    this.#cache.set(key, objects);
    if (this.#cache.size > CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    return { commit, objects };
  }

  async #renderCommit(source: GitSource, commit: string): Promise<KubeObject[]> {
    await mkdir(this.#scratch, { recursive: true });
    const tree = await mkdtemp(join(this.#scratch, 'tree-'));
    try {
      await exportCommit(source.repository, commit, tree);
      const folder = resolve(tree, source.path);
      if (relative(tree, folder).startsWith('..')) {
        throw new SubscriptionSourceError(`the git path ${source.path} leaves the repository`);
      }
      await access(folder).catch((error: unknown) => {
        throw new ManifestRenderError(
          `the git path "${source.path}" does not exist at commit ${commit.slice(0, 12)} of ${source.repository}`,
          { cause: error },
        );
      });
      return await renderFolder(folder, this.#options);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  }
}
