/**
 * `npm run generate`: writes deploy/crds from the schemas in src/api, removing files no kind produces any more.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCrdFiles } from './crd-files.js';

const crdDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/crds');

function listYaml(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  } catch {
    return [];
  }
}

const files = renderCrdFiles();
for (const stale of listYaml(crdDir).filter((file) => !files.has(file))) rmSync(join(crdDir, stale));
for (const [file, content] of files) {
  const path = join(crdDir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
console.log(`wrote ${files.size} files to ${relative(process.cwd(), crdDir) || crdDir}`);
