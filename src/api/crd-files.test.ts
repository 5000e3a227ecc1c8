/** deploy/crds must be what `npm run generate` writes today: a stale CRD would install a different API. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCrdFiles } from './crd-files.js';

const crdDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/crds');

describe('deploy/crds', () => {
  const expected = renderCrdFiles();

  it('holds exactly the generated files (run `npm run generate` after changing src/api)', () => {
    const present = readdirSync(crdDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.yaml'),
    );
    expect(present.sort()).toEqual([...expected.keys()].sort());
  });

  it.each([...expected.keys()])('%s is up to date (run `npm run generate`)', (file) => {
    expect(readFileSync(join(crdDir, file), 'utf8')).toBe(expected.get(file));
  });
});
