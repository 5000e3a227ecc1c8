/**
 * Writing small state files (certificate, key, token, kubeconfig) so that a reader never sees a half-written file:
 * write a temporary sibling, then rename it over the target.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `content` atomically, creating the parent directory when needed.
 * @param mode the file permissions, e.g. 0o600 for secrets.
 */
export async function writeFileAtomically(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, path);
}
