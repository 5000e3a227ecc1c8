/**
 * OpenAPI component schemas of the `meta.k8s.io/v1` types every kind refers to (ObjectMeta, ListMeta and their parts),
 * so `kubectl explain <kind>.metadata` shows the fields instead of an opaque object. Field names and types follow the
 * public API; the descriptions are short and our own.
 */

/** The component-schema name prefix of apimachinery's meta/v1 types, as real servers publish them. */
export const META_PREFIX = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** The component name of ObjectMeta. */
export const OBJECT_META = `${META_PREFIX}.ObjectMeta`;

/** The component name of ListMeta. */
export const LIST_META = `${META_PREFIX}.ListMeta`;

const str = (description: string) => ({ type: 'string', description });
const dateTime = (description: string) => ({ type: 'string', format: 'date-time', description });
const stringMap = (description: string) => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  description,
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The meta/v1 component schemas, keyed by component name. */
export function metaComponentSchemas(): Record<string, object> {
  return {
    [OBJECT_META]: {
      type: 'object',
      description: 'Standard metadata every persisted object carries.',
      properties: {
        annotations: stringMap('Unstructured key/value data set by tools; not used for selection.'),
        creationTimestamp: dateTime('When the object was created (set by the server, read-only).'),
        deletionGracePeriodSeconds: {
          type: 'integer',
          format: 'int64',
          description: 'Seconds allowed for graceful termination before removal (read-only).',
        },
        deletionTimestamp: dateTime(
          'When deletion was requested; the object goes once its finalizers are gone.',
        ),
        finalizers: {
          type: 'array',
          items: { type: 'string', default: '' },
          description: 'Keys that must be removed before the object is deleted.',
          'x-kubernetes-list-type': 'set',
          'x-kubernetes-patch-strategy': 'merge',
        },
        generateName: str('Prefix for a server-generated unique name, used when name is empty.'),
        generation: {
          type: 'integer',
          format: 'int64',
          description: 'Sequence number of the desired state (spec) (set by the server, read-only).',
        },
        labels: stringMap('Key/value pairs used to organise and select objects.'),
        managedFields: {
          type: 'array',
          items: { default: {}, allOf: [ref(`${META_PREFIX}.ManagedFieldsEntry`)] },
          description: 'Which field manager owns which fields (server-side apply bookkeeping).',
        },
        name: str('Unique name within the namespace; cannot be changed.'),
        namespace: str('The namespace the object lives in; empty for cluster-scoped objects.'),
        ownerReferences: {
          type: 'array',
          items: { default: {}, allOf: [ref(`${META_PREFIX}.OwnerReference`)] },
          description: 'Objects this one depends on; the garbage collector deletes it when they are gone.',
          'x-kubernetes-list-map-keys': ['uid'],
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-patch-merge-key': 'uid',
          'x-kubernetes-patch-strategy': 'merge',
        },
        resourceVersion: str('Opaque version of the object for optimistic concurrency and watches.'),
        selfLink: str('Deprecated; always empty.'),
        uid: str('Unique identifier of this incarnation of the object (set by the server).'),
      },
    },
    [LIST_META]: {
      type: 'object',
      description: 'Metadata of a list response.',
      properties: {
        continue: str('Token to fetch the next page, when the list was limited.'),
        remainingItemCount: {
          type: 'integer',
          format: 'int64',
          description: 'How many items follow this page, when known.',
        },
        resourceVersion: str('The version of the collection; a watch can start from it.'),
        selfLink: str('Deprecated; always empty.'),
      },
    },
    [`${META_PREFIX}.OwnerReference`]: {
      type: 'object',
      description: 'Points to an object that owns this one.',
      required: ['apiVersion', 'kind', 'name', 'uid'],
      properties: {
        apiVersion: str('API version of the owner.'),
        blockOwnerDeletion: {
          type: 'boolean',
          description: 'With foreground deletion, the owner is deleted only after this object.',
        },
        controller: { type: 'boolean', description: 'True for the managing controller of this object.' },
        kind: str('Kind of the owner.'),
        name: str('Name of the owner.'),
        uid: str('UID of the owner.'),
      },
      'x-kubernetes-map-type': 'atomic',
    },
    [`${META_PREFIX}.ManagedFieldsEntry`]: {
      type: 'object',
      description: 'The fields one manager owns, and how it last wrote them.',
      properties: {
        apiVersion: str('API version of the fields set.'),
        fieldsType: str('Format of fieldsV1; always FieldsV1.'),
        fieldsV1: { type: 'object', description: 'The owned fields as a trie.' },
        manager: str('Name of the field manager.'),
        operation: str('Apply or Update.'),
        subresource: str('The subresource written through, if any.'),
        time: dateTime('When the manager last changed its fields.'),
      },
    },
  };
}
