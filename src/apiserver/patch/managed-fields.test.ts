import { describe, expect, it } from 'vitest';
import { FieldSet, fieldElement } from './field-set.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  describeManager,
  encodeManagedFields,
  type ManagerEntry,
  managerIdentity,
} from './managed-fields.js';

const owning = (field: string) => FieldSet.of([[fieldElement('data'), fieldElement(field)]]);

describe('managedFields entries', () => {
  it('identify appliers without their API version, updaters with it', () => {
    const base = { manager: 'm', fields: FieldSet.empty() };
    expect(managerIdentity({ ...base, operation: 'Apply', apiVersion: 'v1' })).toBe(
      managerIdentity({ ...base, operation: 'Apply', apiVersion: 'v2' }),
    );
    expect(managerIdentity({ ...base, operation: 'Update', apiVersion: 'v1' })).not.toBe(
      managerIdentity({ ...base, operation: 'Update', apiVersion: 'v2' }),
    );
  });

  it('describe managers as conflict messages do', () => {
    const entry: ManagerEntry = {
      manager: 'ctl',
      operation: 'Update',
      apiVersion: 'apps/v1',
      fields: owning('a'),
    };
    expect(describeManager(entry)).toBe('"ctl" using apps/v1');
    expect(describeManager({ ...entry, subresource: 'status' })).toBe(
      '"ctl" with subresource "status" using apps/v1',
    );
    expect(describeManager({ ...entry, operation: 'Apply' })).toBe('"ctl"');
  });

  it('decode what they encode, and refuse entries that are not managedFields', () => {
    const entries: ManagerEntry[] = [
      {
        manager: 'u',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2025-01-01T00:00:00Z',
        fields: owning('a'),
      },
      {
        manager: 'a',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2025-01-02T00:00:00Z',
        fields: owning('b'),
      },
    ];
    const encoded = encodeManagedFields(entries);
    expect(encoded.map((e) => e.manager)).toEqual(['a', 'u']);
    const decoded = decodeManagedFields(encoded) ?? [];
    expect(decoded.map((e) => [e.manager, e.operation, e.time, e.fields.toFieldsV1()])).toEqual([
      ['a', 'Apply', '2025-01-02T00:00:00Z', { 'f:data': { 'f:b': {} } }],
      ['u', 'Update', '2025-01-01T00:00:00Z', { 'f:data': { 'f:a': {} } }],
    ]);
    expect(
      decodeManagedFields([{ manager: 'x', operation: 'Patch', fieldsType: 'FieldsV1', fieldsV1: {} }]),
    ).toBe(undefined);
  });

  it('fold the oldest Update entries into ancient-changes beyond ten', () => {
    const entries: ManagerEntry[] = Array.from({ length: 12 }, (_, i) => ({
      manager: `u${i}`,
      operation: 'Update',
      apiVersion: 'v1',
      time: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString().replace('.000', ''),
      fields: owning(`f${i}`),
    }));
    const capped = capUpdateManagers(entries);
    expect(capped).toHaveLength(10);
    const ancient = capped.find((e) => e.manager === 'ancient-changes');
    expect(ancient?.fields.paths()).toHaveLength(3);
    expect(capped.map((e) => e.manager)).not.toContain('u0');
    expect(capped.map((e) => e.manager)).toContain('u3');
  });
});
