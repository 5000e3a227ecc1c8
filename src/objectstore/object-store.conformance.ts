/**
 * The shared conformance suite of `ObjectStore`: every implementation runs it from its own test file with
 * `describeObjectStoreConformance`, so S3 and the filesystem store behave the same through the interface, and
 * Ramen's object format and key layout work on both.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { VolumeReplicationGroup } from '../api/index.js';
import type { ObjectStore } from './object-store.js';
import { ObjectStoreError, type ObjectStoreErrorReason } from './object-store-error.js';
import {
  downloadRamenObject,
  downloadRamenObjects,
  requireRamenObject,
  uploadRamenObject,
} from './ramen-object-format.js';
import { VrgS3Objects } from './vrg-s3-objects.js';

/** Opens a fresh, empty store. */
export type OpenObjectStore = () => Promise<ObjectStore>;

const md5 = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex');
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The reason of the `ObjectStoreError` a promise rejects with. */
async function reasonOf(promise: Promise<unknown>): Promise<ObjectStoreErrorReason> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ObjectStoreError);
    return (error as ObjectStoreError).reason;
  }
  throw new Error('expected an ObjectStoreError');
}

/** Keys that trip up naive implementations: URL, XML and path specials, unicode, empty segments. */
const TRICKY_KEYS = [
  'a b/c+d',
  'q?x=1&y=2#frag',
  '100%/%41%2F',
  'x&y<z>"\'',
  'über/ñandú/日本',
  'emoji/\u{1F600}',
  'dir//double/slash',
  'trailing/',
  '/leading',
  '.hidden/..',
  'a/./b/../c',
  'name.obj',
  'name.obj/child',
  'name',
  'name/child',
  'tab\tand\u0001control',
];

