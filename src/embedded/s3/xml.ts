/**
 * The little XML S3 needs: writing response documents (with S3's namespace and escaping) and reading the request
 * bodies clients send (DeleteObjects, CreateBucketConfiguration). Not a general XML library: no DTDs, no
 * namespaces beyond ignoring prefixes, which is all S3 request bodies use.
 */

/** The namespace of every S3 response document. */
export const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Escapes text for element content; control characters become character references as S3 writes them. */
export function escapeXml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: S3 keys may hold control characters; XML cannot.
  return text.replace(/[&<>"'\u0000-\u0008\u000b-\u001f]/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#x${char.charCodeAt(0).toString(16).toUpperCase()};`;
    }
  });
}

/** An element holding text (escaped here). */
export function leaf(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** An element holding already-rendered child elements; absent children (`undefined`) are skipped. */
export function node(name: string, children: readonly (string | undefined)[]): string {
  return `<${name}>${children.filter((child) => child !== undefined).join('')}</${name}>`;
}

/**
 * A whole response document: the XML declaration and a root element, in S3's namespace unless `namespaced` is
 * false (S3's `<Error>` documents carry none).
 */
export function xmlDocument(
  root: string,
  children: readonly (string | undefined)[],
  namespaced = true,
): string {
  const body = children.filter((child) => child !== undefined).join('');
  const attributes = namespaced ? ` xmlns="${S3_XML_NAMESPACE}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${attributes}>${body}</${root}>`;
}

/** A parsed element: its local name (prefix dropped), child elements and concatenated text. */
export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

/** A request body that is not well-formed XML. */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces entity and character references in text. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new XmlSyntaxError('bare "&" in text');
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const entity = ENTITIES[ref];
    if (entity === undefined) throw new XmlSyntaxError(`unknown entity ${match}`);
    return entity;
  });
}

/** Drops a namespace prefix: `s3:Key` → `Key`. */
function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** Parses a document into its root element, or throws `XmlSyntaxError`. */
export function parseXml(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  const fail = (what: string): never => {
    throw new XmlSyntaxError(`${what} at offset ${at}`);
  };
  while (at < source.length) {
    const open = source.indexOf('<', at);
    const text = source.slice(at, open < 0 ? source.length : open);
    const current = stack.at(-1);
    if (current) current.text += decodeEntities(text);
    else if (text.trim() !== '') fail('text outside the root element');
    if (open < 0) break;
    at = open;
    if (source.startsWith('<?', at)) at = skipPast(source, at, '?>', fail);
    else if (source.startsWith('<!--', at)) at = skipPast(source, at, '-->', fail);
    else if (source.startsWith('<![CDATA[', at)) {
      const end = source.indexOf(']]>', at);
      if (end < 0 || !current) fail('unterminated or misplaced CDATA');
      if (current) current.text += source.slice(at + 9, end);
      at = end + 3;
    } else if (source.startsWith('<!', at)) fail('DTDs are not supported');
    else if (source.startsWith('</', at)) {
      const end = source.indexOf('>', at);
      if (end < 0) fail('unterminated end tag');
      const name = localName(source.slice(at + 2, end).trim());
      const closed = stack.pop();
      if (!closed || closed.name !== name) fail(`unexpected end tag </${name}>`);
      at = end + 1;
    } else {
      const end = source.indexOf('>', at);
      if (end < 0) fail('unterminated start tag');
      const selfClosing = source[end - 1] === '/';
      const tag = source.slice(at + 1, selfClosing ? end - 1 : end).trim();
      const name = localName(tag.split(/\s/, 1)[0] ?? '');
      if (!/^[A-Za-z_][\w.-]*$/.test(name)) fail(`invalid element name "${name}"`);
      const element: XmlElement = { name, children: [], text: '' };
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
      at = end + 1;
    }
  }
  if (!root || stack.length > 0) fail('unexpected end of document');
  return root as XmlElement;
}

/** The offset just past the next `terminator` after `at`. */
function skipPast(source: string, at: number, terminator: string, fail: (what: string) => never): number {
  const end = source.indexOf(terminator, at);
  if (end < 0) fail(`unterminated markup (expected "${terminator}")`);
  return end + terminator.length;
}

/** The first child element called `name`. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
