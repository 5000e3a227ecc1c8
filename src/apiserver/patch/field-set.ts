/**
 * Sets of field paths, the unit of server-side apply ownership, in Kubernetes' FieldsV1 encoding: a trie whose keys
 * are path elements (`f:<field>`, `k:<list-map key as JSON>`, `v:<set value as JSON>`, `i:<index>`) and whose `"."`
 * entry marks a node that is itself a member of the set (a list item, or a map that was created as a whole).
 */
import { canonicalJson, isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';

/** One step of a field path, encoded as FieldsV1 encodes it. */
export type PathElement = string;

/** A field path from the object root. */
export type FieldPath = readonly PathElement[];

/** `f:<name>`: a field of an object or a key of a map. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** `k:{"name":"nginx"}`: an item of a list-map, by its key fields. */
export function keyElement(keys: JsonObject): PathElement {
  return `k:${canonicalJson(keys)}`;
}

/** `v:"x"`: an item of a set-list, by its value. */
export function valueElement(value: JsonValue): PathElement {
  return `v:${canonicalJson(value)}`;
}

/** A path as Kubernetes prints it in conflict messages: `.spec.containers[name="nginx"].image`. */
export function formatPath(path: FieldPath): string {
  return path.map(formatElement).join('');
}

function formatElement(element: PathElement): string {
  const body = element.slice(2);
  switch (element.slice(0, 2)) {
    case 'f:':
      return `.${body}`;
    case 'k:': {
      const keys = JSON.parse(body) as JsonObject;
      return `[${Object.entries(keys)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(',')}]`;
    }
    case 'v:':
      return `[=${body}]`;
    default:
      return `[${body}]`;
  }
}

interface Node {
  member: boolean;
  children: Map<PathElement, Node>;
}

const ELEMENT_ORDER = ['f:', 'k:', 'v:', 'i:'];

/** Field names first, then list-map keys, set values and indexes, each group sorted (structured-merge-diff order). */
function compareElements(a: PathElement, b: PathElement): number {
  const rank = ELEMENT_ORDER.indexOf(a.slice(0, 2)) - ELEMENT_ORDER.indexOf(b.slice(0, 2));
  if (rank !== 0) return rank;
  return a < b ? -1 : a > b ? 1 : 0;
}

function newNode(): Node {
  return { member: false, children: new Map() };
}

/** A set of field paths. Algebra returns new sets; `insert` is for filling a set the caller just created. */
export class FieldSet {
  private constructor(private readonly root: Node) {}

  /** A new empty set. */
  static empty(): FieldSet {
    return new FieldSet(newNode());
  }

  /** The set of the given paths. */
  static of(paths: Iterable<FieldPath>): FieldSet {
    const set = FieldSet.empty();
    for (const path of paths) set.insert(path);
    return set;
  }

  /**
   * Decodes a `fieldsV1` value. Key JSON is normalised (sorted keys) so equal paths compare equal.
   * @throws Error when the value is not a FieldsV1 trie.
   */
  static fromFieldsV1(value: JsonValue | undefined): FieldSet {
    return new FieldSet(decodeNode(value));
  }

  /** Adds `path` (and the intermediate nodes, which do not become members). */
  insert(path: FieldPath): void {
    let node = this.root;
    for (const element of path) {
      let next = node.children.get(element);
      if (!next) {
        next = newNode();
        node.children.set(element, next);
      }
      node = next;
    }
    node.member = true;
  }

  /** Whether `path` is a member. */
  has(path: FieldPath): boolean {
    return this.nodeAt(path)?.member ?? false;
  }

  /** The paths below `element`, relative to it (a read-only view sharing this set's nodes). */
  child(element: PathElement): FieldSet | undefined {
    const node = this.root.children.get(element);
    return node ? new FieldSet(node) : undefined;
  }

  /** Whether the root of this (sub)set is itself a member: true for a view on a member path. */
  get isMember(): boolean {
    return this.root.member;
  }

  /** Whether the set has no member at all. */
  isEmpty(): boolean {
    return !hasMember(this.root);
  }

  /** Paths in either set. */
  union(other: FieldSet): FieldSet {
    return new FieldSet(unionNodes(this.root, other.root));
  }

  /** Paths of this set that are not members of `other`. */
  difference(other: FieldSet): FieldSet {
    return new FieldSet(differenceNodes(this.root, other.root) ?? newNode());
  }

  /** Paths members of both sets. */
  intersection(other: FieldSet): FieldSet {
    return new FieldSet(intersectionNodes(this.root, other.root) ?? newNode());
  }

  /** This set without the given paths and everything below them. */
  withoutPrefixes(prefixes: Iterable<FieldPath>): FieldSet {
    const copy = unionNodes(this.root, newNode());
    for (const prefix of prefixes) {
      if (prefix.length === 0) return FieldSet.empty();
      nodeAt(copy, prefix.slice(0, -1))?.children.delete(prefix[prefix.length - 1] as PathElement);
    }
    return new FieldSet(differenceNodes(copy, newNode()) ?? newNode());
  }

  /** The member paths, parents before children, in structured-merge-diff order. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const visit = (node: Node, path: PathElement[]) => {
      if (node.member && path.length > 0) out.push(path);
      for (const element of [...node.children.keys()].sort(compareElements)) {
        visit(node.children.get(element) as Node, [...path, element]);
      }
    };
    visit(this.root, []);
    return out;
  }

  /** Whether both sets have the same members. */
  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** The `fieldsV1` encoding (`{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}`). */
  toFieldsV1(): JsonObject {
    return encodeNode(this.root);
  }

  private nodeAt(path: FieldPath): Node | undefined {
    return nodeAt(this.root, path);
  }
}

function nodeAt(root: Node, path: FieldPath): Node | undefined {
  let node: Node | undefined = root;
  for (const element of path) node = node?.children.get(element);
  return node;
}

function hasMember(node: Node): boolean {
  if (node.member) return true;
  for (const child of node.children.values()) if (hasMember(child)) return true;
  return false;
}

function unionNodes(a: Node, b: Node): Node {
  const out: Node = { member: a.member || b.member, children: new Map() };
  for (const [element, child] of a.children) {
    const other = b.children.get(element);
    out.children.set(element, unionNodes(child, other ?? newNode()));
  }
  for (const [element, child] of b.children) {
    if (!a.children.has(element)) out.children.set(element, unionNodes(child, newNode()));
  }
  return out;
}

function differenceNodes(a: Node, b: Node): Node | undefined {
  const out: Node = { member: a.member && !b.member, children: new Map() };
  for (const [element, child] of a.children) {
    const rest = differenceNodes(child, b.children.get(element) ?? newNode());
    if (rest) out.children.set(element, rest);
  }
  return out.member || out.children.size > 0 ? out : undefined;
}

function intersectionNodes(a: Node, b: Node): Node | undefined {
  const out: Node = { member: a.member && b.member, children: new Map() };
  for (const [element, child] of a.children) {
    const other = b.children.get(element);
    const both = other ? intersectionNodes(child, other) : undefined;
    if (both) out.children.set(element, both);
  }
  return out.member || out.children.size > 0 ? out : undefined;
}

function encodeNode(node: Node): JsonObject {
  const out: JsonObject = {};
  if (node.member && node.children.size > 0) out['.'] = {};
  for (const element of [...node.children.keys()].sort(compareElements)) {
    out[element] = encodeNode(node.children.get(element) as Node);
  }
  return out;
}

function decodeNode(value: JsonValue | undefined): Node {
  if (!isJsonObject(value)) throw new Error('fieldsV1 must be an object');
  const node = newNode();
  const keys = Object.keys(value);
  if (keys.length === 0) node.member = true;
  for (const key of keys) {
    if (key === '.') node.member = true;
    else node.children.set(normaliseElement(key), decodeNode(value[key]));
  }
  return node;
}

function normaliseElement(key: string): PathElement {
  const prefix = key.slice(0, 2);
  if (prefix === 'f:' || prefix === 'i:') return key;
  if (prefix === 'k:' || prefix === 'v:')
    return `${prefix}${canonicalJson(JSON.parse(key.slice(2)) as JsonValue)}`;
  throw new Error(`invalid fieldsV1 path element ${JSON.stringify(key)}`);
}
