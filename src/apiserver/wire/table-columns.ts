/**
 * Column definitions of server-side Tables and how each column computes its cell: built-in printers give a cell
 * function, CRD printer columns a JSONPath whose first match is converted by the column type (apiextensions'
 * `tableconvertor`). Dates become HumanDuration ages, missing values `null` (kubectl prints `<none>`).
 */

import { goFormat } from '../../api/index.js';
import { humanDuration } from './human-duration.js';
import { compileJsonPath, firstJsonPathMatch } from './json-path.js';
import { parseTime, TimeParseError } from './kube-time.js';

/** The type of a column, as in CRD `additionalPrinterColumns`. */
export type ColumnType = 'integer' | 'number' | 'string' | 'boolean' | 'date';

/** A cell as the server sends it: already formatted, printed verbatim by kubectl. */
export type TableCell = string | number | boolean | null;

/** An object shown in a table: anything with Kubernetes metadata. */
export interface TableSourceObject {
  metadata?: {
    name?: string;
    resourceVersion?: string;
    creationTimestamp?: string | null;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** How a column computes its cell from an object (`now` in epoch milliseconds, for ages). */
export type CellFunction = (object: TableSourceObject, now: number) => TableCell;

/** A column: its definition plus either a cell function (built-ins) or a JSONPath (CRD printer columns). */
export interface TableColumn {
  name: string;
  type: ColumnType;
  format?: string;
  description?: string;
  /** 0 shows in `kubectl get`; greater only with `-o wide`. @default 0 */
  priority?: number;
  cell?: CellFunction;
  jsonPath?: string;
}

/** A CRD `additionalPrinterColumns` entry. */
export interface PrinterColumnDefinition {
  name: string;
  type: ColumnType;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** `metav1.TableColumnDefinition` as serialized: every field present. */
export interface TableColumnDefinition {
  name: string;
  type: ColumnType;
  format: string;
  description: string;
  priority: number;
}

/** ObjectMeta's documentation of `name`, the description of every Name column. */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** ObjectMeta's documentation of `creationTimestamp`, the description of the Age column. */
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The age of a timestamp as the Age column shows it: `<unknown>` when unset, `<invalid>` when unparsable. */
export function ageOf(timestamp: unknown, now: number): string {
  if (timestamp === undefined || timestamp === null || timestamp === '' || timestamp === 'null')
    return '<unknown>';
  if (typeof timestamp !== 'string') return '<invalid>';
  try {
    return humanDuration(now - parseTime(timestamp).getTime());
  } catch (error) {
    if (error instanceof TimeParseError) return '<invalid>';
    throw error;
  }
}

/** The Name column: `metadata.name`. */
export function nameColumn(): TableColumn {
  return {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: NAME_DESCRIPTION,
    cell: (object) => object.metadata?.name ?? '',
  };
}

/** The Age column: HumanDuration since `metadata.creationTimestamp`. */
export function ageColumn(): TableColumn {
  return {
    name: 'Age',
    type: 'date',
    description: CREATION_TIMESTAMP_DESCRIPTION,
    cell: (object, now) => ageOf(object.metadata?.creationTimestamp, now),
  };
}

/** The columns of a resource without printer columns: Name and Age. */
export function defaultColumns(): TableColumn[] {
  return [nameColumn(), ageColumn()];
}

/**
 * The columns of a custom resource version: Name, then its printer columns; when it declares none, Name and Age
 * (apiextensions' `serveDefaultColumnsIfEmpty`: declared columns replace the implicit Age).
 */
export function customResourceColumns(printerColumns: readonly PrinterColumnDefinition[]): TableColumn[] {
  if (printerColumns.length === 0) {
    return [nameColumn(), { ...ageColumn(), cell: undefined, jsonPath: '.metadata.creationTimestamp' }];
  }
  return [
    nameColumn(),
    ...printerColumns.map((column) => ({
      name: column.name,
      type: column.type,
      format: column.format ?? '',
      description:
        column.description || `Custom resource definition column (in JSONPath format): ${column.jsonPath}`,
      priority: column.priority ?? 0,
      jsonPath: column.jsonPath,
    })),
  ];
}

/** The serialized definition of a column. */
export function columnDefinition(column: TableColumn): TableColumnDefinition {
  return {
    name: column.name,
    type: column.type,
    format: column.format ?? '',
    description: column.description ?? '',
    priority: column.priority ?? 0,
  };
}

/** Compiles a column into its cell function (a JSONPath is compiled once; a syntax error throws JsonPathError). */
export function cellFunction(column: TableColumn): CellFunction {
  if (column.cell !== undefined) return column.cell;
  if (column.jsonPath === undefined) return () => null;
  const path = compileJsonPath(column.jsonPath);
  return (object, now) => {
    const value = firstJsonPathMatch(path, object);
    return value === undefined ? null : cellForJsonValue(column.type, value, now);
  };
}

/** apiextensions' `cellForJSONValue`: converts a JSONPath match by column type; a mismatched type gives `null`. */
export function cellForJsonValue(type: ColumnType, value: unknown, now: number): TableCell {
  if (value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      // Non-strings are printed as client-go's JSONPath printer does (Go `%v`).
      return goFormat(value);
    case 'date':
      return typeof value === 'string' ? ageOf(value, now) : null;
  }
}
