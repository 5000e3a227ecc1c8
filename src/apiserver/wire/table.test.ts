import { describe, expect, it } from 'vitest';
import { StatusError } from './status.js';
import { parseIncludeObject, tableForList, tableForObject, tableWatchEvent } from './table.js';
import {
  ageColumn,
  CREATION_TIMESTAMP_DESCRIPTION,
  cellForJsonValue,
  customResourceColumns,
  defaultColumns,
  NAME_DESCRIPTION,
  nameColumn,
  type TableColumn,
} from './table-columns.js';

const now = Date.UTC(2026, 10, 26, 12, 0, 0);

const widget = (name: string, created: string, size: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: {
    name,
    namespace: 'default',
    resourceVersion: '42',
    creationTimestamp: created,
    labels: { a: 'b' },
  },
  spec: { size },
  status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-26T11:55:00Z' }] },
  ...extra,
});

const w1 = widget('w1', '2026-11-26T11:54:57Z', 4);
const w2 = widget('w2', '2026-11-24T09:00:00Z', 2.9);

const printerColumns = customResourceColumns([
  { name: 'Size', type: 'integer', jsonPath: '.spec.size', description: 'How big.' },
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  {
    name: 'Since',
    type: 'date',
    jsonPath: '.status.conditions[0].lastTransitionTime',
    priority: 1,
    format: 'x',
  },
]);

describe('customResourceColumns', () => {
  it('puts Name first and declares no implicit Age when printer columns exist', () => {
    expect(tableForList({ items: [] }, printerColumns).columnDefinitions).toEqual([
      { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
      { name: 'Size', type: 'integer', format: '', description: 'How big.', priority: 0 },
      {
        name: 'Ready',
        type: 'string',
        format: '',
        description:
          'Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status',
        priority: 0,
      },
      {
        name: 'Since',
        type: 'date',
        format: 'x',
        description:
          'Custom resource definition column (in JSONPath format): .status.conditions[0].lastTransitionTime',
        priority: 1,
      },
    ]);
  });

  it('serves Name and Age when a version declares no columns', () => {
    const table = tableForList({ items: [w1, w2] }, customResourceColumns([]), { now });
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.description])).toEqual([
      ['Name', 'string', NAME_DESCRIPTION],
      ['Age', 'date', CREATION_TIMESTAMP_DESCRIPTION],
    ]);
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['w1', '5m3s'],
      ['w2', '2d3h'],
    ]);
  });
});

describe('tableForList', () => {
  it('renders rows with formatted cells and PartialObjectMetadata by default', () => {
    const table = tableForList(
      { metadata: { resourceVersion: '116', continue: '' }, items: [w1, w2] },
      printerColumns,
      {
        now,
      },
    );
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '116' });
    expect(table.rows).toEqual([
      {
        cells: ['w1', 4, 'True', '5m'],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: w1.metadata },
      },
      {
        cells: ['w2', 2, 'True', '5m'],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: w2.metadata },
      },
    ]);
  });

  it('serializes exactly as kubectl expects', () => {
    const table = tableForList({ metadata: { resourceVersion: '7' }, items: [w1] }, defaultColumns(), {
      now,
      includeObject: 'None',
    });
    const json = JSON.stringify(table).replace(JSON.stringify(NAME_DESCRIPTION), '"N"');
    expect(json.replace(JSON.stringify(CREATION_TIMESTAMP_DESCRIPTION), '"C"')).toBe(
      '{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"7"},"columnDefinitions":[{"name":"Name","type":"string","format":"name","description":"N","priority":0},{"name":"Age","type":"date","format":"","description":"C","priority":0}],"rows":[{"cells":["w1","5m3s"]}]}',
    );
  });

  it('carries continue and remainingItemCount, and whole objects with includeObject=Object', () => {
    const table = tableForList(
      { metadata: { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 }, items: [w1] },
      defaultColumns(),
      { now, includeObject: 'Object' },
    );
    expect(table.metadata).toEqual({ resourceVersion: '9', continue: 'abc', remainingItemCount: 3 });
    expect(table.rows[0]?.object).toBe(w1);
  });

  it('gives null for missing values and for values of the wrong type', () => {
    const odd = widget('odd', 'not-a-time', 'big', { status: { conditions: [{ type: 'Other' }] } });
    const table = tableForList({ items: [odd] }, [...printerColumns, ageColumn()], { now });
    expect(table.rows[0]?.cells).toEqual(['odd', null, null, null, '<invalid>']);
  });

  it('prepends the Name column to built-in columns that lack it, and keeps a custom Name first', () => {
    const data: TableColumn = {
      name: 'Data',
      type: 'integer',
      cell: (object) => Object.keys((object.data as object | undefined) ?? {}).length,
    };
    const configMap = {
      metadata: { name: 'c', creationTimestamp: '2026-11-26T11:00:00Z' },
      data: { a: '1', b: '2' },
    };
    const table = tableForList({ items: [configMap] }, [data, ageColumn()], { now });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(table.rows[0]?.cells).toEqual(['c', 2, '60m']);

    const storageClassName: TableColumn = {
      ...nameColumn(),
      cell: (object) => `${object.metadata?.name} (default)`,
    };
    const classes = tableForList(
      { items: [{ metadata: { name: 'fast' } }] },
      [storageClassName, ageColumn()],
      { now },
    );
    expect(classes.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(classes.rows[0]?.cells).toEqual(['fast (default)', '<unknown>']);
  });
});

