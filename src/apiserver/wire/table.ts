/**
 * `meta.k8s.io/v1` Table responses (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), which `kubectl get`
 * prints verbatim: for a list, a single object, or one watch event. Columns come from table-columns.ts; the Name
 * column is always first.
 */
import { goQuote } from '../../api/index.js';
import { badRequest } from './status.js';
import {
  type CellFunction,
  cellFunction,
  columnDefinition,
  nameColumn,
  type TableCell,
  type TableColumn,
  type TableColumnDefinition,
  type TableSourceObject,
} from './table-columns.js';

/** What each row carries besides its cells (`?includeObject=`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** One row: the cells, and the object (or its metadata) unless `includeObject=None`. */
export interface TableRow {
  cells: TableCell[];
  object?: Record<string, unknown>;
}

/** The list metadata of a Table. */
export interface TableMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** A `meta.k8s.io/v1` Table. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: TableMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** A watch event whose object is a one-row Table. */
export interface TableWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: Table;
}

/** Options shared by every table. */
export interface TableOptions {
  /** @default 'Metadata' (PartialObjectMetadata rows, which `kubectl -A`, `--show-labels` and `-L` need) */
  includeObject?: IncludeObject;
  /** The time ages are measured against, epoch milliseconds. @default Date.now() */
  now?: number;
  /** Leave the column definitions out (all watch events but the first). @default false */
  noHeaders?: boolean;
}

/** A list as the registry returns it. */
export interface TableSourceList {
  metadata?: TableMeta;
  items: readonly TableSourceObject[];
}

/** Reads `?includeObject=`: empty means Metadata; anything unknown is a 400 as on a real server. */
export function parseIncludeObject(value: string | null | undefined): IncludeObject {
  if (value === undefined || value === null || value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'None' || value === 'Object') return value;
  throw badRequest(`unrecognized includeObject value: ${goQuote(value)}`);
}

/** The Table of a list; its resourceVersion (the `kubectl get -w` starting point) and continue token carry over. */
export function tableForList(
  list: TableSourceList,
  columns: readonly TableColumn[],
  options: TableOptions = {},
): Table {
  const metadata: TableMeta = {};
  if (list.metadata?.resourceVersion) metadata.resourceVersion = list.metadata.resourceVersion;
  if (list.metadata?.continue) metadata.continue = list.metadata.continue;
  if (list.metadata?.remainingItemCount !== undefined)
    metadata.remainingItemCount = list.metadata.remainingItemCount;
  return buildTable(list.items, metadata, columns, options);
}

/** The Table of one object (`kubectl get kind name`). */
export function tableForObject(
  object: TableSourceObject,
  columns: readonly TableColumn[],
  options: TableOptions = {},
): Table {
  return buildTable([object], objectTableMeta(object), columns, options);
}

/**
 * A watch event for a Table watch: one row per event, column definitions only when `includeHeaders` (the first
 * event). A BOOKMARK carries no row, only the resourceVersion.
 */
export function tableWatchEvent(
  type: TableWatchEvent['type'],
  object: TableSourceObject,
  columns: readonly TableColumn[],
  options: TableOptions & { includeHeaders: boolean },
): TableWatchEvent {
  const objects = type === 'BOOKMARK' ? [] : [object];
  const table = buildTable(objects, objectTableMeta(object), columns, {
    ...options,
    noHeaders: !options.includeHeaders,
  });
  return { type, object: table };
}

function objectTableMeta(object: TableSourceObject): TableMeta {
  const resourceVersion = object.metadata?.resourceVersion;
  return resourceVersion ? { resourceVersion } : {};
}

function buildTable(
  objects: readonly TableSourceObject[],
  metadata: TableMeta,
  columns: readonly TableColumn[],
  options: TableOptions,
): Table {
  const withName = columns[0]?.name === 'Name' ? columns : [nameColumn(), ...columns];
  const cells: CellFunction[] = withName.map(cellFunction);
  const now = options.now ?? Date.now();
  const includeObject = options.includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.noHeaders ? [] : withName.map(columnDefinition),
    rows: objects.map((object) => row(object, cells, now, includeObject)),
  };
}

function row(
  object: TableSourceObject,
  cells: readonly CellFunction[],
  now: number,
  include: IncludeObject,
): TableRow {
  const result: TableRow = { cells: cells.map((cell) => cell(object, now)) };
  if (include === 'Object') result.object = object;
  if (include === 'Metadata') {
    result.object = {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: object.metadata ?? {},
    };
  }
  return result;
}
