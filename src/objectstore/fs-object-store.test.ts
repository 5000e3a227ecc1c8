import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesystemObjectStore } from './fs-object-store.js';
import { describeObjectStoreConformance } from './object-store.conformance.js';
import { ObjectStoreError } from './object-store-error.js';
import { VrgS3Objects } from './vrg-s3-objects.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fs-object-store-'));
  dirs.push(dir);
  return dir;
}

describeObjectStoreConformance('FilesystemObjectStore', async () =>
  FilesystemObjectStore.open(await tempDir()),
);

/** Every file under `dir`, relative, sorted. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('FilesystemObjectStore', () => {
  it("lays objects out readably at Ramen's keys and keeps them across reopening", async () => {
    const dir = await tempDir();
    const store = await FilesystemObjectStore.open(dir);
    const vrg = new VrgS3Objects(store, 'app-ns', 'app-vrg');
    await vrg.uploadPV({ metadata: { name: 'pv-1' } });
    await vrg.uploadPVC({ metadata: { name: 'data', namespace: 'app' } });
    await store.put('odd key/.x', 'x');
    expect(await files(dir)).toEqual([
      'app-ns/app-vrg/v1.PersistentVolume/pv-1.obj',
      'app-ns/app-vrg/v1.PersistentVolumeClaim/app/data.obj',
      'odd%20key/%2Ex.obj',
    ]);
    const reopened = await FilesystemObjectStore.open(dir);
    expect(await new VrgS3Objects(reopened, 'app-ns', 'app-vrg').downloadPVs()).toEqual([
      { metadata: { name: 'pv-1' } },
    ]);
  });

  it('removes directories emptied by deletes and leaves no temporary files behind', async () => {
    const dir = await tempDir();
    const store = await FilesystemObjectStore.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.put(`a/b/${index}`, 'x')));
    expect(await store.deletePrefix('a/')).toBe(20);
    expect(await readdir(dir)).toEqual(['.tmp']);
    expect(await readdir(join(dir, '.tmp'))).toEqual([]);
  });

  it('ignores files it did not write', async () => {
    const dir = await tempDir();
    const store = await FilesystemObjectStore.open(dir);
    await store.put('k', 'v');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'README'), 'not an object');
    await writeFile(join(dir, 'k%6B.obj'), 'a non-canonical spelling of key "kk"');
    expect((await store.list('')).map((object) => object.key)).toEqual(['k']);
  });

  it('refuses a key segment too long for a file name with InvalidKey', async () => {
    const store = await FilesystemObjectStore.open(await tempDir());
    const error = await store.put(`ns/${'n'.repeat(300)}`, 'x').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as ObjectStoreError).reason).toBe('InvalidKey');
    expect((error as ObjectStoreError).message).toMatch(/too long for a file name/);
  });

  const asRoot = process.getuid?.() === 0;
  it.skipIf(asRoot)(
    `reports a directory it may not write as AccessDenied${asRoot ? ' (skipped: running as root, which may write anywhere)' : ''}`,
    async () => {
      const dir = await tempDir();
      const store = await FilesystemObjectStore.open(dir);
      await chmod(dir, 0o500);
      try {
        const error = await store.put('new/key', 'x').catch((failure: unknown) => failure);
        expect((error as ObjectStoreError).reason).toBe('AccessDenied');
        expect((error as ObjectStoreError).message).toContain(`make ${dir} writable`);
      } finally {
        await chmod(dir, 0o700);
      }
    },
  );
});