describe('cellForJsonValue', () => {
  it.each([
    ['integer', 2.9, 2],
    ['integer', -2.9, -2],
    ['integer', '3', null],
    ['number', 2.5, 2.5],
    ['number', true, null],
    ['boolean', false, false],
    ['boolean', 'true', null],
    ['string', 'x', 'x'],
    ['string', 3, '3'],
    ['string', 0.5, '0.5'],
    ['string', true, 'true'],
    ['string', ['a', 'b'], '[a b]'],
    ['string', { k: 'v', a: 1 }, 'map[a:1 k:v]'],
    ['string', null, null],
    ['date', '2026-11-26T11:00:00Z', '60m'],
    ['date', '', '<unknown>'],
    ['date', '2026-11-26', '<invalid>'],
    ['date', 5, null],
  ] as const)('%s %j → %j', (type, value, cell) => {
    expect(cellForJsonValue(type, value, now)).toEqual(cell);
  });
});

describe('tableForObject', () => {
  it('renders one object with its resourceVersion', () => {
    const table = tableForObject(w1, printerColumns, { now });
    expect(table.metadata).toEqual({ resourceVersion: '42' });
    expect(table.rows.map((row) => row.cells)).toEqual([['w1', 4, 'True', '5m']]);
    expect(table.columnDefinitions).toHaveLength(4);
  });
});

describe('tableWatchEvent', () => {
  it('sends the column definitions on the first event only', () => {
    const first = tableWatchEvent('ADDED', w1, printerColumns, { now, includeHeaders: true });
    const later = tableWatchEvent('MODIFIED', w2, printerColumns, { now, includeHeaders: false });
    expect(first.type).toBe('ADDED');
    expect(first.object.columnDefinitions).toHaveLength(4);
    expect(first.object.rows.map((row) => row.cells)).toEqual([['w1', 4, 'True', '5m']]);
    expect(later.object.columnDefinitions).toEqual([]);
    expect(later.object.rows.map((row) => row.cells)).toEqual([['w2', 2, 'True', '5m']]);
    expect(later.object.metadata).toEqual({ resourceVersion: '42' });
  });

  it('renders a BOOKMARK as a Table without rows', () => {
    const bookmark = tableWatchEvent('BOOKMARK', { metadata: { resourceVersion: '99' } }, printerColumns, {
      now,
      includeHeaders: false,
    });
    expect(bookmark.object.rows).toEqual([]);
    expect(bookmark.object.metadata).toEqual({ resourceVersion: '99' });
  });
});

describe('parseIncludeObject', () => {
  it('defaults to Metadata and refuses unknown values with a 400', () => {
    expect(parseIncludeObject(undefined)).toBe('Metadata');
    expect(parseIncludeObject('')).toBe('Metadata');
    expect(parseIncludeObject('None')).toBe('None');
    expect(parseIncludeObject('Object')).toBe('Object');
    let caught: unknown;
    try {
      parseIncludeObject('All');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StatusError);
    expect((caught as StatusError).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'unrecognized includeObject value: "All"',
      reason: 'BadRequest',
      code: 400,
    });
  });
});
