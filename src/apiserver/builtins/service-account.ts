/**
 * ServiceAccount (core/v1): an identity for pods. The server only checks the name; kubectl shows how many token
 * secrets it lists.
 */
import { Type } from '@sinclair/typebox';
import { defineKind, type KindObject, List, LocalObjectReference, ObjectReference } from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin } from './define-builtin.js';
import { rootPatchMeta } from './patch-meta.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';

/** The ServiceAccount kind's schema. */
export const ServiceAccountKind = defineKind({
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  scope: 'Namespaced',
  shortNames: ['sa'],
  description: 'An identity for processes that run in pods.',
  properties: {
    automountServiceAccountToken: Type.Optional(
      Type.Boolean({ description: 'Mount a token into pods by default.' }),
    ),
    imagePullSecrets: Type.Optional(
      List(LocalObjectReference(), { description: 'Secrets for pulling images.' }),
    ),
    secrets: Type.Optional(List(ObjectReference(), { description: 'Secrets pods of this account may use.' })),
  },
});

/** A ServiceAccount object. */
export type ServiceAccount = KindObject<typeof ServiceAccountKind>;

/** The ServiceAccount built-in. */
export const serviceAccountResource: BuiltinResource<ServiceAccount> = defineBuiltin<ServiceAccount>(
  ServiceAccountKind,
  {
    nameRule: 'dns1123-subdomain',
    returnsDeletedObject: true,
    printerColumns: [
      nameColumn<ServiceAccount>(),
      column<ServiceAccount>(
        'Secrets',
        'Number of secrets the account lists.',
        (sa) => (sa.secrets ?? []).length,
      ),
      ageColumn<ServiceAccount>(),
    ],
    patchMeta: rootPatchMeta({ secrets: { strategy: 'merge', mergeKey: 'name' } }),
  },
);