/** Runs the `ObjectStore` conformance cases against stores made by `open`. */
export function describeObjectStoreConformance(name: string, open: OpenObjectStore): void {
  describe(`ObjectStore conformance: ${name}`, () => {
    const opened: ObjectStore[] = [];
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('returns exactly the bytes put, with size, MD5 ETag and modification time', async () => {
      const store = await fresh();
      const binary = Buffer.from(Array.from({ length: 512 }, (_, index) => index % 256));
      const large = Buffer.alloc(3 * 1024 * 1024 + 1, 'vrg');
      const cases: [string, string | Buffer, Buffer][] = [
        ['text', 'hello', Buffer.from('hello')],
        ['binary', binary, binary],
        ['empty', '', Buffer.alloc(0)],
        ['large', large, large],
        ['uint8', new Uint8Array([1, 2, 3]) as Buffer, Buffer.from([1, 2, 3])],
      ];
      const before = Date.now();
      for (const [key, body, expected] of cases) {
        await store.put(key, body);
        const got = await store.get(key);
        expect(got?.body.equals(expected), key).toBe(true);
        expect(got?.size).toBe(expected.length);
        expect(got?.etag).toBe(md5(expected));
        expect(got?.key).toBe(key);
        expect(got!.lastModified.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 2000);
        expect(got!.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
      }
    });

    it('answers undefined for missing objects and replaces an object on put', async () => {
      const store = await fresh();
      expect(await store.get('missing')).toBeUndefined();
      expect(await store.head('missing')).toBeUndefined();
      expect(await store.get('dir/missing')).toBeUndefined();
      await store.put('k', 'first');
      await store.put('k', 'second version');
      const got = await store.get('k');
      expect(got?.body.toString()).toBe('second version');
      const head = await store.head('k');
      expect(head).toEqual({
        key: 'k',
        size: 14,
        etag: md5('second version'),
        lastModified: head?.lastModified,
      });
      expect(head?.lastModified).toBeInstanceOf(Date);
    });

    it('lists keys under a prefix in UTF-8 order, recursively, and only those', async () => {
      const store = await fresh();
      const keys = [
        'ns/vrg1/b',
        'ns/vrg1/a/deep/x',
        'ns/vrg10/a',
        'ns/vrg2/c',
        'other',
        'ns/vrg1/\u{1F600}',
        'ns/vrg1/\uFF21',
      ];
      for (const key of keys) await store.put(key, key);
      const listed = async (prefix: string) => (await store.list(prefix)).map((object) => object.key);
      expect(await listed('ns/vrg1/')).toEqual([
        'ns/vrg1/a/deep/x',
        'ns/vrg1/b',
        'ns/vrg1/\uFF21',
        'ns/vrg1/\u{1F600}',
      ]);
      expect(await listed('ns/vrg1')).toEqual([
        'ns/vrg1/a/deep/x',
        'ns/vrg1/b',
        'ns/vrg1/\uFF21',
        'ns/vrg1/\u{1F600}',
        'ns/vrg10/a',
      ]);
      expect(await listed('')).toEqual([...keys].sort(byUtf8));
      expect(await listed('ns/vrg1/a/de')).toEqual(['ns/vrg1/a/deep/x']);
      expect(await listed('nothing/')).toEqual([]);
      const [summary] = await store.list('other');
      expect(summary).toEqual({ key: 'other', size: 5, lastModified: summary?.lastModified });
    });

    it('stores keys with URL, XML and path special characters, unicode and empty segments distinctly', async () => {
      const store = await fresh();
      for (const key of TRICKY_KEYS) await store.put(key, `body of ${key}`);
      for (const key of TRICKY_KEYS)
        expect((await store.get(key))?.body.toString(), key).toBe(`body of ${key}`);
      expect((await store.list('')).map((object) => object.key)).toEqual([...TRICKY_KEYS].sort(byUtf8));
      expect((await store.list('name')).map((object) => object.key)).toEqual([
        'name',
        'name.obj',
        'name.obj/child',
        'name/child',
      ]);
    });

    it('accepts a 1024-byte key and refuses empty, longer and unencodable keys with InvalidKey', async () => {
      const store = await fresh();
      const longest = `k${Array.from({ length: 16 }, (_, index) => `${index}`.padStart(63, 'k')).join('/')}`;
      expect(Buffer.byteLength(longest)).toBe(1024);
      await store.put(longest, 'max');
      expect((await store.get(longest))?.body.toString()).toBe('max');
      expect(await reasonOf(store.put('', 'x'))).toBe('InvalidKey');
      expect(await reasonOf(store.get(''))).toBe('InvalidKey');
      expect(await reasonOf(store.put(`${longest}x`, 'x'))).toBe('InvalidKey');
      expect(await reasonOf(store.head('\uD800'))).toBe('InvalidKey');
      expect(await reasonOf(store.delete(''))).toBe('InvalidKey');
    });

    it('deletes one object idempotently without touching its neighbours', async () => {
      const store = await fresh();
      for (const key of ['d/a', 'd/b', 'd/sub/c', 'e']) await store.put(key, key);
      await store.delete('d/sub/c');
      await store.delete('d/sub/c');
      await store.delete('never/was');
      expect(await store.get('d/sub/c')).toBeUndefined();
      expect((await store.list('')).map((object) => object.key)).toEqual(['d/a', 'd/b', 'e']);
      await store.put('d/sub/c', 'again');
      expect((await store.get('d/sub/c'))?.body.toString()).toBe('again');
    });

    it('deletes everything under a prefix, reports the count, and refuses an empty prefix', async () => {
      const store = await fresh();
      for (const key of ['ns/vrg/a', 'ns/vrg/b/c', 'ns/vrg-2/a', 'ns/vrgx']) await store.put(key, key);
      expect(await store.deletePrefix('ns/vrg/')).toBe(2);
      expect(await store.deletePrefix('ns/vrg/')).toBe(0);
      expect((await store.list('')).map((object) => object.key)).toEqual(['ns/vrg-2/a', 'ns/vrgx']);
      expect(await reasonOf(store.deletePrefix(''))).toBe('InvalidKey');
      expect((await store.list('')).length).toBe(2);
    });

    it('lists every object when there are more than a page of them', async () => {
      const store = await fresh();
      const keys = Array.from({ length: 25 }, (_, index) => `page/${String(index).padStart(2, '0')}`);
      await Promise.all(keys.map((key) => store.put(key, key)));
      expect((await store.list('page/')).map((object) => object.key)).toEqual(keys);
      expect(await store.deletePrefix('page/')).toBe(25);
      expect(await store.list('page/')).toEqual([]);
    });

    it('keeps concurrent writes and deletes in one directory consistent', async () => {
      const store = await fresh();
      const keys = Array.from({ length: 30 }, (_, index) => `shared/dir/${index}`);
      await Promise.all(keys.map((key) => store.put(key, key)));
      await Promise.all([
        ...keys.slice(0, 15).map((key) => store.delete(key)),
        ...keys.slice(15).map((key) => store.put(key, `${key}!`)),
      ]);
      const left = await store.list('shared/');
      expect(left.map((object) => object.key)).toEqual(keys.slice(15).sort(byUtf8));
      for (const key of keys.slice(15)) expect((await store.get(key))?.body.toString()).toBe(`${key}!`);
    });

    describe("Ramen's object format", () => {
      it('uploads gzip-compressed JSON with a trailing newline and reads it back', async () => {
        const store = await fresh();
        const pv = {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name: 'pv-1' },
          spec: { capacity: { storage: '1Gi' } },
        };
        await uploadRamenObject(store, 'ns/vrg/v1.PersistentVolume/pv-1', pv);
        const raw = await store.get('ns/vrg/v1.PersistentVolume/pv-1');
        expect([...raw!.body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
        expect(gunzipSync(raw!.body).toString()).toBe(`${JSON.stringify(pv)}\n`);
        expect(await downloadRamenObject(store, 'ns/vrg/v1.PersistentVolume/pv-1')).toEqual(pv);
        expect(await downloadRamenObject(store, 'ns/vrg/v1.PersistentVolume/none')).toBeUndefined();
        expect(await reasonOf(requireRamenObject(store, 'ns/vrg/v1.PersistentVolume/none'))).toBe('NotFound');
      });

      it('reads objects Go wrote without the newline, and refuses what is not gzip JSON of an object', async () => {
        const store = await fresh();
        await store.put('go', gzipSync(Buffer.from('{"kind":"PersistentVolumeClaim"}')));
        expect(await downloadRamenObject(store, 'go')).toEqual({ kind: 'PersistentVolumeClaim' });
        await store.put('plain', '{"kind":"PersistentVolume"}');
        await store.put('not-json', gzipSync(Buffer.from('kind: PersistentVolume')));
        await store.put('array', gzipSync(Buffer.from('[1,2]')));
        for (const key of ['plain', 'not-json', 'array']) {
          expect(await reasonOf(downloadRamenObject(store, key)), key).toBe('InvalidObject');
        }
      });

      it('downloads every object of a type prefix in key order', async () => {
        const store = await fresh();
        for (const name of ['b', 'a', 'c'])
          await uploadRamenObject(store, `ns/vrg/t/${name}`, { metadata: { name } });
        await uploadRamenObject(store, 'ns/vrg/u/z', { metadata: { name: 'z' } });
        const names = (await downloadRamenObjects<{ metadata: { name: string } }>(store, 'ns/vrg/t/')).map(
          (object) => object.metadata.name,
        );
        expect(names).toEqual(['a', 'b', 'c']);
      });

      it("keeps a VRG's PVs, PVCs and the VRG itself at Ramen's keys, and deletes only that VRG's objects", async () => {
        const store = await fresh();
        const objects = new VrgS3Objects(store, 'app-ns', 'app-vrg');
        const other = new VrgS3Objects(store, 'app-ns', 'app-vrg-2');
        const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' } };
        const pvc = {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data', namespace: 'app' },
        };
        const vrg = {
          apiVersion: 'ramendr.openshift.io/v1alpha1',
          kind: 'VolumeReplicationGroup',
          metadata: { name: 'app-vrg', namespace: 'app-ns' },
          spec: { replicationState: 'primary', s3Profiles: ['s3-east'], pvcSelector: {} },
        } as unknown as VolumeReplicationGroup;
        expect(await objects.uploadPV(pv)).toBe('app-ns/app-vrg/v1.PersistentVolume/pv-1');
        expect(await objects.uploadPVC(pvc)).toBe('app-ns/app-vrg/v1.PersistentVolumeClaim/app/data');
        expect(await objects.uploadVRG(vrg)).toBe('app-ns/app-vrg/v1alpha1.VolumeReplicationGroup/a');
        expect(await objects.uploadVGR({ metadata: { name: 'g' } })).toBe(
          'app-ns/app-vrg/v1alpha1.VolumeGroupReplication/g',
        );
        expect(await objects.uploadVGRC({ metadata: { name: 'gc' } })).toBe(
          'app-ns/app-vrg/v1alpha1.VolumeGroupReplicationContent/gc',
        );
        await other.uploadPV({ metadata: { name: 'pv-2' } });
        // An older Ramen stored PVCs without their namespace; those are read and deleted too.
        await uploadRamenObject(store, 'app-ns/app-vrg/v1.PersistentVolumeClaim/data', pvc);
        expect(await objects.downloadPVs()).toEqual([pv]);
        expect(await objects.downloadPVCs()).toEqual([pvc, pvc]);
        expect(await objects.downloadVRG()).toEqual(vrg);
        expect(await objects.downloadVGRs()).toEqual([{ metadata: { name: 'g' } }]);
        expect(await objects.downloadVGRCs()).toEqual([{ metadata: { name: 'gc' } }]);
        await objects.deletePVC('app', 'data');
        expect(await objects.downloadPVCs()).toEqual([]);
        expect(await reasonOf(objects.uploadPVC({ metadata: { name: 'no-namespace' } }))).toBe(
          'InvalidObject',
        );
        expect(await reasonOf(objects.uploadPV({ metadata: {} }))).toBe('InvalidObject');
        expect(await objects.deleteAll()).toBe(4);
        expect(await objects.downloadVRG()).toBeUndefined();
        expect((await store.list('')).map((object) => object.key)).toEqual([
          'app-ns/app-vrg-2/v1.PersistentVolume/pv-2',
        ]);
      });
    });
  });
}
