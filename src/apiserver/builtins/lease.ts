/**
 * Lease (coordination.k8s.io/v1), §17.4: no server logic beyond validation; leader election is client-side
 * optimistic concurrency, so a PUT must carry a resourceVersion (no unconditional update), a PUT may create, and
 * `acquireTime`/`renewTime` are MicroTime (six fractional digits, else 400). kubectl shows the holder.
 */
import { Type } from '@sinclair/typebox';
import {
  DateTime,
  defineKind,
  type FieldError,
  forbiddenError,
  Int32,
  invalidError,
  type KindObject,
  notSupportedError,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin } from './define-builtin.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';
import { firstMicroTimeError } from './wire-format.js';

/** The Lease kind's schema. */
export const LeaseKind = defineKind({
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  scope: 'Namespaced',
  description: 'A lock held by one holder for a duration, renewed to keep it.',
  properties: {
    spec: Type.Optional(
      Type.Object({
        acquireTime: Type.Optional(
          DateTime({ description: 'When the current holder acquired the lease (MicroTime).' }),
        ),
        holderIdentity: Type.Optional(Type.String({ description: 'Identity of the current holder.' })),
        leaseDurationSeconds: Type.Optional(
          Int32({ description: 'How long candidates wait before taking over.' }),
        ),
        leaseTransitions: Type.Optional(Int32({ description: 'How many times the holder changed.' })),
        preferredHolder: Type.Optional(
          Type.String({ description: 'Holder a coordinated election prefers.' }),
        ),
        renewTime: Type.Optional(DateTime({ description: 'When the holder last renewed (MicroTime).' })),
        strategy: Type.Optional(Type.String({ description: 'Coordinated leader election strategy.' })),
      }),
    ),
  },
});

/** A Lease object. */
export type Lease = KindObject<typeof LeaseKind>;

/** `ValidateLeaseSpec`. */
export function leaseErrors(lease: Lease): FieldError[] {
  const spec = lease.spec ?? {};
  const errors: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errors.push(
      invalidError('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'),
    );
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    errors.push(
      invalidError('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'),
    );
  }
  if (spec.strategy && spec.strategy !== 'OldestEmulationVersion') {
    errors.push(notSupportedError('spec.strategy', spec.strategy, ['OldestEmulationVersion']));
  }
  if (spec.preferredHolder && !spec.strategy) {
    errors.push(forbiddenError('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errors;
}

/** The Lease built-in. */
export const leaseResource: BuiltinResource<Lease> = defineBuiltin<Lease>(LeaseKind, {
  nameRule: 'dns1123-subdomain',
  allowUnconditionalUpdate: false,
  allowCreateOnUpdate: true,
  validate: leaseErrors,
  validateUpdate: leaseErrors,
  decodeError: (lease) => firstMicroTimeError(lease.spec?.acquireTime, lease.spec?.renewTime),
  printerColumns: [
    nameColumn<Lease>(),
    column<Lease>('Holder', 'Identity of the current holder.', (lease) => lease.spec?.holderIdentity ?? ''),
    ageColumn<Lease>(),
  ],
});
