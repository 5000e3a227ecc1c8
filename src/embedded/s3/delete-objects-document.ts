/** The DeleteObjects request document: `<Delete><Object><Key>…</Key></Object>…<Quiet>true</Quiet></Delete>`. */
import { S3Error } from './s3-error.js';
import { childNamed, parseXml, XmlSyntaxError } from './xml.js';

/** The most keys one DeleteObjects request may name (S3's limit). */
export const MAX_DELETE_KEYS = 1000;

/** What a DeleteObjects request asks for. */
export interface DeleteRequest {
  readonly keys: readonly string[];
  /** Report only failures. */
  readonly quiet: boolean;
}

/** The outcome for one key. */
export interface DeleteResult {
  readonly key: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Parses the document; anything malformed, empty or over 1000 keys is `MalformedXML`, as in S3. */
export function parseDeleteRequest(document: string): DeleteRequest {
  let root: ReturnType<typeof parseXml>;
  try {
    root = parseXml(document);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new S3Error('MalformedXML', undefined, {}, { cause: error });
    throw error;
  }
  const objects = root.children.filter((child) => child.name === 'Object');
  const keys = objects.map((object) => childNamed(object, 'Key')?.text);
  if (
    root.name !== 'Delete' ||
    keys.length === 0 ||
    keys.length > MAX_DELETE_KEYS ||
    keys.includes(undefined)
  ) {
    throw new S3Error(
      'MalformedXML',
      `The DeleteObjects document must be <Delete> with 1 to ${MAX_DELETE_KEYS} <Object><Key> entries.`,
    );
  }
  return { keys: keys as string[], quiet: childNamed(root, 'Quiet')?.text.trim() === 'true' };
}
