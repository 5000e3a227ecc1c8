import { describe, expect, it } from 'vitest';
import { thrownError } from '../../../test/support/thrown-error.js';
import type { JSONSchemaProps } from '../../api/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../api/index.js';
import { objectMetaPatchMeta, podTemplateSpecPatchMeta } from './core-patch-meta.js';
import { ApplyConflictError, type PatchError } from './errors.js';
import { structureFromPatchMeta, structureFromSchema } from './kind-structure.js';
import { LAST_APPLIED_ANNOTATION } from './last-applied.js';
import { recordUpdate } from './record-update.js';
import { type ApplyOptions, applyPatch } from './server-side-apply.js';

const T0 = new Date('2025-03-01T10:00:00.123Z');
const T1 = new Date('2025-03-01T11:00:00Z');

/** The value at `keys` below `value` (undefined when a step is missing). */
function dig(value: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  return keys.reduce<JsonValue | undefined>(
    (node, key) => (isJsonObject(node) ? node[key] : undefined),
    value,
  );
}

const managedFields = (obj: JsonObject) => (obj.metadata as JsonObject).managedFields as JsonObject[];
const entryOf = (obj: JsonObject, manager: string) => managedFields(obj).find((e) => e.manager === manager);

function configMap(data: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cm', namespace: 'default', ...extra },
    data,
  };
}

const conflictOf = (run: () => unknown) => thrownError(ApplyConflictError, run);

function apply(
  live: JsonObject | undefined,
  applied: JsonObject,
  manager: string,
  more: Partial<ApplyOptions> = {},
) {
  return applyPatch(live, applied, { manager, apiVersion: 'v1', now: T0, ...more });
}

/** What the server stores after `kubectl apply` (client-side) creates the object. */
function createdByClientSideApply(data: JsonObject): JsonObject {
  const lastApplied = `${JSON.stringify(configMap(data))}\n`;
  const body = configMap(data, { annotations: { [LAST_APPLIED_ANNOTATION]: lastApplied } });
  return recordUpdate(undefined, body, 'kubectl-client-side-apply', { apiVersion: 'v1', now: T0 });
}

