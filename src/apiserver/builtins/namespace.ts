/**
 * Namespace (core/v1, cluster-scoped), §14.5: DNS-label names, the `kubernetes.io/metadata.name` label the server
 * sets and enforces, `spec.finalizers: [kubernetes]` and `status.phase: Active` on create, `spec.finalizers` owned
 * by the `finalize` subresource, the `status.phase` field selector and the NAME/STATUS/AGE printer.
 */

import { Type } from '@sinclair/typebox';
import { defineKind, type KindObject, List, TypedString } from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin, STATUS_SUBRESOURCE } from './define-builtin.js';
import { ensureArray, ensureObject } from './ensure.js';
import { finalizerNameErrors } from './names.js';
import { rootPatchMeta, statusWithConditions } from './patch-meta.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';
import { StatusCondition } from './schemas/common.js';

/** The label the API server keeps equal to a namespace's name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** The finalizer the namespace controller removes once a namespace is empty. */
export const KUBERNETES_FINALIZER = 'kubernetes';

/** The Namespace kind's schema. */
export const NamespaceKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  scope: 'Cluster',
  shortNames: ['ns'],
  description: 'A scope for names; deleting it deletes everything in it.',
  properties: {
    spec: Type.Optional(
      Type.Object({
        finalizers: Type.Optional(
          List(Type.String(), { description: 'Finalizers that must be removed before the namespace goes.' }),
        ),
      }),
    ),
    status: Type.Optional(
      Type.Object({
        conditions: Type.Optional(List(StatusCondition(), { description: 'Deletion progress conditions.' })),
        phase: Type.Optional(
          TypedString<'Active' | 'Terminating'>({ description: 'Active or Terminating.' }),
        ),
      }),
    ),
  },
});

/** A Namespace object. */
export type Namespace = KindObject<typeof NamespaceKind>;

/** Stamps the name label (defaulting and Canonicalize both do, so generated names get it too). */
function stampNameLabel(namespace: Namespace): void {
  if (!namespace.metadata.name) return;
  namespace.metadata.labels = {
    ...namespace.metadata.labels,
    [NAMESPACE_NAME_LABEL]: namespace.metadata.name,
  };
}

/** The Namespace built-in. */
export const namespaceResource: BuiltinResource<Namespace> = defineBuiltin<Namespace>(NamespaceKind, {
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [STATUS_SUBRESOURCE, { name: 'finalize', verbs: ['update'], owns: ['spec.finalizers'] }],
  nameRule: 'dns1123-label',
  returnsDeletedObject: true,
  defaults(namespace) {
    stampNameLabel(namespace);
    ensureObject(namespace, 'status').phase ||= 'Active';
  },
  prepareForCreate(namespace) {
    namespace.status = { phase: 'Active' };
    const spec = ensureObject(namespace, 'spec');
    const finalizers = ensureArray(spec, 'finalizers');
    if (!finalizers.includes(KUBERNETES_FINALIZER)) finalizers.push(KUBERNETES_FINALIZER);
  },
  validate: (namespace) =>
    (namespace.spec?.finalizers ?? []).flatMap((finalizer, index) =>
      finalizerNameErrors(`spec.finalizers[${index}]`, finalizer),
    ),
  validateUpdate: (namespace) =>
    (namespace.spec?.finalizers ?? []).flatMap((finalizer, index) =>
      finalizerNameErrors(`spec.finalizers[${index}]`, finalizer),
    ),
  canonicalize: stampNameLabel,
  printerColumns: [
    nameColumn<Namespace>(),
    column<Namespace>('Status', 'The status of the namespace', (namespace) => namespace.status?.phase ?? ''),
    ageColumn<Namespace>(),
  ],
  fieldSelectors: [{ label: 'status.phase', value: (namespace) => namespace.status?.phase ?? '' }],
  patchMeta: rootPatchMeta({ status: statusWithConditions }),
});
