import { describe, expect, it } from 'vitest';
import { BadRequestError } from './errors.js';
import { formatResourceVersion, parseResourceVersion, ResourceVersionCounter } from './resource-version.js';

describe('ResourceVersionCounter', () => {
  it('next() counts up from the start revision', () => {
    const counter = new ResourceVersionCounter(41);
    expect(counter.current).toBe(41);
    expect(counter.next()).toBe(42);
    expect(counter.next()).toBe(43);
    expect(counter.current).toBe(43);
  });

  it('refuses a negative or fractional start', () => {
    expect(() => new ResourceVersionCounter(-1)).toThrow(RangeError);
    expect(() => new ResourceVersionCounter(1.5)).toThrow(RangeError);
  });
});

describe('parseResourceVersion', () => {
  it('round-trips with formatResourceVersion', () => {
    expect(parseResourceVersion(formatResourceVersion(12345))).toBe(12345);
    expect(parseResourceVersion('0')).toBe(0);
  });

  it.each(['', 'abc', '-1', '01', '1.5', ' 1', '99999999999999999'])(
    'rejects %j with BadRequestError',
    (text) => {
      expect(() => parseResourceVersion(text)).toThrow(BadRequestError);
    },
  );
});
