/**
 * Pieces shared by the built-in Table printers (kubernetes `pkg/printers/internalversion/printers.go`): the Name and
 * Age columns every kind starts and ends with, `translateTimestampSince`, access-mode abbreviations and the
 * container/image cells of the workload kinds.
 */
import type { BuiltinObject, BuiltinPrinterColumn, PrinterContext } from './builtin-resource.js';

/** `translateTimestampSince`: the age of a timestamp as HumanDuration, `<unknown>` when it is missing. */
export function translateTimestampSince(timestamp: unknown, context: PrinterContext): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return '<unknown>';
  return context.humanDuration(context.now.getTime() - time);
}

/** The first column of almost every kind. */
export function nameColumn<T extends BuiltinObject>(): BuiltinPrinterColumn<T> {
  return {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: 'Name of the object, unique within its namespace.',
    priority: 0,
    cell: (object) => object.metadata.name ?? '',
  };
}

/** The Age column: time since `metadata.creationTimestamp`. */
export function ageColumn<T extends BuiltinObject>(): BuiltinPrinterColumn<T> {
  return {
    name: 'Age',
    type: 'string',
    format: '',
    description: 'Time since the object was created.',
    priority: 0,
    cell: (object, context) => translateTimestampSince(object.metadata.creationTimestamp, context),
  };
}

/** A column built from its title, description, priority and cell function (type `string`, no format). */
export function column<T extends BuiltinObject>(
  name: string,
  description: string,
  cell: BuiltinPrinterColumn<T>['cell'],
  options: { priority?: 0 | 1; type?: BuiltinPrinterColumn<T>['type'] } = {},
): BuiltinPrinterColumn<T> {
  return {
    name,
    type: options.type ?? 'string',
    format: '',
    description,
    priority: options.priority ?? 0,
    cell,
  };
}

const ACCESS_MODE_ABBREVIATIONS: readonly [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** `GetAccessModesAsString`: `RWO,RWX` in a fixed order, duplicates removed. */
export function accessModesString(modes: readonly string[] | undefined): string {
  return ACCESS_MODE_ABBREVIATIONS.filter(([mode]) => modes?.includes(mode))
    .map(([, abbreviation]) => abbreviation)
    .join(',');
}

/** A container as the workload printers read it. */
interface NamedImage {
  name?: string;
  image?: string;
}

/** `layoutContainerCells`: the container names and images of a pod template, comma-separated. */
function containerCells(containers: readonly NamedImage[] | undefined): {
  names: string;
  images: string;
} {
  const list = containers ?? [];
  return {
    names: list.map((container) => container.name ?? '').join(','),
    images: list.map((container) => container.image ?? '').join(','),
  };
}

/** A storage quantity cell (`10Gi`); the server prints a missing quantity as `0`. */
export function quantityCell(quantity: unknown): string {
  if (typeof quantity === 'number') return String(quantity);
  return typeof quantity === 'string' && quantity !== '' ? quantity : '0';
}

/** A pod template as the workload printers read it. */
interface TemplateWithContainers {
  spec?: { containers?: readonly NamedImage[] };
}

/** The wide-only Containers and Images columns of the workload kinds, read from their pod template. */
export function templateContainerColumns<T extends BuiltinObject>(
  template: (object: T) => TemplateWithContainers | undefined,
): BuiltinPrinterColumn<T>[] {
  const cells = (object: T) => containerCells(template(object)?.spec?.containers);
  return [
    column<T>('Containers', 'Names of each container in the template.', (object) => cells(object).names, {
      priority: 1,
    }),
    column<T>(
      'Images',
      'Images referenced by each container in the template.',
      (object) => cells(object).images,
      {
        priority: 1,
      },
    ),
  ];
}