describe('applyPatch: create and re-apply', () => {
  it('creates the object and records an Apply entry with the applied fields', () => {
    const result = apply(undefined, configMap({ a: '1', b: '2' }, { labels: { app: 'x' } }), 'mgr');
    expect(result.created).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.object).toEqual({
      ...configMap({ a: '1', b: '2' }, { labels: { app: 'x' } }),
      metadata: {
        name: 'cm',
        namespace: 'default',
        labels: { app: 'x' },
        managedFields: [
          {
            manager: 'mgr',
            operation: 'Apply',
            apiVersion: 'v1',
            time: '2025-03-01T10:00:00Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
          },
        ],
      },
    });
  });

  it('re-applying without a field removes it; fields others own stay', () => {
    const created = apply(undefined, configMap({ a: '1', b: '2' }), 'mgr').object;
    const edited = recordUpdate(created, { ...created, data: { a: '1', b: '2', c: '3' } }, 'editor', {
      apiVersion: 'v1',
      now: T0,
    });
    const reapplied = apply(edited, configMap({ a: '1' }), 'mgr', { now: T1 });
    expect(reapplied.object.data).toEqual({ a: '1', c: '3' });
    expect(entryOf(reapplied.object, 'mgr')?.fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    expect(entryOf(reapplied.object, 'mgr')?.time).toBe('2025-03-01T11:00:00Z');
    expect(entryOf(reapplied.object, 'editor')?.fieldsV1).toEqual({ 'f:data': { 'f:c': {} } });
  });

  it('a field another manager also applied with the same value survives when one manager drops it', () => {
    const first = apply(undefined, configMap({ a: '1' }), 'one').object;
    const shared = apply(first, configMap({ a: '1' }), 'two').object;
    expect(entryOf(shared, 'two')?.fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    const dropped = apply(shared, configMap({}), 'one').object;
    expect(dropped.data).toEqual({ a: '1' });
  });

  it('an apply that changes nothing keeps the time stamp and reports no change', () => {
    const created = apply(undefined, configMap({ a: '1' }), 'mgr').object;
    const again = apply(created, configMap({ a: '1' }), 'mgr', { now: T1 });
    expect(again.changed).toBe(false);
    expect(again.created).toBe(false);
    expect(again.object).toEqual(created);
  });

  it('modifies neither the live object nor the configuration', () => {
    const live = apply(undefined, configMap({ a: '1', b: '2' }), 'mgr').object;
    const config = configMap({ a: '9' });
    const before = structuredClone({ live, config });
    apply(live, config, 'mgr');
    expect({ live, config }).toEqual(before);
  });
});

describe('applyPatch: conflicts', () => {
  it('another manager changing a client-side-applied field gets the exact Kubernetes 409', () => {
    const live = createdByClientSideApply({ a: '1', b: '2' });
    const error = conflictOf(() => apply(live, configMap({ a: '2' }), 'other'));
    expect(error.name).toBe('ApplyConflictError');
    expect(error.code).toBe(409);
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a',
    );
    expect(error.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using v1',
        field: '.data.a',
      },
    ]);
  });

  it('several conflicts are grouped by manager', () => {
    const live = createdByClientSideApply({ a: '1', b: '2' });
    const error = conflictOf(() => apply(live, configMap({ a: '2', b: '3' }), 'other'));
    expect(error.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using v1:\n- .data.a\n- .data.b',
    );
    expect(error.causes.map((c) => c.field)).toEqual(['.data.a', '.data.b']);
  });

  it('applying the value another manager already set is no conflict: ownership is shared', () => {
    const live = createdByClientSideApply({ a: '1' });
    const result = apply(live, configMap({ a: '1' }), 'other');
    expect(entryOf(result.object, 'other')?.fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    expect(entryOf(result.object, 'kubectl-client-side-apply')?.fieldsV1).toMatchObject({
      'f:data': { 'f:a': {} },
    });
  });

  it('force takes the field: the previous owner loses it', () => {
    const live = createdByClientSideApply({ a: '1', b: '2' });
    const result = apply(live, configMap({ a: '2' }), 'other', { force: true });
    expect(result.object.data).toEqual({ a: '2', b: '2' });
    expect(entryOf(result.object, 'other')?.fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    expect(entryOf(result.object, 'kubectl-client-side-apply')?.fieldsV1).toEqual({
      'f:data': { '.': {}, 'f:b': {} },
      'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED_ANNOTATION}`]: {} } },
    });
  });

  it('conflicts between two appliers name the applier without a version', () => {
    const live = apply(undefined, configMap({ a: '1' }), 'first').object;
    expect(conflictOf(() => apply(live, configMap({ a: '2' }), 'second')).message).toBe(
      'Apply failed with 1 conflict: conflict with "first": .data.a',
    );
  });

  it('fields of an object written without field tracking belong to before-first-apply', () => {
    const live = configMap({ a: '1' });
    expect(conflictOf(() => apply(live, configMap({ a: '2' }), 'mgr')).message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a',
    );
  });
});

