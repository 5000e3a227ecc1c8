/**
 * Test support for the HTTP layer's pure functions: the discovery facts of a served resource to start from, and
 * the Status a refused input throws.
 */
import { thrownError } from '../../../../test/support/thrown-error.js';
import type { ResourceInfo } from '../../registry/index.js';
import { type Status, StatusError } from '../../wire/index.js';

/** The Status a call throws as a `StatusError`; fails when it throws something else or nothing. */
export function thrownStatus(call: () => unknown): Status {
  return thrownError(StatusError, call).status;
}

/** A served resource: core/v1 ConfigMaps with every standard verb, changed by `overrides`. */
export function resourceInfo(overrides: Partial<ResourceInfo> = {}): ResourceInfo {
  return {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    listKind: 'ConfigMapList',
    namespaced: true,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: [],
    categories: [],
    subresources: [],
    columns: [],
    custom: false,
    ...overrides,
  };
}
