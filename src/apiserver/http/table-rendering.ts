/**
 * Table output for one request (kube-api.md §16): the resource's columns (its printer columns, or Name and Age)
 * turned into wire/'s Table for a list, a single object or each event of a watch. Row conditions of built-in kinds
 * (finished pods are `Completed`) are attached to the rows.
 */
import type { TableColumn as ResourceColumn, ResourceInfo } from '../registry/index.js';
import type { KubeObject, WatchEvent } from '../store/index.js';
import {
  defaultColumns,
  humanDuration,
  type IncludeObject,
  type Table,
  type TableColumn,
  type TableSourceObject,
  tableForList,
  tableForObject,
  tableWatchEvent,
} from '../wire/index.js';

/** A list as the registry returns it. */
interface SourceList {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: readonly KubeObject[];
}

/** The wire column of a resource column: a JSONPath column as is, a built-in printer with its context. */
function wireColumn(column: ResourceColumn): TableColumn {
  const wire: TableColumn = { name: column.name, type: column.type, priority: column.priority };
  if (column.format !== undefined) wire.format = column.format;
  if (column.description !== undefined) wire.description = column.description;
  if (column.jsonPath !== undefined) wire.jsonPath = column.jsonPath;
  const cell = column.cell;
  if (cell !== undefined) {
    wire.cell = (object, now) => cell(object as KubeObject, { now: new Date(now), humanDuration });
  }
  return wire;
}

/** Renders Tables for one resource with the request's `includeObject`. */
export class TableRenderer {
  readonly #info: ResourceInfo;
  readonly #columns: TableColumn[];
  readonly #includeObject: IncludeObject;
  readonly #now: () => number;
  #headersSent = false;

  /** @param now the clock ages are computed against. @default Date.now */
  constructor(info: ResourceInfo, includeObject: IncludeObject, now: () => number = Date.now) {
    this.#info = info;
    this.#columns = info.columns.length === 0 ? defaultColumns() : info.columns.map(wireColumn);
    this.#includeObject = includeObject;
    this.#now = now;
  }

  /** The Table of a list (its resourceVersion is where `kubectl get -w` starts watching). */
  list(list: SourceList): Table {
    const table = tableForList(list, this.#columns, this.#options());
    return this.#withConditions(table, list.items);
  }

  /** The Table of one object. */
  object(object: KubeObject): Table {
    return this.#withConditions(tableForObject(object, this.#columns, this.#options()), [object]);
  }

  /** A watch event as a one-row Table; the column definitions go with the first event only. */
  watchEvent(event: WatchEvent): { type: string; object: Table } {
    const rendered = tableWatchEvent(event.type, event.object as TableSourceObject, this.#columns, {
      ...this.#options(),
      includeHeaders: !this.#headersSent,
    });
    this.#headersSent = true;
    if (event.type !== 'BOOKMARK') this.#withConditions(rendered.object, [event.object]);
    return rendered;
  }

  #options(): { includeObject: IncludeObject; now: number } {
    return { includeObject: this.#includeObject, now: this.#now() };
  }

  #withConditions(table: Table, objects: readonly KubeObject[]): Table {
    const conditionsOf = this.#info.rowConditions;
    if (conditionsOf === undefined) return table;
    table.rows.forEach((row, index) => {
      const object = objects[index];
      const conditions = object === undefined ? [] : conditionsOf(object);
      if (conditions.length > 0) Object.assign(row, { conditions });
    });
    return table;
  }
}
