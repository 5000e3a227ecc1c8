/**
 * How the filesystem store maps object keys to files, keeping the layout readable
 * (`ns/vrg/v1.PersistentVolume/pv-1.obj`) while representing every valid key exactly once:
 *
 * - a key is split at `/`; each segment but the last is a directory, the last a file named `<segment>.obj`;
 * - a segment keeps `A-Z a-z 0-9 _ . -`; every other byte of its UTF-8 form is written `%XX`;
 * - a leading `.` becomes `%2E` (no `.`, `..` or hidden names) and a trailing `.obj` becomes `%2Eobj`, so no
 *   directory name ends in `.obj` and key `a` (file `a.obj`) never collides with key `a.obj/b` (directory
 *   `a%2Eobj`); an empty segment (`a//b`, `a/`) is written `%`.
 *
 * Names starting with `.` are the store's own (`.tmp`). Keys whose encoded segment would exceed the 255-byte file
 * name limit cannot be stored here; Ramen's keys are far shorter.
 */

/** The suffix of object files. */
export const OBJECT_FILE_SUFFIX = '.obj';
/** The longest file name most file systems allow. */
const MAX_NAME_BYTES = 255;

function hexByte(byte: number): string {
  return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The file name form of one key segment (without the object suffix). */
export function encodeSegment(segment: string): string {
  if (segment === '') return '%';
  let encoded = '';
  for (const byte of Buffer.from(segment, 'utf8')) {
    const safe =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x5f ||
      byte === 0x2e ||
      byte === 0x2d;
    encoded += safe ? String.fromCharCode(byte) : hexByte(byte);
  }
  if (encoded.startsWith('.')) encoded = `%2E${encoded.slice(1)}`;
  if (encoded.endsWith(OBJECT_FILE_SUFFIX)) encoded = `${encoded.slice(0, -OBJECT_FILE_SUFFIX.length)}%2Eobj`;
  return encoded;
}

/** The key segment a file or directory name stands for; undefined for names this encoding never produces. */
export function decodeSegment(name: string): string | undefined {
  if (name === '%') return '';
  if (!/^([A-Za-z0-9_.-]|%[0-9A-F]{2})+$/.test(name)) return undefined;
  let segment: string;
  try {
    segment = decodeURIComponent(name);
  } catch {
    return undefined; // percent-escapes that are not UTF-8: not a name this store wrote
  }
  // Only the one canonical spelling counts, so a stray file cannot make a key appear twice.
  return encodeSegment(segment) === name ? segment : undefined;
}

/** The path segments (directories, then the object file) of `key`; undefined when a name would be too long. */
export function keyToPathSegments(key: string): string[] | undefined {
  const segments = key.split('/');
  const names = segments.map((segment, index) =>
    index === segments.length - 1 ? `${encodeSegment(segment)}${OBJECT_FILE_SUFFIX}` : encodeSegment(segment),
  );
  return names.every((name) => name.length <= MAX_NAME_BYTES) ? names : undefined;
}

/** The directory segments of a key prefix's complete segments (everything before its last `/`). */
export function prefixDirectorySegments(prefix: string): { dirs: string[]; keyPrefix: string; rest: string } {
  const slash = prefix.lastIndexOf('/');
  const complete = slash < 0 ? [] : prefix.slice(0, slash).split('/');
  return {
    dirs: complete.map(encodeSegment),
    keyPrefix: slash < 0 ? '' : prefix.slice(0, slash + 1),
    rest: prefix.slice(slash + 1),
  };
}
