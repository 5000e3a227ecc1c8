import { describe, expect, it } from 'vitest';
import { decodeContinueToken, encodeContinueToken } from './continue-token.js';
import { BadRequestError } from './errors.js';

describe('continue tokens', () => {
  it('decode(encode(position)) is the position', () => {
    const position = { revision: 42, namespace: 'ns-1', name: 'a.b' };
    const token = encodeContinueToken(position);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinueToken(token)).toEqual(position);
  });

  it.each([
    'garbage!',
    Buffer.from('{"v":"other","rv":1,"ns":"","n":"a"}').toString('base64url'),
    Buffer.from('{"v":"meta.k8s.io/v1","rv":0,"ns":"","n":"a"}').toString('base64url'),
    Buffer.from('{"v":"meta.k8s.io/v1","rv":3,"n":"a"}').toString('base64url'),
    Buffer.from('null').toString('base64url'),
  ])('rejects %j with BadRequestError', (token) => {
    expect(() => decodeContinueToken(token)).toThrow(BadRequestError);
  });
});
