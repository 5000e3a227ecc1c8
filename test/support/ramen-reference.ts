/**
 * Locates Ramen's reference data (`../shared/ramen-reference` beside the checkout). Tests that compare against it
 * skip, with this reason in their title, when the folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The reference folder, or undefined when it is absent. `RAMEN_REFERENCE_DIR` overrides the location. */
export const ramenReferenceDir: string | undefined = [
  process.env.RAMEN_REFERENCE_DIR,
  resolve(repoRoot, '../shared/ramen-reference'),
].find((dir): dir is string => Boolean(dir && existsSync(dir)));

/** Appended to a suite title so a skip says why. */
export const skipReason = ramenReferenceDir ? '' : ' (skipped: ../shared/ramen-reference not found)';

/** Every YAML document in the files of one reference subfolder, with the file it came from. */
export function readReferenceYaml(
  subdir: 'crds' | 'samples' | 'external-crds',
): Array<{ file: string; doc: unknown }> {
  if (!ramenReferenceDir) return [];
  const dir = join(ramenReferenceDir, subdir);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
        .map((document) => document.toJS() as unknown)
        .filter((doc) => doc !== null)
        .map((doc) => ({ file, doc })),
    );
}
