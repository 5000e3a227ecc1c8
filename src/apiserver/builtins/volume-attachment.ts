/**
 * VolumeAttachment (storage.k8s.io/v1, cluster-scoped): the attach/detach record between a CSI driver, a PV and a
 * node. The spec is immutable, updates need a resourceVersion, and kubectl shows ATTACHER/PV/NODE/ATTACHED.
 */
import { Type } from '@sinclair/typebox';
import {
  defineKind,
  type FieldError,
  FreeForm,
  forbiddenError,
  Int32,
  invalidError,
  jsonEqual,
  type KindObject,
  NullableDateTime,
  requiredError,
  StringMap,
  tooLongError,
} from '../../api/index.js';
import type { BuiltinResource } from './builtin-resource.js';
import { defineBuiltin, STATUS_SUBRESOURCE } from './define-builtin.js';
import { isDNS1123Subdomain } from './names.js';
import { ageColumn, column, nameColumn } from './printer-helpers.js';

const VolumeError = Type.Object({
  errorCode: Type.Optional(Int32({ description: 'gRPC code of the failure.' })),
  message: Type.Optional(Type.String()),
  time: Type.Optional(NullableDateTime({ description: 'When the error happened.' })),
});

/** The VolumeAttachment kind's schema. */
export const VolumeAttachmentKind = defineKind({
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'VolumeAttachment',
  plural: 'volumeattachments',
  scope: 'Cluster',
  description: 'The intent to attach a volume to a node, and its outcome.',
  properties: {
    spec: Type.Optional(
      Type.Object({
        attacher: Type.Optional(Type.String({ description: 'Name of the CSI driver that attaches.' })),
        nodeName: Type.Optional(Type.String({ description: 'Node the volume is attached to.' })),
        source: Type.Optional(
          Type.Object({
            inlineVolumeSpec: Type.Optional(FreeForm({ description: 'An inline (migrated) volume spec.' })),
            persistentVolumeName: Type.Optional(Type.String({ description: 'The PV to attach.' })),
          }),
        ),
      }),
    ),
    status: Type.Optional(
      Type.Object({
        attachError: Type.Optional(VolumeError),
        attached: Type.Optional(Type.Boolean({ description: 'Whether the attach succeeded.' })),
        attachmentMetadata: Type.Optional(StringMap({ description: 'What the attacher returned.' })),
        detachError: Type.Optional(VolumeError),
      }),
    ),
  },
});

/** A VolumeAttachment object. */
export type VolumeAttachment = KindObject<typeof VolumeAttachmentKind>;

/** `ValidateVolumeAttachment` without the ObjectMeta part. */
export function volumeAttachmentErrors(attachment: VolumeAttachment): FieldError[] {
  const spec = attachment.spec ?? {};
  const errors: FieldError[] = [];
  const attacher = spec.attacher ?? '';
  if (!attacher) errors.push(requiredError('spec.attacher'));
  if (attacher.length > 63) errors.push(tooLongError('spec.attacher', 63));
  errors.push(
    ...isDNS1123Subdomain(attacher.toLowerCase()).map((m) => invalidError('spec.attacher', attacher, m)),
  );
  const hasName = spec.source?.persistentVolumeName !== undefined;
  const hasInline = spec.source?.inlineVolumeSpec !== undefined;
  const exactlyOne = 'must specify exactly one of inlineVolumeSpec and persistentVolumeName';
  if (!hasName && !hasInline) errors.push(requiredError('spec.source', exactlyOne));
  else if (hasName && hasInline) errors.push(forbiddenError('spec.source', exactlyOne));
  else if (hasName && !spec.source?.persistentVolumeName) {
    errors.push(
      requiredError('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'),
    );
  }
  const nodeName = spec.nodeName ?? '';
  errors.push(...isDNS1123Subdomain(nodeName).map((m) => invalidError('spec.nodeName', nodeName, m)));
  return errors;
}

/** The VolumeAttachment built-in. */
export const volumeAttachmentResource: BuiltinResource<VolumeAttachment> = defineBuiltin<VolumeAttachment>(
  VolumeAttachmentKind,
  {
    subresources: [STATUS_SUBRESOURCE],
    nameRule: 'dns1123-subdomain',
    allowUnconditionalUpdate: false,
    prepareForCreate(attachment) {
      delete attachment.status;
    },
    validate: volumeAttachmentErrors,
    validateUpdate: (attachment, old) => [
      ...volumeAttachmentErrors(attachment),
      ...(jsonEqual(attachment.spec ?? null, old.spec ?? null)
        ? []
        : [invalidError('spec', attachment.spec ?? null, 'field is immutable')]),
    ],
    printerColumns: [
      nameColumn<VolumeAttachment>(),
      {
        ...column<VolumeAttachment>(
          'Attacher',
          'Name of the CSI driver that attaches.',
          (va) => va.spec?.attacher ?? '',
        ),
        format: 'name',
      },
      column<VolumeAttachment>(
        'PV',
        'The attached PersistentVolume.',
        (va) => va.spec?.source?.persistentVolumeName ?? '',
      ),
      column<VolumeAttachment>(
        'Node',
        'The node the volume is attached to.',
        (va) => va.spec?.nodeName ?? '',
      ),
      column<VolumeAttachment>(
        'Attached',
        'Whether the attach succeeded.',
        (va) => va.status?.attached ?? false,
        {
          type: 'boolean',
        },
      ),
      ageColumn<VolumeAttachment>(),
    ],
  },
);
