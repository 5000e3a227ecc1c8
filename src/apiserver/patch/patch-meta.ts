/**
 * `PatchMeta`: what the Go struct tags `patchStrategy` / `patchMergeKey` tell strategic merge patch about a kind,
 * written as a plain tree because we have no Go types to reflect on. The built-in kinds declare one each
 * (builtins/); server-side apply can reuse it to find list-map keys (see `structureFromPatchMeta`).
 */

/** How a list (or map) field merges. Lists default to `replace` (atomic), maps to `merge`. */
export type PatchStrategy = 'merge' | 'replace';

/** The strategic-merge description of one node of an object. */
export interface PatchMeta {
  /** Known fields of an object node, by JSON name. */
  readonly fields?: Readonly<Record<string, PatchMeta>>;
  /** The description of every value of a map with free-form keys (a `map[string]T`), for keys not in `fields`. */
  readonly values?: PatchMeta;
  /** The description of each item, for a list field. */
  readonly items?: PatchMeta;
  /**
   * `merge`: a list of objects merges item by item on `mergeKey`; a list of scalars merges as a set (new values
   * first, `$deleteFromPrimitiveList` removes). `replace`: the patch value replaces the field (the default for
   * lists). On an object node `replace` makes the whole object atomic.
   */
  readonly strategy?: PatchStrategy;
  /** `patchMergeKey`: the field identifying an item of a merged list of objects (`name`, `containerPort`, …). */
  readonly mergeKey?: string;
  /**
   * `patchStrategy:"retainKeys"` (Deployment `strategy`, Pod `volumes` items): clients then send `$retainKeys` so
   * that fields of a union not listed are cleared. The server honours `$retainKeys` wherever a patch carries it,
   * as Kubernetes does; this flag records the fact for clients and documentation.
   */
  readonly retainKeys?: boolean;
}

/** The description of field `key` of an object node (a declared field first, else the map's value type). */
export function fieldPatchMeta(meta: PatchMeta | undefined, key: string): PatchMeta | undefined {
  return meta?.fields?.[key] ?? meta?.values;
}