describe('applyPatch: kubectl apply --server-side after kubectl apply', () => {
  it('takes over client-side-applied fields and rewrites the last-applied annotation', () => {
    const live = createdByClientSideApply({ a: '1', b: '2' });
    const result = apply(live, configMap({ a: '2', b: '2' }), 'kubectl');
    expect(result.object.data).toEqual({ a: '2', b: '2' });
    const annotation = ((result.object.metadata as JsonObject).annotations as JsonObject)[
      LAST_APPLIED_ANNOTATION
    ];
    expect(annotation).toBe(
      '{"apiVersion":"v1","data":{"a":"2","b":"2"},"kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"}}\n',
    );
    expect(entryOf(result.object, 'kubectl')?.fieldsV1).toEqual({ 'f:data': { 'f:a': {}, 'f:b': {} } });
  });

  it('still conflicts on a field changed since the client-side apply', () => {
    const live = createdByClientSideApply({ a: '1' });
    const edited = recordUpdate(live, { ...live, data: { a: '5' } }, 'kubectl-edit', {
      apiVersion: 'v1',
      now: T0,
    });
    expect(conflictOf(() => apply(edited, configMap({ a: '2' }), 'kubectl')).message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.a',
    );
  });

  it('the second, kubectl-last-applied apply with only the annotation does not wipe the spec', () => {
    const widgetSchema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer' },
            items: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              items: { type: 'object', properties: { name: { type: 'string' }, v: { type: 'string' } } },
            },
          },
        },
      },
    };
    const options = { apiVersion: 'example.com/v1', kindMeta: structureFromSchema(widgetSchema), now: T0 };
    const widget = (spec: JsonObject, annotations?: JsonObject): JsonObject => ({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default', ...(annotations && { annotations }) },
      spec,
    });
    const spec1 = { size: 1, items: [{ name: 'a', v: '1' }] };
    const csa = recordUpdate(
      undefined,
      widget(spec1, { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(widget(spec1))}\n` }),
      'kubectl-client-side-apply',
      options,
    );
    const spec2 = {
      size: 2,
      items: [
        { name: 'a', v: '1' },
        { name: 'b', v: '2' },
      ],
    };
    const first = applyPatch(csa, widget(spec2), { ...options, manager: 'kubectl' }).object;
    expect(first.spec).toEqual(spec2);

    const annotation = ((first.metadata as JsonObject).annotations as JsonObject)[
      LAST_APPLIED_ANNOTATION
    ] as string;
    const secondObject = applyPatch(
      first,
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: {
          name: 'w1',
          namespace: 'default',
          annotations: { [LAST_APPLIED_ANNOTATION]: annotation },
        },
      },
      { ...options, manager: 'kubectl-last-applied' },
    ).object;
    expect(secondObject.spec).toEqual(spec2);
    expect(entryOf(secondObject, 'kubectl-last-applied')?.fieldsV1).toEqual({
      'f:metadata': { 'f:annotations': { [`f:${LAST_APPLIED_ANNOTATION}`]: {} } },
    });
    expect(entryOf(secondObject, 'kubectl')?.fieldsV1).toEqual({
      'f:spec': {
        'f:items': {
          'k:{"name":"a"}': { '.': {}, 'f:name': {}, 'f:v': {} },
          'k:{"name":"b"}': { '.': {}, 'f:name': {}, 'f:v': {} },
        },
        'f:size': {},
      },
    });
  });
});

describe('applyPatch: keyed lists', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object' },
          },
          tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
          args: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  };
  const options = { apiVersion: 'example.com/v1', kindMeta: structureFromSchema(schema), now: T0 };
  const widget = (spec: JsonObject): JsonObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w1' },
    spec,
  });

  it('list-map items and set values from different managers coexist; each manager prunes only its own', () => {
    const a = applyPatch(undefined, widget({ items: [{ name: 'a', v: 1 }], tags: ['x'] }), {
      ...options,
      manager: 'A',
    });
    const b = applyPatch(a.object, widget({ items: [{ name: 'b', v: 2 }], tags: ['y'] }), {
      ...options,
      manager: 'B',
    });
    expect(b.object.spec).toEqual({
      items: [
        { name: 'a', v: 1 },
        { name: 'b', v: 2 },
      ],
      tags: ['x', 'y'],
    });
    const aAgain = applyPatch(b.object, widget({}), { ...options, manager: 'A' });
    expect(aAgain.object.spec).toEqual({ items: [{ name: 'b', v: 2 }], tags: ['y'] });
  });

  it('an atomic list is owned and replaced whole', () => {
    const a = applyPatch(undefined, widget({ args: ['1', '2'] }), { ...options, manager: 'A' });
    expect(entryOf(a.object, 'A')?.fieldsV1).toEqual({ 'f:spec': { 'f:args': {} } });
    expect(() => applyPatch(a.object, widget({ args: ['3'] }), { ...options, manager: 'B' })).toThrow(
      'Apply failed with 1 conflict: conflict with "A": .spec.args',
    );
  });

  it('a built-in kind keys containers by name through its PatchMeta', () => {
    const kindMeta = structureFromPatchMeta({
      fields: { metadata: objectMetaPatchMeta, spec: { fields: { template: podTemplateSpecPatchMeta } } },
    });
    const deployment = (containers: JsonObject[]): JsonObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers } } },
    });
    const opts = { apiVersion: 'apps/v1', kindMeta, now: T0 };
    const one = applyPatch(undefined, deployment([{ name: 'nginx', image: 'n:1' }]), {
      ...opts,
      manager: 'A',
    });
    const two = applyPatch(one.object, deployment([{ name: 'side', image: 's:1' }]), {
      ...opts,
      manager: 'B',
    });
    expect(
      (dig(two.object, 'spec', 'template', 'spec', 'containers') as JsonObject[]).map((c) => c.name),
    ).toEqual(['nginx', 'side']);
    expect(() =>
      applyPatch(two.object, deployment([{ name: 'nginx', image: 'n:2' }]), { ...opts, manager: 'B' }),
    ).toThrow(
      'Apply failed with 1 conflict: conflict with "A": .spec.template.spec.containers[name="nginx"].image',
    );
  });
});

describe('applyPatch: request checks', () => {
  it('rejects what the real field manager rejects', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return [(error as PatchError).code, (error as PatchError).message];
      }
      return undefined;
    };
    expect(codeOf(() => applyPatch(undefined, configMap({}), { manager: '', apiVersion: 'v1' }))).toEqual([
      422,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    ]);
    expect(codeOf(() => apply(undefined, configMap({}, { managedFields: [] }), 'm'))).toEqual([
      400,
      'metadata.managedFields must be nil',
    ]);
    expect(codeOf(() => applyPatch(undefined, configMap({}), { manager: 'm', apiVersion: 'v2' }))).toEqual([
      400,
      'Incorrect version specified in apply patch. Specified patch version: v1, expected: v2',
    ]);
    const kindMeta = structureFromPatchMeta({ fields: { metadata: objectMetaPatchMeta } });
    const missingKey = { ...configMap({}), metadata: { name: 'cm', ownerReferences: [{ name: 'x' }] } };
    expect(codeOf(() => apply(undefined, missingKey, 'm', { kindMeta }))).toEqual([
      500,
      'failed to create typed patch object (cm; v1, Kind=ConfigMap): .metadata.ownerReferences: element 0: associative list with keys has an element that omits key field "uid" (and doesn\'t have default value)',
    ]);
  });
});

describe('recordUpdate', () => {
  it('a create records an Update entry; new maps are members themselves', () => {
    const created = createdByClientSideApply({ a: '1' });
    expect(managedFields(created)).toEqual([
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2025-03-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED_ANNOTATION}`]: {} } },
        },
      },
    ]);
  });

  it('an update takes the fields it changes from their previous owner', () => {
    const created = recordUpdate(undefined, configMap({ a: '1', b: '2' }), 'creator', {
      apiVersion: 'v1',
      now: T0,
    });
    const updated = recordUpdate(created, { ...created, data: { a: '9', b: '2' } }, 'editor', {
      apiVersion: 'v1',
      now: T1,
    });
    expect(entryOf(updated, 'creator')?.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:b': {} } });
    expect(entryOf(updated, 'editor')).toMatchObject({
      time: '2025-03-01T11:00:00Z',
      fieldsV1: { 'f:data': { 'f:a': {} } },
    });
  });

  it('a write that changes nothing leaves managedFields alone', () => {
    const created = recordUpdate(undefined, configMap({ a: '1' }), 'creator', { apiVersion: 'v1', now: T0 });
    expect(recordUpdate(created, created, 'other', { apiVersion: 'v1', now: T1 })).toEqual(created);
  });

  it('managedFields: [{}] in the request clears them', () => {
    const created = recordUpdate(undefined, configMap({ a: '1' }), 'creator', { apiVersion: 'v1', now: T0 });
    const reset = { ...created, metadata: { ...(created.metadata as JsonObject), managedFields: [{}] } };
    expect(
      (recordUpdate(created, reset, 'x', { apiVersion: 'v1' }).metadata as JsonObject).managedFields,
    ).toBeUndefined();
  });

  it('Apply entries are listed before Update entries', () => {
    const created = recordUpdate(undefined, configMap({ a: '1' }), 'creator', { apiVersion: 'v1', now: T1 });
    const applied = apply(created, configMap({ a: '1', z: '0' }), 'zz-applier').object;
    expect(managedFields(applied).map((e) => `${e.operation}:${e.manager}`)).toEqual([
      'Apply:zz-applier',
      'Update:creator',
    ]);
  });

  it('status written through the main resource can be left unowned with resetFields', () => {
    const created = recordUpdate(undefined, { ...configMap({ a: '1' }), status: { phase: 'x' } }, 'creator', {
      apiVersion: 'v1',
      resetFields: [['status']],
      now: T0,
    });
    expect(entryOf(created, 'creator')?.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:a': {} } });
  });
});
