import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  ConflictError,
  errorFromStatus,
  GoneError,
  InvalidError,
  isAlreadyExists,
  isConflict,
  isGone,
  isInvalid,
  isNotFound,
  KubeApiError,
  NotFoundError,
} from './errors.js';

describe('errorFromStatus', () => {
  it('picks the class by code and reason and keeps the Status body', () => {
    const status = {
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      message: 'x exists',
      code: 409,
    } as const;
    const exists = errorFromStatus(409, status);
    expect(exists).toBeInstanceOf(AlreadyExistsError);
    expect(isAlreadyExists(exists) && !isConflict(exists)).toBe(true);
    expect([exists.name, exists.message, exists.reason, exists.status]).toEqual([
      'AlreadyExistsError',
      'x exists',
      'AlreadyExists',
      status,
    ]);
    expect(errorFromStatus(409, { kind: 'Status', reason: 'Conflict' })).toBeInstanceOf(ConflictError);
    expect(isNotFound(errorFromStatus(404, {}))).toBe(true);
    expect(isGone(errorFromStatus(410, {}))).toBe(true);
    expect(isInvalid(errorFromStatus(422, {}))).toBe(true);
    expect(errorFromStatus(422, {})).toBeInstanceOf(InvalidError);
    expect(errorFromStatus(410, {})).toBeInstanceOf(GoneError);
    expect(errorFromStatus(404, {})).toBeInstanceOf(NotFoundError);
    const other = errorFromStatus(503, 'unavailable');
    expect(other.constructor).toBe(KubeApiError);
    expect([other.code, other.message]).toEqual([503, 'unavailable']);
  });
});
