import { describe, expect, it } from 'vitest';
import { invalidError, requiredError } from '../../api/index.js';
import {
  alreadyExists,
  applyConflict,
  badRequest,
  conflict,
  fieldLabelNotSupported,
  forbidden,
  generateNameConflict,
  gone,
  internalError,
  invalid,
  isStatusError,
  methodNotAllowed,
  methodNotSupported,
  notAcceptable,
  notFound,
  pathNotFound,
  resourceExpired,
  StatusError,
  serviceUnavailable,
  statusFromError,
  success,
  timeout,
  tooLarge,
  tooManyRequests,
  unauthorized,
  undecodableBody,
  unsupportedMediaType,
} from './status.js';

const failure = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' };

describe('Status constructors', () => {
  it('notFound names the qualified resource and puts the resource in details.kind', () => {
    const error = notFound('widgets', 'example.com', 'w1');
    expect(JSON.stringify(error.status)).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"widgets.example.com \\"w1\\" not found","reason":"NotFound","details":{"name":"w1","group":"example.com","kind":"widgets"},"code":404}',
    );
    expect(error.code).toBe(404);
    expect(error.message).toBe('widgets.example.com "w1" not found');
  });

  it('omits the group of the core group', () => {
    expect(notFound('configmaps', '', 'c').status).toEqual({
      ...failure,
      message: 'configmaps "c" not found',
      reason: 'NotFound',
      details: { name: 'c', kind: 'configmaps' },
      code: 404,
    });
  });

  it('answers an unknown path with the generic 404', () => {
    expect(pathNotFound().status).toEqual({
      ...failure,
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  });

  it('alreadyExists and generateNameConflict', () => {
    expect(alreadyExists('drpolicies', 'ramendr.openshift.io', 'p').status).toEqual({
      ...failure,
      message: 'drpolicies.ramendr.openshift.io "p" already exists',
      reason: 'AlreadyExists',
      details: { name: 'p', group: 'ramendr.openshift.io', kind: 'drpolicies' },
      code: 409,
    });
    expect(generateNameConflict('pods', '', 'web-x1').status).toEqual({
      ...failure,
      message:
        'pods "web-x1" already exists, the server was not able to generate a unique name for the object',
      reason: 'AlreadyExists',
      details: { name: 'web-x1', kind: 'pods', retryAfterSeconds: 1 },
      code: 409,
    });
  });

  it('conflict defaults to the optimistic-lock message', () => {
    expect(conflict('widgets', 'example.com', 'w1').status).toEqual({
      ...failure,
      message:
        'Operation cannot be fulfilled on widgets.example.com "w1": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'w1', group: 'example.com', kind: 'widgets' },
      code: 409,
    });
    expect(
      conflict('configmaps', '', 'c', 'Precondition failed: UID in precondition: a, UID in object meta: b')
        .message,
    ).toBe(
      'Operation cannot be fulfilled on configmaps "c": Precondition failed: UID in precondition: a, UID in object meta: b',
    );
  });

  it('applyConflict with one conflict', () => {
    const error = applyConflict([
      { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', path: '.data.a' },
    ]);
    expect(error.status).toEqual({
      ...failure,
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using v1',
            field: '.data.a',
          },
        ],
      },
      code: 409,
    });
  });

  it('applyConflict with several conflicts groups them by manager, sorted', () => {
    const error = applyConflict([
      { manager: 'zeta', operation: 'Apply', path: '.spec.a' },
      {
        manager: 'alpha',
        operation: 'Update',
        apiVersion: 'apps/v1',
        subresource: 'status',
        path: '.status.x',
      },
      { manager: 'zeta', operation: 'Apply', path: '.spec.b' },
    ]);
    expect(error.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "alpha" with subresource "status" using apps/v1:\n- .status.x\nconflicts with "zeta":\n- .spec.a\n- .spec.b',
    );
    expect(error.status.details?.causes?.map((c) => c.message)).toEqual([
      'conflict with "zeta"',
      'conflict with "alpha" with subresource "status" using apps/v1',
      'conflict with "zeta"',
    ]);
  });

  it('invalid uses the Kind, one cause per field error and the aggregated message', () => {
    const error = invalid('DRPolicy', 'ramendr.openshift.io', 'p', [
      requiredError('spec.drClusters'),
      invalidError('spec.schedulingInterval', '5x', 'must match ^\\d+[mhd]$'),
    ]);
    expect(error.status).toEqual({
      ...failure,
      message:
        'DRPolicy.ramendr.openshift.io "p" is invalid: [spec.drClusters: Required value, spec.schedulingInterval: Invalid value: "5x": must match ^\\d+[mhd]$]',
      reason: 'Invalid',
      details: {
        name: 'p',
        group: 'ramendr.openshift.io',
        kind: 'DRPolicy',
        causes: [
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.drClusters' },
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "5x": must match ^\\d+[mhd]$',
            field: 'spec.schedulingInterval',
          },
        ],
      },
      code: 422,
    });
    expect(invalid('ConfigMap', '', 'c', [invalidError('data', 1, 'x')]).message).toBe(
      'ConfigMap "c" is invalid: data: Invalid value: 1: x',
    );
    expect(invalid('ConfigMap', '', 'c', []).message).toBe('ConfigMap "c" is invalid');
  });

  it('badRequest, undecodable bodies and unsupported field labels', () => {
    expect(badRequest('nope').status).toEqual({
      ...failure,
      message: 'nope',
      reason: 'BadRequest',
      code: 400,
    });
    expect(undecodableBody('Widget', 'v1', 'strict decoding error: unknown field "spec.foo"').message).toBe(
      'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.foo"',
    );
    expect(fieldLabelNotSupported('spec.foo').status).toEqual({
      ...failure,
      message: 'field label not supported: spec.foo',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('gone is 410 Expired with the two resourceVersions', () => {
    expect(gone(123, '456').status).toEqual({
      ...failure,
      message: 'too old resource version: 123 (456)',
      reason: 'Expired',
      code: 410,
    });
    expect(resourceExpired('continue token expired').code).toBe(410);
  });

  it('forbidden in its three shapes', () => {
    const terminating = forbidden(
      'configmaps',
      '',
      'c',
      'unable to create new content in namespace x because it is being terminated',
      [
        {
          reason: 'NamespaceTerminating',
          message: 'namespace x is being terminated',
          field: 'metadata.namespace',
        },
      ],
    );
    expect(terminating.status).toEqual({
      ...failure,
      message:
        'configmaps "c" is forbidden: unable to create new content in namespace x because it is being terminated',
      reason: 'Forbidden',
      details: {
        name: 'c',
        kind: 'configmaps',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace x is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
      code: 403,
    });
    expect(forbidden('widgets', 'example.com', '', 'no').message).toBe(
      'widgets.example.com is forbidden: no',
    );
    expect(forbidden('', '', '', 'no').message).toBe('forbidden: no');
  });

  it('unauthorized, media types, methods', () => {
    expect(unauthorized().status).toEqual({
      ...failure,
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect(unauthorized('').message).toBe('not authorized');
    expect(
      unsupportedMediaType([
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ]).status,
    ).toEqual({
      ...failure,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
    expect(notAcceptable(['application/json', 'application/yaml']).status).toEqual({
      ...failure,
      message: 'only the following media types are accepted: application/json, application/yaml',
      reason: 'NotAcceptable',
      code: 406,
    });
    expect(methodNotAllowed().status).toEqual({
      ...failure,
      message: 'the server does not allow this method on the requested resource',
      reason: 'MethodNotAllowed',
      details: {},
      code: 405,
    });
    expect(methodNotSupported('leases', 'coordination.k8s.io', 'deletecollection').status).toEqual({
      ...failure,
      message: 'deletecollection is not supported on resources of kind "leases.coordination.k8s.io"',
      reason: 'MethodNotAllowed',
      details: { group: 'coordination.k8s.io', kind: 'leases' },
      code: 405,
    });
  });

  it('tooLarge, tooManyRequests, serviceUnavailable, timeout', () => {
    expect(tooLarge('limit is 3145728').status).toEqual({
      ...failure,
      message: 'Request entity too large: limit is 3145728',
      reason: 'RequestEntityTooLarge',
      code: 413,
    });
    expect(tooManyRequests('slow down', 2).status).toEqual({
      ...failure,
      message: 'slow down',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 2 },
      code: 429,
    });
    expect(serviceUnavailable('starting').code).toBe(503);
    expect(timeout('request did not complete within 60s').status).toEqual({
      ...failure,
      message: 'Timeout: request did not complete within 60s',
      reason: 'Timeout',
      details: {},
      code: 504,
    });
  });

  it('internalError carries the error text as message and cause', () => {
    const cause = new Error('disk full');
    const error = internalError(cause);
    expect(error.status).toEqual({
      ...failure,
      message: 'Internal error occurred: disk full',
      reason: 'InternalError',
      details: { causes: [{ message: 'disk full' }] },
      code: 500,
    });
    expect(error.cause).toBe(cause);
  });

  it('success describes a deleted object', () => {
    expect(success({ name: 'c', kind: 'configmaps', uid: 'u1' })).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'c', kind: 'configmaps', uid: 'u1' },
    });
    expect(success({}, 200)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 200,
    });
  });
});

describe('StatusError', () => {
  it('is a typed error recognised by reason', () => {
    const error = notFound('pods', '', 'p');
    expect(error).toBeInstanceOf(StatusError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StatusError');
    expect(error.reason).toBe('NotFound');
    expect(isStatusError(error)).toBe(true);
    expect(isStatusError(error, 'NotFound')).toBe(true);
    expect(isStatusError(error, 'Conflict')).toBe(false);
    expect(isStatusError(new Error('x'))).toBe(false);
  });

  it('statusFromError turns any other throw into a 500', () => {
    expect(statusFromError(conflict('pods', '', 'p')).code).toBe(409);
    expect(statusFromError(new TypeError('x is undefined'))).toEqual({
      ...failure,
      message: 'Internal error occurred: x is undefined',
      reason: 'InternalError',
      details: { causes: [{ message: 'x is undefined' }] },
      code: 500,
    });
    expect(statusFromError('plain').message).toBe('Internal error occurred: plain');
  });
});
